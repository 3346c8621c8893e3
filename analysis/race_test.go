//go:build race

package analysis_test

// raceDetector: the race detector slows every package down several times,
// so timing bounds are measured without it.
const raceDetector = true
