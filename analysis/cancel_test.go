package analysis_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
)

// costly is a two-party scenario of 4·10^6 packages (two integer issues of
// 2,000 values) whose first party has 20,000 interaction boxes over both
// issues, within every default limit: a package costs some 60,000
// condition checks, so a chunk of the space takes seconds.
func costly() *entente.Scenario {
	s := &entente.Scenario{Name: "costly", Issues: []entente.Issue{
		{Name: "x", Kind: entente.Integer, Min: 0, Max: 1999},
		{Name: "y", Kind: entente.Integer, Min: 0, Max: 1999},
	}}
	lin := func(offset, slope float64) entente.ValueFunc { return entente.Linear{Offset: offset, Slope: slope} }
	a := entente.Preferences{Weights: []float64{0.5, 0.4}, Values: []entente.ValueFunc{lin(0, 0.0005), lin(1, -0.0005)}}
	const terms = 20000
	for t := range terms {
		x0, y0 := float64(t*37%1900), float64(t*53%1900)
		a.Interactions = append(a.Interactions, entente.Interaction{Name: fmt.Sprint("t", t), Value: 0.1 / terms,
			Boxes: []entente.Box{{{Issue: 0, Min: x0, Max: x0 + 100}, {Issue: 1, Min: y0, Max: y0 + 100}}}})
	}
	b := entente.Preferences{Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{lin(1, -0.0005), lin(0, 0.0005)}}
	s.Parties = []entente.Party{{Name: "a", Preferences: a}, {Name: "b", Preferences: b}}
	return s
}

// TestCancelStopsSoon: a cancelled analysis stops within a block of 1,024
// packages (a fraction of a second here; the test allows 2 s) however
// costly each package is, not at the end of the chunk it was in. Before,
// with chunks of some 60,000 packages at 60,000 checks each, SIGINT took
// 13 to 19 seconds to stop `entente analyze` on this scenario.
func TestCancelStopsSoon(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates a costly scenario for a moment")
	}
	if raceDetector {
		t.Skip("a block takes seconds under the race detector; the bound is measured without it")
	}
	s := costly()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := analysis.Analyze(ctx, s, analysis.Options{})
		done <- err
	}()
	time.Sleep(300 * time.Millisecond) // well inside the first chunks
	cancel()
	start := time.Now()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the cancelled analysis returned %v", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("the analysis stopped %v after it was cancelled", d.Round(time.Millisecond))
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the analysis did not stop within 3 s of its cancellation")
	}
}
