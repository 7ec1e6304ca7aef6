// Locate: a click on the map, or a pasted coordinate in WGS84, CGCS2000, GCJ-02 (Amap, WeChat)
// or BD-09 (Baidu), answered by GET /locate: the chain of units, the responsible worker, and,
// with an accuracy radius, the grids the circle touches with their shares. The map shows the
// point, the circle and the candidate grids' outlines.
"use strict";

class LocatePanel {
  constructor(console_) {
    this.console = console_;
    this.root = document.getElementById("panel-locate");
    this.result = this.root.querySelector(".result");
    this.form = this.root.querySelector("form");
    this.overlay = L.featureGroup().addTo(console_.map);
    this.last = null;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.fromForm();
    });
  }

  // "108.43, 24.31", "108.43 24.31" or "24.31,108.43" (latitude first is recognised when the
  // first number cannot be a longitude of China and the second can).
  static parse(text) {
    const numbers = (text.match(/-?\d+(\.\d+)?/g) || []).map(Number);
    if (numbers.length !== 2) throw new Error(`'${text}' is not two numbers: write longitude, latitude (e.g. 108.43, 24.31)`);
    let [lon, lat] = numbers;
    if (Math.abs(lon) <= 60 && Math.abs(lat) > 60) [lon, lat] = [lat, lon];
    return { lon, lat };
  }

  fromForm() {
    const data = new FormData(this.form);
    try {
      const { lon, lat } = LocatePanel.parse(String(data.get("coordinate") || ""));
      return this.locate(lon, lat, String(data.get("crs")), String(data.get("accuracy") || ""), true);
    } catch (error) {
      UI.error(this.result, error);
      this.console.showPanel("locate");
      return Promise.resolve(null);
    }
  }

  // A click on the map: the map speaks WGS84.
  fromClick(latlng) {
    const accuracy = new FormData(this.form).get("accuracy");
    this.form.elements.coordinate.value = `${latlng.lng.toFixed(6)}, ${latlng.lat.toFixed(6)}`;
    this.form.elements.crs.value = "wgs84";
    return this.locate(latlng.lng, latlng.lat, "wgs84", accuracy, false);
  }

  async locate(lon, lat, crs, accuracy, pan) {
    const c = this.console;
    const params = { lon, lat, crs, accuracy: accuracy || undefined, generation: c.generation };
    const started = performance.now();
    this.result.setAttribute("aria-busy", "true");
    try {
      const answer = await API.get("/locate", params);
      this.last = answer;
      this.show(answer, Number(accuracy) || 0, pan);
      c.state.locate = { status: answer.status, grid: answer.units.find((u) => u.tier === "grid")?.code || null,
                         candidates: (answer.candidates || []).map((x) => x.code), wgs84: answer.wgs84,
                         ms: Math.round(performance.now() - started) };
      const unit = answer.units.find((u) => u.tier === c.tier) || answer.units[answer.units.length - 1];
      if (unit) c.select(unit.code, { pan: false, panel: false });
      c.showPanel("locate");
      return answer;
    } catch (error) {
      this.overlay.clearLayers();
      c.state.locate = { error: error.message };
      UI.error(this.result, error);
      c.showPanel("locate");
      return null;
    } finally {
      this.result.removeAttribute("aria-busy");
    }
  }

  show(answer, accuracy, pan) {
    const [lon, lat] = answer.wgs84 || [NaN, NaN];
    this.overlay.clearLayers();
    if (Number.isFinite(lon)) {
      L.circleMarker([lat, lon], { radius: 6, color: "#fff", weight: 2, fillColor: "#d7263d", fillOpacity: 1 }).addTo(this.overlay);
      if (accuracy > 0) L.circle([lat, lon], { radius: accuracy, color: "#d7263d", weight: 1, dashArray: "4,3", fillOpacity: 0.08 }).addTo(this.overlay);
      if (pan) this.console.map.setView([lat, lon], Math.max(this.console.map.getZoom(), 14));
    }
    for (const candidate of answer.candidates || []) {
      API.get(`/units/${encodeURIComponent(candidate.code)}/geometry`, { generation: answer.generation })
        .then((geometry) => L.geoJSON(geometry, { style: { color: "#1d4ed8", weight: 2, dashArray: "6,4", fillOpacity: 0.05 } })
          .bindTooltip(`${candidate.name} ${(candidate.share * 100).toFixed(0)}%`).addTo(this.overlay))
        .catch(() => {});
    }
    const statusText = { inside: "在网格内", outside: "在辖区外 (需人工分派)", gap: "在社区内但不在任何网格 (缺口)" };
    const worker = answer.responsible;
    UI.fill(this.result,
      UI.el("p", { class: "status", "data-status": answer.status },
        `${statusText[answer.status] || answer.status} · ${answer.input.crs} → WGS84 ${lon.toFixed(6)}, ${lat.toFixed(6)}`),
      UI.el("ol", { class: "chain" }, answer.units.map((u) =>
        UI.el("li", {}, UI.el("a", { href: "#", "data-code": u.code, onclick: (e) => { e.preventDefault(); this.console.select(u.code, { pan: true }); } },
          `${u.name}`), ` ${u.code}`))),
      worker ? UI.el("p", {}, "责任网格员: ", UI.el("strong", {}, worker.name), ` (${worker.id}${worker.phone ? ", " + worker.phone : ""})`) : null,
      answer.candidates && answer.candidates.length > 1
        ? UI.el("div", { class: "candidates" }, UI.el("h4", {}, `精度圆内的候选网格 (${accuracy} m)`),
            UI.el("ul", {}, answer.candidates.map((c) => UI.el("li", { "data-code": c.code }, `${c.name} ${c.code} — ${(c.share * 100).toFixed(1)}%`))))
        : null,
      answer.nearest ? UI.el("p", {}, `最近网格: ${answer.nearest.name || answer.nearest.code}`) : null,
    );
  }
}
