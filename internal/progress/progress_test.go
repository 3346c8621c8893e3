package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestSilentWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "work", 0)
	b.Update(1, 2)
	b.Done()
	if buf.Len() != 0 {
		t.Errorf("wrote %q to a buffer", buf.String())
	}
}

// Issue 15: long work shows progress also when standard error is not a
// terminal, as plain lines, a few seconds apart.
func TestLinesWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "analyzing", 0)
	b.start = time.Now().Add(-2 * PlainEvery)
	b.Update(25, 100)
	b.Update(26, 100) // too soon after the first line
	b.Done()
	if got, want := buf.String(), "analyzing: 25% after 10s ETA 30s\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	b.last = time.Now().Add(-PlainEvery)
	b.Update(50, 100)
	if strings.Count(buf.String(), "\n") != 2 || strings.Contains(buf.String(), "\r") {
		t.Errorf("got %q", buf.String())
	}
}

func TestDrawsAfterDelay(t *testing.T) {
	var buf bytes.Buffer
	b := &Bar{w: &buf, label: "analyze", start: time.Now().Add(-2 * time.Second), delay: time.Second}
	b.Update(50, 100)
	if !strings.Contains(buf.String(), "analyze [###############...............]  50%") {
		t.Errorf("got %q", buf.String())
	}
	quick := &Bar{w: &buf, label: "x", start: time.Now(), delay: time.Hour}
	buf.Reset()
	quick.Update(1, 2)
	if buf.Len() != 0 {
		t.Error("drawn before the delay")
	}
}
