// The what-if workspace: every annotated number of a scenario as a
// control; moving one re-analyses the variant at once (POST .../whatif)
// and shows the zones, the Nash package over the ratifiable zone, each
// constituency's margin for it and what changed against the stated
// assumptions. Variants are saved, compared side by side and exported as
// scenario files.

import { api, errorText } from "./api.js";
import { h, fill, frame, uid, param, setParam, fmt, pct, table, status, scenarioPicker, download } from "./ui.js";

frame("What-if workspace", { admin: true, start });

let sid = "", controls = [], nominal = null, overrides = new Map(), allowOutside = false;
let els = {}, inflight = false, pending = false;

async function start(main) {
  sid = param("scenario");
  els.status = status();
  fill(main, h("h1", { id: "title" }, "What-if workspace"),
    h("p", { class: "lead" }, "Every annotated number of the scenario, with its value and stated range. Move one and the scenario is analysed again at once: the agreement zone, the ratifiable zone, the Nash package over the ratifiable zone and each constituency's margin for it. What differs from the scenario as written is highlighted."),
    await scenarioPicker(sid, (id) => { setParam("scenario", id); location.reload(); }),
    els.status.el);
  if (!sid) return;
  try {
    const [doc, base] = await Promise.all([
      api("GET", `/api/v1/scenarios/${encodeURIComponent(sid)}/numbers`),
      api("POST", `/api/v1/scenarios/${encodeURIComponent(sid)}/whatif`, { body: { version: 1, name: "as written", set: [] } }),
    ]);
    controls = doc.controls;
    nominal = base;
    document.getElementById("title").textContent = "What-if workspace: " + doc.scenario;
    main.append(layout());
    show(base, 0);
    loadVariants();
  } catch (e) {
    els.status.error(e);
  }
}

function layout() {
  const filterId = uid("filter"), outId = uid("outside");
  const filter = h("input", { id: filterId, type: "search", placeholder: "credibility, Ukraine, threshold…", autocomplete: "off" });
  const outside = h("input", { id: outId, type: "checkbox" });
  els.controls = h("div", { class: "controls", id: "controls" });
  els.results = h("section", { class: "results", id: "results", "aria-labelledby": "results-title", "aria-busy": "false" });
  els.timing = h("p", { class: "muted small", role: "status", "aria-live": "polite" });
  const groups = new Map();
  for (const c of controls) {
    const g = c.owner || c.quantity;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(c);
  }
  for (const [g, cs] of groups) {
    els.controls.append(h("fieldset", {}, h("legend", {}, g), cs.map(control)));
  }
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    for (const row of els.controls.querySelectorAll(".control")) row.hidden = q && !row.dataset.search.includes(q);
    for (const fs of els.controls.querySelectorAll("fieldset")) fs.hidden = ![...fs.querySelectorAll(".control")].some((r) => !r.hidden);
  });
  outside.addEventListener("change", () => {
    allowOutside = outside.checked;
    for (const row of els.controls.querySelectorAll(".control")) row.rebound();
    evaluate();
  });
  return h("div", {},
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: filterId }, "Find a number"), filter),
      h("div", { class: "field" }, h("span", {}, outside, " ", h("label", { for: outId }, "Allow values outside the stated ranges"))),
      h("button", { type: "button", class: "secondary", onclick: reset }, "Back to the scenario as written")),
    h("div", { class: "workspace" },
      h("section", { "aria-labelledby": "controls-title" }, h("h2", { id: "controls-title" }, controls.length + " numbers"), els.controls),
      els.results),
    variantsSection());
}

// control makes one number's control: a slider (or a whole number's
// field) and a field for the exact value.
function control(c) {
  const id = uid("ctl"), nid = uid("num"), mid = uid("meta");
  const w = c.widget;
  const range = h("input", { id, type: "range", min: w.min, max: w.max, step: w.step, value: c.value, "data-key": c.key, "aria-describedby": mid });
  const field = h("input", { id: nid, type: "number", step: w.step, value: c.value, "data-key": c.key, "aria-label": "value of " + c.label, "aria-describedby": mid });
  const meta = h("div", { class: "meta", id: mid },
    "written ", fmt(c.value, 4),
    c.range ? ", range " + fmt(c.range.low, 4) + " to " + fmt(c.range.high, 4) : ", stated without a range",
    c.confidence ? ", " + c.confidence + " confidence" : "",
    c.rescales ? "; moves " + c.rescales : "");
  const row = h("div", { class: "control", "data-key": c.key, "data-search": (c.label + " " + c.key + " " + c.owner + " " + c.quantity).toLowerCase() },
    h("label", { for: id }, c.label), range, field, meta);
  if (c.source || c.note) row.append(h("details", { class: "meta" }, h("summary", {}, "source"), c.source ? h("p", {}, c.source) : null, c.note ? h("p", {}, c.note) : null));
  const set = (v, from) => {
    if (!Number.isFinite(v)) return;
    if (from !== range) range.value = v;
    if (from !== field) field.value = v;
    if (Math.abs(v - c.value) < 1e-12) overrides.delete(c.key);
    else overrides.set(c.key, v);
    row.classList.toggle("changed", overrides.has(c.key));
    evaluate();
  };
  range.addEventListener("input", () => set(parseFloat(range.value), range));
  field.addEventListener("change", () => set(parseFloat(field.value), field));
  row.rebound = () => {
    const lo = allowOutside && w.limit_min !== null ? Math.min(w.min, w.limit_min) : w.min;
    const hi = allowOutside && w.limit_max !== null ? Math.max(w.max, w.limit_max) : w.max;
    range.min = lo;
    range.max = hi;
  };
  row.setValue = (v) => { range.value = v; field.value = v; row.classList.toggle("changed", Math.abs(v - c.value) > 1e-12); };
  return row;
}

function currentVariant(name) {
  return { version: 1, name: name || "workspace", set: [...overrides].map(([key, value]) => ({ key, value })), allow_outside: allowOutside };
}

function variantKey() {
  return [...overrides].map(([k, v]) => k + "=" + v).sort().join("&") + (allowOutside ? "&allow_outside" : "");
}

// evaluate asks for the current variant: one request at a time, the
// latest state once it returns.
async function evaluate() {
  if (inflight) { pending = true; return; }
  inflight = true;
  els.results.setAttribute("aria-busy", "true");
  const key = variantKey();
  const t0 = performance.now();
  // An answer slower than the eye allows (a large scenario, a loaded
  // server) says that it is coming.
  const slow = setTimeout(() => { if (inflight) els.timing.textContent = "Analysing the variant…"; }, 200);
  try {
    const r = await api("POST", `/api/v1/scenarios/${encodeURIComponent(sid)}/whatif`, { body: currentVariant() });
    if (!pending) show(r, performance.now() - t0, key);
    els.status.clear();
  } catch (e) {
    els.status.error(e);
  } finally {
    clearTimeout(slow);
    inflight = false;
    if (pending) { pending = false; evaluate(); } else els.results.setAttribute("aria-busy", "false");
  }
}

function reset() {
  overrides.clear();
  for (const row of els.controls.querySelectorAll(".control")) {
    const c = controls.find((x) => x.key === row.dataset.key);
    row.setValue(c.value);
  }
  evaluate();
}

function metric(id, label, now, was) {
  const changed = now !== was;
  return h("div", { class: "metric" + (changed ? " changed" : ""), id },
    h("div", {}, label), h("div", { class: "value" }, String(now)),
    h("div", { class: "was" }, changed ? "as written: " + was : "as written"));
}

// show draws an evaluation (r) against the scenario as written.
function show(r, ms, key = "") {
  els.results.dataset.for = key;
  const n = nominal;
  const out = [h("h2", { id: "results-title" }, "The variant, analysed")];
  out.push(h("div", { class: "metrics" },
    metric("agreement-zone", "agreement zone (packages)", r.agreement_zone, n.agreement_zone),
    metric("ratifiable-zone", r.constituencies ? "ratifiable zone (packages)" : "ratifiable zone (no constituencies)", r.ratifiable_zone, n.ratifiable_zone)));
  if (ms) els.timing.textContent = "answered in " + Math.round(ms) + " ms (" + r.outcomes.toLocaleString() + " packages walked)";
  out.push(els.timing);
  if (r.outside_assumptions) out.push(h("p", {}, h("span", { class: "badge outside" }, "outside the stated assumptions"), " Some number is set outside the range its author states."));
  if (r.warnings && r.warnings.length) out.push(h("div", { class: "error" }, h("p", {}, "Warnings:"), h("ul", {}, r.warnings.map((w) => h("li", {}, w)))));
  // The Nash package over the ratifiable zone, and the margins.
  const rn = r.ratifiable_nash, nn = n.ratifiable_nash;
  out.push(h("h3", {}, "Nash package over the " + (r.constituencies ? "ratifiable" : "agreement") + " zone"));
  if (!rn) out.push(h("p", { id: "ratifiable-nash" }, "None: the zone is empty."));
  else {
    out.push(table({
      caption: "The package" + (nn && nn.index !== rn.index ? " (changed)" : ""),
      head: ["issue", "settled as", "as written"],
      rows: Object.keys(rn.package).map((k) => {
        const was = nn ? nn.package[k] : undefined, changed = was !== rn.package[k];
        return [k, changed ? h("mark", { class: "changed" }, String(rn.package[k])) : String(rn.package[k]), was === undefined ? "–" : String(was)];
      }),
    }));
    if (rn.constituencies.length) {
      out.push(table({
        caption: "Each constituency's margin for it",
        head: ["constituency", "approval", "threshold", "margin", "ratifies"], numeric: [false, true, true, true, false],
        rows: rn.constituencies.map((c) => [c.constituency + " (" + c.party + ")", c.applies ? pct(c.approval) : "not asked", pct(c.threshold),
          c.applies ? h("span", { class: c.margin >= 0 ? "good" : "bad" }, (c.margin >= 0 ? "+" : "") + fmt(100 * c.margin, 1) + " pts") : "–",
          c.ratifies ? "yes" : h("span", { class: "bad" }, "no" + (c.red_line ? " (red line: " + c.red_line + ")" : ""))]),
      }));
    }
    out.push(table({
      caption: "Each party's verdict on it",
      head: ["party", "utility", "walk-away", "margin", "accepts"], numeric: [false, true, true, true, false],
      rows: rn.parties.map((p) => [p.party, fmt(p.utility, 4), fmt(p.reservation, 4), fmt(p.margin, 4),
        p.accepts ? "yes" : h("span", { class: "bad" }, "no" + (p.red_line ? " (red line: " + p.red_line + ")" : ""))]),
    }));
  }
  // The changes against the stated assumptions.
  out.push(h("h3", {}, "Changes against the stated assumptions"));
  if (!r.changes.length) out.push(h("p", {}, "None: this is the scenario as written."));
  else {
    out.push(table({
      caption: r.changes.length + " number" + (r.changes.length === 1 ? "" : "s") + " differ from the scenario as written",
      head: ["number", "written", "now", "against its range"], numeric: [false, true, true, false],
      rows: r.changes.map((c) => [c.label, fmt(c.nominal, 4), h("mark", { class: "changed" }, fmt(c.value, 4)),
        c.assumption === "outside" ? h("span", { class: "badge outside" }, "outside [" + fmt(c.range.low) + ", " + fmt(c.range.high) + "]")
          : c.assumption === "unranged" ? "stated without a range" : c.assumption === "rescaled" ? "rescaled with the others" : "within the range"]),
    }));
  }
  if (r.red_lines.length) {
    out.push(table({
      caption: "Packages each red line alone keeps out",
      head: ["red line", "agreement zone", "ratifiable zone"], numeric: [false, true, true],
      rows: r.red_lines.map((l) => [l.owner + ": " + l.name, String(l.agreement_zone_removed), String(l.ratifiable_zone_removed)]),
    }));
  }
  fill(els.results, ...out);
}

// Saved variants: save the current one, load, compare, export, delete.
function variantsSection() {
  const nameId = uid("variant-name");
  els.vname = h("input", { id: nameId, type: "text", autocomplete: "off", placeholder: "US out, threshold 55%…" });
  els.vstatus = status();
  els.vlist = h("div");
  els.compare = h("div", { id: "comparison" });
  return h("section", { "aria-labelledby": "variants-title" },
    h("h2", { id: "variants-title" }, "Variants"),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: nameId }, "Name of the current variant"), els.vname),
      h("button", { type: "button", onclick: saveVariant }, "Save the variant"),
      h("button", { type: "button", class: "secondary", onclick: () => exportVariant(currentVariant(els.vname.value.trim() || "workspace"), "yaml") }, "Export the current variant (YAML)"),
      h("button", { type: "button", class: "secondary", onclick: () => storeVariant(currentVariant(els.vname.value.trim() || "workspace")) }, "Store as a scenario and analyse it")),
    h("p", { class: "muted small" }, "A stored variant is a scenario of its own: the Analysis page runs its exact analysis and its robustness over the stated ranges (background jobs, with their progress)."),
    els.vstatus.el, els.vlist, els.compare);
}

let saved = [];

async function loadVariants() {
  try {
    saved = (await api("GET", `/api/v1/scenarios/${encodeURIComponent(sid)}/variants`)).variants;
  } catch (e) {
    els.vstatus.error(e);
    return;
  }
  if (!saved.length) { fill(els.vlist, h("p", { class: "muted" }, "No saved variant yet.")); return; }
  const boxes = [];
  fill(els.vlist, table({
    caption: "Saved variants (tick the ones to compare with the scenario as written)",
    head: ["variant", "numbers set", "compare", "actions"],
    rows: saved.map((v) => {
      const id = uid("cmp");
      const box = h("input", { id, type: "checkbox", checked: true, "data-id": v.id });
      boxes.push(box);
      return [v.name, v.variant.set.map((o) => o.key + " = " + fmt(o.value, 4)).join("; ") || "none",
        h("span", {}, box, h("label", { for: id, class: "sr-only" }, "compare " + v.name)),
        h("span", { class: "buttons" },
          h("button", { type: "button", class: "secondary", onclick: () => applyVariant(v.variant), "aria-label": "Load " + v.name }, "Load"),
          h("button", { type: "button", class: "secondary", onclick: () => exportVariant(v.variant, "yaml"), "aria-label": "Export " + v.name + " as YAML" }, "YAML"),
          h("button", { type: "button", class: "secondary", onclick: () => exportVariant(v.variant, "json"), "aria-label": "Export " + v.name + " as JSON" }, "JSON"),
          h("button", { type: "button", class: "danger", onclick: () => deleteVariant(v), "aria-label": "Delete " + v.name }, "Delete"))];
    }),
  }), h("button", { type: "button", onclick: () => compare(saved.filter((v) => boxes.find((b) => b.dataset.id === v.id).checked)) }, "Compare side by side"));
}

async function saveVariant() {
  const name = els.vname.value.trim();
  if (!name) { els.vstatus.error("Name the variant first."); els.vname.focus(); return; }
  try {
    await api("POST", `/api/v1/scenarios/${encodeURIComponent(sid)}/variants`, { body: currentVariant(name) });
    els.vstatus.ok("Saved " + name + ".");
    loadVariants();
  } catch (e) {
    els.vstatus.error(e);
  }
}

async function deleteVariant(v) {
  try {
    await api("DELETE", `/api/v1/scenarios/${encodeURIComponent(sid)}/variants/${encodeURIComponent(v.id)}`);
    els.vstatus.ok("Deleted " + v.name + ".");
    loadVariants();
  } catch (e) {
    els.vstatus.error(e);
  }
}

function applyVariant(v) {
  overrides.clear();
  for (const o of v.set) overrides.set(o.key, o.value);
  allowOutside = !!v.allow_outside;
  for (const row of els.controls.querySelectorAll(".control")) {
    const c = controls.find((x) => x.key === row.dataset.key);
    row.setValue(overrides.has(c.key) ? overrides.get(c.key) : c.value);
  }
  els.vname.value = v.name;
  evaluate();
}

async function exportVariant(v, format) {
  try {
    const r = await api("POST", `/api/v1/scenarios/${encodeURIComponent(sid)}/export?format=${format}`, { body: v, text: true });
    const m = /filename="([^"]+)"/.exec(r.disposition);
    download(m ? m[1] : "variant." + format, r.text, r.type);
    els.vstatus.ok("Exported " + (v.name || "the variant") + ".");
  } catch (e) {
    els.vstatus.error(e);
  }
}

// storeVariant stores the variant as a new scenario (its export) and
// opens it on the Analysis page, where slow work (robustness draws) runs
// as a job with its progress.
async function storeVariant(v) {
  try {
    const r = await api("POST", `/api/v1/scenarios/${encodeURIComponent(sid)}/export?format=yaml`, { body: v, text: true });
    const m = /filename="([^"]+)"/.exec(r.disposition);
    const sc = await api("POST", "/api/v1/scenarios", { body: { name: document.getElementById("title").textContent.replace(/^What-if workspace: /, "") + ": " + v.name, files: [{ name: m ? m[1] : "variant.yaml", content: r.text }] } });
    location.href = "/analysis.html?scenario=" + encodeURIComponent(sc.id);
  } catch (e) {
    els.vstatus.error(e);
  }
}

async function compare(vs) {
  try {
    const c = await api("POST", `/api/v1/scenarios/${encodeURIComponent(sid)}/compare`, { body: { variants: [{ version: 1, name: "as written", set: [] }, ...vs.map((v) => v.variant)] } });
    const row = (label, values, differs, fmtv = (x) => (x === null || x === undefined ? "–" : typeof x === "number" ? fmt(x, 4) : String(x))) =>
      h("tr", { class: differs ? "changed" : null }, h("th", { scope: "row" }, label), values.map((x) => h("td", {}, fmtv(x))));
    const head = h("tr", {}, h("th", { scope: "col" }, ""), c.variants.map((v) => h("th", { scope: "col" }, v)));
    const body = [];
    const section = (t) => body.push(h("tr", {}, h("th", { scope: "colgroup", colspan: c.variants.length + 1 }, t)));
    section("Assumptions");
    for (const a of c.assumptions) body.push(row(a.label, a.values, a.differs));
    section("Results");
    body.push(row("agreement zone", c.agreement_zone.values, c.agreement_zone.differs));
    body.push(row("ratifiable zone", c.ratifiable_zone.values, c.ratifiable_zone.differs));
    section("Nash package over the ratifiable zone");
    for (const i of c.ratifiable_nash.issues) body.push(row(i.issue, i.values, i.differs));
    for (const u of c.ratifiable_nash.utilities) body.push(row("utility of " + u.party, u.values, u.differs));
    for (const m of c.margins) {
      body.push(row("margin of " + m.constituency, m.margin, m.differs, (x) => (x === null ? "–" : (x >= 0 ? "+" : "") + fmt(100 * x, 1) + " pts")));
      // A constituency not asked about the package lets it pass whatever
      // its margin: say whether it does.
      body.push(row(m.constituency + " lets it pass", m.ratifies, m.ratifies.some((x, i) => x !== m.ratifies[0]), (x) => (x === null ? "–" : x ? "yes" : "no")));
    }
    fill(els.compare, h("h3", {}, "Side by side"), h("div", { class: "table-wrap" },
      h("table", { id: "comparison-table" }, h("caption", {}, "Variants compared (rows that differ are highlighted)"), h("thead", {}, head), h("tbody", {}, body))));
  } catch (e) {
    els.vstatus.error(errorText(e));
  }
}
