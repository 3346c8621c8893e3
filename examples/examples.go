// Package examples embeds the example scenarios, so that the entente
// binary can run them anywhere by name ("entente show laptop").
package examples

import "embed"

// FS holds the example files (*.yaml), at its root.
//
//go:embed *.yaml
var FS embed.FS
