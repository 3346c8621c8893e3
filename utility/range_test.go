package utility_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// Issue 15: with interaction terms on an integer issue of 10^9 values, the
// best and worst outcomes took minutes (1,000 terms: 250 s). The search
// works on the breakpoints and within a work budget; here its answers are
// checked against a brute force over every breakpoint, written from the
// definitions of docs/format.md.
func TestExtremesOnAWideRange(t *testing.T) {
	const top = 1e9
	issues := []entente.Issue{
		{Name: "x", Kind: entente.Integer, Min: 0, Max: top},
		{Name: "y", Kind: entente.Discrete, Options: []string{"p", "q"}},
	}
	rng := rand.New(rand.NewPCG(15, 1))
	type term struct {
		lo, hi float64
		y      int
		value  float64
	}
	var terms []term
	p := entente.Preferences{Weights: []float64{0.5, 0.3}, Values: []entente.ValueFunc{
		entente.Linear{Offset: 0, Slope: 1 / top},
		entente.Table{Values: []float64{1, 0}},
	}}
	for range 1000 {
		lo := math.Floor(rng.Float64() * top)
		tm := term{lo: lo, hi: math.Min(top, lo+math.Floor(rng.Float64()*5e6)), y: rng.IntN(2), value: (rng.Float64() - 0.3) * 0.004}
		terms = append(terms, tm)
		p.Interactions = append(p.Interactions, entente.Interaction{Value: tm.value, Boxes: []entente.Box{{
			{Issue: 0, Min: tm.lo, Max: tm.hi},
			{Issue: 1, Options: []int{tm.y}},
		}}})
	}
	// The utility from the definitions: weighted values plus the terms
	// whose box holds the outcome.
	u := func(x float64, y int) float64 {
		v := 0.5*x/top + 0.3*float64(1-y)
		for _, tm := range terms {
			if x >= tm.lo && x <= tm.hi && y == tm.y {
				v += tm.value
			}
		}
		return v
	}
	// The utility is linear in x between box edges: its extremes lie at
	// the range's ends or on either side of an edge.
	xs := []float64{0, top}
	for _, tm := range terms {
		xs = append(xs, tm.lo, tm.hi, tm.lo-1, tm.hi+1)
	}
	best, worst := math.Inf(-1), math.Inf(1)
	for _, x := range xs {
		if x < 0 || x > top {
			continue
		}
		for y := range 2 {
			best, worst = math.Max(best, u(x, y)), math.Min(worst, u(x, y))
		}
	}
	f, err := utility.New(issues, &p)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	b, w := f.Best(), f.Worst()
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("best and worst took %v", d)
	}
	if !b.Exact || !w.Exact {
		t.Errorf("not proven: best %+v, worst %+v", b, w)
	}
	if math.Abs(b.Utility-best) > 1e-12 || math.Abs(w.Utility-worst) > 1e-12 {
		t.Errorf("best %v worst %v, brute force %v and %v", b.Utility, w.Utility, best, worst)
	}
	if got := u(b.Outcome[0], int(b.Outcome[1])); math.Abs(got-b.Utility) > 1e-12 {
		t.Errorf("the best outcome %v has utility %v by the definition, %v by the search", b.Outcome, got, b.Utility)
	}
}

// With tens of thousands of terms the search stops within its work budget
// and gives a proven bound instead of running for hours.
func TestExtremesWithinBudget(t *testing.T) {
	issues := []entente.Issue{
		{Name: "x", Kind: entente.Integer, Min: 0, Max: 1e9},
		{Name: "y", Kind: entente.Integer, Min: 0, Max: 1e9},
	}
	rng := rand.New(rand.NewPCG(15, 2))
	var p entente.Preferences
	for range 20_000 {
		x, y := math.Floor(rng.Float64()*1e9), math.Floor(rng.Float64()*1e9)
		p.Interactions = append(p.Interactions, entente.Interaction{Value: rng.Float64() * 1e-4, Boxes: []entente.Box{{
			{Issue: 0, Min: x, Max: x + 1e6}, {Issue: 1, Min: y, Max: y + 1e6},
		}}})
	}
	f, err := utility.New(issues, &p)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	b := f.Best()
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Best took %v", d)
	}
	if b.Bound < b.Utility {
		t.Errorf("bound %v below the utility %v found", b.Bound, b.Utility)
	}
	if got := f.Utility(b.Outcome); got != b.Utility {
		t.Errorf("the outcome's utility %v, reported %v", got, b.Utility)
	}
}
