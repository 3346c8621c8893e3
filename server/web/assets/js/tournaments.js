// The tournament dashboard: tournaments run as background jobs, their
// progress, and the league table (partial while one runs).

import { api, ApiError } from "./api.js";
import { h, fill, frame, uid, param, setParam, fmt, table, status, progress, download } from "./ui.js";

frame("Tournaments", { admin: true, start });

const example = `tournament: 1
name: a first league
seed: 1
scenarios: [laptop, ceasefire]
negotiators: [boulware, conceder, hardliner, linear]
repetitions: 2
deadline: {rounds: 100}
`;

let els = {}, timer = 0;

async function start(main) {
  els.status = status();
  els.progress = progress("Tournament");
  els.league = h("div", { id: "league" });
  els.jobs = h("div");
  const pId = uid("plan");
  const plan = h("textarea", { id: pId, rows: "9", cols: "70", spellcheck: "false" });
  plan.value = example;
  fill(main, h("h1", {}, "Tournaments"),
    h("p", { class: "lead" }, "Many negotiations between negotiators on built-in scenarios (docs/tournament.md), run in the background: their progress, and the league table as results come in."),
    h("section", { class: "card", "aria-labelledby": "plan-title" }, h("h2", { id: "plan-title" }, "A new tournament"),
      h("div", { class: "field" }, h("label", { for: pId }, "Plan (YAML)"), plan),
      h("div", { class: "buttons" }, h("button", {
        type: "button", onclick: async () => {
          try {
            const j = await api("POST", "/api/v1/tournaments", { body: { plan: plan.value } });
            setParam("job", j.id);
            follow(j.id);
            listJobs();
          } catch (e) {
            els.status.error(e);
          }
        },
      }, "Run the tournament"))),
    els.status.el, els.progress.el, els.league,
    h("section", { "aria-labelledby": "jobs-title" }, h("h2", { id: "jobs-title" }, "Tournaments on this server"), els.jobs));
  listJobs();
  if (param("job")) follow(param("job"));
}

async function listJobs() {
  try {
    const { jobs } = await api("GET", "/api/v1/jobs?kind=tournament&limit=50");
    if (!jobs.length) { fill(els.jobs, h("p", { class: "muted" }, "None yet.")); return; }
    fill(els.jobs, table({
      caption: "The latest tournaments", head: ["tournament", "status", "progress", "started"], numeric: [false, false, true, false],
      rows: jobs.map((j) => [h("a", { href: "/tournaments.html?job=" + encodeURIComponent(j.id) }, planName(j) || j.id), j.status, Math.round(100 * j.progress) + "%", new Date(j.created).toLocaleString()]),
    }));
  } catch (e) {
    els.status.error(e);
  }
}

function planName(j) {
  const m = /^name:\s*(.+)$/m.exec((j.params && j.params.plan) || "");
  return m ? m[1].trim() : "";
}

// follow polls a tournament's job and its league table until it ends.
async function follow(id) {
  clearTimeout(timer);
  try {
    const j = await api("GET", "/api/v1/jobs/" + encodeURIComponent(id));
    els.status.clear();
    els.progress.show(j);
    await league(id, j);
    if (j.status === "queued" || j.status === "running") timer = setTimeout(() => follow(id), 1000);
    else {
      if (j.status === "failed") els.status.error("The tournament failed: " + j.error);
      listJobs();
    }
  } catch (e) {
    // A failed poll is said, and tried again unless the server refused
    // it (no such job): the tournament goes on.
    els.status.error(e);
    if (!(e instanceof ApiError) || e.status >= 500) timer = setTimeout(() => follow(id), 3000);
  }
}

async function league(id, j) {
  let doc;
  try {
    doc = await api("GET", "/api/v1/tournaments/" + encodeURIComponent(id) + "/league");
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) { fill(els.league, h("p", {}, "No results yet.")); return; }
    throw e;
  }
  const est = (e) => (e.mean === null ? "–" : fmt(e.mean, 3) + (e.low !== null ? " [" + fmt(e.low, 3) + ", " + fmt(e.high, 3) + "]" : ""));
  const out = [h("h2", {}, "League table: " + (doc.plan || planName(j))),
    h("p", { id: "league-count" }, `${doc.negotiations} of ${doc.total} negotiations played` + (doc.errors ? `, ${doc.errors} errors` : "") + (j.status === "done" ? "." : " so far (the table fills in as results come)."),
      " Ranked by " + doc.rank + "; intervals are over " + doc.units + "."),
    h("button", { type: "button", class: "secondary", onclick: () => download("league.json", JSON.stringify(doc, null, 2), "application/json") }, "Download the league table (JSON)")];
  for (const t of doc.tables || []) { // none before the first result
    out.push(table({
      caption: "Protocol " + t.protocol + " (" + t.negotiations + " negotiations)",
      head: ["rank", "negotiator", "played", "utility", "agreements", "ratified", "Nash distance", "social welfare"],
      numeric: [true, false, true, true, true, true, true, true],
      rows: t.standings.map((s, i) => [String(i + 1), s.negotiator, String(s.played), est(s.utility), est(s.agreements), est(s.ratified), est(s.nash_distance), est(s.social_welfare)]),
    }));
  }
  fill(els.league, ...out);
}
