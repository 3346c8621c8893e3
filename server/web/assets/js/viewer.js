// The viewer (admin): a finished or running negotiation's trajectory in
// the utility space of any two parties, step by step, over the scenario's
// packages, frontier and walk-away lines. A running negotiation is
// followed live (the admin watches over the WebSocket).

import { api, adminToken, waitJob } from "./api.js";
import { h, fill, frame, uid, param, fmt, table, status, progress, pkgText } from "./ui.js";
import { spaceChart } from "./space.js";
import { colours, shapes } from "./chart.js";

frame("Viewer", { admin: true, start });

const nid = param("negotiation");
let tr = null, an = null, els = {}, step = -1, follow = true;

async function start(main) {
  els.status = status();
  els.progress = progress("Analysing the scenario");
  fill(main, h("h1", {}, "Viewer"), els.status.el);
  if (!nid) { listNegotiations(main); return; }
  els.view = h("div", { id: "viewer" });
  main.append(h("p", { class: "lead" }, "Negotiation " + nid + ": every offer in the utility space of two parties, step by step."), els.progress.el, els.view);
  try {
    const n = await api("GET", "/api/v1/negotiations/" + encodeURIComponent(nid));
    await load();
    watch();
    const job = await api("POST", "/api/v1/analyses", { body: { scenario: n.scenario, cells: 50, max_zone: 0 } });
    const done = await waitJob(job.id, (j) => els.progress.show(j));
    els.progress.hide();
    if (done.status === "done") { an = done.result; render(); }
  } catch (e) {
    els.status.error(e);
  }
}

async function listNegotiations(main) {
  try {
    const { negotiations } = await api("GET", "/api/v1/negotiations");
    main.append(table({
      caption: "Choose a negotiation", head: ["negotiation", "protocol", "status"],
      rows: negotiations.slice().reverse().map((n) => [h("a", { href: "/viewer.html?negotiation=" + encodeURIComponent(n.id) }, n.id), n.protocol, n.status]),
    }));
  } catch (e) {
    els.status.error(e);
  }
}

async function load() {
  tr = await api("GET", "/api/v1/negotiations/" + encodeURIComponent(nid) + "/trajectory");
  if (follow || step >= tr.steps.length) step = tr.steps.length - 1;
  render();
}

// watch follows a running negotiation over the live protocol.
function watch() {
  if (tr.result) return;
  const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/negotiations/" + encodeURIComponent(nid) + "/live");
  ws.onopen = () => ws.send(JSON.stringify({ type: "join", version: 1, token: adminToken(), since: 0 }));
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (m.type === "update" || m.type === "end") load().catch((e) => els.status.error(e));
    if (m.type === "end") ws.close();
  };
}

let xSel, ySel;

function render() {
  if (!tr) return;
  const n = tr.steps.length;
  if (!xSel) {
    const xId = uid("x"), yId = uid("y"), sId = uid("step");
    xSel = h("select", { id: xId }, tr.parties.map((p, i) => h("option", { value: i, selected: i === 0 }, p)));
    ySel = h("select", { id: yId }, tr.parties.map((p, i) => h("option", { value: i, selected: i === Math.min(1, tr.parties.length - 1) }, p)));
    els.slider = h("input", { id: sId, type: "range", min: "0", max: String(Math.max(0, n - 1)), step: "1", value: String(Math.max(0, step)) });
    els.stepText = h("p", { id: "step-text", role: "status", "aria-live": "polite" });
    els.chart = h("div");
    els.summary = h("div");
    const go = (i) => { step = Math.max(0, Math.min(tr.steps.length - 1, i)); follow = step === tr.steps.length - 1; render(); };
    els.slider.addEventListener("input", () => go(+els.slider.value));
    xSel.addEventListener("change", render);
    ySel.addEventListener("change", render);
    fill(els.view,
      h("div", { class: "row" }, h("div", { class: "field" }, h("label", { for: xId }, "Across"), xSel), h("div", { class: "field" }, h("label", { for: yId }, "Up"), ySel)),
      h("div", { class: "row" },
        h("div", { class: "field" }, h("label", { for: sId }, "Step"), els.slider),
        h("div", { class: "buttons" },
          h("button", { type: "button", class: "secondary", onclick: () => go(0) }, "First"),
          h("button", { type: "button", class: "secondary", onclick: () => go(step - 1) }, "Previous"),
          h("button", { type: "button", class: "secondary", onclick: () => go(step + 1) }, "Next"),
          h("button", { type: "button", class: "secondary", onclick: () => go(tr.steps.length - 1) }, "Last"))),
      els.stepText, els.chart, els.summary);
  }
  els.slider.max = String(Math.max(0, n - 1));
  els.slider.value = String(Math.max(0, step));
  const x = +xSel.value, y = +ySel.value;
  const shown = tr.steps.slice(0, step + 1);
  const paths = tr.parties.map((p, i) => ({ name: "offers of " + p, colour: colours[i % colours.length], shape: shapes[i % shapes.length],
    steps: shown.filter((s) => s.party === p && s.action === "offer").map((s) => ({ ...s, title: `${s.party} offers (round ${s.round})` })) })).filter((p) => p.steps.length);
  const mediator = shown.filter((s) => s.action === "proposal");
  if (mediator.length) paths.push({ name: "the mediator's proposals", colour: "#000000", shape: "diamond", steps: mediator.map((s) => ({ ...s, title: `proposal (round ${s.round})` })) });
  const cur = step >= 0 ? tr.steps[step] : null;
  const sols = [];
  const agreement = shown.find((s) => s.action === "agreement");
  if (agreement) sols.push({ name: "agreement", shape: "star", colour: colours[2], package: agreement.package, utilities: agreement.utilities });
  if (an && an.nash) sols.push({ name: "Nash solution", shape: "star", colour: "#000000", package: an.nash.package, utilities: an.nash.utilities });
  let cloud = null;
  if (an) for (const c of an.clouds || []) {
    if (c.x === tr.parties[x] && c.y === tr.parties[y]) cloud = c;
    if (c.x === tr.parties[y] && c.y === tr.parties[x]) cloud = { cells: c.cells, zone: c.zone.map(([a, b]) => [b, a]), other: c.other.map(([a, b]) => [b, a]) };
  }
  fill(els.chart, spaceChart({
    parties: tr.parties, reservation: tr.reservation, cloud, frontier: an ? an.pareto : [], paths, solutions: sols,
    current: cur ? { ...cur, title: describe(cur) } : null,
  }, x, y, { name: "trajectory-" + nid, title: "The negotiation " + nid + " in the utility space", caption: "The offers of each party up to the step shown, over every package of the scenario (grey; in the agreement zone, blue) and the Pareto frontier." }));
  els.stepText.textContent = n ? `Step ${step + 1} of ${n}: ${describe(cur)}: ${pkgText(cur.package)}; ` + tr.parties.map((p, i) => p + " " + fmt(cur.utilities[i], 3)).join(", ") + "." : "No offer yet.";
  fill(els.summary, h("p", {}, "Status: ", h("strong", { id: "status" }, tr.status), tr.result ? " (" + (tr.result.agreement ? "agreement" : "no agreement") + ")" : ""));
}

function describe(s) {
  if (!s) return "";
  const who = s.party || "the mediator";
  return { offer: who + " offers", accept: who + " accepts", agreement: "agreement", proposal: "the mediator proposes" }[s.action] + " (round " + s.round + ")";
}
