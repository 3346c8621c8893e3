package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Bar reports progress of a counted job on w.
type Bar struct {
	w     io.Writer
	label string
	start time.Time
	delay time.Duration
	mu    sync.Mutex
	drawn bool
	unit  string
}

// New returns a bar for the job named by label, drawn on w only when w is
// a terminal. It appears after delay (a second in practice).
func New(w io.Writer, label string, delay time.Duration) *Bar {
	if !IsTerminal(w) {
		w = nil
	}
	return &Bar{w: w, label: label, start: time.Now(), delay: delay}
}

// IsTerminal reports whether w is a character device (a terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Counting makes the bar show the counts and the rate in these units
// ("negotiations"); it returns the bar.
func (b *Bar) Counting(unit string) *Bar {
	if b != nil {
		b.unit = unit
	}
	return b
}

// Update draws done out of total. It is safe for concurrent use.
func (b *Bar) Update(done, total uint64) {
	if b == nil || b.w == nil || total == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	el := time.Since(b.start)
	if el < b.delay {
		return
	}
	frac := float64(done) / float64(total)
	if frac > 1 {
		frac = 1
	}
	const width = 30
	full := int(frac * width)
	eta := ""
	if frac > 0 && frac < 1 {
		rest := time.Duration(float64(el) * (1 - frac) / frac)
		eta = fmt.Sprintf(" ETA %s", rest.Round(time.Second))
	}
	rate := ""
	if b.unit != "" && el > 0 {
		rate = fmt.Sprintf(" %d/%d %s, %.1f/s", done, total, b.unit, float64(done)/el.Seconds())
	}
	fmt.Fprintf(b.w, "\r%s [%s%s] %3.0f%%%s%s ", b.label, strings.Repeat("#", full), strings.Repeat(".", width-full), 100*frac, rate, eta)
	b.drawn = true
}

// Done clears the bar if it was drawn.
func (b *Bar) Done() {
	if b == nil || b.w == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", len(b.label)+100))
	}
}
