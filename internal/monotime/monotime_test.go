package monotime

import (
	"testing"
	"time"
)

// TestNowFollowsTheRuntimeClock: Now never goes back, and once calibrated
// it agrees with the runtime's monotonic clock within 0.1%.
func TestNowFollowsTheRuntimeClock(t *testing.T) {
	prev := Now()
	// Run until the counter is calibrated (or 100 ms pass where it is not
	// used): work, not sleep.
	for Now() < calibrateAfter+time.Millisecond || (counted && scale.Load() == nil && time.Since(origin) < time.Second) {
		n := Now()
		if n < prev {
			t.Fatalf("the clock went back from %v to %v", prev, n)
		}
		prev = n
	}
	for range 1000 {
		a := time.Since(origin)
		n := Now()
		b := time.Since(origin)
		// n lies between a and b, up to the calibration's error.
		slack := time.Duration(float64(b)*1e-3) + time.Microsecond
		if n < a-slack || n > b+slack {
			t.Fatalf("Now %v outside [%v, %v] (counted %v)", n, a, b, counted)
		}
	}
	t.Logf("counted: %v", Counted())
}

func BenchmarkNow(b *testing.B) {
	for Now() < calibrateAfter+time.Millisecond {
	}
	for b.Loop() {
		_ = Now()
	}
}
