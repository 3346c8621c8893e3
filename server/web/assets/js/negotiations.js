// Negotiations (admin): the negotiations on this server, and a new one of
// a scenario with each party played by a person, a remote agent or a
// built-in negotiator. The seats' tokens are shown once, with each
// person's link to the negotiation room (the token in the link's
// fragment, which browsers never send to a server).

import { api } from "./api.js";
import { h, fill, frame, uid, param, table, status, scenarioPicker } from "./ui.js";

frame("Negotiations", { admin: true, start });

const strategies = ["boulware", "conceder", "linear", "hardliner", "frequency", "titfortat", "timedep", "random"];
let els = {};

async function start(main) {
  els.status = status();
  els.list = h("div");
  els.form = h("div");
  els.created = h("div", { id: "created", "aria-live": "polite" });
  fill(main, h("h1", {}, "Negotiations"),
    h("p", { class: "lead" }, "Run a negotiation in which people, remote agents and built-in negotiators take part. Each person gets a link to the negotiation room for their seat; the room shows them their own party's preferences only."),
    h("section", { "aria-labelledby": "new-title" }, h("h2", { id: "new-title" }, "A new negotiation"),
      await scenarioPicker(param("scenario"), (id) => setup(id)), els.form, els.created),
    h("section", { "aria-labelledby": "list-title" }, h("h2", { id: "list-title" }, "On this server"), els.status.el, els.list));
  if (param("scenario")) setup(param("scenario"));
  refresh();
}

async function refresh() {
  try {
    const { negotiations } = await api("GET", "/api/v1/negotiations");
    if (!negotiations.length) { fill(els.list, h("p", { class: "muted" }, "None yet.")); return; }
    fill(els.list, table({
      caption: negotiations.length + " negotiation" + (negotiations.length === 1 ? "" : "s"),
      head: ["negotiation", "protocol", "status", ""],
      rows: negotiations.slice().reverse().map((n) => [n.id, n.protocol, n.status, h("span", { class: "buttons" },
        h("a", { href: "/viewer.html?negotiation=" + encodeURIComponent(n.id) }, "View"),
        n.status === "created" ? h("button", { type: "button", class: "secondary", onclick: () => startNegotiation(n.id), "aria-label": "Start " + n.id }, "Start") : null,
        n.status === "running" ? h("button", { type: "button", class: "danger", onclick: () => abortNegotiation(n.id), "aria-label": "Abort " + n.id }, "Abort") : null)]),
    }));
  } catch (e) {
    els.status.error(e);
  }
}

async function startNegotiation(id) {
  try {
    await api("POST", "/api/v1/negotiations/" + encodeURIComponent(id) + "/start");
    els.status.ok("Started " + id + ".");
    refresh();
  } catch (e) {
    els.status.error(e);
  }
}

async function abortNegotiation(id) {
  if (!confirm("Abort negotiation " + id + "? It ends at once without agreement (status cancelled); this cannot be undone.")) return;
  try {
    await api("POST", "/api/v1/negotiations/" + encodeURIComponent(id) + "/abort");
    els.status.ok("Aborted " + id + ".");
    refresh();
  } catch (e) {
    els.status.error(e);
  }
}

async function setup(id) {
  fill(els.form);
  fill(els.created);
  if (!id) return;
  let sc;
  try {
    sc = await api("GET", "/api/v1/scenarios/" + encodeURIComponent(id));
  } catch (e) {
    els.status.error(e);
    return;
  }
  const st = status();
  const seats = sc.parties.map((p, i) => {
    const kId = uid("kind"), sId = uid("strategy");
    const kind = h("select", { id: kId }, ["person", "builtin", "agent"].map((k) => h("option", { value: k, selected: i === 0 ? k === "person" : k === "builtin" }, k === "builtin" ? "built-in negotiator" : k === "agent" ? "remote agent" : "person")));
    const strat = h("select", { id: sId }, strategies.map((s) => h("option", { value: s }, s)));
    const sync = () => { strat.disabled = kind.value !== "builtin"; };
    kind.addEventListener("change", sync);
    sync();
    return { party: p, kind, strat, row: [p, h("span", {}, h("label", { for: kId, class: "sr-only" }, "who plays " + p), kind), h("span", {}, h("label", { for: sId, class: "sr-only" }, "strategy of " + p), strat)] };
  });
  const rId = uid("rounds"), tId = uid("seconds");
  const rounds = h("input", { id: rId, type: "number", min: "0", value: "20" });
  const seconds = h("input", { id: tId, type: "number", min: "0", value: "0" });
  fill(els.form,
    table({ caption: "Who plays each party of " + sc.name, head: ["party", "played by", "strategy (built-in)"], rows: seats.map((s) => s.row) }),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: rId }, "Deadline in rounds (0: none)"), rounds),
      h("div", { class: "field" }, h("label", { for: tId }, "Deadline in seconds (0: none)"), seconds),
      h("button", {
        type: "button", onclick: async () => {
          const spec = { scenario: id, rounds: +rounds.value, seconds: +seconds.value,
            seats: seats.map((s) => ({ party: s.party, kind: s.kind.value, strategy: s.kind.value === "builtin" ? s.strat.value : undefined })) };
          try {
            const c = await api("POST", "/api/v1/negotiations", { body: spec });
            created(c);
            refresh();
          } catch (e) {
            st.error(e);
          }
        },
      }, "Create the negotiation")),
    st.el);
}

// created shows the tokens, once.
function created(c) {
  const base = location.origin;
  const ws = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/negotiations/" + c.id + "/live";
  const rows = c.seats.filter((s) => s.token).map((s) => {
    if (s.kind === "person") {
      const link = base + "/room.html?negotiation=" + encodeURIComponent(c.id) + "#token=" + encodeURIComponent(s.token);
      return [s.party, "person", h("a", { href: link, class: "room-link", "data-party": s.party, target: "_blank", rel: "noopener" }, "room of " + s.party)];
    }
    return [s.party, "remote agent", h("code", {}, ws + " " + s.token)];
  });
  fill(els.created, h("div", { class: "card" },
    h("h3", {}, "Negotiation " + c.id + " created"),
    h("p", {}, "Hand each seat its link or token now: they are shown once. A room link carries the seat's token after the # sign, which the browser keeps to itself; the room moves it into the tab's storage and takes it out of the address."),
    rows.length ? table({ caption: "Seats", head: ["party", "played by", "link or token"], rows }) : h("p", {}, "Every seat is a built-in negotiator."),
    h("div", { class: "buttons" },
      h("button", { type: "button", onclick: async () => { await startNegotiation(c.id); } }, "Start the negotiation"),
      h("a", { href: "/viewer.html?negotiation=" + encodeURIComponent(c.id) }, "Watch it in the viewer"))));
}
