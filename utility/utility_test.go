package utility_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

func laptop() *entente.Scenario {
	return &entente.Scenario{
		Name: "laptop",
		Issues: []entente.Issue{
			{Name: "brand", Kind: entente.Discrete, Options: []string{"Dell", "Mac", "HP"}},
			{Name: "memory", Kind: entente.Integer, Min: 4, Max: 16},
			{Name: "price", Kind: entente.Real, Min: 500, Max: 2000},
		},
		Parties: []entente.Party{{
			Name: "buyer",
			Preferences: entente.Preferences{
				Normalization: entente.Genius,
				Weights:       []float64{0.5, 0.3, 0.2},
				Values: []entente.ValueFunc{
					entente.Table{Values: []float64{7, 10, 2}},
					entente.Linear{Offset: 0, Slope: 0.1, Origin: 4, Clamp: true},
					entente.Linear{Offset: 1.5, Slope: -0.001, Clamp: true},
				},
				Reservation: 0.25,
			},
		}},
	}
}

func TestGeniusSemantics(t *testing.T) {
	s := laptop()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	fs, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	f := fs[0]
	cases := []struct {
		o    entente.Outcome
		want float64
	}{
		// Dell (7/10), memory 4 (0), price 500 (clamped to 1).
		{entente.Outcome{0, 4, 500}, 0.5*0.7 + 0 + 0.2*1},
		// Mac, memory 14 (clamped 1), price 1000 (0.5).
		{entente.Outcome{1, 14, 1000}, 0.5 + 0.3 + 0.2*0.5},
		// HP, memory 9 (0.5), price 2000 (clamped 0).
		{entente.Outcome{2, 9, 2000}, 0.5*0.2 + 0.3*0.5},
	}
	for _, c := range cases {
		if got := f.Utility(c.o); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("U(%v) = %v, want %v", c.o, got, c.want)
		}
	}
	if f.Reservation() != 0.25 {
		t.Errorf("reservation %v", f.Reservation())
	}
	best := f.Best()
	if !best.Exact || math.Abs(best.Utility-1) > 1e-12 {
		t.Errorf("best = %+v, want exact 1", best)
	}
	worst := f.Worst()
	if !worst.Exact || math.Abs(worst.Utility-0.5*0.2) > 1e-12 {
		t.Errorf("worst = %+v, want exact 0.1", worst)
	}
}

func TestCapAndMaxUtility(t *testing.T) {
	issues := []entente.Issue{{Name: "x", Kind: entente.Integer, Min: 0, Max: 3}}
	p := &entente.Preferences{
		Normalization: entente.Genius,
		MaxUtility:    10,
		Interactions: []entente.Interaction{
			{Boxes: []entente.Box{{{Issue: 0, Min: 1, Max: 2}}}, Value: 8},
			{Boxes: []entente.Box{{{Issue: 0, Min: 2, Max: 3}}}, Value: 4},
			{Boxes: []entente.Box{{{Issue: 0, Min: 0, Max: 0}}}, Outside: true, Value: 1},
		},
	}
	f, err := utility.New(issues, p)
	if err != nil {
		t.Fatal(err)
	}
	// x=0: only nothing (outside term excluded) -> 0; x=1: 8+1; x=2: 8+4+1
	// = 13 -> 1.3 capped to 1; x=3: 4+1.
	want := []float64{0, 0.9, 1, 0.5}
	for x, w := range want {
		if got := f.Utility(entente.Outcome{float64(x)}); math.Abs(got-w) > 1e-12 {
			t.Errorf("U(%d) = %v, want %v", x, got, w)
		}
	}
}

func TestDiscount(t *testing.T) {
	p := &entente.Preferences{Discount: 0.5}
	if got := p.Discounted(0.8, 1); got != 0.4 {
		t.Errorf("got %v", got)
	}
	if got := p.Discounted(0.8, 2); got != 0.4 {
		t.Errorf("time is clamped to 1: got %v", got)
	}
	for _, d := range []float64{0, 1, 1.5, -1} {
		p := &entente.Preferences{Discount: d}
		if p.DiscountFactor() != 1 || p.Discounted(0.8, 0.5) != 0.8 {
			t.Errorf("discount %v must mean no discount", d)
		}
	}
}

// randomProfile builds a profile with additive tables and interaction terms
// over small finite issues.
func randomProfile(rng *rand.Rand, issues []entente.Issue) *entente.Preferences {
	p := &entente.Preferences{Normalization: entente.AsWritten}
	if rng.IntN(2) == 0 {
		for i := range issues {
			n, _ := issues[i].Size()
			vals := make([]float64, n)
			for k := range vals {
				vals[k] = rng.Float64()
			}
			p.Weights = append(p.Weights, rng.Float64()/float64(len(issues)))
			p.Values = append(p.Values, entente.Table{Values: vals, Base: issues[i].Min * boolf(issues[i].Kind == entente.Integer)})
		}
	}
	for k := rng.IntN(8) + 1; k > 0; k-- {
		in := entente.Interaction{Value: rng.Float64()*2 - 1, Outside: rng.IntN(4) == 0}
		for b := rng.IntN(2) + 1; b > 0; b-- {
			var box entente.Box
			for i := range issues {
				if rng.IntN(2) == 0 {
					continue
				}
				n, _ := issues[i].Size()
				if issues[i].Kind == entente.Discrete {
					box = append(box, entente.Condition{Issue: i, Options: []int{rng.IntN(int(n))}})
				} else {
					lo := issues[i].Min + float64(rng.IntN(int(n)))
					box = append(box, entente.Condition{Issue: i, Min: lo, Max: lo + float64(rng.IntN(3))})
				}
			}
			in.Boxes = append(in.Boxes, box)
		}
		p.Interactions = append(p.Interactions, in)
	}
	return p
}

// randomIssues returns one to four small discrete or integer issues.
func randomIssues(rng *rand.Rand) []entente.Issue {
	var issues []entente.Issue
	for i := rng.IntN(4) + 1; i > 0; i-- {
		if rng.IntN(2) == 0 {
			issues = append(issues, entente.Issue{Name: "d", Kind: entente.Discrete, Options: make([]string, rng.IntN(4)+1)})
		} else {
			lo := float64(rng.IntN(5) - 2)
			issues = append(issues, entente.Issue{Name: "i", Kind: entente.Integer, Min: lo, Max: lo + float64(rng.IntN(5))})
		}
	}
	return issues
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestExtremesMatchBruteForce checks Best and Worst against enumeration on
// random small spaces with interaction terms.
func TestExtremesMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := 0; trial < 300; trial++ {
		issues := randomIssues(rng)
		p := randomProfile(rng, issues)
		f, err := utility.New(issues, p)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		if err := space.New(issues).Each(func(_ uint64, o entente.Outcome) bool {
			u := f.Utility(o)
			lo, hi = math.Min(lo, u), math.Max(hi, u)
			return true
		}); err != nil {
			t.Fatal(err)
		}
		b, w := f.Best(), f.Worst()
		if !b.Exact || !w.Exact {
			t.Fatalf("trial %d: search not exact on a tiny space", trial)
		}
		if math.Abs(b.Utility-hi) > 1e-12 || math.Abs(f.Utility(b.Outcome)-b.Utility) > 1e-15 {
			t.Fatalf("trial %d: best %v at %v, brute force %v", trial, b.Utility, b.Outcome, hi)
		}
		if math.Abs(w.Utility-lo) > 1e-12 {
			t.Fatalf("trial %d: worst %v, brute force %v", trial, w.Utility, lo)
		}
	}
}

// TestRealIssueExtremes checks the candidate points of a real issue with a
// region: the best point lies just outside the penalised interval.
func TestRealIssueExtremes(t *testing.T) {
	issues := []entente.Issue{{Name: "price", Kind: entente.Real, Min: 0, Max: 10}}
	p := &entente.Preferences{
		Weights: []float64{1},
		Values:  []entente.ValueFunc{entente.Triangular{Low: 2, Top: 6, High: 9}},
		Interactions: []entente.Interaction{
			{Boxes: []entente.Box{{{Issue: 0, Min: 5, Max: 7}}}, Value: -0.5},
		},
	}
	f, err := utility.New(issues, p)
	if err != nil {
		t.Fatal(err)
	}
	b := f.Best()
	// The peak at 6 is penalised (1-0.5); just below 5 the value tends to
	// 0.75 with no penalty, so the best is the point just outside the box.
	if !b.Exact || math.Abs(b.Utility-0.75) > 1e-9 || b.Outcome[0] >= 5 {
		t.Errorf("best = %+v", b)
	}
}

// TestReachableMatchesBruteForce checks the feasibility search against
// enumeration on random small spaces with interaction terms.
func TestReachableMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 19))
	for trial := 0; trial < 300; trial++ {
		var issues []entente.Issue
		for i := rng.IntN(4) + 1; i > 0; i-- {
			lo := float64(rng.IntN(3))
			issues = append(issues, entente.Issue{Name: "i", Kind: entente.Integer, Min: lo, Max: lo + float64(rng.IntN(4))})
		}
		fs := []*utility.Func{}
		for p := 0; p < 2; p++ {
			f, err := utility.New(issues, randomProfile(rng, issues))
			if err != nil {
				t.Fatal(err)
			}
			fs = append(fs, f)
		}
		targets := []float64{rng.Float64()*2 - 0.5, rng.Float64()*2 - 0.5}
		want := false
		_ = space.New(issues).Each(func(_ uint64, o entente.Outcome) bool {
			if fs[0].Utility(o) >= targets[0] && fs[1].Utility(o) >= targets[1] {
				want = true
				return false
			}
			return true
		})
		o, got, err := utility.Reachable(fs, targets, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		if (got == utility.Reached) != want || got == utility.Unknown {
			t.Fatalf("trial %d: %v, brute force says %v", trial, got, want)
		}
		if got == utility.Reached && (fs[0].Utility(o) < targets[0] || fs[1].Utility(o) < targets[1]) {
			t.Fatalf("trial %d: the outcome found misses the targets", trial)
		}
	}
}

// TestLargeIntegerIssue checks that an integer issue far too large to
// tabulate is evaluated through its function, with exact extremes and
// range checks, and no huge allocation.
func TestLargeIntegerIssue(t *testing.T) {
	s := &entente.Scenario{
		Issues: []entente.Issue{
			{Name: "n", Kind: entente.Integer, Min: 0, Max: 1e15},
			{Name: "d", Kind: entente.Discrete, Options: []string{"a", "b"}},
		},
		Parties: []entente.Party{{Name: "p", Preferences: entente.Preferences{
			Weights: []float64{0.5, 0.5},
			Values: []entente.ValueFunc{
				entente.Piecewise{X: []float64{0, 1e15}, Y: []float64{1, 0}},
				entente.Table{Values: []float64{0, 1}},
			},
			Interactions: []entente.Interaction{{Boxes: []entente.Box{{{Issue: 0, Min: 0, Max: 10}}}, Value: -0.4}},
		}}},
	}
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	fs, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	b := fs[0].Best()
	// Just outside the penalised region: n = 11, d = b.
	if !b.Exact || b.Outcome[0] != 11 || b.Outcome[1] != 1 || math.Abs(b.Utility-(1-0.5*11e-15)) > 1e-12 {
		t.Errorf("best %+v", b)
	}
	if errs, _ := utility.Check(s); len(errs) > 0 {
		t.Errorf("check: %v", errs)
	}
}

// TestPartialSums checks that the additive contributions summed in issue
// order, the interaction terms added after them and Finish give Utility
// bit for bit, as the analysis's per-issue partial sums rely on.
func TestPartialSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 3))
	for trial := 0; trial < 200; trial++ {
		issues := randomIssues(rng)
		p := randomProfile(rng, issues)
		if rng.IntN(2) == 0 {
			p.Normalization, p.MaxUtility = entente.Genius, 0.5+rng.Float64()
		}
		f, err := utility.New(issues, p)
		if err != nil {
			t.Fatal(err)
		}
		if scale, capped := f.Scale(); capped != (p.Normalization == entente.Genius) || (p.MaxUtility > 0 && scale != 1/p.MaxUtility) {
			t.Fatalf("trial %d: Scale() = %v, %v", trial, scale, capped)
		}
		_ = space.New(issues).Each(func(_ uint64, o entente.Outcome) bool {
			total := 0.0
			for i := range issues {
				total += f.Contribution(i, o[i])
			}
			if got, want := f.Finish(f.AddTerms(total, o)), f.Utility(o); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("trial %d: %v from partial sums, Utility %v", trial, got, want)
			}
			return true
		})
	}
}
