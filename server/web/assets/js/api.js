// The server's API (/api/v1, docs/server.md) as the pages call it. Tokens
// live in the tab's sessionStorage, never in an address: the admin's under
// "entente.admin", a seat's under "entente.seat.<negotiation>".

const ADMIN = "entente.admin";

export function adminToken() {
  return sessionStorage.getItem(ADMIN) || "";
}

export function setAdminToken(tok) {
  if (tok) sessionStorage.setItem(ADMIN, tok);
  else sessionStorage.removeItem(ADMIN);
}

export function seatToken(negotiation) {
  return sessionStorage.getItem("entente.seat." + negotiation) || "";
}

export function setSeatToken(negotiation, tok) {
  if (tok) sessionStorage.setItem("entente.seat." + negotiation, tok);
  else sessionStorage.removeItem("entente.seat." + negotiation);
}

// ApiError is an error answer: its status, code, message and, for an
// invalid scenario, every problem with its file, line, column and field.
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || "the server answered " + status);
    this.status = status;
    this.code = e.code || "";
    this.field = e.field || "";
    this.file = e.file || "";
    this.line = e.line || 0;
    this.col = e.col || 0;
    this.errors = (body && body.errors) || (body && body.error ? [body.error] : []);
  }
}

// api sends a request and returns the decoded JSON answer (the text with
// opts.text, nothing for 204). opts.body is sent as JSON, or as it is
// when a string with opts.contentType; opts.token defaults to the
// admin's.
export async function api(method, path, opts = {}) {
  const headers = {};
  const token = opts.token !== undefined ? opts.token : adminToken();
  if (token) headers["Authorization"] = "Bearer " + token;
  let body;
  if (opts.body !== undefined) {
    if (typeof opts.body === "string" && opts.contentType) {
      body = opts.body;
      headers["Content-Type"] = opts.contentType;
    } else {
      body = JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
  }
  const resp = await fetch(path, { method, headers, body, signal: opts.signal, cache: "no-store", credentials: "omit" });
  if (resp.status === 204) return null;
  const text = await resp.text();
  if (!resp.ok) {
    let parsed = null;
    try { parsed = JSON.parse(text); } catch (_) { /* not JSON */ }
    throw new ApiError(resp.status, parsed);
  }
  if (opts.text) return { text, type: resp.headers.get("Content-Type") || "", disposition: resp.headers.get("Content-Disposition") || "" };
  return text ? JSON.parse(text) : null;
}

// waitJob polls a job until it is done or failed, calling onProgress with
// each state; it returns the finished job.
export async function waitJob(id, onProgress, signal) {
  let delay = 150;
  for (;;) {
    const j = await api("GET", "/api/v1/jobs/" + encodeURIComponent(id), { signal });
    if (onProgress) onProgress(j);
    if (j.status === "done" || j.status === "failed") return j;
    await new Promise((ok) => setTimeout(ok, delay));
    delay = Math.min(delay * 1.5, 1000);
  }
}

// errorText writes an error for people: the message, and where.
export function errorText(e) {
  if (!(e instanceof ApiError)) return String(e && e.message ? e.message : e);
  if (e.status === 401) return "Not signed in, or the token is wrong or expired.";
  if (e.status === 403) return "This token does not allow that.";
  return where(e) + e.message;
}

// where writes a problem's position: file:line:col: field: .
export function where(p) {
  let s = "";
  if (p.file) s += p.file + ":";
  if (p.line) s += p.line + ":";
  if (p.col) s += p.col + ":";
  if (s) s += " ";
  if (p.field) s += p.field + ": ";
  return s;
}
