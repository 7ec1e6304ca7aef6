// Reports on the map, filtered by period, matter, department and status: clustered points
// (GET /reports/points, viewer keys and above), a density choropleth on the units of the tier
// shown (GET /reports/density), heat bins (GET /reports/bins) and the early-warning levels
// (GET /warnings) as coloured grid outlines.
"use strict";

const WarningColours = { 1: "#2563eb", 2: "#eab308", 3: "#f97316", 4: "#dc2626" };
const StateColours = { open: "#f59e0b", overdue: "#dc2626", closed: "#16a34a", rejected: "#6b7280" };

class ReportsPanel {
  constructor(console_) {
    this.console = console_;
    this.root = document.getElementById("panel-reports");
    this.form = this.root.querySelector("form");
    this.summary = this.root.querySelector(".summary");
    this.legend = this.root.querySelector(".legend");
    this.points = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 50, showCoverageOnHover: false });
    this.bins = L.featureGroup();
    this.warnings = L.featureGroup();
    const today = new Date();
    this.form.elements.to.value = UI.day(new Date(today.getTime() + 86400000));
    this.form.elements.from.value = UI.day(new Date(today.getTime() - 90 * 86400000));
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.refresh(); });
    this.form.addEventListener("change", (event) => { if (event.target.type === "checkbox") this.refresh(); });
  }

  async loadCatalogue() {
    try {
      const catalogue = await API.get("/catalogue");
      const matter = this.form.elements.matter, department = this.form.elements.department;
      for (const m of catalogue.matters) matter.append(UI.el("option", { value: m.code }, `${m.code} ${m.name}`));
      for (const d of catalogue.departments) department.append(UI.el("option", { value: d.code }, d.name));
    } catch (_) { /* no catalogue yet: the filters stay at "all" */ }
  }

  // The filters as query parameters every report route reads the same way.
  filters() {
    const f = this.form.elements;
    return { from: f.from.value || undefined, to: f.to.value || undefined, matter: f.matter.value || undefined,
             department: f.department.value || undefined, status: f.status.value || undefined };
  }

  async refresh() {
    const c = this.console, f = this.form.elements, filters = this.filters();
    const lines = [];
    this.legend.replaceChildren();
    c.state.reports = { busy: true };
    const result = {};
    try {
      await Promise.all([
        f.points.checked && c.sees.report_points ? this.showPoints(filters, result, lines) : this.hide(this.points),
        f.density.checked ? this.showDensity(filters, result, lines) : this.clearDensity(),
        f.bins.checked ? this.showBins(filters, result, lines) : this.hide(this.bins),
        f.warnings.checked ? this.showWarnings(result, lines) : this.hide(this.warnings),
      ]);
      UI.fill(this.summary, lines.map((l) => UI.el("p", {}, l)));
    } catch (error) {
      UI.error(this.summary, error);
      result.error = error.message;
    }
    c.state.reports = Object.assign({ busy: false, filters }, result);
  }

  hide(layer) { layer.clearLayers(); layer.remove(); }

  async showPoints(filters, result, lines) {
    const data = await API.get("/reports/points", Object.assign({ limit: 20000 }, filters));
    this.points.clearLayers();
    const markers = data.features.map((feature) => {
      const [lon, lat] = feature.geometry.coordinates, p = feature.properties;
      const kind = p.state === "rejected" ? "rejected" : p.overdue && p.state !== "closed" ? "overdue" : p.state === "closed" ? "closed" : "open";
      const icon = L.divIcon({ className: `report-dot ${kind}`, iconSize: [10, 10] });
      return L.marker([lat, lon], { icon, title: `#${feature.id} ${p.matter} ${p.state}` })
        .bindPopup(`#${feature.id} · ${p.matter} · ${p.state}${p.overdue ? " · 超期" : ""}<br>${p.requested_at}<br>${p.grid || "无网格"}`);
    });
    this.points.addLayers(markers);
    this.points.addTo(this.console.map);
    result.points = { shown: data.returned, total: data.total, truncated: data.truncated };
    lines.push(`事件点位: ${UI.number(data.returned)}${data.truncated ? ` / ${UI.number(data.total)} (最新的)` : ""}`);
    this.legend.append(...Object.entries({ open: "办理中", overdue: "超期", closed: "已办结", rejected: "不予受理" })
      .map(([k, label]) => UI.el("span", { class: "key" }, UI.el("i", { class: `report-dot ${k}` }), label)));
  }

  async showDensity(filters, result, lines) {
    const c = this.console;
    const data = await API.get("/reports/density", Object.assign({ tier: c.tier, generation: c.generation }, filters));
    const values = data.rows.map((u) => u.per_km2).filter((v) => v > 0).sort((a, b) => a - b);
    const breaks = [0.2, 0.4, 0.6, 0.8].map((q) => values.length ? values[Math.floor(q * (values.length - 1))] : 0);
    const colours = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#e6550d", "#a63603"];
    const byCode = new Map();
    for (const u of data.rows) {
      const v = u.per_km2 || 0;
      byCode.set(u.code, v === 0 ? "#f7f7f7" : colours[breaks.filter((b) => v > b).length]);
    }
    c.setFill((props) => byCode.get(props.code) || "#f7f7f7");
    result.density = { units: data.rows.length, total: data.total, withCounts: data.rows.filter((u) => u.count > 0).length };
    lines.push(`密度 (${c.tierName(c.tier)}): 共 ${UI.number(data.total)} 件, ${result.density.withCounts} 个单元有事件`);
    this.legend.append(UI.el("span", { class: "key" }, "每 km²: "),
      ...[0, ...breaks].map((b, i) => UI.el("span", { class: "key" }, UI.el("i", { class: "swatch", style: `background:${colours[i]}` }), `>${UI.number(b, 1)}`)));
  }

  clearDensity() { this.console.setFill(null); }

  async showBins(filters, result, lines) {
    const data = await API.get("/reports/bins", Object.assign({ cell: 400, shape: "hex", generation: this.console.generation }, filters));
    const max = Math.max(1, ...data.features.map((f) => f.properties.count));
    this.bins.clearLayers();
    L.geoJSON(data, {
      style: (f) => {
        const t = f.properties.count / max;
        return { stroke: false, fillColor: `hsl(${Math.round(50 - 50 * t)}, 95%, ${Math.round(60 - 20 * t)}%)`, fillOpacity: 0.25 + 0.55 * t };
      },
      onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.count} 件`),
    }).addTo(this.bins);
    this.bins.addTo(this.console.map);
    result.bins = { cells: data.features.length, count: data.count };
    lines.push(`热力格 (400 m 六边形): ${data.features.length} 格, 最多 ${max} 件/格`);
  }

  async showWarnings(result, lines) {
    const board = await API.get("/warnings", { min_level: 1 });
    this.warnings.clearLayers();
    await Promise.all(board.grids.map(async (grid) => {
      const geometry = await API.get(`/units/${encodeURIComponent(grid.code)}/geometry`, { generation: board.generation });
      L.geoJSON(geometry, { style: { color: WarningColours[grid.level], weight: 3, fillColor: WarningColours[grid.level], fillOpacity: 0.3 } })
        .bindTooltip(`${grid.name || grid.code}: ${grid.colour_zh || grid.colour} (${grid.reports} 件/${board.window_hours} h)`)
        .addTo(this.warnings);
    }));
    this.warnings.addTo(this.console.map);
    const counts = Object.fromEntries(board.levels.map((l) => [l.level, l.grids]));
    result.warnings = { grids: board.grids.length, levels: counts };
    lines.push(`预警: ${board.levels.filter((l) => l.level > 0).map((l) => `${l.colour_zh} ${l.grids}`).join(" · ")}`);
    this.legend.append(...[4, 3, 2, 1].map((level) =>
      UI.el("span", { class: "key" }, UI.el("i", { class: "swatch", style: `background:${WarningColours[level]}` }),
        board.levels.find((l) => l.level === level)?.colour_zh || level)));
  }
}
