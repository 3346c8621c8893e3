// Package monotime reads a monotonic clock cheaply. Where the processor's
// time-stamp counter is the kernel's own clock source (Linux on amd64 with
// an invariant TSC) it reads the counter, about 10 ns, scaled to
// nanoseconds against the runtime's monotonic clock; elsewhere, and until
// that scale is known (20 ms after the process starts), it reads the
// runtime's monotonic clock through time.Since, about three times as
// long. The session referee reads it at every call into a negotiator.
package monotime

import (
	"math"
	"sync/atomic"
	"time"
)

// origin anchors the clock: Now is the time since origin.
var (
	origin    = time.Now()
	originTSC = counter()
)

// calibration holds the counter's scale once known.
type calibration struct {
	nsPerTick float64
}

var (
	scale   atomic.Pointer[calibration]
	trying  atomic.Bool
	counted = usable()
)

// calibrateAfter is how long after the start the counter's scale is
// measured: long enough for a relative error below 1e-6.
const calibrateAfter = 20 * time.Millisecond

// Now returns the time since the process started, on a monotonic clock.
func Now() time.Duration {
	if c := scale.Load(); c != nil {
		return time.Duration(float64(counter()-originTSC) * c.nsPerTick)
	}
	d := time.Since(origin)
	if counted && d >= calibrateAfter && trying.CompareAndSwap(false, true) {
		calibrate()
	}
	return d
}

// calibrate measures the counter's ticks against the monotonic clock since
// the start.
func calibrate() {
	tick := counter()
	d := time.Since(origin)
	ticks := float64(tick - originTSC)
	if ticks <= 0 || d <= 0 {
		return // the counter did not advance: stay with the runtime's clock
	}
	ns := float64(d) / ticks
	if math.IsNaN(ns) || math.IsInf(ns, 0) {
		return
	}
	scale.Store(&calibration{nsPerTick: ns})
}

// Counted reports whether Now reads the time-stamp counter (once
// calibrated).
func Counted() bool { return counted }
