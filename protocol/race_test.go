//go:build race

package protocol_test

// raceDetector: the race detector allocates on its own account, so
// allocation counts mean nothing under it.
const raceDetector = true
