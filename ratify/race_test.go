//go:build race

package ratify_test

// raceDetector: the race detector slows every test several times, so the
// long ones look at fewer packages under it.
const raceDetector = true
