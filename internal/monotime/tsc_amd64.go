package monotime

import (
	"os"
	"runtime"
	"strings"
)

// counter reads the time-stamp counter.
func counter() uint64

// usable reports whether the time-stamp counter is the kernel's clock
// source: then it is invariant and synchronised between processors.
func usable() bool {
	if runtime.GOOS != "linux" {
		return false
	}
	b, err := os.ReadFile("/sys/devices/system/clocksource/clocksource0/current_clocksource")
	return err == nil && strings.TrimSpace(string(b)) == "tsc"
}
