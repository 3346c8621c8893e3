package montecarlo

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/entente/entente/forecast"
)

// TestRunContextCancelled: cancelled part-way, RunContext stops handing out
// runs and returns the cause, never intervals over the runs it did.
func TestRunContextCancelled(t *testing.T) {
	m := synthetic(6, 3, 11)
	stop := errors.New("stopped by the test")
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var calls atomic.Int64
	mean := Baseline("mean", forecast.Mean)
	counting := Forecaster{Name: "counting", Forecast: func(m *forecast.Model) ([]float64, error) {
		if calls.Add(1) == 10 {
			cancel(stop)
		}
		return mean.Forecast(m)
	}}
	res, err := RunContext(ctx, m, 100000, 1, []Forecaster{counting}, 2)
	if !errors.Is(err, stop) || res != nil {
		t.Fatalf("RunContext after cancellation: %v, %v; want the cause and no result", res != nil, err)
	}
	if n := calls.Load(); n > 100 {
		t.Errorf("%d runs after cancelling at the 10th", n)
	}
}
