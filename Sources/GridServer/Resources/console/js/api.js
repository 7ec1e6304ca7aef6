// The console's one door to the server: every request carries the API key the user gave (kept
// for this tab only, in sessionStorage, as dispatch terminals are shared), and every failure
// becomes an ApiError with the server's problem+json detail, so panels can say what went wrong.
"use strict";

class ApiError extends Error {
  constructor(status, problem, url) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.url = url;
  }
}

const API = {
  storageKey: "gridatlas.key",
  get key() { return sessionStorage.getItem(this.storageKey); },
  set key(value) {
    if (value) sessionStorage.setItem(this.storageKey, value);
    else sessionStorage.removeItem(this.storageKey);
  },

  // Listeners told when the server refuses the key (401), so the console can ask for another.
  onUnauthorized: [],

  url(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== "") query.set(name, value);
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  },

  async request(path, params, as = "json", options = {}) {
    const url = this.url(path, params);
    const headers = Object.assign({ Accept: as === "bytes" ? "application/vnd.mapbox-vector-tile" : "application/json" }, options.headers || {});
    if (this.key) headers.Authorization = `Bearer ${this.key}`;
    const response = await fetch(url, { method: options.method || "GET", headers, body: options.body, signal: options.signal });
    if (!response.ok) {
      let problem = { title: response.statusText };
      try { problem = await response.json(); } catch (_) { /* not JSON: keep the status text */ }
      const error = new ApiError(response.status, problem, url);
      if (response.status === 401) this.onUnauthorized.forEach((f) => f(error));
      throw error;
    }
    if (as === "bytes") return response.arrayBuffer();
    if (as === "text") return response.text();
    return response.json();
  },

  get(path, params) { return this.request(path, params, "json"); },
  bytes(path, params, signal) { return this.request(path, params, "bytes", { signal }); },
};

// Small DOM helpers shared by the panels.
const UI = {
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },
  fill(container, ...children) { container.replaceChildren(); container.append(...children.flat().filter((c) => c)); },
  error(container, error) {
    const detail = error instanceof ApiError ? `${error.status}: ${error.message}` : String(error.message || error);
    UI.fill(container, UI.el("p", { class: "error", role: "alert" }, detail));
  },
  number(n, digits = 0) {
    if (n === null || n === undefined || Number.isNaN(n)) return "–";
    return Number(n).toLocaleString("zh-CN", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  },
  percent(rate) { return rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(1)}%`; },
  day(date) {
    const local = new Date(date.getTime() + 8 * 3600 * 1000);
    return local.toISOString().slice(0, 10);
  },
};
