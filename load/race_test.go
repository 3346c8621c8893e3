//go:build race

package load_test

// raceEnabled: the reference-frontier search is pure arithmetic, some
// twenty times slower under the race detector; the plain run checks it.
const raceEnabled = true
