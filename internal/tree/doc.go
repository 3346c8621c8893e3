// Package tree reads YAML and JSON files into trees of yaml.Node values
// that carry the line and column of every value, and helps readers report
// every problem of a file, each at its position.
//
// Parse reads either syntax (JSON by a parser of its own that keeps
// positions, so that both give the same nodes) within the limits of
// internal/infile: text that is not UTF-8, a file with too many values,
// malformed YAML or JSON (a truncated JSON file included) get an error
// with the line and column. A Reader then walks the tree: its helpers
// (Fields, List, Number, Text, ...) record a problem and carry on, so
// that a file with four mistakes gets four messages, up to MaxErrors.
//
// The native scenario format, forecast inputs and tournament plans read
// their files with it; GeniusWeb's JSON reader uses its JSON parser.
package tree
