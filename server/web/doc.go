// Package web holds the pages the server serves under / (embedded in the
// binary). It holds a placeholder page for now; the browser pages of
// issue 18 go in assets/.
package web
