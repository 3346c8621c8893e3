// Analysis: the exact analysis of a scenario as a background job (with
// progress): the utility space of any two parties, the bargaining
// solutions, what blocks a deal; robustness over the stated ranges with
// its tornado.

import { api, waitJob } from "./api.js";
import { h, fill, frame, uid, param, setParam, fmt, pct, table, status, progress, scenarioPicker, pkgText, download } from "./ui.js";
import { spaceChart } from "./space.js";
import { tornado, colours } from "./chart.js";

frame("Analysis", { admin: true, start });

let sid = "", doc = null, els = {};

async function start(main) {
  sid = param("scenario");
  els.status = status();
  els.progress = progress("Analysing");
  els.out = h("div", { id: "analysis" });
  els.robust = h("div", { id: "robustness" });
  fill(main, h("h1", {}, "Analysis"),
    h("p", { class: "lead" }, "The exact analysis of every package: the agreement zone (the packages every party it needs accepts), the ratifiable zone (those every constituency lets pass), the Pareto frontier and the bargaining solutions, drawn for any two parties; what blocks a deal; and how robust the answer is over the stated ranges of the numbers."),
    await scenarioPicker(sid, (id) => { setParam("scenario", id); location.reload(); }),
    els.status.el, els.progress.el, els.out, els.robust);
  if (sid) analyse();
}

async function analyse() {
  try {
    const job = await api("POST", "/api/v1/analyses", { body: { scenario: sid, explain: true, max_zone: 5000, cells: 60 } });
    const done = await waitJob(job.id, (j) => els.progress.show(j));
    if (done.status !== "done") { els.status.error("The analysis failed: " + done.error); return; }
    els.progress.hide();
    doc = done.result;
    render();
    robustnessForm();
  } catch (e) {
    els.status.error(e);
  }
}

function solutions(d) {
  const out = [
    { name: "Nash", shape: "star", colour: "#000000", s: d.nash },
    { name: "Kalai-Smorodinsky", shape: "diamond", colour: colours[1], s: d.kalai_smorodinsky },
    { name: "egalitarian", shape: "square", colour: colours[3], s: d.egalitarian },
    { name: "utilitarian", shape: "cross", colour: colours[4], s: d.utilitarian },
  ];
  if (d.ratification) out.push({ name: "Nash over the ratifiable zone", shape: "star", colour: colours[2], s: d.ratification.nash });
  return out.filter((x) => x.s).map((x) => ({ name: x.name, shape: x.shape, colour: x.colour, package: x.s.package, utilities: x.s.utilities, extra: ["value " + fmt(x.s.value, 6) + (x.s.ties > 1 ? ", " + x.s.ties + " packages tie" : "")] }));
}

function render() {
  const d = doc;
  const rz = d.ratification ? d.ratification.ratifiable_zone : null;
  const xId = uid("x"), yId = uid("y");
  const pick = (id, sel) => h("select", { id }, d.parties.map((p, i) => h("option", { value: i, selected: i === sel }, p)));
  const xs = pick(xId, 0), ys = pick(yId, Math.min(1, d.parties.length - 1));
  const chartBox = h("div", { id: "space" });
  const draw = () => {
    const x = +xs.value, y = +ys.value;
    let cloud = null;
    for (const c of d.clouds || []) {
      if (c.x === d.parties[x] && c.y === d.parties[y]) cloud = c;
      if (c.x === d.parties[y] && c.y === d.parties[x]) cloud = { cells: c.cells, zone: c.zone.map(([a, b]) => [b, a]), other: c.other.map(([a, b]) => [b, a]) };
    }
    const zoneNote = d.zone_packages ? "" : " The zone holds too many packages to mark one by one; its cells are shaded.";
    fill(chartBox, spaceChart({
      parties: d.parties, reservation: d.reservation, cloud, frontier: d.pareto, zone: d.zone_packages || [], solutions: solutions(d),
    }, x, y, {
      name: "space-" + d.parties[x] + "-" + d.parties[y],
      caption: `Every package of ${d.scenario} by the utility of ${d.parties[x]} (across) and ${d.parties[y]} (up), thinned to a grid; the dashed lines are their walk-away values.` + zoneNote,
    }));
  };
  xs.addEventListener("change", draw);
  ys.addEventListener("change", draw);
  const out = [
    h("h2", {}, "What is possible: " + d.scenario),
    table({
      caption: "The zones",
      head: ["", "packages"], numeric: [false, true],
      rows: [["packages in all", d.outcomes.toLocaleString()], ["agreement zone", d.agreement_zone.toLocaleString()],
        ...(rz !== null ? [["ratifiable zone", rz.toLocaleString()]] : []),
        ["on the Pareto frontier", d.pareto_outcomes.toLocaleString()], ["on the frontier and in the zone", d.pareto_in_zone.toLocaleString()]],
    }),
    h("h3", {}, "The utility space of two parties"),
    h("div", { class: "row" }, h("div", { class: "field" }, h("label", { for: xId }, "Across"), xs), h("div", { class: "field" }, h("label", { for: yId }, "Up"), ys),
      h("button", { type: "button", class: "secondary", onclick: () => download(d.scenario + "-analysis.json", JSON.stringify(d, null, 2), "application/json") }, "Download the analysis (JSON)")),
    chartBox,
    h("h3", {}, "Bargaining solutions"),
    table({
      caption: "Solutions over the agreement zone" + (d.ratification ? " and the ratifiable zone" : ""),
      head: ["solution", ...d.parties, "package"], numeric: [false, ...d.parties.map(() => true), false],
      rows: solutions(d).map((s) => [s.name, ...s.utilities.map((u) => fmt(u, 4)), pkgText(s.package)]),
    }),
  ];
  if (d.ratification && d.ratification.constituencies.length) {
    out.push(table({
      caption: "Constituencies: the packages each would ratify",
      head: ["constituency", "party", "win-set", "in the zone", "zone packages it blocks"], numeric: [false, false, true, true, true],
      rows: d.ratification.constituencies.map((c) => [c.name, c.party, c.win_set.toLocaleString(), c.win_set_in_zone.toLocaleString(), c.blocks.toLocaleString()]),
    }));
  }
  if (d.explanation) out.push(...explanation(d.explanation));
  fill(els.out, ...out);
  draw();
}

function explanation(e) {
  const out = [h("h3", {}, e.empty ? "What blocks a deal" : "What shrinks the zone"), h("ul", {}, e.sentences.map((s) => h("li", {}, s)))];
  if (e.concessions && e.concessions.length) {
    out.push(table({ caption: "The smallest concessions that would open a deal", head: ["concession", "amount", "ratified"], numeric: [false, true, false],
      rows: e.concessions.map((c) => [c.text, fmt(c.amount, 4), c.ratified ? "yes" : "no"]) }));
  }
  if (e.effects && e.effects.length) {
    out.push(table({ caption: "Packages each constraint alone keeps out", head: ["constraint", "packages removed"], numeric: [false, true],
      rows: e.effects.map((x) => [x.kind + ": " + x.name, x.removed.toLocaleString()]) }));
  }
  return out;
}

function robustnessForm() {
  const sId = uid("samples"), seedId = uid("seed");
  const samples = h("input", { id: sId, type: "number", min: "1", max: "1000000", value: "500" });
  const seed = h("input", { id: seedId, type: "number", min: "0", value: "1" });
  const st = status();
  const pr = progress("Drawing");
  const res = h("div");
  const run = async () => {
    st.clear();
    try {
      const job = await api("POST", "/api/v1/robustness", { body: { scenario: sid, samples: +samples.value, seed: +seed.value } });
      const done = await waitJob(job.id, (j) => pr.show(j));
      if (done.status !== "done") { st.error("The robustness run failed: " + done.error); return; }
      pr.hide();
      fill(res, ...robustness(done.result));
    } catch (e) {
      st.error(e);
    }
  };
  fill(els.robust, h("h2", {}, "Robustness"),
    h("p", { class: "muted" }, "Draws every uncertain number from its stated range (a background job: it takes a while on large scenarios) and counts how often a deal exists; the tornado shows which numbers decide it."),
    h("div", { class: "row" }, h("div", { class: "field" }, h("label", { for: sId }, "Draws"), samples), h("div", { class: "field" }, h("label", { for: seedId }, "Seed"), seed),
      h("button", { type: "button", onclick: run }, "Run the robustness analysis")),
    pr.el, st.el, res);
}

function robustness(r) {
  const share = (s) => (s.share === null ? "–" : pct(s.share) + " (95% interval " + pct(s.low) + " to " + pct(s.high) + ")");
  const out = [table({
    caption: `Over ${r.samples.toLocaleString()} draws (seed ${r.seed})`,
    head: ["", "as written", "share of draws with one"],
    rows: [["agreement zone", r.nominal.zone.toLocaleString() + " packages", share(r.zone)],
      ...(r.constituencies ? [["ratifiable zone", r.nominal.ratifiable.toLocaleString() + " packages", share(r.ratifiable)]] : [])],
  })];
  const rat = r.constituencies;
  const list = r.sensitivity
    .map((s) => ({ label: s.label, v: rat ? s.ratifiable_point_biserial : s.point_biserial, swing: rat ? s.ratifiable_at_low !== s.ratifiable_at_high : s.zone_at_low !== s.zone_at_high }))
    .filter((s) => s.v !== null && s.swing)
    .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
    .slice(0, 15);
  if (list.length) {
    out.push(h("h3", {}, "What decides the " + (rat ? "ratifiable" : "agreement") + " zone"), tornado({
      title: "Tornado: the numbers that most decide whether the " + (rat ? "ratifiable" : "agreement") + " zone exists",
      caption: "The correlation over the draws of each number with the zone being non-empty, largest first; numbers that cannot move it are left out.",
      name: "tornado", labels: list.map((s) => s.label), values: list.map((s) => s.v), xLabel: "point-biserial correlation",
    }));
  }
  if (r.tipping_points.length) out.push(h("h3", {}, "Tipping points"), h("ul", {}, r.tipping_points.slice(0, 20).map((t) => h("li", {}, t.sentence))));
  if (r.packages.length) {
    out.push(table({
      caption: "The most robust packages", head: ["package", "in the agreement zone", ...(rat ? ["ratifiable"] : [])], numeric: [false, true, true],
      rows: r.packages.slice(0, 10).map((p) => [pkgText(p.package), pct(p.zone_share), ...(rat ? [pct(p.ratifiable_share)] : [])]),
    }));
  }
  return out;
}
