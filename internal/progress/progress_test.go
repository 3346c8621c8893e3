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
