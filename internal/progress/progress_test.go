package progress

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestLinesWhenNotATerminal: without a terminal the bar writes plain
// lines, the first after the delay and then one per tenth of the work,
// and a last one when done.
func TestLinesWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "work", 0).Counting("jobs")
	for _, d := range []uint64{0, 5, 9, 25, 29, 100} {
		b.Update(d, 100)
	}
	b.Done()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "work: 0% (0/100 jobs, ") || !strings.HasPrefix(lines[1], "work: 20% (25/100 jobs, ") ||
		!strings.Contains(lines[1], ", ETA ") || !strings.HasPrefix(lines[2], "work: done in ") || strings.Contains(buf.String(), "\r") {
		t.Errorf("got %q", buf.String())
	}
}

// TestQuickWorkIsSilent: work done before the delay writes nothing.
func TestQuickWorkIsSilent(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "work", time.Hour)
	b.Update(1, 2)
	b.Done()
	var nilBar *Bar
	nilBar.Update(1, 2)
	nilBar.Done()
	New(nil, "work", 0).Update(1, 2)
	if buf.Len() != 0 {
		t.Errorf("wrote %q", buf.String())
	}
}

func TestStages(t *testing.T) {
	var buf bytes.Buffer
	st := Stages(&buf, "report")
	st("analysing")
	st("writing")
	if buf.String() != "report: analysing\nreport: writing\n" {
		t.Errorf("got %q", buf.String())
	}
	if Stages(nil, "x") != nil {
		t.Error("a nil writer gives a callback")
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

// TestStoppedIsNotDone: work cancelled or failed ends its bar with a line
// that says it stopped; "done" is for work that finished. Before, an
// interrupted 'entente analyze' wrote "analyzing: done in 39s" above
// "interrupted (SIGINT)".
func TestStoppedIsNotDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []struct {
		ctx  context.Context
		err  error
		want string
	}{
		{context.Background(), nil, "work: done in "},
		{context.Background(), errors.New("no"), "work: stopped after "},
		{ctx, nil, "work: stopped after "},
	} {
		if c.ctx == ctx {
			cancel()
		}
		var buf bytes.Buffer
		b := New(&buf, "work", 0)
		b.Update(1, 2)
		b.End(c.ctx, c.err)
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, c.want) {
			t.Errorf("err %v, ctx %v: last line %q, want %q...", c.err, c.ctx.Err(), last, c.want)
		}
	}
}
