//go:build !race

package wire

// raceEnabled reports a build with the race detector, which changes what
// is allocated and slows the work about tenfold.
const raceEnabled = false
