// Helpers every page uses: building elements, the page's frame (the
// navigation and the admin's sign-in), numbers, tables, progress.

import { api, adminToken, setAdminToken, errorText } from "./api.js";

// h makes an element: h("a", {href: "/", class: "x", onclick: f}, "text", child...).
// Attribute values of null, undefined or false are left out.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k === "for") el.htmlFor = v;
    else if (k === "value") el.value = v;
    else if (k === "checked" || k === "selected" || k === "disabled" || k === "hidden") el[k] = !!v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// clear empties an element and fills it with children.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
// uid returns a new unique id for labels and descriptions.
export function uid(prefix) {
  ids++;
  return (prefix || "id") + "-" + ids;
}

// param returns a query parameter of the page's address.
export function param(name) {
  return new URLSearchParams(location.search).get(name) || "";
}

// num reads a number that may be written annotated ({value, range, ...}).
export function num(v) {
  if (v && typeof v === "object" && "value" in v) return v.value;
  return v;
}

// fmt writes a number with up to d decimals (trailing zeros dropped).
export function fmt(x, d = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (typeof x !== "number") return String(x);
  if (Number.isInteger(x)) return String(x);
  const s = x.toFixed(d);
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

// pct writes a share as a percentage.
export function pct(x, d = 1) {
  if (x === null || x === undefined) return "–";
  return fmt(100 * x, d) + "%";
}

// pkgText writes a package: "issue = value; issue = value".
export function pkgText(p) {
  if (!p) return "none";
  return Object.entries(p).map(([k, v]) => k + " = " + (typeof v === "number" ? fmt(v, 4) : v)).join("; ");
}

// table makes a table: {caption, head, rows, numeric: [bool...]}; a cell
// may be a node.
export function table({ caption, head, rows, numeric = [], cls }) {
  const t = h("table", { class: cls });
  if (caption) t.append(h("caption", {}, caption));
  t.append(h("thead", {}, h("tr", {}, head.map((c, i) => h("th", { scope: "col", class: numeric[i] ? "num" : null }, c)))));
  t.append(h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", { class: numeric[i] ? "num" : null }, c)))))));
  return h("div", { class: "table-wrap" }, t);
}

// bars draws labelled horizontal bars of values in [0, max].
export function bars(items, max = 1, label) {
  const wrap = h("div", { class: "bars", role: "list", "aria-label": label || null });
  for (const it of items) {
    const bar = h("span");
    bar.style.width = Math.max(0, Math.min(100, (100 * it.value) / (max || 1))) + "%";
    wrap.append(
      h("span", { role: "listitem" }, it.label, h("span", { class: "sr-only" }, ": " + fmt(it.value, 3))),
      h("span", { class: "bar", "aria-hidden": "true" }, bar),
      h("span", { class: "num", "aria-hidden": "true" }, fmt(it.value, 3)),
    );
  }
  return wrap;
}

// status is a live region for messages.
export function status() {
  const el = h("p", { class: "status", role: "status", "aria-live": "polite" });
  return {
    el,
    ok(msg) { el.className = "status ok"; el.textContent = msg; },
    info(msg) { el.className = "status"; el.textContent = msg; },
    error(e) { el.className = "status error"; el.textContent = typeof e === "string" ? e : errorText(e); },
    clear() { el.className = "status"; el.textContent = ""; },
  };
}

// progress is a progress bar with a label, for jobs.
export function progress(label) {
  const id = uid("progress");
  const bar = h("progress", { id, max: "1", value: "0" });
  const text = h("span", { class: "muted small", role: "status", "aria-live": "polite" });
  const el = h("div", { class: "row" }, h("label", { for: id }, label), bar, text);
  el.hidden = true;
  return {
    el,
    show(job) {
      el.hidden = false;
      bar.value = job.progress || 0;
      text.textContent = job.status + (job.status === "running" ? " " + Math.round(100 * (job.progress || 0)) + "%" : "");
    },
    hide() { el.hidden = true; },
  };
}

// download saves data as a file.
export function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type: type || "application/octet-stream" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

// csv writes rows as CSV; a cell a spreadsheet would run as a formula
// gets an apostrophe.
export function csv(rows) {
  return rows.map((r) => r.map((c) => {
    let s = c === null || c === undefined ? "" : typeof c === "number" ? String(c) : String(c);
    if (typeof c !== "number" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }).join(",")).join("\r\n") + "\r\n";
}

const pages = [
  ["/", "Scenarios"],
  ["/workspace.html", "What-if"],
  ["/analysis.html", "Analysis"],
  ["/forecast.html", "Forecast"],
  ["/negotiations.html", "Negotiations"],
  ["/tournaments.html", "Tournaments"],
];

// frame sets up the page: the skip link, the navigation, the title. With
// admin, it asks for the admin token first (kept in this tab's
// sessionStorage) and calls start once signed in. It returns main.
export function frame(title, opts = {}) {
  document.title = title + " · entente";
  const main = document.getElementById("main") || h("main", { id: "main" });
  const here = location.pathname === "/index.html" ? "/" : location.pathname;
  const who = h("div", { class: "who" });
  const header = h("header", { class: "top" },
    h("a", { class: "brand", href: opts.nav === false ? location.pathname + location.search : "/" }, "entente"),
    opts.nav === false ? null : h("nav", { "aria-label": "Pages" }, h("ul", {}, pages.map(([href, name]) =>
      h("li", {}, h("a", { href: withScenario(href), "aria-current": here === href ? "page" : null }, name))))),
    who);
  document.body.prepend(h("a", { class: "skip", href: "#main" }, "Skip to the content"), header);
  if (!main.isConnected) document.body.append(main);
  // start runs once the calling module has finished its own top-level
  // statements (a microtask later), so that it may use the module's
  // variables whatever their order.
  const start = () => queueMicrotask(() => opts.start(main));
  if (opts.admin) {
    const signedIn = () => {
      fill(who, h("span", {}, "admin"), h("button", { class: "secondary", type: "button", onclick: () => { setAdminToken(""); location.reload(); } }, "Sign out"));
      start();
    };
    if (adminToken()) signedIn();
    else signIn(main, title, signedIn);
  } else if (opts.start) {
    start();
  }
  return main;
}

// withScenario keeps the scenario chosen when moving between pages that
// show one.
function withScenario(href) {
  const sc = param("scenario");
  if (sc && (href === "/workspace.html" || href === "/analysis.html" || href === "/")) return href + "?scenario=" + encodeURIComponent(sc);
  return href;
}

function signIn(main, title, done) {
  const st = status();
  const id = uid("token");
  const input = h("input", { id, type: "password", autocomplete: "current-password", required: true, size: "40" });
  const form = h("form", {
    class: "card",
    onsubmit: async (ev) => {
      ev.preventDefault();
      const tok = input.value.trim();
      try {
        await api("GET", "/api/v1/scenarios", { token: tok });
        setAdminToken(tok);
        fill(main);
        done();
      } catch (e) {
        st.error(e);
        input.focus();
      }
    },
  },
  h("h1", {}, title),
  h("p", {}, "This page needs the server's admin token (printed by ", h("code", {}, "entente serve"), " when it first started, or set with ENTENTE_ADMIN_TOKEN). It is kept in this tab only, until you sign out or close it."),
  h("div", { class: "field" }, h("label", { for: id }, "Admin token"), input),
  h("div", { class: "buttons" }, h("button", { type: "submit" }, "Sign in")),
  st.el);
  fill(main, form);
  input.focus();
}

// scenarioPicker makes a select of the stored scenarios; onchange gets
// the id. It selects current when given.
export async function scenarioPicker(current, onchange) {
  const id = uid("scenario");
  const sel = h("select", { id });
  const { scenarios } = await api("GET", "/api/v1/scenarios");
  sel.append(h("option", { value: "" }, scenarios.length ? "choose a scenario" : "no scenario stored yet"));
  for (const s of scenarios) sel.append(h("option", { value: s.id, selected: s.id === current }, s.name + " (" + s.format + ")"));
  sel.addEventListener("change", () => onchange(sel.value));
  return h("div", { class: "field" }, h("label", { for: id }, "Scenario"), sel);
}

// setParam records a query parameter in the address without reloading.
export function setParam(name, value) {
  const u = new URL(location.href);
  if (value) u.searchParams.set(name, value);
  else u.searchParams.delete(name);
  history.replaceState(null, "", u.pathname + u.search);
}
