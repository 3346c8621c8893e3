// Package web holds the pages entente serve serves under / (docs/web.md):
// plain HTML, CSS and JavaScript modules embedded in the binary, with no
// build step. The pages call the server's API (/api/v1) and its live
// protocol only; Handler serves them under a strict Content-Security-Policy
// that lets them reach nothing else.
package web
