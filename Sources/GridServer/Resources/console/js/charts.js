// Hand-written SVG charts for the leaders' dashboard: bars per month with a rate line, and
// ranked horizontal bars. No library, nothing downloaded: a few rectangles and a polyline.
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Bars of `bars(row)` per row, and a line of `rate(row)` (0...1) on a right-hand percentage axis.
  function monthly(rows, { bars, rate, label, barTitle, rateTitle, width = 460, height = 220 }) {
    const pad = { left: 36, right: 36, top: 16, bottom: 34 };
    const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": barTitle });
    const max = Math.max(1, ...rows.map(bars));
    const step = w / Math.max(1, rows.length), barWidth = step * 0.62;
    root.append(svg("line", { x1: pad.left, y1: pad.top + h, x2: pad.left + w, y2: pad.top + h, class: "axis" }));
    for (const fraction of [0.5, 1]) {
      const y = pad.top + h - fraction * h;
      root.append(svg("line", { x1: pad.left, y1: y, x2: pad.left + w, y2: y, class: "gridline" }));
      root.append(svg("text", { x: pad.left - 4, y: y + 4, class: "tick", "text-anchor": "end" }, Math.round(max * fraction)));
      root.append(svg("text", { x: pad.left + w + 4, y: y + 4, class: "tick rate" }, `${Math.round(fraction * 100)}%`));
    }
    const points = [];
    rows.forEach((row, i) => {
      const value = bars(row), x = pad.left + i * step + (step - barWidth) / 2, barHeight = (value / max) * h;
      const bar = svg("rect", { x, y: pad.top + h - barHeight, width: barWidth, height: barHeight, class: "bar" });
      bar.append(svg("title", {}, `${label(row)}: ${value}`));
      root.append(bar);
      root.append(svg("text", { x: x + barWidth / 2, y: pad.top + h + 14, class: "tick", "text-anchor": "middle" }, label(row).slice(2)));
      if (value > 0) root.append(svg("text", { x: x + barWidth / 2, y: pad.top + h - barHeight - 3, class: "value", "text-anchor": "middle" }, value));
      const r = rate(row);
      if (r !== null && r !== undefined) points.push(`${x + barWidth / 2},${pad.top + h - r * h}`);
    });
    if (points.length > 1) root.append(svg("polyline", { points: points.join(" "), class: "rate-line" }));
    for (const p of points) {
      const [x, y] = p.split(",");
      root.append(svg("circle", { cx: x, cy: y, r: 2.5, class: "rate-dot" }));
    }
    root.append(svg("text", { x: pad.left, y: height - 4, class: "legend" }, `▮ ${barTitle}   — ${rateTitle}`));
    return root;
  }

  // Horizontal bars, one per row, longest first as given: a ranking.
  function ranking(rows, { value, label, format, width = 460, rowHeight = 18 }) {
    const pad = { left: 120, right: 56 };
    const height = rows.length * rowHeight + 6;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart ranking", role: "img" });
    const max = Math.max(1e-9, ...rows.map((r) => value(r) || 0));
    rows.forEach((row, i) => {
      const y = 3 + i * rowHeight, v = value(row) || 0, barWidth = (v / max) * (width - pad.left - pad.right);
      root.append(svg("text", { x: pad.left - 6, y: y + rowHeight * 0.7, class: "tick", "text-anchor": "end" }, label(row)));
      const bar = svg("rect", { x: pad.left, y: y + 2, width: Math.max(0, barWidth), height: rowHeight - 5, class: "bar" });
      bar.append(svg("title", {}, `${label(row)}: ${format(value(row))}`));
      root.append(bar);
      root.append(svg("text", { x: pad.left + barWidth + 4, y: y + rowHeight * 0.7, class: "value" }, format(value(row))));
    });
    return root;
  }

  return { monthly, ranking };
})();
