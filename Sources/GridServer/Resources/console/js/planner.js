// The planner's view: a draft generation drawn over the one in force (dashed orange), its
// validation problems as a layer and a list (GET /generations/{draft}/validation), the ground
// that moves (GET /generations/{draft}/diff?format=geojson) and the balance table of households
// and workload before and after (GET /generations/{draft}/balance).
"use strict";

class PlannerPanel {
  constructor(console_) {
    this.console = console_;
    this.root = document.getElementById("panel-planning");
    this.form = this.root.querySelector("form");
    this.output = this.root.querySelector(".result");
    this.problems = L.featureGroup();
    this.flows = L.featureGroup();
    this.draftLayer = null;
    this.form.addEventListener("change", () => this.refresh());
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.refresh(); });
  }

  fillDrafts(generations) {
    const select = this.form.elements.draft;
    select.replaceChildren(UI.el("option", { value: "" }, "— 选择草案 —"));
    for (const g of generations.filter((g) => g.state === "draft")) {
      select.append(UI.el("option", { value: g.name }, `${g.name} (r${g.revision || 1})`));
    }
  }

  clear() {
    if (this.draftLayer) { this.draftLayer.remove(); this.draftLayer = null; }
    this.problems.clearLayers();
    this.flows.clearLayers();
  }

  async refresh() {
    const c = this.console, f = this.form.elements, draft = f.draft.value;
    this.clear();
    c.state.planner = { busy: true, draft };
    if (!draft) { UI.fill(this.output, UI.el("p", {}, "选择一个草案，与现行网格对照。")); c.state.planner = { draft: null }; return; }
    const state = { draft };
    const parts = [];
    try {
      const style = { fill: () => null, fillOpacity: 0, stroke: "#ea580c", weight: 2, dash: [6, 4], labels: false, highlight: null };
      this.draftLayer = await UnitLayers.make(c.tier, draft, style);
      this.draftLayer.addTo(c.map);
      state.layer = this.draftLayer.kind;
      const [validation, problemsGeo] = await Promise.all([
        API.get(`/generations/${encodeURIComponent(draft)}/validation`),
        f.problems.checked ? API.get(`/generations/${encodeURIComponent(draft)}/validation`, { format: "geojson" }) : null,
      ]);
      state.validation = { errors: validation.errors, warnings: validation.warnings, publishable: validation.publishable };
      parts.push(this.validationBlock(validation));
      if (problemsGeo) {
        L.geoJSON(problemsGeo, {
          style: (feature) => ({ color: feature.properties.severity === "error" ? "#dc2626" : "#eab308", weight: 3, fillOpacity: 0.45 }),
          pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 8 }),
          onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties.message),
        }).addTo(this.problems);
        this.problems.addTo(c.map);
        state.problemFeatures = problemsGeo.features.length;
      }
      if (f.diff.checked) {
        const flows = await API.get(`/generations/${encodeURIComponent(draft)}/diff`, { format: "geojson", layer: "flows", tier: c.tier === "micro_area" ? "micro_area" : "grid" });
        L.geoJSON(flows, {
          style: { color: "#7c3aed", weight: 1, fillColor: "#a855f7", fillOpacity: 0.55 },
          onEachFeature: (feature, layer) => {
            const p = feature.properties;
            layer.bindTooltip(`${p.from} → ${p.to}: ${UI.number(p.area_m2)} m², ${UI.number(p.households, 0)} 户`);
          },
        }).addTo(this.flows);
        this.flows.addTo(c.map);
        state.flows = flows.features.length;
        parts.push(UI.el("p", {}, `变动的区域 (紫色): ${flows.features.length} 块`));
      }
      if (f.balance.checked) {
        const balance = await API.get(`/generations/${encodeURIComponent(draft)}/balance`);
        state.balanceRows = balance.rows.length;
        parts.push(this.balanceBlock(balance));
      }
    } catch (error) {
      state.error = error.message;
      parts.push(UI.el("p", { class: "error", role: "alert" }, `${error.status || ""} ${error.message}`));
    }
    UI.fill(this.output, parts);
    c.state.planner = state;
  }

  validationBlock(report) {
    const verdict = report.publishable ? "可发布" : "不可发布";
    return UI.el("div", { class: "validation" },
      UI.el("p", { class: report.publishable ? "ok" : "error" }, `拓扑检查: ${report.errors} 个错误, ${report.warnings} 个警告 — ${verdict}`),
      UI.el("ul", {}, report.problems.slice(0, 30).map((p) =>
        UI.el("li", { class: p.severity }, UI.el("a", { href: "#", onclick: (e) => {
          e.preventDefault();
          if (p.location) this.console.map.setView([p.location[1], p.location[0]], Math.max(this.console.map.getZoom(), 15));
        } }, `[${p.kind}] `), p.message))));
  }

  balanceBlock(balance) {
    const side = (s) => s ? `${s.within}/${s.grids} 在范围内, ${s.under} 偏少, ${s.over} 偏多` : "–";
    const rows = balance.rows.filter((r) => !r.before || !r.after || r.before.households !== r.after.households
      || r.before.household_status !== "within" || (r.after && r.after.household_status !== "within"));
    const cell = (x, k) => (x && x[k] !== undefined && x[k] !== null ? UI.number(x[k], k === "reports_per_worker" ? 1 : 0) : "–");
    return UI.el("div", { class: "balance" },
      UI.el("h4", {}, `均衡 (户数 ${balance.range.min}–${balance.range.max})`),
      UI.el("p", {}, `现行: ${side(balance.before)}`), UI.el("p", {}, `草案: ${side(balance.after)}`),
      UI.el("table", { class: "balance-table" },
        UI.el("thead", {}, UI.el("tr", {}, ["网格", "户数 前", "户数 后", "事件/人 前", "事件/人 后"].map((h) => UI.el("th", {}, h)))),
        UI.el("tbody", {}, rows.slice(0, 200).map((r) => UI.el("tr", { class: r.after ? r.after.household_status : "removed" },
          UI.el("td", {}, r.code), UI.el("td", {}, cell(r.before, "households")), UI.el("td", {}, cell(r.after, "households")),
          UI.el("td", {}, cell(r.before, "reports_per_worker")), UI.el("td", {}, cell(r.after, "reports_per_worker")))))));
  }
}
