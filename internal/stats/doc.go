// Package stats holds the small statistical formulas several packages
// share.
package stats
