package models

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/entente/entente/forecast"
)

func TestRegistry(t *testing.T) {
	if got, want := Names(), []string{"compromise", "median", "condorcet", "bdm", "smp"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	for _, md := range All() {
		if Lookup(md.Name) != md || md.About == "" {
			t.Errorf("%s: not found by name, or undescribed", md.Name)
		}
	}
	if Lookup("oracle") != nil {
		t.Error("Lookup found a model that does not exist")
	}
	// All returns a copy: changing it leaves the registry alone.
	all := All()
	all[0] = nil
	if All()[0] == nil {
		t.Error("All returned the registry itself")
	}
}

// TestWork checks the estimates against the formulas of Model.Work's
// documentation, worked out by hand.
func TestWork(t *testing.T) {
	m := &forecast.Model{Actors: make([]forecast.Actor, 300), Issues: make([]forecast.Issue, 2)}
	for _, tc := range []struct {
		model       string
		o           Options
		runs        int
		sensitivity bool
		want        float64
	}{
		{"smp", Options{}, 0, false, 300 * 300 * 300 * 100 * 2},
		{"smp", Options{Rounds: 7}, 0, false, 300 * 300 * 300 * 7 * 2},
		{"bdm", Options{}, 0, false, 300 * 300 * 300 * 10 * 2},
		{"bdm", Options{Rounds: 5}, 9, false, 300 * 300 * 300 * 5 * 2 * 10},
		{"bdm", Options{Rounds: NoRounds}, 0, false, 300 * 300 * 300 * 10 * 2},
		{"condorcet", Options{}, 0, true, 300 * 300 * 2 * (1 + 4*300*2)},
		{"median", Options{}, 1, false, 300 * 2 * math.Log2(302) * 2},
	} {
		if got := Lookup(tc.model).Work(m, tc.o, tc.runs, tc.sensitivity); math.Abs(got-tc.want) > 1e-9*tc.want {
			t.Errorf("%s %+v runs %d sensitivity %v: %v, want %v", tc.model, tc.o, tc.runs, tc.sensitivity, got, tc.want)
		}
	}
}

// budget: three actors on one issue. By hand: the capability × salience
// weights are 2, 1.5 and 2 at 80, 50 and 10, so the weighted mean is
// (160 + 75 + 20) / 5.5, and 50 is both the weighted median (the half
// weight, 2.75, is reached at 50) and the Condorcet winner (it beats 10
// by 3.5 to 2 and 80 by 3.5 to 2).
const budget = `name: budget
issues:
  - {name: spending, min: 0, max: 100}
actors:
  - name: left
    capability: 2
    stances: {spending: {position: 80, salience: 1}}
  - name: centre
    capability: 3
    stances: {spending: {position: 50, salience: 0.5}}
  - name: right
    capability: 2
    stances: {spending: {position: 10, salience: 1}}
`

func read(t *testing.T, src string) *forecast.Model {
	t.Helper()
	m, err := forecast.Read("budget.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBaselines(t *testing.T) {
	m := read(t, budget)
	for name, want := range map[string]float64{"compromise": 255 / 5.5, "median": 50, "condorcet": 50} {
		rs, err := Lookup(name).Run(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 || math.Abs(rs[0].Forecast-want) > 1e-12 || rs[0].Rounds != nil || rs[0].Note != "" {
			t.Errorf("%s: %+v, want the forecast %v and no rounds or note", name, rs, want)
		}
	}
}

// TestRounds checks the round-based models' rounds against the options:
// NoRounds runs none (bdm forecasts the input's Condorcet winner, 50), a
// number bounds them, and the rounds are numbered from 0 (the input) with
// moves between the actors.
func TestRounds(t *testing.T) {
	m := read(t, budget)
	for _, tc := range []struct {
		model string
		o     Options
		most  int // rounds after round 0
	}{
		{"bdm", Options{Rounds: NoRounds}, 0},
		{"bdm", Options{Rounds: 3}, 3},
		{"bdm", Options{}, 10},
		{"smp", Options{Rounds: NoRounds}, 1},
		{"smp", Options{Rounds: 2}, 2},
	} {
		rs, err := Lookup(tc.model).Run(m, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		r := rs[0].Rounds
		if r == nil || len(r.Rounds) == 0 || len(r.Rounds) > tc.most+1 || rs[0].Note == "" {
			t.Fatalf("%s %+v: %d rounds, note %q; want 1 to %d and a note", tc.model, tc.o, len(r.Rounds), rs[0].Note, tc.most+1)
		}
		if r.Rounds[0].Positions[0] != 80 || r.Rounds[0].Positions[2] != 10 {
			t.Errorf("%s: round 0 is not the input: %v", tc.model, r.Rounds[0].Positions)
		}
		for i, rd := range r.Rounds {
			if rd.Round != i || len(rd.Positions) != 3 {
				t.Errorf("%s: round %d is numbered %d with %d positions", tc.model, i, rd.Round, len(rd.Positions))
			}
			for _, mv := range rd.Moves {
				if mv.Actor < 0 || mv.Actor > 2 || mv.Toward < 0 || mv.Toward > 2 || mv.Actor == mv.Toward || (mv.EUActor == nil) != (tc.model == "smp") {
					t.Errorf("%s round %d: move %+v", tc.model, i, mv)
				}
			}
		}
		if tc.model == "bdm" && tc.o.Rounds == NoRounds && rs[0].Forecast != 50 {
			t.Errorf("bdm without rounds forecasts %v, want the input's Condorcet winner 50", rs[0].Forecast)
		}
		if got := reversals(r.Rounds); got != r.Reversals && tc.model == "smp" {
			t.Errorf("smp: %d reversals recorded, %d counted", r.Reversals, got)
		}
	}
}

func TestReversals(t *testing.T) {
	for _, tc := range []struct {
		medians []float64
		want    int
	}{
		{nil, 0}, {[]float64{1, 2, 3}, 0}, {[]float64{1, 2, 1, 2}, 2}, {[]float64{1, 1, 2, 2, 1}, 1},
		{[]float64{3, 2, 2, 1, 5}, 1}, {[]float64{4, 4, 4}, 0},
	} {
		var rs []Round
		for _, x := range tc.medians {
			rs = append(rs, Round{Median: x})
		}
		if got := reversals(rs); got != tc.want {
			t.Errorf("%v: %d reversals, want %d", tc.medians, got, tc.want)
		}
	}
}

// TestUncertainty: the Monte Carlo runs follow the seed, cover the models
// run, and the sensitivity ranks every model's inputs.
func TestUncertainty(t *testing.T) {
	m := read(t, `name: ranged
issues:
  - {name: tax, min: 0, max: 100}
actors:
  - name: a
    capability: 1
    stances:
      tax: {position: {value: 0, range: [0, 20]}, salience: {range: [0.2, 0.6]}}
  - name: b
    capability: {value: 2, range: [1, 3]}
    stances:
      tax: {position: 50, salience: 0.3}
  - name: c
    capability: 1
    stances:
      tax: {position: 100, salience: 0.3}
`)
	run := func(runs int, seed uint64, sensitivity bool) *Forecast {
		f := &Forecast{}
		for _, md := range []*Model{Lookup("median"), Lookup("bdm")} {
			rs, err := md.Run(m, Options{})
			if err != nil {
				t.Fatal(err)
			}
			f.Add(md, rs)
		}
		if err := f.Uncertainty(m, Options{}, runs, seed, sensitivity); err != nil {
			t.Fatal(err)
		}
		return f
	}
	if f := run(0, 1, false); f.MonteCarlo != nil || f.Sensitivity || f.OneAtATime != nil {
		t.Errorf("nothing asked, something run: %+v", f)
	}
	a, b, c := run(40, 3, true), run(40, 3, true), run(40, 4, false)
	if a.MonteCarlo.Runs != 40 || !slices.Equal(a.MonteCarlo.Models, a.Models) || !a.Sensitivity || len(a.OneAtATime) != 2 {
		t.Fatalf("runs %d of models %v, sensitivity %v over %d models", a.MonteCarlo.Runs, a.MonteCarlo.Models, a.Sensitivity, len(a.OneAtATime))
	}
	if !reflect.DeepEqual(a.MonteCarlo.Intervals, b.MonteCarlo.Intervals) {
		t.Error("the same seed gave other intervals")
	}
	if reflect.DeepEqual(a.MonteCarlo.Samples, c.MonteCarlo.Samples) || c.Sensitivity {
		t.Error("another seed gave the same draws, or sensitivity ran unasked")
	}
}
