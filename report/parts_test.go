package report_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/entente/entente/report"
)

// TestPartsSideBySide: the report's parts run side by side give, byte for
// byte, the report they give one after the other (Workers 1), and the same
// when built again: no part's result depends on which finished first.
func TestPartsSideBySide(t *testing.T) {
	s, fm := example(t, "ukraine-2025")
	page := func(workers int) []byte {
		opt := quick
		opt.Workers = workers
		doc, err := report.Build(context.Background(), s, fm, opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := doc.HTML(&buf); err != nil {
			t.Fatal(err)
		}
		var md bytes.Buffer
		if err := doc.Markdown(&md, func(n int, svg []byte) (string, error) { return "", nil }); err != nil {
			t.Fatal(err)
		}
		return append(buf.Bytes(), md.Bytes()...)
	}
	serial := page(1)
	for _, w := range []int{0, 3} {
		if got := page(w); !bytes.Equal(got, serial) {
			t.Errorf("the report built with %d workers differs from the one built part after part", w)
		}
	}
}

// TestCancelledPartAfterPart: cancelled as the forecast starts, Build
// returns the cause and no document, whether the parts run side by side
// or one after the other (TestCancelledBuildIsNoReport tries every stage
// side by side).
func TestCancelledPartAfterPart(t *testing.T) {
	s, fm := example(t, "ukraine-2025")
	for _, w := range []int{0, 1} {
		stop := errors.New("stopped at the forecast")
		ctx, cancel := context.WithCancelCause(context.Background())
		opt := quick
		opt.Workers = w
		opt.Progress = func(stage string) {
			if stage == "running the forecasting models" {
				cancel(stop)
			}
		}
		doc, err := report.Build(ctx, s, fm, opt)
		cancel(nil)
		if doc != nil || !errors.Is(err, stop) {
			t.Errorf("workers %d: Build returned a document (%v) and %v; want none and the cause", w, doc != nil, err)
		}
	}
}
