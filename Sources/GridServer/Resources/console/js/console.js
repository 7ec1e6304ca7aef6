// The map console: wires the map, the unit layers and the panels, and asks for an API key when
// the server's reads need one. Everything the page knows is also kept in `state`, which the
// browser tests (tools/check-console) read back through `window.gridatlas`.
"use strict";

class GridConsole {
  constructor() {
    this.state = { ready: false };
    this.tier = "grid";
    this.generation = null;
    this.generations = [];
    this.style = { fill: UnitStyle.plainFill, fillOpacity: 0.55, stroke: "#6b6257", weight: 0.8, dash: null, labels: true, highlight: null };
    this.sees = { units: false };
  }

  tierName(tier) {
    return { district: "区", subdistrict: "街道", community: "社区", grid: "网格", micro_area: "微网格" }[tier] || tier;
  }

  async start() {
    this.map = L.map("map", { attributionControl: false, zoomSnap: 0.5, minZoom: 6, maxZoom: 19 }).setView([30, 110], 6);
    L.control.scale({ imperial: false }).addTo(this.map);
    this.keyDialog = new KeyDialog(this);
    API.onUnauthorized.push((error) => this.keyDialog.open(error.message));
    if (!(await this.identify())) return;
    this.unitPanel = new UnitPanel(this);
    this.locate = new LocatePanel(this);
    this.reports = new ReportsPanel(this);
    this.planner = new PlannerPanel(this);
    this.dashboard = new DashboardPanel(this);
    this.wire();
    // Milliseconds since navigation at each stage, for tools/bench-console.
    const mark = (name) => { this.state.timings[name] = Math.round(performance.now()); };
    this.state.timings = {};
    mark("identified");
    await this.loadGenerations();
    await this.showTier();
    await this.fitDistrict();
    mark("units");
    await this.reports.loadCatalogue();
    await Promise.all([this.reports.refresh().then(() => mark("reports")), this.dashboard.refresh().then(() => mark("dashboard"))]);
    mark("ready");
    this.state.ready = true;
    document.body.dataset.ready = "1";
  }

  // Who the key makes us: without read access the page asks for a key and stops there.
  async identify() {
    let who;
    try {
      who = await API.get("/whoami");
    } catch (error) {
      if (error.status === 401) API.key = null;
      this.keyDialog.open(error.message);
      this.state.identity = { error: error.message };
      return false;
    }
    this.sees = who.sees;
    this.state.identity = who;
    document.getElementById("role").textContent = who.role ? `${who.role} (${who.key_id})` : "未登录 (公开只读)";
    document.body.dataset.role = who.role || "anonymous";
    document.querySelector("[data-panel=planning]").hidden = !who.sees.planning;
    document.getElementById("reports-points-note").hidden = who.sees.report_points;
    if (!who.sees.units) {
      this.keyDialog.open("此服务器需要 API key 才能读取 (reads: keyed)。");
      return false;
    }
    return true;
  }

  wire() {
    document.querySelectorAll("nav.tabs button").forEach((b) => b.addEventListener("click", () => this.showPanel(b.dataset.panel)));
    document.getElementById("tier").addEventListener("change", (e) => { this.tier = e.target.value; this.showTier(); });
    document.getElementById("generation").addEventListener("change", (e) => { this.generation = e.target.value; this.showTier(); });
    document.getElementById("key-button").addEventListener("click", () => this.keyDialog.open());
    this.map.on("click", (e) => this.locate.fromClick(e.latlng));
    const search = document.getElementById("search"), results = document.getElementById("search-results");
    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.search(search.value, results), 200);
    });
  }

  async search(text, results) {
    if (!text.trim()) { results.replaceChildren(); return; }
    try {
      const answer = await API.get("/units/search", { q: text, generation: this.generation, limit: 15 });
      this.state.search = { query: text, codes: answer.units.map((u) => u.code) };
      UI.fill(results, answer.units.map((u) => UI.el("li", {},
        UI.el("a", { href: "#", "data-code": u.code, onclick: (e) => { e.preventDefault(); results.replaceChildren(); this.select(u.code, { pan: true, bbox: u.bbox }); } },
          `${u.name}`, UI.el("small", {}, ` ${this.tierName(u.tier)} ${u.code}${u.parent_name ? " · " + u.parent_name : ""}`)))));
      if (!answer.units.length) UI.fill(results, UI.el("li", { class: "none" }, "没有匹配的单元"));
    } catch (error) {
      UI.fill(results, UI.el("li", { class: "error" }, error.message));
    }
  }

  async loadGenerations() {
    const [list, inForce] = await Promise.all([API.get("/generations"), API.get("/generations/in-force").catch(() => null)]);
    this.generations = list.generations;
    const select = document.getElementById("generation");
    select.replaceChildren();
    for (const g of this.generations.filter((g) => g.state !== "draft")) {
      select.append(UI.el("option", { value: g.name }, `${g.name} · ${g.status}${g.effective_from ? " · " + g.effective_from.slice(0, 10) : ""}`));
    }
    this.generation = inForce ? inForce.name : (this.generations[0] || {}).name;
    select.value = this.generation;
    this.planner.fillDrafts(this.generations);
  }

  async showTier() {
    const parentTier = { grid: "community", micro_area: "grid", community: "subdistrict" }[this.tier];
    for (const layer of [this.unitLayer, this.parentLayer]) if (layer) layer.remove();
    this.unitLayer = this.parentLayer = null;
    try {
      this.unitLayer = await UnitLayers.make(this.tier, this.generation, this.style);
      this.unitLayer.addTo(this.map);
      if (parentTier) {
        const outline = { fill: () => null, fillOpacity: 0, stroke: "#3f3a33", weight: 2, dash: null, labels: false, highlight: null };
        this.parentLayer = await UnitLayers.make(parentTier, this.generation, outline);
        this.parentLayer.addTo(this.map);
      }
      this.state.units = { tier: this.tier, generation: this.generation, kind: this.unitLayer.kind, count: this.unitLayer.count };
    } catch (error) {
      this.state.units = { tier: this.tier, error: error.message };
      UI.error(document.getElementById("status"), error);
    }
    if (this.planner && this.planner.form.elements.draft.value) this.planner.refresh();
  }

  // Codes of the units of the tier drawn now (tiles on screen, or the whole GeoJSON layer).
  drawnCodes() { return this.unitLayer ? [...this.unitLayer.drawnCodes()] : []; }

  async fitDistrict() {
    const collection = await API.get("/collections/district");
    const box = collection.extent && collection.extent.spatial.bbox[0];
    if (box) this.map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { padding: [10, 10] });
  }

  setFill(fill) {
    this.style.fill = fill || UnitStyle.plainFill;
    if (this.unitLayer) this.unitLayer.restyle();
  }

  async select(code, { pan = false, panel = true, bbox = null } = {}) {
    this.style.highlight = code;
    if (this.unitLayer) this.unitLayer.restyle();
    const unit = await this.unitPanel.show(code);
    const box = bbox || (unit && unit.bbox);
    if (pan && box) this.map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { padding: [30, 30], maxZoom: 17 });
    if (panel) this.showPanel("unit");
    return unit;
  }

  showPanel(name) {
    document.querySelectorAll("nav.tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.panel === name)));
    document.querySelectorAll("section.panel").forEach((p) => { p.hidden = p.id !== `panel-${name}`; });
    this.state.panel = name;
    // The dashboard follows the reports panel's filters: drawn afresh each time it is opened.
    if (name === "dashboard" && this.state.ready) this.dashboard.refresh();
  }

  // Where a WGS84 position is on the page, in CSS pixels (for the browser tests' clicks).
  pagePoint(lon, lat) {
    const p = this.map.latLngToContainerPoint([lat, lon]), rect = this.map.getContainer().getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.y };
  }
}

// The API key form: the key is checked with /whoami before the page reloads with it.
class KeyDialog {
  constructor(console_) {
    this.dialog = document.getElementById("key-dialog");
    this.form = this.dialog.querySelector("form");
    this.message = this.dialog.querySelector(".message");
    this.form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const key = this.form.elements.key.value.trim();
      if (event.submitter && event.submitter.value === "clear") { API.key = null; location.reload(); return; }
      API.key = key;
      try {
        await API.get("/whoami");
        location.reload();
      } catch (error) {
        API.key = null;
        this.message.textContent = error.message;
      }
    });
  }

  open(message) {
    this.message.textContent = message || "";
    if (!this.dialog.open) this.dialog.showModal();
    document.body.dataset.asksKey = "1";
  }
}

window.gridatlas = new GridConsole();
window.addEventListener("DOMContentLoaded", () => window.gridatlas.start().catch((error) => {
  window.gridatlas.state.error = String(error.message || error);
  UI.error(document.getElementById("status"), error);
}));
