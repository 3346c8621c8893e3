package bdm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
)

// randomModel returns n actors on issues with positions on a 0..100 grid,
// salience in (0,1] and capability in (0,1].
func randomModel(rng *rand.Rand, n, issues int) *forecast.Model {
	m := &forecast.Model{Name: "random"}
	for k := 0; k < issues; k++ {
		m.Issues = append(m.Issues, forecast.Issue{Name: fmt.Sprintf("issue%d", k), Min: 0, Max: 100})
	}
	for i := 0; i < n; i++ {
		m.Actors = append(m.Actors, forecast.Actor{Name: fmt.Sprintf("a%d", i)})
		row := make([]forecast.Stance, issues)
		for k := range row {
			row[k] = forecast.Stance{Position: float64(rng.IntN(21) * 5), Salience: 0.05 + 0.95*rng.Float64(), Capability: 0.05 + 0.95*rng.Float64()}
		}
		m.Stances = append(m.Stances, row)
	}
	return m
}

func variants() map[string]Params {
	out := map[string]Params{"default": DefaultParams()}
	p := DefaultParams()
	p.Probability = PairDenominator
	out["pair-probability"] = p
	p = DefaultParams()
	p.Selection, p.Capitulations = SmallestMove, true
	out["smallest-move"] = p
	p = DefaultParams()
	p.RecomputeRange, p.Q, p.T = true, 0.6, 0.3
	out["q<1"] = p
	return out
}

func TestProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 60; trial++ {
		m := randomModel(rng, 2+rng.IntN(10), 1)
		x := m.Positions(0, nil)
		lo, hi := slices.Min(x), slices.Max(x)
		for name, p := range variants() {
			res, err := Run(m, 0, p)
			if err != nil {
				t.Fatal(err)
			}
			// Within the range of the positions, every round.
			for _, rd := range res.Rounds {
				for _, v := range append([]float64{rd.Median, rd.Mean}, rd.Positions...) {
					if math.IsNaN(v) || v < lo-1e-9 || v > hi+1e-9 {
						t.Fatalf("%s trial %d round %d: value %v outside [%v, %v]", name, trial, rd.Round, v, lo, hi)
					}
				}
			}
			if res.CycleLength > 0 && !slices.Equal(res.Rounds[res.CycleStart].Positions, res.Rounds[res.CycleStart+res.CycleLength].Positions) {
				t.Fatalf("%s: reported cycle %d+%d does not repeat", name, res.CycleStart, res.CycleLength)
			}
			// Scaling every capability by a constant changes nothing.
			for _, c := range []float64{4, 0.01, 37.5} {
				m2 := scaleCapabilities(m, c)
				res2, err := Run(m2, 0, p)
				if err != nil {
					t.Fatal(err)
				}
				if len(res2.Rounds) != len(res.Rounds) {
					t.Fatalf("%s: scaling capabilities by %v changes the number of rounds", name, c)
				}
				for r := range res.Rounds {
					for i := range res.Rounds[r].Positions {
						if d := math.Abs(res.Rounds[r].Positions[i] - res2.Rounds[r].Positions[i]); d > 1e-9 {
							t.Fatalf("%s trial %d: scaling capabilities by %v moves actor %d in round %d by %g", name, trial, c, i, r, d)
						}
					}
				}
			}
		}
	}
}

func scaleCapabilities(m *forecast.Model, c float64) *forecast.Model {
	m2 := *m
	m2.Stances = make([][]forecast.Stance, len(m.Stances))
	for i, row := range m.Stances {
		m2.Stances[i] = slices.Clone(row)
		for k := range row {
			m2.Stances[i][k].Capability *= c
		}
	}
	return &m2
}

func TestUnanimous(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := randomModel(rng, 5, 2)
	for i := range m.Stances {
		m.Stances[i][1].Position = 42
	}
	for name, p := range variants() {
		res, err := Run(m, 1, p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Forecast != 42 || !res.Converged {
			t.Errorf("%s: unanimous at 42: forecast %v, converged %v", name, res.Forecast, res.Converged)
		}
		for _, rd := range res.Rounds {
			for _, v := range rd.Positions {
				if v != 42 {
					t.Fatalf("%s: an actor moved away from the common position: %v", name, rd.Positions)
				}
			}
		}
	}
}

// TestConverge: with a generous convergence rule the run stops early and
// says so; a round in which nobody moves also ends it.
func TestConverge(t *testing.T) {
	m := &forecast.Model{
		Issues: []forecast.Issue{{Name: "x", Min: 0, Max: 10}},
		Actors: []forecast.Actor{{Name: "a"}, {Name: "b"}, {Name: "c"}},
		Stances: [][]forecast.Stance{
			{{Position: 0, Salience: 0.9, Capability: 1}},
			{{Position: 5, Salience: 0.5, Capability: 1}},
			{{Position: 10, Salience: 0.2, Capability: 1}},
		},
	}
	p := DefaultParams()
	p.Rounds = 50
	p.Converge = 1
	res, err := Run(m, 0, p)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged || len(res.Rounds) != 2 {
		t.Errorf("Converge 1 (any median change is small): converged %v after %d rounds, want true after round 1", res.Converged, len(res.Rounds)-1)
	}
}

func TestErrors(t *testing.T) {
	m := &forecast.Model{
		Issues:  []forecast.Issue{{Name: "x", Min: 0, Max: 100}},
		Actors:  []forecast.Actor{{Name: "a"}, {Name: "b"}},
		Stances: [][]forecast.Stance{{{Position: 0, Salience: 40, Capability: 1}}, {{Position: 100, Salience: 60, Capability: 1}}},
	}
	p := DefaultParams()
	p.SalienceMax = 1
	_, err := Run(m, 0, p)
	if err == nil || entente.ErrorCode(err) != entente.EInvalid || !strings.Contains(err.Error(), "salience scale") {
		t.Errorf("salience 40 on a 0..1 scale: got %v", err)
	}
	p.SalienceMax = 0
	if res, err := Run(m, 0, p); err != nil || res.SalienceMax != 100 {
		t.Errorf("automatic salience scale: %v, %v; want 100", res, err)
	}
	m.Stances[1][0].Salience = 160
	if _, err := Run(m, 0, p); err == nil {
		t.Error("salience 160 with an automatic scale: no error")
	}
	m.Stances[1][0].Salience = 60
	for _, bad := range []func(*Params){
		func(p *Params) { p.Q = 2 },
		func(p *Params) { p.T = math.NaN() },
		func(p *Params) { p.Rounds = -1 },
		func(p *Params) { p.SalienceMax = -1 },
		func(p *Params) { p.Converge = -1 },
		func(p *Params) { p.Probability = 9 },
		func(p *Params) { p.Selection = 9 },
	} {
		p := DefaultParams()
		p.SalienceMax = 100
		bad(&p)
		if _, err := Run(m, 0, p); entente.ErrorCode(err) != entente.EInvalid {
			t.Errorf("params %+v: got %v, want an invalid-input error", p, err)
		}
	}
	if _, err := Run(m, 3, p); err == nil {
		t.Error("issue 3 of 1: no error")
	}
	r := -1.0
	m.Actors[0].Risk = &r
	p.GivenRisk = true
	if _, err := Run(m, 0, p); err == nil || !strings.Contains(err.Error(), "risk") {
		t.Errorf("risk -1 as exponent: got %v", err)
	}
	r = 2
	if res, err := Run(m, 0, p); err != nil || res.Rounds[1].Risk[0] != 2 {
		t.Errorf("given risk 2: %v, %v", res, err)
	}
}
