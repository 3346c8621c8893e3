// Charts drawn in the browser as SVG: axes, marks, lines and areas, with
// every point of interest reachable by mouse (hover) and keyboard (focus
// the chart, then the arrow keys), showing what it is in a tooltip and to
// screen readers. Each chart downloads as SVG, PNG and CSV. Styles are
// presentation attributes, so that a downloaded SVG stands alone.

import { h, uid, download, csv } from "./ui.js";

const NS = "http://www.w3.org/2000/svg";
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

// Colours (Okabe and Ito's palette, told apart by people with colour
// blindness) and shapes of series.
export const colours = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"];
export const shapes = ["circle", "square", "diamond", "triangle", "cross", "star"];

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// shapePath is the path of a mark of a shape and radius at (x, y).
export function shapePath(shape, x, y, r) {
  const f = (n) => n.toFixed(2);
  switch (shape) {
    case "square": return `M${f(x - r)},${f(y - r)}h${f(2 * r)}v${f(2 * r)}h${f(-2 * r)}Z`;
    case "diamond": return `M${f(x)},${f(y - r * 1.3)}L${f(x + r * 1.3)},${f(y)}L${f(x)},${f(y + r * 1.3)}L${f(x - r * 1.3)},${f(y)}Z`;
    case "triangle": return `M${f(x)},${f(y - r * 1.3)}L${f(x + r * 1.2)},${f(y + r)}L${f(x - r * 1.2)},${f(y + r)}Z`;
    case "cross": {
      const a = r * 0.4;
      return `M${f(x - a)},${f(y - r)}h${f(2 * a)}v${f(r - a)}h${f(r - a)}v${f(2 * a)}h${f(a - r)}v${f(r - a)}h${f(-2 * a)}v${f(a - r)}h${f(a - r)}v${f(-2 * a)}h${f(r - a)}Z`;
    }
    case "star": {
      let d = "";
      for (let i = 0; i < 10; i++) {
        const rr = i % 2 ? r * 0.5 : r * 1.3, t = (Math.PI / 5) * i - Math.PI / 2;
        d += (i ? "L" : "M") + f(x + rr * Math.cos(t)) + "," + f(y + rr * Math.sin(t));
      }
      return d + "Z";
    }
  }
  return `M${f(x - r)},${f(y)}a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0Z`;
}

// niceTicks returns about n round values from lo to hi.
export function niceTicks(lo, hi, n = 6) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.abs(v) < 1e-12 ? 0 : +v.toFixed(10));
  return out;
}

// Chart is one chart: create it, draw into it, then finish.
export class Chart {
  // o: {title, caption, name (for downloads), width, height, margin,
  // x: {label, min, max, ticks: [{v, label}]}, y: {...}, csv: () => rows,
  // hint: what a mark's tooltip tells, for the caption}
  constructor(o) {
    this.o = o;
    this.w = o.width || 640;
    this.ht = o.height || 460;
    const m = Object.assign({ l: 60, r: 18, t: 18, b: 50 }, o.margin || {});
    this.m = m;
    this.points = [];
    this.legendItems = [];
    const titleId = uid("chart-title");
    this.svg = s("svg", { xmlns: NS, viewBox: `0 0 ${this.w} ${this.ht}`, width: this.w, height: this.ht, role: "img", "aria-labelledby": titleId, "font-family": FONT, "font-size": 12 });
    this.svg.append(s("title", { id: titleId }, o.title || ""));
    this.svg.append(s("rect", { x: 0, y: 0, width: this.w, height: this.ht, fill: "#ffffff" }));
    this.back = s("g");
    this.plot = s("g");
    this.front = s("g");
    this.svg.append(this.back, this.plot, this.front);
    this.x0 = m.l; this.x1 = this.w - m.r; this.y0 = this.ht - m.b; this.y1 = m.t;
  }

  sx(v) { const x = this.o.x; return this.x0 + ((v - x.min) / (x.max - x.min || 1)) * (this.x1 - this.x0); }
  sy(v) { const y = this.o.y; return this.y0 - ((v - y.min) / (y.max - y.min || 1)) * (this.y0 - this.y1); }

  // rect shades the data rectangle [x0, x1] × [y0, y1].
  rect(x0, y0, x1, y1, attrs) {
    const a = this.sx(x0), b = this.sx(x1), c = this.sy(y1), d = this.sy(y0);
    this.plot.append(s("rect", Object.assign({ x: Math.min(a, b), y: Math.min(c, d), width: Math.abs(b - a), height: Math.abs(d - c) }, attrs)));
  }

  // cells draws data points as small squares of a size in data units.
  cells(pts, size, attrs, layer) {
    const g = s("g", attrs);
    const wpx = Math.abs(this.sx(size) - this.sx(0)), hpx = Math.abs(this.sy(size) - this.sy(0));
    let d = "";
    for (const [x, y] of pts) d += `M${(this.sx(x) - wpx / 2).toFixed(1)},${(this.sy(y) - hpx / 2).toFixed(1)}h${wpx.toFixed(1)}v${hpx.toFixed(1)}h${(-wpx).toFixed(1)}Z`;
    g.append(s("path", { d }));
    (layer || this.plot).append(g);
  }

  // line draws a polyline through data points.
  line(pts, attrs, layer) {
    if (!pts.length) return;
    const d = pts.map(([x, y], i) => (i ? "L" : "M") + this.sx(x).toFixed(1) + "," + this.sy(y).toFixed(1)).join("");
    (layer || this.plot).append(s("path", Object.assign({ d, fill: "none" }, attrs)));
  }

  // vline and hline draw a line across the plot at a data value.
  vline(v, attrs) { this.plot.append(s("line", Object.assign({ x1: this.sx(v), x2: this.sx(v), y1: this.y0, y2: this.y1 }, attrs))); }
  hline(v, attrs) { this.plot.append(s("line", Object.assign({ x1: this.x0, x2: this.x1, y1: this.sy(v), y2: this.sy(v) }, attrs))); }

  // mark draws a mark; with info ({title, lines}) it is a point of
  // interest, reachable by hover and keyboard.
  mark(x, y, { shape = "circle", colour = colours[0], r = 4, fill, stroke, info, layer, strokeWidth } = {}) {
    const el = s("path", { d: shapePath(shape, this.sx(x), this.sy(y), r), fill: fill || colour, stroke: stroke || "#ffffff", "stroke-width": strokeWidth || 1 });
    (layer || this.front).append(el);
    if (info) this.points.push({ x: this.sx(x), y: this.sy(y), info, el });
    return el;
  }

  text(x, y, str, attrs) {
    this.front.append(s("text", Object.assign({ x: this.sx(x), y: this.sy(y), fill: "#1b1b1b" }, attrs), str));
  }

  // legend adds an entry: a label and how it is drawn.
  legend(label, { shape = "circle", colour = colours[0], line, dash, area, stroke } = {}) {
    this.legendItems.push({ label, shape, colour, line, dash, area, stroke });
  }

  axes() {
    const { x, y } = this.o;
    const g = s("g", { fill: "#1b1b1b" });
    g.append(s("rect", { x: this.x0, y: this.y1, width: this.x1 - this.x0, height: this.y0 - this.y1, fill: "none", stroke: "#767676" }));
    const xt = x.ticks || niceTicks(x.min, x.max).map((v) => ({ v, label: fmtTick(v) }));
    for (const t of xt) {
      const px = this.sx(t.v);
      g.append(s("line", { x1: px, x2: px, y1: this.y0, y2: this.y0 + 5, stroke: "#767676" }));
      if (x.grid !== false) this.back.append(s("line", { x1: px, x2: px, y1: this.y0, y2: this.y1, stroke: "#ececec" }));
      g.append(s("text", { x: px, y: this.y0 + 18, "text-anchor": "middle" }, t.label));
    }
    const yt = y.ticks || niceTicks(y.min, y.max).map((v) => ({ v, label: fmtTick(v) }));
    for (const t of yt) {
      const py = this.sy(t.v);
      g.append(s("line", { x1: this.x0 - 5, x2: this.x0, y1: py, y2: py, stroke: "#767676" }));
      if (y.grid !== false) this.back.append(s("line", { x1: this.x0, x2: this.x1, y1: py, y2: py, stroke: "#ececec" }));
      g.append(s("text", { x: this.x0 - 8, y: py + 4, "text-anchor": "end" }, t.label));
    }
    if (x.label) g.append(s("text", { x: (this.x0 + this.x1) / 2, y: this.ht - 10, "text-anchor": "middle", "font-weight": 600 }, x.label));
    if (y.label) g.append(s("text", { x: 14, y: (this.y0 + this.y1) / 2, "text-anchor": "middle", "font-weight": 600, transform: `rotate(-90 14 ${(this.y0 + this.y1) / 2})` }, y.label));
    this.front.prepend(g);
  }

  // finish draws the axes and returns the figure: the chart, its legend,
  // caption, tooltip and download buttons.
  finish() {
    this.axes();
    const o = this.o;
    const fig = h("figure", { class: "chart" });
    const tip = h("div", { class: "tooltip", hidden: true, role: "presentation" });
    const live = h("p", { class: "sr-only", "aria-live": "polite" });
    fig.append(this.svg, tip);
    if (this.legendItems.length) fig.append(h("ul", { class: "legend", "aria-label": "Legend" }, this.legendItems.map((l) => h("li", {}, legendSwatch(l), " ", l.label))));
    const capId = uid("caption");
    const cap = h("figcaption", { id: capId }, o.caption || "");
    if (this.points.length) cap.append(" ", h("span", {}, "Hover a mark, or focus the chart and use the arrow keys, to see " + (o.hint || "what it shows") + "."));
    fig.append(cap, live);
    const name = o.name || "chart";
    fig.append(h("div", { class: "buttons" },
      h("button", { type: "button", class: "secondary", onclick: () => download(name + ".svg", this.svgText(), "image/svg+xml") }, "Download SVG"),
      h("button", { type: "button", class: "secondary", onclick: () => this.png(name + ".png") }, "Download PNG"),
      o.csv ? h("button", { type: "button", class: "secondary", onclick: () => download(name + ".csv", csv(o.csv()), "text/csv") }, "Download CSV") : null));
    if (this.points.length) this.interactive(fig, tip, live, capId);
    this.figure = fig;
    return fig;
  }

  interactive(fig, tip, live, capId) {
    const svg = this.svg;
    svg.setAttribute("tabindex", "0");
    svg.setAttribute("role", "application");
    svg.setAttribute("aria-roledescription", "chart");
    svg.setAttribute("aria-describedby", capId);
    let cur = -1;
    const ring = s("circle", { r: 9, fill: "none", stroke: "#c25400", "stroke-width": 2.5, visibility: "hidden" });
    this.front.append(ring);
    const show = (i, announce) => {
      cur = i;
      const p = this.points[i];
      ring.setAttribute("cx", p.x);
      ring.setAttribute("cy", p.y);
      ring.setAttribute("visibility", "visible");
      tip.replaceChildren(h("strong", {}, p.info.title), ...p.info.lines.map((l) => h("div", {}, l)));
      tip.hidden = false;
      const box = svg.getBoundingClientRect(), fb = fig.getBoundingClientRect();
      const k = box.width / this.w;
      const left = box.left - fb.left + p.x * k, top = box.top - fb.top + p.y * k;
      tip.style.left = Math.max(0, Math.min(left + 12, fb.width - 260)) + "px";
      tip.style.top = Math.max(0, top + 12) + "px";
      if (announce) live.textContent = p.info.title + ". " + p.info.lines.join(". ");
    };
    const hide = () => { tip.hidden = true; ring.setAttribute("visibility", "hidden"); };
    svg.addEventListener("mousemove", (ev) => {
      const box = svg.getBoundingClientRect(), k = this.w / box.width;
      const mx = (ev.clientX - box.left) * k, my = (ev.clientY - box.top) * k;
      let best = -1, bd = 14 * 14;
      this.points.forEach((p, i) => {
        const d = (p.x - mx) ** 2 + (p.y - my) ** 2;
        if (d < bd) { bd = d; best = i; }
      });
      if (best >= 0) show(best, false);
      else hide();
    });
    svg.addEventListener("mouseleave", hide);
    svg.addEventListener("focus", () => { if (cur < 0) cur = 0; show(cur, true); });
    svg.addEventListener("blur", hide);
    svg.addEventListener("keydown", (ev) => {
      const n = this.points.length;
      let i = cur;
      if (ev.key === "ArrowRight" || ev.key === "ArrowDown") i = (cur + 1) % n;
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") i = (cur - 1 + n) % n;
      else if (ev.key === "Home") i = 0;
      else if (ev.key === "End") i = n - 1;
      else if (ev.key === "Escape") { hide(); return; }
      else return;
      ev.preventDefault();
      show(i, true);
    });
  }

  svgText() {
    const c = this.svg.cloneNode(true);
    c.removeAttribute("tabindex");
    for (const el of c.querySelectorAll("[visibility='hidden']")) el.remove();
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(c);
  }

  png(name) {
    const img = new Image();
    const url = URL.createObjectURL(new Blob([this.svgText()], { type: "image/svg+xml" }));
    img.onload = () => {
      const k = 2, cv = document.createElement("canvas");
      cv.width = this.w * k;
      cv.height = this.ht * k;
      const ctx = cv.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, cv.width, cv.height);
      ctx.drawImage(img, 0, 0, cv.width, cv.height);
      URL.revokeObjectURL(url);
      cv.toBlob((b) => download(name, b, "image/png"), "image/png");
    };
    img.src = url;
  }
}

function fmtTick(v) {
  return Math.abs(v) >= 1e4 ? v.toExponential(1) : String(+v.toFixed(6));
}

function legendSwatch(l) {
  const g = s("svg", { width: 22, height: 14, viewBox: "0 0 22 14", "aria-hidden": "true" });
  if (l.area) g.append(s("rect", { x: 1, y: 2, width: 20, height: 10, fill: l.colour, stroke: l.stroke || "none" }));
  else if (l.line) g.append(s("line", { x1: 1, x2: 21, y1: 7, y2: 7, stroke: l.colour, "stroke-width": 2, "stroke-dasharray": l.dash || null }));
  if (!l.area && l.shape) g.append(s("path", { d: shapePath(l.shape, 11, 7, 4), fill: l.colour, stroke: "#fff" }));
  return g;
}

// tornado draws signed values as horizontal bars, one per label, largest
// first as given.
export function tornado({ title, caption, name, labels, values, xLabel }) {
  const n = labels.length;
  const lim = Math.max(0.05, ...values.map((v) => Math.abs(v)));
  const c = new Chart({
    title, caption, name, width: 720, height: 60 + 26 * n, margin: { l: 290, r: 20, t: 10, b: 44 },
    x: { label: xLabel, min: -lim, max: lim },
    y: { min: 0, max: n, grid: false, ticks: labels.map((l, i) => ({ v: n - i - 0.5, label: l.length > 42 ? l.slice(0, 41) + "…" : l })) },
    csv: () => [["number", "value"], ...labels.map((l, i) => [l, values[i]])],
  });
  values.forEach((v, i) => {
    c.rect(0, n - i - 0.85, v, n - i - 0.15, { fill: v >= 0 ? colours[0] : colours[1] });
  });
  c.vline(0, { stroke: "#1b1b1b" });
  c.legend("a larger value makes the zone likelier", { area: true, colour: colours[0] });
  c.legend("a larger value makes it less likely", { area: true, colour: colours[1] });
  return c.finish();
}
