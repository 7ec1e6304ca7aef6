// One unit in full: its chain of parents, households and population, area, the workers serving
// it (phones only for dispatcher keys and above: the server leaves them out otherwise), its
// children, and its report figures for the period the reports panel is set to.
"use strict";

class UnitPanel {
  constructor(console_) {
    this.console = console_;
    this.root = document.getElementById("panel-unit");
    this.output = this.root.querySelector(".result");
  }

  async show(code) {
    const c = this.console;
    try {
      const unit = await API.get(`/units/${encodeURIComponent(code)}`, { generation: c.generation });
      const figures = await API.get("/reports/figures", Object.assign({ by: unit.tier, code, generation: c.generation }, c.reports.filters()))
        .then((answer) => answer.rows[0] || null).catch(() => null);
      const roles = { leader: "网格长", fulltime: "专职网格员", parttime: "兼职网格员" };
      const link = (u) => UI.el("a", { href: "#", onclick: (e) => { e.preventDefault(); c.select(u.code, { pan: true }); } }, u.name);
      UI.fill(this.output,
        UI.el("h3", { "data-code": unit.code }, unit.name),
        UI.el("p", { class: "code" }, `${c.tierName(unit.tier)} · ${unit.code} · ${unit.generation}`),
        UI.el("p", { class: "chain" }, unit.parents.flatMap((p, i) => [i ? " › " : "", link(p)])),
        UI.el("dl", { class: "facts" },
          UI.el("dt", {}, "户数"), UI.el("dd", { "data-field": "households" }, UI.number(unit.households)),
          UI.el("dt", {}, "人口"), UI.el("dd", {}, UI.number(unit.population)),
          UI.el("dt", {}, "面积"), UI.el("dd", {}, `${UI.number(unit.area_m2 / 1e6, 2)} km²`),
          UI.el("dt", {}, "下级单元"), UI.el("dd", {}, UI.number(unit.children_count)),
          figures ? [
            UI.el("dt", {}, "事件 (所选时段)"), UI.el("dd", { "data-field": "reports" }, UI.number(figures.reports)),
            UI.el("dt", {}, "办结率"), UI.el("dd", {}, UI.percent(figures.closing_rate)),
            UI.el("dt", {}, "按期办结率"), UI.el("dd", {}, UI.percent(figures.on_time_rate)),
            UI.el("dt", {}, "在办 / 超期"), UI.el("dd", {}, `${figures.open} / ${figures.overdue}`),
          ] : []),
        unit.workers && unit.workers.length ? UI.el("div", {},
          UI.el("h4", {}, "网格员"),
          UI.el("ul", { class: "workers" }, unit.workers.map((w) => UI.el("li", {},
            UI.el("strong", {}, w.name), ` ${roles[w.role] || w.role} ${w.id}`, w.phone ? ` · ${w.phone}` : "",
            unit.responsible && unit.responsible.id === w.id ? " · 责任人" : "")))) : null);
      c.state.unit = { code: unit.code, tier: unit.tier, households: unit.households, workers: (unit.workers || []).length,
                       phones: (unit.workers || []).some((w) => w.phone), reports: figures ? figures.reports : null };
      return unit;
    } catch (error) {
      UI.error(this.output, error);
      c.state.unit = { code, error: error.message };
      return null;
    }
  }
}
