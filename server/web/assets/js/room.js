// The negotiation room of one person's seat. It shows the seat's own
// party's preferences only (what the seat's token allows: the server
// enforces it, and this page asks for nothing else), an offer builder with
// the package's utility for you and whether your constituencies would
// ratify it, the history of offers with your utility of each, the
// deadline, and accept / offer / walk away; live over the WebSocket.
//
// The token comes in the address's fragment (#token=..., which browsers
// never send to a server), is kept in this tab's sessionStorage and taken
// out of the address at once.

import { api, seatToken, setSeatToken, errorText } from "./api.js";
import { h, fill, frame, uid, param, num, fmt, pct, bars, status, pkgText } from "./ui.js";

frame("Negotiation room", { start, nav: false });

const nid = param("negotiation");
let token = "", seat = null, prefs = null, els = {}, ws = null, next = 0, turn = null, ended = false;
let utilCache = new Map(), deadline = null, round = 0, msgId = 0;

function start(main) {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m && nid) {
    setSeatToken(nid, decodeURIComponent(m[1]));
    window.history.replaceState(null, "", location.pathname + location.search);
  }
  token = nid ? seatToken(nid) : "";
  if (!nid) { fill(main, h("h1", {}, "Negotiation room"), h("p", {}, "Open the link you were given for your seat.")); return; }
  if (!token) { askToken(main); return; }
  enter(main);
}

function askToken(main) {
  const id = uid("token"), st = status();
  const input = h("input", { id, type: "password", autocomplete: "off", size: "40", required: true });
  fill(main, h("h1", {}, "Negotiation room"), h("form", {
    class: "card", onsubmit: (ev) => {
      ev.preventDefault();
      if (!input.value.trim()) { st.error("Give your seat's token."); return; }
      setSeatToken(nid, input.value.trim());
      token = input.value.trim();
      enter(main);
    },
  }, h("p", {}, "This room needs your seat's token, as the organiser gave it to you. It stays in this tab."),
  h("div", { class: "field" }, h("label", { for: id }, "Seat token"), input),
  h("div", { class: "buttons" }, h("button", { type: "submit" }, "Enter the room")), st.el));
  input.focus();
}

async function enter(main) {
  els.status = status();
  fill(main, h("h1", { id: "room-title" }, "Negotiation room"), els.status.el);
  try {
    seat = await api("GET", `/api/v1/negotiations/${encodeURIComponent(nid)}/seat`, { token });
  } catch (e) {
    els.status.error(e);
    if (e.status === 401) {
      setSeatToken(nid, "");
      main.append(h("p", {}, h("a", { href: location.pathname + location.search }, "Give another token")));
    }
    return;
  }
  prefs = (typeof seat.preferences === "string" ? JSON.parse(seat.preferences) : seat.preferences).parties[0];
  document.getElementById("room-title").textContent = "Negotiation room: " + seat.party;
  els.turn = h("div", { class: "turn waiting", id: "turn", role: "status", "aria-live": "polite" }, "Connecting…");
  els.deadline = h("p", { id: "deadline" });
  els.builder = h("form", { class: "offer-builder", id: "offer-builder", onsubmit: (ev) => ev.preventDefault() });
  els.history = h("ol", { class: "history", id: "history" });
  els.result = h("div", { id: "result", "aria-live": "polite" });
  fill(main,
    h("h1", { id: "room-title" }, "Negotiation room: " + seat.party),
    h("p", { class: "lead" }, "You negotiate for ", h("strong", {}, seat.party), " with ", seat.parties.filter((p) => p !== seat.party).join(", "), ". You see your own preferences only; the others see theirs."),
    els.status.el, els.turn, els.deadline, els.result,
    h("div", { class: "room" },
      h("section", { "aria-labelledby": "builder-title" }, h("h2", { id: "builder-title" }, "Your offer"), els.builder),
      h("section", { "aria-labelledby": "history-title" }, h("h2", { id: "history-title" }, "Offers so far"), els.history)),
    preferencesSection());
  builder();
  connect();
  setInterval(tick, 1000);
}

// preferencesSection shows the seat's own preferences.
function preferencesSection() {
  const items = Object.entries(prefs.weights || {}).map(([k, v]) => ({ label: k, value: num(v) }));
  const sec = h("section", { id: "preferences", "aria-labelledby": "prefs-title" }, h("h2", { id: "prefs-title" }, "Your preferences (" + seat.party + ")"),
    prefs.description ? h("p", { class: "muted" }, prefs.description) : null,
    h("p", {}, "Your walk-away value: ", h("strong", { id: "walk-away" }, fmt(seat.reservation, 4)), seat.discount !== 1 ? "; your utility is discounted by " + fmt(seat.discount) + " a round" : "", "."),
    h("p", { class: "small muted" }, "How much each issue matters to you:"), bars(items, Math.max(1e-9, ...items.map((i) => i.value)), "weights"));
  const vals = prefs.values || {};
  for (const is of seat.issues) {
    const v = vals[is.name];
    if (v && typeof v === "object" && !Array.isArray(v) && is.options) {
      sec.append(h("details", {}, h("summary", {}, "What you get from each option of " + is.name),
        bars(is.options.map((o) => ({ label: o, value: num(v[o]) === undefined ? 0 : num(v[o]) })), 1, "values of " + is.name)));
    }
  }
  return sec;
}

// builder makes the offer builder: a choice per issue, your utility of
// the package and your constituencies' verdict on it.
function builder() {
  const parts = [];
  els.pick = {};
  for (const is of seat.issues) {
    if (is.options) {
      const name = uid("issue");
      const opts = is.options.map((o, k) => {
        const id = uid("opt");
        const r = h("input", { type: "radio", id, name, value: o, checked: k === 0 });
        r.addEventListener("change", rate);
        return h("label", { class: "choice", for: id }, r, o);
      });
      els.pick[is.name] = () => els.builder.querySelector(`input[name="${name}"]:checked`).value;
      els.pick[is.name].set = (v) => { const r = [...els.builder.querySelectorAll(`input[name="${name}"]`)].find((x) => x.value === String(v)); if (r) r.checked = true; };
      parts.push(h("fieldset", { class: "issue" }, h("legend", {}, is.name), opts));
    } else {
      const id = uid("val");
      const input = h("input", { id, type: "number", min: is.min, max: is.max, step: is.kind === "integer" ? 1 : "any", value: is.min });
      input.addEventListener("input", rate);
      els.pick[is.name] = () => +input.value;
      els.pick[is.name].set = (v) => { input.value = v; };
      parts.push(h("fieldset", { class: "issue" }, h("legend", {}, is.name), h("label", { for: id }, is.kind + " from " + fmt(is.min) + " to " + fmt(is.max)), " ", input));
    }
  }
  els.rating = h("div", { id: "rating", "aria-live": "polite" });
  els.offer = h("button", { type: "button", id: "offer", disabled: true, onclick: () => move("offer", current()) }, "Offer this package");
  els.accept = h("button", { type: "button", id: "accept", class: "secondary", disabled: true, onclick: () => move("accept", turn.table) }, "Accept the package on the table");
  els.walk = h("button", { type: "button", id: "walk", class: "danger", disabled: true, onclick: () => { if (confirm("Walk away? The negotiation ends without agreement for everyone.")) move("walk"); } }, "Walk away");
  els.useTable = h("button", { type: "button", class: "secondary", id: "use-table", disabled: true, onclick: () => { setPackage(turn.table); rate(); } }, "Start from the table");
  els.vote = h("div", { id: "vote" });
  fill(els.builder, ...parts, els.rating, h("div", { class: "buttons" }, els.offer, els.useTable, els.accept, els.walk), els.vote);
  rate();
}

function current() {
  const p = {};
  for (const is of seat.issues) p[is.name] = els.pick[is.name]();
  return p;
}

function setPackage(p) {
  for (const [k, v] of Object.entries(p || {})) if (els.pick[k]) els.pick[k].set(v);
}

let rateSeq = 0;
async function rate() {
  const my = ++rateSeq;
  // A number being typed may be out of its range for a moment: say so
  // here, and ask the server only about packages that can be offered.
  const bad = [...els.builder.querySelectorAll("input[type=number]")].find((x) => x.value === "" || !x.checkValidity());
  if (bad) {
    fill(els.rating, h("p", { class: "bad" }, bad.labels[0].textContent + " (" + bad.closest("fieldset").querySelector("legend").textContent + "): give a number in the range."));
    return;
  }
  const p = current();
  try {
    const r = await api("POST", `/api/v1/negotiations/${encodeURIComponent(nid)}/evaluate`, { token, body: { packages: [p], ratification: true } });
    if (my !== rateSeq) return;
    const u = r.utilities[0];
    utilCache.set(JSON.stringify(sorted(p)), u);
    const ok = u >= seat.reservation;
    fill(els.rating,
      h("p", {}, "Your utility of this package: ", h("span", { class: "utility-now", id: "utility" }, fmt(u, 3)), " ",
        h("span", { class: ok ? "good" : "bad" }, ok ? "at least your walk-away value (" + fmt(seat.reservation, 3) + ")" : "below your walk-away value (" + fmt(seat.reservation, 3) + ")")),
      (r.ratification || []).length ? h("ul", { id: "ratification" }, r.ratification.map((c) => h("li", {}, c.constituency + ": ",
        c.approval[0] === null ? "not asked (the package is outside what it votes on)" : "approval " + pct(c.approval[0]) + " (needs " + pct(c.threshold) + "), ",
        h("span", { class: c.ratifies[0] ? "good" : "bad" }, c.ratifies[0] ? "would ratify" : "would reject")))) : null);
  } catch (e) {
    if (my === rateSeq) fill(els.rating, h("p", { class: "bad" }, errorText(e)));
  }
}

function sorted(p) {
  return Object.fromEntries(Object.keys(p).sort().map((k) => [k, p[k]]));
}

// connect opens the live connection, and reopens it when it drops.
function connect() {
  if (ended) return;
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + `/api/v1/negotiations/${encodeURIComponent(nid)}/live`;
  ws = new WebSocket(url);
  ws.onopen = () => ws.send(JSON.stringify({ type: "join", version: 1, token, since: next }));
  ws.onmessage = (ev) => handle(JSON.parse(ev.data));
  ws.onclose = () => { if (!ended) { setTurn(null, "Connection lost; reconnecting…"); setTimeout(connect, 1000); } };
}

function handle(m) {
  switch (m.type) {
    case "welcome":
      deadline = m.deadline;
      showDeadline();
      if (m.status === "created") setTurn(null, "The negotiation has not started yet.");
      break;
    case "update":
      round = m.round || round;
      for (const e of m.events) addEvent(e);
      next = m.next;
      showDeadline();
      if (!ended && m.status === "running" && (!turn || m.waiting_for !== seat.party)) setTurn(null, m.waiting_for ? "Waiting for " + m.waiting_for + "." : "Waiting.");
      break;
    case "deadline":
      deadline = m.deadline;
      round = m.round;
      showDeadline();
      break;
    case "your_turn":
      setTurn(m.turn);
      break;
    case "ack":
      els.status.ok("Your move is in.");
      break;
    case "end":
      ended = true;
      showEnd(m.result);
      break;
    case "error":
      els.status.error(errorText({ message: m.error.message, field: m.error.field }) || m.error.message);
      if (m.error.code === "unauthorized") { ended = true; ws.close(); }
      break;
  }
}

function setTurn(t, waiting) {
  turn = t;
  const allowed = new Set(t && t.kind === "act" ? t.allowed : []);
  els.offer.disabled = !allowed.has("offer");
  els.accept.disabled = !allowed.has("accept");
  els.walk.disabled = !allowed.has("walk");
  els.useTable.disabled = !(t && t.table);
  fill(els.vote);
  if (!t) {
    els.turn.className = "turn waiting";
    els.turn.textContent = waiting || "";
    return;
  }
  els.turn.className = "turn";
  if (t.kind === "vote") {
    fill(els.turn, h("strong", {}, "Your vote, round " + t.round + ": "), "the mediator proposes ", pkgText(t.proposal), "; your utility ", fmt(t.utility, 3), ".");
    const pId = uid("prefer");
    const prefer = h("input", { type: "checkbox", id: pId, checked: true });
    fill(els.vote, h("p", {}, h("span", {}, prefer, " ", h("label", { for: pId }, "I like it at least as much as the current text"))), h("div", { class: "buttons" },
      h("button", { type: "button", onclick: () => move("vote", null, { accept: true, prefer: prefer.checked }) }, "I would sign it"),
      h("button", { type: "button", class: "secondary", onclick: () => move("vote", null, { accept: false, prefer: prefer.checked }) }, "I would not sign it")));
    return;
  }
  fill(els.turn, h("strong", {}, "Your turn, round " + t.round + ". "),
    t.table ? h("span", {}, t.by + " offers ", h("span", { id: "table" }, pkgText(t.table)), "; your utility ", h("strong", { id: "table-utility" }, fmt(t.utility, 3)), ". ") : "Make the first offer. ",
    "You may " + orList(t.allowed.map((a) => (a === "walk" ? "walk away" : a))) + ".");
}

// orList joins words as a sentence does: "a", "a or b", "a, b or c".
function orList(words) {
  return words.length < 2 ? words.join("") : words.slice(0, -1).join(", ") + " or " + words[words.length - 1];
}

async function move(kind, pkg, extra) {
  const m = Object.assign({ type: kind, id: ++msgId }, pkg ? { package: pkg } : {}, extra || {});
  setTurn(null, "Sending your move…");
  ws.send(JSON.stringify(m));
}

async function addEvent(e) {
  if (!e.package || (e.action !== "offer" && e.action !== "accept" && e.action !== "proposal" && e.action !== "agreement")) return;
  const who = e.action === "agreement" ? "Agreement" : e.party || "the mediator";
  const li = h("li", { "data-seq": e.seq }, h("strong", {}, who), " ", e.action === "offer" ? "offers" : e.action === "accept" ? "accepts" : e.action === "agreement" ? "on" : "proposes",
    " (round " + e.round + "): ", pkgText(e.package), "; your utility ", h("span", { class: "u" }, "…"));
  els.history.append(li);
  li.scrollIntoView({ block: "nearest" });
  const key = JSON.stringify(sorted(e.package));
  let u = utilCache.get(key);
  if (u === undefined) {
    try {
      const r = await api("POST", `/api/v1/negotiations/${encodeURIComponent(nid)}/evaluate`, { token, body: { packages: [e.package] } });
      u = r.utilities[0];
      utilCache.set(key, u);
    } catch (err) {
      els.status.error(err);
      return;
    }
  }
  li.querySelector(".u").textContent = fmt(u, 3);
}

let remaining = null, remainingAt = 0;
function showDeadline() {
  if (!deadline) return;
  const parts = [];
  if (deadline.rounds) parts.push("round " + (round || 0) + " of " + deadline.rounds);
  if (deadline.seconds) {
    if (deadline.remaining_seconds !== undefined) { remaining = deadline.remaining_seconds; remainingAt = Date.now(); }
    parts.push(remaining !== null ? Math.max(0, Math.round(remaining - (Date.now() - remainingAt) / 1000)) + " s left of " + deadline.seconds : deadline.seconds + " s once it starts");
  }
  els.deadline.textContent = "Deadline: " + parts.join("; ") + ".";
}

function tick() {
  if (!ended && deadline && deadline.seconds && remaining !== null) showDeadline();
}

function showEnd(r) {
  setTurn(null, "The negotiation is over.");
  els.offer.disabled = els.accept.disabled = els.walk.disabled = true;
  const u = r.utilities ? r.utilities[seat.party] : undefined;
  fill(els.result, h("section", { class: "card", id: "end", "aria-labelledby": "end-title" },
    h("h2", { id: "end-title" }, r.agreement ? "Agreement" : "No agreement (" + r.status + ")"),
    r.package ? h("p", {}, "The package: ", pkgText(r.package), ".") : null,
    u !== undefined ? h("p", {}, "Your utility: ", h("strong", { id: "final-utility" }, fmt(u, 3)), ".") : null,
    (r.ratification || []).length ? h("ul", {}, r.ratification.map((v) => h("li", {}, v.constituency + " (" + v.party + "): " + (v.applies ? (v.ratified ? "ratifies" : "rejects") : "not asked") + (v.approval !== undefined ? ", approval " + pct(v.approval) : "")))) : null,
    r.agreement ? h("p", {}, r.deal_stands ? "The deal stands." : "The deal does not stand: some constituency rejects it.") : null));
}
