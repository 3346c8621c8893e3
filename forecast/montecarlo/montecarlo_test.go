package montecarlo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente/forecast"
)

// three builds a 3-actor, one-issue model: positions 0, 10, 20 on 0..20,
// salience and capability 1.
func three() *forecast.Model {
	m := &forecast.Model{Name: "three", Issues: []forecast.Issue{{Name: "x", Min: 0, Max: 20}}}
	for i, p := range []float64{0, 10, 20} {
		m.Actors = append(m.Actors, forecast.Actor{Name: fmt.Sprintf("a%d", i)})
		m.Stances = append(m.Stances, []forecast.Stance{{Position: p, Salience: 1, Capability: 1}})
	}
	return m
}

func ranged(m *forecast.Model) *forecast.Uncertain {
	u := &forecast.Uncertain{Stances: make([][]forecast.StanceRange, len(m.Actors)), Risk: make([]*forecast.Range, len(m.Actors))}
	for a := range u.Stances {
		u.Stances[a] = make([]forecast.StanceRange, len(m.Issues))
	}
	m.Uncertain = u
	return u
}

// synthetic returns a seeded actors x issues model on 0..100 with
// salience in 0..1/issues (so smp takes it) and ranges on every input.
func synthetic(actors, issues int, seed uint64) *forecast.Model {
	rng := rand.New(rand.NewPCG(seed, 0))
	m := &forecast.Model{Name: "synthetic"}
	for k := range issues {
		m.Issues = append(m.Issues, forecast.Issue{Name: fmt.Sprintf("i%d", k), Min: 0, Max: 100})
	}
	for i := range actors {
		m.Actors = append(m.Actors, forecast.Actor{Name: fmt.Sprintf("a%d", i)})
		row := make([]forecast.Stance, issues)
		c := 0.1 + rng.Float64()
		for k := range row {
			row[k] = forecast.Stance{Position: float64(10 + rng.IntN(81)), Salience: (0.2 + 0.6*rng.Float64()) / float64(issues), Capability: c}
		}
		m.Stances = append(m.Stances, row)
	}
	u := ranged(m)
	for i := range u.Stances {
		c := m.Stances[i][0].Capability
		cr := &forecast.Range{Low: c * 0.8, High: c * 1.2}
		for k := range u.Stances[i] {
			s := m.Stances[i][k]
			u.Stances[i][k] = forecast.StanceRange{
				Position:   &forecast.Range{Low: s.Position - 10, High: s.Position + 10},
				Salience:   &forecast.Range{Low: s.Salience * 0.8, High: s.Salience * 1.2},
				Capability: cr,
			}
		}
	}
	return m
}

func point(t *testing.T, f Forecaster, m *forecast.Model) []float64 {
	t.Helper()
	p := *m
	p.Uncertain = nil
	out, err := f.Forecast(&p)
	if err != nil {
		t.Fatalf("%s on the point model: %v", f.Name, err)
	}
	return out
}

// Ranges of zero width are no uncertainty: every run gives the point
// forecast, for every model.
func TestZeroWidth(t *testing.T) {
	m := synthetic(5, 2, 7)
	for i := range m.Uncertain.Stances {
		for k := range m.Uncertain.Stances[i] {
			s := m.Stances[i][k]
			m.Uncertain.Stances[i][k] = forecast.StanceRange{Position: &forecast.Range{Low: s.Position, High: s.Position}, Salience: &forecast.Range{Low: s.Salience, High: s.Salience}}
		}
	}
	if in := Inputs(synthetic(5, 2, 7)); len(in) != 5*2*2+5 || in[4].Issue != -1 || in[4].Field != "capability" {
		t.Fatalf("inputs %+v: want position and salience per stance and one capability per actor", in)
	}
	if len(Inputs(m)) != 0 {
		t.Fatalf("zero-width ranges are sampled: %v", Inputs(m))
	}
	models := Defaults(m)
	res, err := Run(m, 20, 3, models, 2)
	if err != nil {
		t.Fatal(err)
	}
	for j, f := range models {
		want := point(t, f, m)
		for r := range res.Runs {
			for k := range m.Issues {
				if got := res.Forecasts[j][r][k]; got != want[k] {
					t.Fatalf("%s run %d issue %d: %v, point forecast %v", f.Name, r, k, got, want[k])
				}
			}
		}
		for k, iv := range res.Intervals[j] {
			if iv.Median != want[k] || iv.Low != want[k] || iv.High != want[k] || iv.Failed != 0 {
				t.Fatalf("%s issue %d: interval %+v, point forecast %v", f.Name, k, iv, want[k])
			}
		}
	}
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// The same seed gives the same draws and forecasts whatever the number of
// workers; another seed gives other draws.
func TestReproducible(t *testing.T) {
	m := synthetic(6, 3, 11)
	models := Defaults(m)
	var results []*Result
	for _, w := range []int{1, 2, 7} {
		res, err := Run(m, 40, 99, models, w)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	a := results[0]
	for _, b := range results[1:] {
		for r := range a.Runs {
			for j := range a.Samples[r] {
				if a.Samples[r][j] != b.Samples[r][j] {
					t.Fatalf("run %d input %d: drawn %v and %v", r, j, a.Samples[r][j], b.Samples[r][j])
				}
			}
			for mi := range models {
				for k := range m.Issues {
					if !same(a.Forecasts[mi][r][k], b.Forecasts[mi][r][k]) {
						t.Fatalf("%s run %d issue %d: %v and %v", models[mi].Name, r, k, a.Forecasts[mi][r][k], b.Forecasts[mi][r][k])
					}
				}
			}
		}
		for mi := range models {
			for k := range m.Issues {
				x, y := a.Intervals[mi][k], b.Intervals[mi][k]
				if !same(x.Median, y.Median) || !same(x.Low, y.Low) || !same(x.High, y.High) || x.Failed != y.Failed {
					t.Fatalf("%s issue %d: %+v and %+v", models[mi].Name, k, x, y)
				}
			}
		}
	}
	other, err := Run(m, 40, 100, models[:1], 2)
	if err != nil {
		t.Fatal(err)
	}
	if other.Samples[0][0] == a.Samples[0][0] {
		t.Fatalf("seeds 99 and 100 draw the same first value %v", a.Samples[0][0])
	}
	for r := range a.Runs {
		for j, in := range a.Inputs {
			if v := a.Samples[r][j]; !(v >= in.Range.Low && v <= in.Range.High) {
				t.Fatalf("run %d: %v drawn outside %+v", r, v, in)
			}
		}
	}
}

// On a monotone case (positions uncertain symmetrically around their
// values, the point value at the midpoint) the baselines' 90% intervals
// hold the point forecast and are ordered low <= median <= high.
func TestIntervalsHoldPoint(t *testing.T) {
	m := &forecast.Model{Issues: []forecast.Issue{{Name: "x", Min: 0, Max: 100}, {Name: "y", Min: 0, Max: 100}}}
	pos := [][]float64{{10, 80}, {40, 50}, {60, 30}, {90, 20}}
	for i, p := range pos {
		m.Actors = append(m.Actors, forecast.Actor{Name: fmt.Sprintf("a%d", i)})
		m.Stances = append(m.Stances, []forecast.Stance{{Position: p[0], Salience: 1, Capability: float64(i + 1)}, {Position: p[1], Salience: 0.5, Capability: 1}})
	}
	u := ranged(m)
	for i := range u.Stances {
		for k := range u.Stances[i] {
			p := m.Stances[i][k].Position
			u.Stances[i][k].Position = &forecast.Range{Low: p - 8, High: p + 8}
			u.Stances[i][k].Capability = &forecast.Range{Low: m.Stances[i][k].Capability * 0.9, High: m.Stances[i][k].Capability * 1.1}
		}
	}
	models := []Forecaster{Baseline("compromise", forecast.Mean), Baseline("median", forecast.Median), Baseline("condorcet", forecast.Condorcet)}
	res, err := Run(m, 2000, 1, models, 0)
	if err != nil {
		t.Fatal(err)
	}
	for j, f := range models {
		want := point(t, f, m)
		for k := range m.Issues {
			iv := res.Intervals[j][k]
			if !(iv.Low <= want[k] && want[k] <= iv.High && iv.Low <= iv.Median && iv.Median <= iv.High && iv.Low < iv.High) {
				t.Errorf("%s issue %d: interval %+v does not hold the point forecast %v", f.Name, k, iv, want[k])
			}
		}
	}
}

// One-at-a-time on three actors at 0, 10 and 20 with the mean model, by
// hand: actor a0's salience range [0.5, 1.5] moves the mean from
// 30/2.5 = 12 to 30/3.5; without a range, a2's salience moves by 10%
// either way, from 28/2.9 to 32/3.1; a1 sits at the mean and moves
// nothing.
func TestOneAtATimeMean(t *testing.T) {
	m := three()
	u := ranged(m)
	u.Stances[0][0].Salience = &forecast.Range{Low: 0.5, High: 1.5}
	res, err := OneAtATime(m, []Forecaster{Baseline("compromise", forecast.Mean)})
	if err != nil {
		t.Fatal(err)
	}
	es := res[0][0]
	if len(es) != 6 {
		t.Fatalf("%d effects, want 6 (3 actors x 2 inputs)", len(es))
	}
	want := map[string][2]float64{
		"a0 salience":   {12, 30 / 3.5},
		"a0 capability": {30 / 2.9, 30 / 3.1},
		"a2 salience":   {28 / 2.9, 32 / 3.1},
		"a2 capability": {28 / 2.9, 32 / 3.1},
		"a1 salience":   {10, 10},
		"a1 capability": {10, 10},
	}
	for _, e := range es {
		key := m.Actors[e.Actor].Name + " " + e.Field
		w := want[key]
		if math.Abs(e.Low-w[0]) > 1e-12 || math.Abs(e.High-w[1]) > 1e-12 || math.Abs(e.Change-(w[1]-w[0])) > 1e-12 {
			t.Errorf("%s: low %v high %v change %v; want %v %v", key, e.Low, e.High, e.Change, w[0], w[1])
		}
	}
	if es[0].Actor != 0 || es[0].Field != "salience" {
		t.Errorf("largest effect %+v, want a0's salience", es[0])
	}
	if last := es[len(es)-1]; last.Actor != 1 {
		t.Errorf("smallest effect %+v, want a1's", last)
	}
	for i := 1; i < len(es); i++ {
		if math.Abs(es[i].Change) > math.Abs(es[i-1].Change) {
			t.Errorf("effects not ranked: %+v after %+v", es[i], es[i-1])
		}
	}
}

// Spearman: when only a0's position varies, the mean rises with it
// (rho = 1) and the median (held by a1 throughout) does not vary, so it
// has no correlation.
func TestSpearman(t *testing.T) {
	m := three()
	u := ranged(m)
	u.Stances[0][0].Position = &forecast.Range{Low: 0, High: 5}
	u.Stances[2][0].Salience = &forecast.Range{Low: 1, High: 1}
	res, err := Run(m, 200, 5, []Forecaster{Baseline("compromise", forecast.Mean), Baseline("median", forecast.Median)}, 2)
	if err != nil {
		t.Fatal(err)
	}
	sp := res.Spearman()
	if c := sp[0][0]; len(c) != 1 || c[0].Input.Actor != 0 || c[0].Input.Field != "position" || math.Abs(c[0].Rho-1) > 1e-12 {
		t.Errorf("compromise: %+v, want a0's position with rho 1", c)
	}
	if c := sp[1][0]; len(c) != 0 {
		t.Errorf("median: %+v, want none (the median does not vary)", c)
	}
}

func TestRanks(t *testing.T) {
	got := Ranks([]float64{3, 1, 3, 2})
	want := []float64{3.5, 1, 3.5, 2}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ranks %v, want %v", got, want)
		}
	}
	if q := Quantile([]float64{0, 10}, 0.05); q != 0.5 {
		t.Fatalf("quantile %v, want 0.5", q)
	}
}

// A model that fails on some draws counts the failures and leaves them
// out of the interval.
func TestFailures(t *testing.T) {
	m := three()
	u := ranged(m)
	u.Stances[0][0].Position = &forecast.Range{Low: 0, High: 10}
	flaky := Forecaster{Name: "flaky", Forecast: func(m *forecast.Model) ([]float64, error) {
		if m.Stances[0][0].Position > 5 {
			return nil, fmt.Errorf("too high")
		}
		return []float64{m.Stances[0][0].Position}, nil
	}}
	res, err := Run(m, 100, 1, []Forecaster{flaky}, 3)
	if err != nil {
		t.Fatal(err)
	}
	iv := res.Intervals[0][0]
	if iv.Failed == 0 || iv.Failed == 100 || res.Errors[0] == nil || !(iv.High <= 5) {
		t.Fatalf("interval %+v, error %v", iv, res.Errors[0])
	}
	// Over the runs that succeeded the forecast is the drawn position.
	if c := res.Spearman()[0][0]; len(c) != 1 || math.Abs(c[0].Rho-1) > 1e-12 {
		t.Fatalf("spearman %+v, want rho 1", c)
	}
}
