//go:build race

package report_test

// raceDetector: the race detector slows the robustness analysis tenfold;
// the flagship's robustness is checked without it (the robust package's
// own tests cover its concurrency under the detector).
const raceDetector = true
