// Package server is entente's HTTP JSON API (/api/v1, described by the
// OpenAPI document at /api/v1/openapi.json) and its live sessions over
// WebSocket (docs/protocol.md). The domain, negotiations with seats,
// tokens and a durable move log, is package live's; this package reads
// requests, checks tokens, and writes JSON.
//
// Errors: every handler returns an error, and one function (status) maps
// its code (entente.Error.Code) to an HTTP status. Internal details are
// logged, never shown. Unknown, wrong or expired tokens get 401, tokens
// that do not allow the request 403, both without detail.
//
// Privacy: an admin sees everything; a seat sees the public history and
// its own party's preferences and utilities only (see the leak test).
//
// Embedded web pages belong in package server/web, served under /.
package server
