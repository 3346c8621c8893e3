// Scenarios: the stored scenarios, uploads in every format the server
// reads, an editor of the native format that validates as you type and
// marks each problem at its line, and a readable summary.

import { api, ApiError, errorText, where } from "./api.js";
import { h, fill, frame, uid, param, setParam, num, fmt, table, bars, status } from "./ui.js";

const examples = ["ukraine-2025", "laptop", "coalition", "ceasefire", "coalition-government"];

frame("Scenarios", { admin: true, start });

let els;

function start(main) {
  els = {
    list: h("div"),
    listStatus: status(),
    summary: h("section", { id: "summary", "aria-labelledby": "summary-title" }),
  };
  fill(main,
    h("h1", {}, "Scenarios"),
    h("p", { class: "lead" }, "Scenarios stored on this server: add one (a native entente file, GENIUS XML, GeniusWeb JSON, or a forecast CSV), edit it in the native format, read its summary, then open it in the what-if workspace, analyse it or negotiate it."),
    h("section", { id: "stored", "aria-labelledby": "stored-title" }, h("h2", { id: "stored-title" }, "Stored scenarios"), els.listStatus.el, els.list),
    addSection(),
    editorSection(),
    els.summary);
  refresh();
  const id = param("scenario");
  if (id) showSummary(id);
}

async function refresh() {
  try {
    const { scenarios } = await api("GET", "/api/v1/scenarios");
    if (!scenarios.length) {
      fill(els.list, h("p", {}, "No scenario yet: add an example or upload one below."));
      return;
    }
    fill(els.list, table({
      caption: scenarios.length + " scenario" + (scenarios.length === 1 ? "" : "s"),
      head: ["name", "format", "added", "open"],
      rows: scenarios.map((s) => [
        h("button", { type: "button", class: "secondary", onclick: () => showSummary(s.id), "aria-label": "Summary of " + s.name }, s.name),
        s.format,
        new Date(s.created).toLocaleString(),
        h("span", { class: "buttons" },
          h("a", { href: "/workspace.html?scenario=" + encodeURIComponent(s.id) }, "What-if"),
          h("a", { href: "/analysis.html?scenario=" + encodeURIComponent(s.id) }, "Analysis"),
          h("a", { href: "/negotiations.html?scenario=" + encodeURIComponent(s.id) }, "Negotiate"),
          h("button", { type: "button", class: "secondary", onclick: () => edit(s.id), "aria-label": "Edit " + s.name }, "Edit"),
          h("button", { type: "button", class: "danger", onclick: () => remove(s), "aria-label": "Delete " + s.name }, "Delete")),
      ]),
    }));
  } catch (e) {
    els.listStatus.error(e);
  }
}

async function remove(s) {
  if (!confirm("Delete the scenario " + s.name + "?")) return;
  try {
    await api("DELETE", "/api/v1/scenarios/" + encodeURIComponent(s.id));
    els.listStatus.ok("Deleted " + s.name + ".");
    if (param("scenario") === s.id) { setParam("scenario", ""); fill(els.summary); }
    refresh();
  } catch (e) {
    els.listStatus.error(e);
  }
}

// addSection: built-in examples and uploads.
function addSection() {
  const st = status();
  const exId = uid("example"), fileId = uid("files"), nameId = uid("name");
  const ex = h("select", { id: exId }, examples.map((e) => h("option", { value: e }, e)));
  const files = h("input", { id: fileId, type: "file", multiple: true, accept: ".yaml,.yml,.json,.xml,.csv" });
  const name = h("input", { id: nameId, type: "text", autocomplete: "off" });
  const upload = async () => {
    st.clear();
    const list = [...files.files];
    if (!list.length) { st.error("Choose one or more files first."); return; }
    const read = await Promise.all(list.map(async (f) => ({ name: f.name, content: await f.text() })));
    if (read.length === 1 && /\.csv$/i.test(read[0].name)) {
      try {
        const job = await api("POST", "/api/v1/forecasts", { body: { file: read[0] } });
        location.href = "/forecast.html?job=" + encodeURIComponent(job.id);
      } catch (e) {
        st.error(e);
      }
      return;
    }
    // A domain goes first, its profiles after it.
    read.sort((a, b) => (/domain/i.test(b.name) ? 1 : 0) - (/domain/i.test(a.name) ? 1 : 0));
    try {
      const sc = await api("POST", "/api/v1/scenarios", { body: { name: name.value.trim(), files: read } });
      st.ok("Added " + sc.name + " (" + sc.format + ", " + sc.parties.length + " parties, " + sc.issues.length + " issues).");
      files.value = "";
      refresh();
      showSummary(sc.id);
    } catch (e) {
      st.error(e);
      if (e instanceof ApiError && e.status === 400 && read.length === 1 && /\.(ya?ml|json)$/i.test(read[0].name)) {
        // Open the file in the editor, its problems marked at their lines.
        editor.load(read[0].name, read[0].content, name.value.trim());
        editor.show(e.errors);
        document.getElementById("editor-title").scrollIntoView();
      }
    }
  };
  return h("section", { id: "add", "aria-labelledby": "add-title" },
    h("h2", { id: "add-title" }, "Add a scenario"),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: exId }, "Built-in example"), ex),
      h("button", {
        type: "button", onclick: async () => {
          try {
            const sc = await api("POST", "/api/v1/scenarios", { body: { example: ex.value } });
            st.ok("Added the example " + sc.name + ".");
            refresh();
            showSummary(sc.id);
          } catch (e) { st.error(e); }
        },
      }, "Add the example")),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: fileId }, "Files"), files,
        h("span", { class: "muted small" }, "A native scenario (.yaml, .json) with its party files; a GENIUS domain (.xml) with one profile per party; a GeniusWeb domain (.json) with its profiles; or a forecast input (.csv), which opens the forecast.")),
      h("div", { class: "field" }, h("label", { for: nameId }, "Name (optional)"), name),
      h("button", { type: "button", onclick: upload }, "Upload")),
    st.el);
}

// The editor of the native format: a gutter of line numbers beside the
// text, the problems listed under it and marked in the gutter at their
// lines.
const editor = {};

function editorSection() {
  const st = status();
  const areaId = uid("source"), nameId = uid("scenario-name"), probId = uid("problems");
  const gutter = h("div", { class: "gutter", "aria-hidden": "true" });
  const area = h("textarea", { id: areaId, spellcheck: "false", wrap: "off", autocomplete: "off", "aria-describedby": probId });
  const problems = h("div", { id: probId, "aria-live": "polite" });
  const name = h("input", { id: nameId, type: "text", autocomplete: "off" });
  let file = "scenario.yaml", timer = 0, seq = 0;
  let marked = new Map();

  const lines = () => area.value.split("\n");
  const layout = () => {
    const ls = lines();
    area.rows = ls.length + 1;
    area.cols = Math.max(60, ...ls.map((l) => l.length + 2));
    fill(gutter, ls.map((_, i) => {
      const m = marked.get(i + 1);
      return h("span", { class: m ? "err" : null, "data-line": i + 1, title: m || null }, String(i + 1));
    }));
  };
  const goto = (line, col) => {
    const ls = lines();
    let at = 0;
    for (let i = 0; i < line - 1 && i < ls.length; i++) at += ls[i].length + 1;
    const end = at + (ls[line - 1] || "").length;
    area.focus();
    area.setSelectionRange(col ? Math.min(at + col - 1, end) : at, end);
    const top = (line - 3) * parseFloat(getComputedStyle(area).lineHeight || "20");
    area.parentElement.scrollTop = Math.max(0, top);
  };
  editor.show = (errs) => {
    marked = new Map();
    for (const p of errs || []) if (p.line && (!p.file || p.file === file)) marked.set(p.line, (marked.has(p.line) ? marked.get(p.line) + "; " : "") + p.message);
    layout();
    if (!errs || !errs.length) { fill(problems); return; }
    fill(problems, h("p", { class: "error" }, errs.length + " problem" + (errs.length === 1 ? "" : "s") + ":"),
      h("ul", { class: "problems" }, errs.map((p) => h("li", { class: "problem", "data-line": p.line || "" },
        p.line ? h("button", { type: "button", class: "linkish", onclick: () => goto(p.line, p.col) }, "line " + p.line + (p.col ? ", column " + p.col : "")) : null,
        p.line ? ": " : "", (p.field ? p.field + ": " : "") + p.message))));
  };
  const validate = async () => {
    const my = ++seq;
    try {
      const v = await api("POST", "/api/v1/scenarios/validate", { body: { files: [{ name: file, content: area.value }] } });
      if (my !== seq) return;
      if (v.valid) {
        st.ok("Valid" + (v.warnings && v.warnings.length ? ", with " + v.warnings.length + " warning" + (v.warnings.length === 1 ? "" : "s") : "") + ".");
        editor.show([]);
        if (v.warnings && v.warnings.length) fill(problems, h("ul", {}, v.warnings.map((w) => h("li", {}, where(w) + w.message))));
      } else {
        st.error("Not valid yet.");
        editor.show(v.errors);
      }
    } catch (e) {
      if (my === seq) st.error(e);
    }
  };
  editor.load = (fname, content, nm) => {
    file = fname || "scenario.yaml";
    area.value = content;
    name.value = nm || "";
    marked = new Map();
    layout();
  };
  area.addEventListener("input", () => {
    layout();
    clearTimeout(timer);
    timer = setTimeout(validate, 400);
  });
  editor.load("scenario.yaml", template, "");
  return h("section", { id: "editor", "aria-labelledby": "editor-title" },
    h("h2", { id: "editor-title" }, "Editor (native format)"),
    h("p", { class: "muted small" }, "Write or change a scenario in entente's native format (docs/format.md). It is checked as you type; each problem is listed with its line and marked in the margin. Saving stores it as a new scenario."),
    h("div", { class: "field" }, h("label", { for: nameId }, "Name (optional)"), name),
    h("label", { for: areaId }, "Scenario text"),
    h("div", { class: "editor" }, gutter, area),
    h("div", { class: "buttons" },
      h("button", { type: "button", onclick: validate }, "Validate"),
      h("button", {
        type: "button", class: "secondary", onclick: async () => {
          try {
            const sc = await api("POST", "/api/v1/scenarios", { body: { name: name.value.trim(), files: [{ name: file, content: area.value }] } });
            st.ok("Saved as " + sc.name + ".");
            refresh();
            showSummary(sc.id);
          } catch (e) {
            st.error(e);
            if (e instanceof ApiError) editor.show(e.errors);
          }
        },
      }, "Save as a new scenario")),
    st.el, problems);
}

async function edit(id) {
  try {
    const src = await api("GET", "/api/v1/scenarios/" + encodeURIComponent(id) + "/source");
    editor.load(src.file, src.content, src.name);
    editor.show([]);
    document.getElementById("editor-title").scrollIntoView();
  } catch (e) {
    els.listStatus.error(e);
  }
}

async function showSummary(id) {
  setParam("scenario", id);
  fill(els.summary, h("h2", { id: "summary-title" }, "Summary"), h("p", { role: "status" }, "Loading…"));
  try {
    const sc = await api("GET", "/api/v1/scenarios/" + encodeURIComponent(id));
    fill(els.summary, ...summary(sc));
  } catch (e) {
    fill(els.summary, h("h2", { id: "summary-title" }, "Summary"), h("p", { class: "error" }, errorText(e)));
  }
}

// summary reads the scenario's native document (docs/format.md).
function summary(sc) {
  const d = sc.document;
  const out = [h("h2", { id: "summary-title" }, "Summary: " + d.name)];
  out.push(h("div", { class: "buttons" },
    h("a", { class: "button", href: "/workspace.html?scenario=" + encodeURIComponent(sc.id) }, "Open in the what-if workspace"),
    h("a", { class: "button secondary", href: "/analysis.html?scenario=" + encodeURIComponent(sc.id) }, "Analyse"),
    h("a", { class: "button secondary", href: "/negotiations.html?scenario=" + encodeURIComponent(sc.id) }, "Negotiate")));
  if (d.description) out.push(h("p", {}, d.description));
  const parties = d.parties || [], issues = d.issues || [];
  out.push(h("p", {}, `${parties.length} parties, ${issues.length} issues; format ${sc.format}.`));
  out.push(h("h3", {}, "Issues and options"), table({
    caption: "Issues",
    head: ["issue", "options or range", "left unsettled by"],
    rows: issues.map((i) => [i.name, i.options ? i.options.join(", ") : (i.kind || "real") + " from " + fmt(i.range[0]) + " to " + fmt(i.range[1]), i.unsettled || ""]),
  }));
  out.push(h("h3", {}, "Parties"));
  for (const p of parties) {
    const card = h("section", { class: "card", "aria-label": "party " + p.name });
    card.append(h("h4", {}, p.name), p.description ? h("p", { class: "muted" }, p.description) : null,
      h("p", {}, "Walk-away value: ", h("strong", {}, fmt(num(p.reservation))), p.discount !== undefined ? "; discount " + fmt(num(p.discount)) : ""));
    if (p.weights) {
      const items = Object.entries(p.weights).map(([k, v]) => ({ label: k, value: num(v) }));
      card.append(h("p", { class: "small muted" }, "Weights of the issues:"), bars(items, Math.max(...items.map((i) => i.value), 1e-9), "weights of " + p.name));
    }
    if (p.bloc) {
      const b = p.bloc;
      card.append(h("p", {}, "A bloc deciding by ", h("strong", {}, b.rule), b.threshold !== undefined ? " (threshold " + fmt(num(b.threshold)) + ")" : "", " of its members:"),
        table({ caption: "Members of " + p.name, head: ["member", "weight", "walk-away value"], numeric: [false, true, true],
          rows: (b.members || []).map((m) => [m.name, fmt(num(m.weight)), fmt(num(m.reservation))]) }));
    }
    if (p.red_lines && p.red_lines.length) card.append(redLines(p.red_lines));
    out.push(card);
  }
  if (d.rules && d.rules.length) {
    out.push(h("h3", {}, "Rules"), h("ul", {}, d.rules.map((r) => h("li", {}, r.kind + ": " + (r.parties || []).join(", ") + (r.issues ? " (on " + r.issues.join(", ") + ")" : "")))));
  }
  if (d.constituencies && d.constituencies.length) {
    out.push(h("h3", {}, "Constituencies"));
    for (const c of d.constituencies) {
      const card = h("section", { class: "card", "aria-label": "constituency " + c.name });
      card.append(h("h4", {}, c.name), h("p", {}, "Ratifies for ", h("strong", {}, c.party), "; approval needed: ", h("strong", {}, fmt(num(c.threshold)))),
        c.description ? h("p", { class: "muted" }, c.description) : null,
        h("p", { class: "small muted" }, "Voter groups, by share:"),
        bars((c.voters || []).map((v) => ({ label: v.name + " (walk-away " + fmt(num(v.reservation)) + ")", value: num(v.share) })), 1, "voter groups of " + c.name));
      if (c.red_lines && c.red_lines.length) card.append(redLines(c.red_lines));
      out.push(card);
    }
  }
  if (d.guarantors && d.guarantors.length) {
    out.push(h("h3", {}, "Guarantors"), table({
      caption: "Guarantors and their credibility",
      head: ["guarantor", "credibility", "acting alone", "follows"], numeric: [false, true, true, false],
      rows: d.guarantors.map((g) => [g.name, fmt(num(g.credibility)), g.alone !== undefined ? fmt(num(g.alone)) : "", (g.follows || []).join(", ")]),
    }));
  }
  return out;
}

function redLines(lines) {
  return h("div", {}, h("p", { class: "small muted" }, "Red lines:"), h("ul", {}, lines.map((l) => h("li", {}, h("strong", {}, l.name), l.when ? ": never " + whenText(l.when) : ""))));
}

function whenText(when) {
  return when.map((w) => Object.entries(w).map(([k, v]) => k + " = " + (Array.isArray(v) ? v.join(" or ") : v)).join(" and ")).join("; nor ");
}

const template = `entente: 1
name: my negotiation
issues:
  - name: price
    options: [low, medium, high]
  - name: delivery
    options: [slow, fast]
parties:
  - name: buyer
    weights: {price: 0.7, delivery: 0.3}
    values:
      price: {low: 1, medium: 0.5, high: 0}
      delivery: {slow: 0, fast: 1}
    reservation: 0.3
  - name: seller
    weights: {price: 0.8, delivery: 0.2}
    values:
      price: {low: 0, medium: 0.6, high: 1}
      delivery: {slow: 1, fast: 0}
    reservation: 0.3
`;
