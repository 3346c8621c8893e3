// Package examples embeds the example scenarios, so that the entente
// binary can run them anywhere by name ("entente show laptop").
package examples
