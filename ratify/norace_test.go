//go:build !race

package ratify_test

const raceDetector = false
