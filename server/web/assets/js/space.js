// The utility space of two parties: every package (thinned to a grid),
// the agreement and ratifiable zones, the Pareto frontier, the bargaining
// solutions, the walk-away lines, and paths of offers (the viewer).

import { Chart, colours } from "./chart.js";
import { fmt, pkgText } from "./ui.js";

// info describes a package for the tooltip: its package and every party's
// utility.
export function info(title, parties, pkg, utilities, extra) {
  const lines = [];
  if (pkg) lines.push(pkgText(pkg));
  parties.forEach((p, i) => lines.push(p + ": " + fmt(utilities[i], 4)));
  if (extra) lines.push(...extra);
  return { title, lines };
}

// outerEdge returns the points of pts (x, y pairs) that no other beats
// on both axes, sorted by x.
export function outerEdge(pts) {
  const s = [...pts].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const out = [];
  let best = -Infinity;
  for (const p of s) {
    if (p[1] > best + 1e-12) { out.push(p); best = p[1]; }
  }
  return out.reverse();
}

// spaceChart draws the space of parties x and y (indices into
// parties). d: {parties, reservation, cloud: {zone, other, cells},
// frontier: [{package, utilities}], zone: [{package, utilities, ratified}],
// solutions: [{name, shape, colour, package, utilities}], paths: [{name,
// colour, shape, steps: [{package, utilities, title}]}], current: step}.
export function spaceChart(d, x, y, opts = {}) {
  const px = d.parties[x], py = d.parties[y];
  const rows = [["kind", ...d.parties, "package"]];
  const c = new Chart({
    title: opts.title || `Utility space of ${px} and ${py}`,
    caption: opts.caption || "",
    name: opts.name || "utility-space",
    width: 640, height: 560,
    x: { label: "utility of " + px, min: 0, max: 1 },
    y: { label: "utility of " + py, min: 0, max: 1 },
    csv: () => rows,
    hint: "its package and every party's utility",
  });
  if (d.cloud) {
    const size = 1 / d.cloud.cells;
    c.cells(d.cloud.other, size, { fill: "#d0d0d0" });
    c.cells(d.cloud.zone, size, { fill: "#9ec9e8" });
    c.legend("packages", { area: true, colour: "#d0d0d0" });
    c.legend("packages in the agreement zone", { area: true, colour: "#9ec9e8" });
  }
  if (d.reservation) {
    c.vline(d.reservation[x], { stroke: "#4f4f4f", "stroke-dasharray": "6 4", "stroke-width": 1.5 });
    c.hline(d.reservation[y], { stroke: "#4f4f4f", "stroke-dasharray": "6 4", "stroke-width": 1.5 });
    c.legend("walk-away values (" + fmt(d.reservation[x]) + ", " + fmt(d.reservation[y]) + ")", { line: true, dash: "6 4", colour: "#4f4f4f" });
  }
  if (d.frontier && d.frontier.length) {
    const pts = d.frontier.map((f) => [f.utilities[x], f.utilities[y]]);
    c.line(outerEdge(pts), { stroke: "#1b1b1b", "stroke-width": 1.5 });
    d.frontier.forEach((f, i) => {
      c.mark(f.utilities[x], f.utilities[y], { r: 2.5, colour: "#1b1b1b", stroke: "none", info: info("Pareto frontier, point " + (i + 1), d.parties, f.package, f.utilities) });
      rows.push(["pareto", ...f.utilities, pkgText(f.package)]);
    });
    c.legend("Pareto frontier", { line: true, colour: "#1b1b1b", shape: "circle" });
  }
  if (d.zone && d.zone.length) {
    let ratified = false;
    d.zone.forEach((z, i) => {
      const r = z.ratified === true;
      ratified = ratified || r;
      c.mark(z.utilities[x], z.utilities[y], { r: r ? 5 : 3.5, shape: r ? "triangle" : "circle", colour: r ? colours[2] : colours[0],
        info: info((r ? "Ratifiable package " : "Agreement-zone package ") + (i + 1), d.parties, z.package, z.utilities, z.ratified === undefined ? null : [r ? "every constituency ratifies it" : "some constituency rejects it"]) });
      rows.push([r ? "ratifiable" : "zone", ...z.utilities, pkgText(z.package)]);
    });
    c.legend("agreement-zone packages", { shape: "circle", colour: colours[0] });
    if (ratified) c.legend("ratifiable packages", { shape: "triangle", colour: colours[2] });
  }
  for (const p of d.paths || []) {
    const pts = p.steps.map((st) => [st.utilities[x], st.utilities[y]]);
    c.line(pts, { stroke: p.colour, "stroke-width": 1.5, "stroke-opacity": 0.8 });
    p.steps.forEach((st) => c.mark(st.utilities[x], st.utilities[y], { r: 3.5, shape: p.shape, colour: p.colour, info: info(st.title, d.parties, st.package, st.utilities) }));
    c.legend(p.name, { line: true, shape: p.shape, colour: p.colour });
    p.steps.forEach((st) => rows.push([st.title, ...st.utilities, pkgText(st.package)]));
  }
  for (const sol of d.solutions || []) {
    if (!sol || !sol.utilities) continue;
    c.mark(sol.utilities[x], sol.utilities[y], { r: 7, shape: sol.shape, colour: sol.colour, stroke: "#1b1b1b", info: info(sol.name, d.parties, sol.package, sol.utilities, sol.extra) });
    c.legend(sol.name, { shape: sol.shape, colour: sol.colour });
    rows.push([sol.name, ...sol.utilities, pkgText(sol.package)]);
  }
  if (d.current) {
    const st = d.current;
    c.mark(st.utilities[x], st.utilities[y], { r: 9, shape: "circle", fill: "none", stroke: "#c25400", strokeWidth: 3, info: info("current: " + st.title, d.parties, st.package, st.utilities) });
    c.legend("the step shown", { shape: "circle", colour: "#c25400" });
  }
  return c.finish();
}
