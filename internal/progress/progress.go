package progress

import (
	"context"
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
	// lines: w is not a terminal, so the bar writes a line per tenth of
	// the work instead; tenth is the last tenth written.
	lines bool
	tenth int
}

// New returns a bar for the job named by label, on w: drawn in place when
// w is a terminal, and otherwise written as a line per tenth of the work.
// Nothing appears before delay (a second in practice), so quick work stays
// silent. A nil w writes nothing.
func New(w io.Writer, label string, delay time.Duration) *Bar {
	return &Bar{w: w, label: label, start: time.Now(), delay: delay, lines: w != nil && !IsTerminal(w)}
}

// Stages returns a function that writes each stage of a job to w as one
// line, "label: stage", whether w is a terminal or not (nil for a nil w:
// callers may pass it on as an optional callback).
func Stages(w io.Writer, label string) func(stage string) {
	if w == nil {
		return nil
	}
	var mu sync.Mutex
	return func(stage string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s: %s\n", label, stage)
	}
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
	if b.lines {
		b.line(done, total, frac, el)
		return
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

// line writes a progress line the first time it is called after the delay
// and then each time the work crosses into a new tenth (not at the end:
// Done says that).
func (b *Bar) line(done, total uint64, frac float64, el time.Duration) {
	tenth := int(frac * 10)
	if (b.drawn && tenth <= b.tenth) || tenth >= 10 {
		return
	}
	b.tenth = tenth
	s := fmt.Sprintf("%s: %d%%", b.label, tenth*10)
	if b.unit != "" {
		s += fmt.Sprintf(" (%d/%d %s, %.1f/s)", done, total, b.unit, float64(done)/el.Seconds())
	}
	if frac > 0 {
		s += fmt.Sprintf(", ETA %s", time.Duration(float64(el)*(1-frac)/frac).Round(time.Second))
	}
	fmt.Fprintln(b.w, s)
	b.drawn = true
}

// Done clears the bar if it was drawn; without a terminal it writes a
// last line with the time taken, if it wrote any before.
func (b *Bar) Done() { b.end("done in") }

// Stop ends the bar of work that did not finish (cancelled, or failed):
// as Done, but a last line without a terminal says it stopped, never that
// it is done.
func (b *Bar) Stop() { b.end("stopped after") }

// End calls Done when the work succeeded (err is nil and ctx was not
// cancelled), and Stop otherwise.
func (b *Bar) End(ctx context.Context, err error) {
	if err == nil && ctx.Err() == nil {
		b.Done()
	} else {
		b.Stop()
	}
}

func (b *Bar) end(what string) {
	if b == nil || b.w == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lines {
		if b.drawn {
			fmt.Fprintf(b.w, "%s: %s %s\n", b.label, what, time.Since(b.start).Round(time.Second))
		}
		return
	}
	if b.drawn {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", len(b.label)+100))
	}
}
