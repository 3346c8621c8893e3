// Package hostile writes a corpus of hostile and oversized inputs: files
// that are not files (a device, a named pipe), files far larger than any
// scenario, numbers and counts that the formats allow but no negotiation
// needs (ranges of 10^9 values, millions of options, thousands of parties,
// hundreds of thousands of interaction boxes), nesting and alias bombs,
// broken encodings, and command-line flags at the edge of their type.
//
// Each Case pairs inputs with the entente command that must handle them
// within bounded time and memory: with a clear error message, or with a
// correct answer. The test of cmd/entente runs every case as a child
// process under a memory limit and a deadline (see docs/cli.md, "Limits").
package hostile
