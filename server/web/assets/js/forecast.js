// Forecast: spatial bargaining forecasts of an input (CSV, YAML or a KTAB
// file) as a background job: each issue's positions by round, the models
// side by side with their intervals, and the models' warnings.

import { api, waitJob } from "./api.js";
import { h, fill, frame, uid, param, setParam, fmt, table, status, progress, download } from "./ui.js";
import { Chart, colours, shapes } from "./chart.js";

frame("Forecast", { admin: true, start });

let els = {};

async function start(main) {
  els.status = status();
  els.progress = progress("Forecasting");
  els.jobs = h("div");
  els.out = h("div", { id: "forecast" });
  fill(main, h("h1", {}, "Forecast"),
    h("p", { class: "lead" }, "Spatial bargaining forecasts (docs/forecast.md) of actors' positions, influence and salience on one or more issues: every model side by side, with Monte Carlo intervals, and the positions round by round for the models that move in rounds."),
    form(), els.status.el, els.progress.el, els.out,
    h("section", { "aria-labelledby": "jobs-title" }, h("h2", { id: "jobs-title" }, "Earlier forecasts"), els.jobs));
  listJobs();
  const id = param("job");
  if (id) show(id);
}

function form() {
  const fId = uid("file"), rId = uid("runs"), sId = uid("seed");
  const file = h("input", { id: fId, type: "file", accept: ".csv,.yaml,.yml,.txt,.xml" });
  const runs = h("input", { id: rId, type: "number", min: "0", max: "100000", value: "200" });
  const seed = h("input", { id: sId, type: "number", min: "0", value: "1" });
  const run = async () => {
    els.status.clear();
    const f = file.files[0];
    if (!f) { els.status.error("Choose an input file first."); return; }
    try {
      const job = await api("POST", "/api/v1/forecasts", { body: { file: { name: f.name, content: await f.text() }, runs: +runs.value, seed: +seed.value } });
      setParam("job", job.id);
      show(job.id);
      listJobs();
    } catch (e) {
      els.status.error(e);
    }
  };
  return h("section", { class: "card", "aria-labelledby": "new-title" }, h("h2", { id: "new-title" }, "A new forecast"),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: fId }, "Input file"), file),
      h("div", { class: "field" }, h("label", { for: rId }, "Monte Carlo runs (0: none)"), runs),
      h("div", { class: "field" }, h("label", { for: sId }, "Seed"), seed),
      h("button", { type: "button", onclick: run }, "Run the forecast")));
}

async function listJobs() {
  try {
    const { jobs } = await api("GET", "/api/v1/jobs?kind=forecast&limit=20");
    if (!jobs.length) { fill(els.jobs, h("p", { class: "muted" }, "None yet.")); return; }
    fill(els.jobs, table({
      caption: "The latest forecasts", head: ["input", "status", "started"],
      rows: jobs.map((j) => [h("a", { href: "/forecast.html?job=" + encodeURIComponent(j.id) }, (j.params.file && j.params.file.name) || j.id), j.status, new Date(j.created).toLocaleString()]),
    }));
  } catch (e) {
    els.status.error(e);
  }
}

async function show(id) {
  try {
    const done = await waitJob(id, (j) => els.progress.show(j));
    els.progress.hide();
    listJobs();
    if (done.status !== "done") { els.status.error("The forecast failed: " + done.error); return; }
    render(done.result);
  } catch (e) {
    els.status.error(e);
  }
}

function render(f) {
  const out = [h("h2", {}, "Forecast: " + (f.name || f.input)),
    h("p", {}, f.actors.length + " actors; models: " + f.models.join(", ") + (f.runs ? "; " + f.runs + " Monte Carlo runs (seed " + f.seed + ")" : "; no Monte Carlo runs, so no intervals") + "."),
    h("button", { type: "button", class: "secondary", onclick: () => download("forecast.json", JSON.stringify(f, null, 2), "application/json") }, "Download the forecast (JSON)")];
  for (const is of f.issues) {
    const sec = h("section", { class: "card", "aria-label": "issue " + is.issue });
    sec.append(h("h3", {}, is.issue + " (from " + fmt(is.min) + " to " + fmt(is.max) + ")"));
    const warnings = [];
    for (const [m, note] of Object.entries(is.notes || {})) warnings.push(m + ": " + note);
    for (const [m, r] of Object.entries(is.rounds || {})) {
      if (r && !r.converged) warnings.push(m + ": did not converge" + (r.cycle ? " (a cycle of " + r.cycle.length + " rounds from round " + r.cycle.start + ")" : ""));
      if (r && r.reversals) warnings.push(m + ": " + r.reversals + " reversals of direction");
    }
    for (const [m, iv] of Object.entries(is.intervals || {})) if (iv.failed) warnings.push(m + ": failed in " + iv.failed + " of the " + f.runs + " Monte Carlo runs (left out of its interval)");
    if (f.runs) for (const m of f.models.filter((x) => x in is.forecasts)) if (!(is.intervals || {})[m]) warnings.push(m + ": failed in every one of the " + f.runs + " Monte Carlo runs, so it has no interval");
    if (warnings.length) sec.append(h("div", { class: "card" }, h("p", {}, h("strong", {}, "Warnings of the models")), h("ul", { class: "warnings" }, warnings.map((w) => h("li", {}, w)))));
    sec.append(sideBySide(f, is));
    const roundModels = Object.keys(is.rounds || {}).filter((m) => is.rounds[m] && is.rounds[m].rounds && is.rounds[m].rounds.length);
    if (roundModels.length) {
      const selId = uid("model");
      const sel = h("select", { id: selId }, roundModels.map((m) => h("option", { value: m }, m)));
      const box = h("div");
      const draw = () => fill(box, rounds(f, is, sel.value));
      sel.addEventListener("change", draw);
      sec.append(h("h4", {}, "Positions by round"), h("div", { class: "field" }, h("label", { for: selId }, "Model"), sel), box);
      draw();
    }
    out.push(sec);
  }
  fill(els.out, ...out);
}

// sideBySide draws every model's forecast of an issue with its interval.
function sideBySide(f, is) {
  const models = f.models.filter((m) => m in is.forecasts); // in the order they ran
  const n = models.length;
  const c = new Chart({
    title: "Forecasts of " + is.issue + " by model", name: "forecast-" + is.issue, hint: "the model's forecast and interval",
    caption: "Each model's forecast of " + is.issue + (f.runs ? ", with the 90% interval of its Monte Carlo runs" : "") + ".",
    width: 640, height: 70 + 34 * n, margin: { l: 150, r: 20, t: 12, b: 44 },
    x: { label: is.issue, min: is.min, max: is.max },
    y: { min: 0, max: n, grid: false, ticks: models.map((m, i) => ({ v: n - i - 0.5, label: m })) },
    csv: () => [["model", "forecast", "median", "low", "high"], ...models.map((m) => { const iv = (is.intervals || {})[m]; return [m, is.forecasts[m], iv ? iv.median : "", iv ? iv.low : "", iv ? iv.high : ""]; })],
  });
  models.forEach((m, i) => {
    const y = n - i - 0.5, iv = (is.intervals || {})[m];
    if (iv) {
      c.line([[iv.low, y], [iv.high, y]], { stroke: colours[i % colours.length], "stroke-width": 3 });
      c.line([[iv.low, y - 0.15], [iv.low, y + 0.15]], { stroke: colours[i % colours.length], "stroke-width": 2 });
      c.line([[iv.high, y - 0.15], [iv.high, y + 0.15]], { stroke: colours[i % colours.length], "stroke-width": 2 });
    }
    c.mark(is.forecasts[m], y, { r: 6, shape: shapes[i % shapes.length], colour: colours[i % colours.length], stroke: "#1b1b1b",
      info: { title: m, lines: ["forecast " + fmt(is.forecasts[m], 3), ...(iv ? ["90% interval " + fmt(iv.low, 3) + " to " + fmt(iv.high, 3), "median " + fmt(iv.median, 3)] : [])] } });
  });
  return h("div", {}, c.finish(), table({
    caption: "Forecasts of " + is.issue, head: ["model", "forecast", ...(f.runs ? ["90% interval"] : [])], numeric: [false, true, true],
    rows: models.map((m) => { const iv = (is.intervals || {})[m]; return [m, fmt(is.forecasts[m], 3), ...(f.runs ? [iv ? fmt(iv.low, 3) + " to " + fmt(iv.high, 3) : "failed in every run"] : [])]; }),
  }));
}

// rounds draws one model's positions of every actor, round by round.
function rounds(f, is, model) {
  const r = is.rounds[model].rounds;
  const last = r[r.length - 1].round;
  const c = new Chart({
    title: `Positions on ${is.issue} by round (${model})`, name: `rounds-${is.issue}-${model}`, hint: "the round's median and mean",
    caption: `Every actor's position on ${is.issue} after each round of ${model} (thin lines), and the median (thick).`,
    width: 640, height: 380,
    x: { label: "round", min: r[0].round, max: Math.max(last, r[0].round + 1) },
    y: { label: is.issue, min: is.min, max: is.max },
    csv: () => [["round", "median", "mean", ...f.actors], ...r.map((x) => [x.round, x.median, x.mean, ...x.positions])],
  });
  f.actors.forEach((a, k) => c.line(r.map((x) => [x.round, x.positions[k]]), { stroke: "#9a9a9a", "stroke-width": 1 }));
  c.line(r.map((x) => [x.round, x.median]), { stroke: colours[0], "stroke-width": 3 });
  r.forEach((x) => c.mark(x.round, x.median, { r: 3.5, colour: colours[0], info: { title: "round " + x.round, lines: ["median " + fmt(x.median, 3), "mean " + fmt(x.mean, 3)] } }));
  c.legend("actors' positions", { line: true, colour: "#9a9a9a" });
  c.legend("median position", { line: true, colour: colours[0], shape: "circle" });
  return c.finish();
}
