// The leaders' dashboard: closing rate (办结率), on-time rate (按期办结率), average handling time
// and open/overdue cases for the period, cases per month for a year (GET /reports/monthly), and
// communities ranked (GET /reports/figures?by=community). Charts are SVG drawn by charts.js.
"use strict";

class DashboardPanel {
  constructor(console_) {
    this.console = console_;
    this.root = document.getElementById("panel-dashboard");
    this.output = this.root.querySelector(".result");
    this.rankBy = this.root.querySelector("select[name=rank]");
    this.rankBy.addEventListener("change", () => this.refresh());
  }

  async refresh() {
    const c = this.console, filters = c.reports.filters();
    c.state.dashboard = { busy: true };
    try {
      const [monthly, figures] = await Promise.all([
        API.get("/reports/monthly", { months: 12, matter: filters.matter, department: filters.department }),
        API.get("/reports/figures", Object.assign({ by: "community", generation: c.generation }, filters)),
      ]);
      const t = figures.total, key = this.rankBy.value;
      const rows = figures.rows.filter((r) => r.reports > 0)
        .sort((a, b) => (b[key] ?? -1) - (a[key] ?? -1) || a.code.localeCompare(b.code));
      const format = key === "avg_handling_hours" ? (v) => `${UI.number(v, 1)} h` : key === "reports" ? (v) => UI.number(v) : UI.percent;
      UI.fill(this.output,
        UI.el("div", { class: "kpis" },
          this.kpi("办结率", UI.percent(t.closing_rate), "closing_rate"), this.kpi("按期办结率", UI.percent(t.on_time_rate), "on_time_rate"),
          this.kpi("平均办理", `${UI.number(t.avg_handling_hours, 1)} h`, "avg_handling_hours"),
          this.kpi("事件", UI.number(t.reports), "reports"), this.kpi("在办", UI.number(t.open), "open"), this.kpi("超期", UI.number(t.overdue), "overdue")),
        UI.el("p", { class: "period" }, `${figures.from.slice(0, 10)} 至 ${figures.to.slice(0, 10)}`),
        UI.el("h4", {}, "每月事件数与办结率"),
        Charts.monthly(monthly.months, { bars: (m) => m.reports, rate: (m) => m.closing_rate, label: (m) => m.month,
                                         barTitle: "事件数", rateTitle: "办结率" }),
        UI.el("h4", {}, `社区排名 (${this.rankBy.selectedOptions[0].textContent})`),
        Charts.ranking(rows, { value: (r) => r[key], label: (r) => r.name || r.code, format }));
      c.state.dashboard = { filters, months: monthly.months.length, monthlyReports: monthly.months.reduce((s, m) => s + m.reports, 0),
                            communities: rows.length, total: t, ranking: rows.map((r) => r.code) };
    } catch (error) {
      UI.error(this.output, error);
      c.state.dashboard = { error: error.message };
    }
  }

  kpi(label, value, name) {
    return UI.el("div", { class: "kpi", "data-kpi": name }, UI.el("span", { class: "value" }, value), UI.el("span", { class: "label" }, label));
  }
}
