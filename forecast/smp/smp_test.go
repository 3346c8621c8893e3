package smp_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/smp"
)

// synthetic builds a seeded random model of n actors and d issues on KTAB's
// scales: positions 0..100, saliences summing to 75..99 per actor,
// capabilities 10..200.
func synthetic(n, d int, seed uint64) *forecast.Model {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	m := &forecast.Model{Name: "synthetic"}
	for k := range d {
		m.Issues = append(m.Issues, forecast.Issue{Name: fmt.Sprintf("issue%d", k), Min: 0, Max: 100})
	}
	for i := range n {
		m.Actors = append(m.Actors, forecast.Actor{Name: fmt.Sprintf("a%d", i)})
		c := 10 + 190*rng.Float64()
		raw := make([]float64, d)
		sum := 0.0
		for k := range raw {
			raw[k] = 0.1 + 0.9*rng.Float64()
			sum += raw[k]
		}
		tot := 75 + 24*rng.Float64()
		row := make([]forecast.Stance, d)
		for k := range row {
			row[k] = forecast.Stance{Position: math.Round(1000*rng.Float64()) / 10, Salience: tot * raw[k] / sum, Capability: c}
		}
		m.Stances = append(m.Stances, row)
	}
	return m
}

func run(t testing.TB, m *forecast.Model, p smp.Params) *smp.Result {
	t.Helper()
	res, err := smp.Run(m, p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// roundTol is how far a bargain's rounding to 1e-4 on KTAB's [0,1] scale can
// move a position, on the 0..100 scale.
const roundTol = 0.005 + 1e-9

func TestUnanimous(t *testing.T) {
	// Everyone at one point: nothing to bargain over.
	m := synthetic(5, 2, 1)
	for i := range m.Stances {
		m.Stances[i][0].Position, m.Stances[i][1].Position = 37.5, 80
	}
	res := run(t, m, smp.DefaultParams())
	if res.Stop != smp.Degenerate || res.Turns != 0 {
		t.Errorf("stop %v after %d turns, expected degenerate after 0", res.Stop, res.Turns)
	}
	if !reflect.DeepEqual(res.ExpectedOutcome, []float64{37.5, 80}) || !reflect.DeepEqual(res.MostProbable, []float64{37.5, 80}) {
		t.Errorf("expected %v, most probable %v; want [37.5 80]", res.ExpectedOutcome, res.MostProbable)
	}
	// Unanimous on one issue only: that issue stays put (up to the rounding
	// of bargains) while the others are bargained over.
	for seed := range uint64(20) {
		m := synthetic(8, 3, seed)
		common := m.Stances[0][1].Position
		for i := range m.Stances {
			m.Stances[i][1].Position = common
		}
		res := run(t, m, smp.DefaultParams())
		if res.Turns == 0 {
			t.Fatalf("seed %d: no turns", seed)
		}
		for _, x := range []float64{res.ExpectedOutcome[1], res.MostProbable[1], res.WeightedMean[1]} {
			if math.Abs(x-common) > roundTol {
				t.Errorf("seed %d: forecast %v on the unanimous issue, want %v", seed, x, common)
			}
		}
	}
}

func TestWithinRange(t *testing.T) {
	for seed := range uint64(30) {
		m := synthetic(4+int(seed%9), 1+int(seed%4), seed)
		res := run(t, m, smp.DefaultParams())
		for d := range m.Issues {
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range m.Stances {
				lo, hi = math.Min(lo, m.Stances[i][d].Position), math.Max(hi, m.Stances[i][d].Position)
			}
			for _, x := range []float64{res.ExpectedOutcome[d], res.MostProbable[d], res.WeightedMean[d]} {
				if x < lo-roundTol || x > hi+roundTol {
					t.Errorf("seed %d issue %d: forecast %v outside [%v, %v]", seed, d, x, lo, hi)
				}
			}
			for _, st := range res.States {
				for _, p := range st.Positions {
					if p[d] < lo-roundTol || p[d] > hi+roundTol {
						t.Fatalf("seed %d issue %d: position %v outside [%v, %v]", seed, d, p[d], lo, hi)
					}
				}
			}
		}
		sum := 0.0
		for _, o := range res.Options {
			sum += o.Prob
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("seed %d: option probabilities sum to %v", seed, sum)
		}
		if !reflect.DeepEqual(res.States[res.Turns].ExpectedOutcome, res.ExpectedOutcome) {
			t.Errorf("seed %d: final state's expected outcome %v, result's %v", seed, res.States[res.Turns].ExpectedOutcome, res.ExpectedOutcome)
		}
		checkHistory(t, res)
	}
}

// checkHistory checks that every state follows from the bargains adopted
// in the one before.
func checkHistory(t *testing.T, res *smp.Result) {
	t.Helper()
	if len(res.States) != res.Turns+1 {
		t.Fatalf("%d states for %d turns", len(res.States), res.Turns)
	}
	for k, st := range res.States[:res.Turns] {
		next := res.States[k+1].Positions
		if len(st.Adopted) != len(st.Positions) {
			t.Fatalf("turn %d: %d adoptions for %d actors", k, len(st.Adopted), len(st.Positions))
		}
		for a, m := range st.Adopted {
			want := st.Positions[a]
			if m >= 0 {
				b := st.Bargains[m]
				switch a {
				case b.Initiator:
					want = b.InitiatorPosition
				case b.Target:
					want = b.TargetPosition
				default:
					t.Fatalf("turn %d: actor %d adopted bargain %d between %d and %d", k, a, m, b.Initiator, b.Target)
				}
			}
			for d := range want {
				if math.Abs(next[a][d]-want[d]) > 1e-9 {
					t.Fatalf("turn %d: actor %d moved to %v, not %v", k, a, next[a], want)
				}
			}
		}
		for _, c := range st.Challenges {
			if c.Initiator == c.Target || !(c.Gain > 0) || !(c.Prob >= 0 && c.Prob <= 1) {
				t.Fatalf("turn %d: bad challenge %+v", k, c)
			}
		}
	}
}

// TestScaleFree: multiplying all capabilities by a constant, or all
// saliences together with the salience scale, changes nothing.
func TestScaleFree(t *testing.T) {
	for seed := range uint64(10) {
		m := synthetic(9, 3, seed)
		base := run(t, m, smp.DefaultParams())
		for _, f := range []float64{1e-3, 0.37, 8, 1e4} {
			c := scaled(m, f, 1)
			got := run(t, c, smp.DefaultParams())
			same(t, fmt.Sprintf("seed %d, capabilities ×%v", seed, f), base, got)
		}
		p := smp.DefaultParams()
		p.SalienceScale = 100 * 3.5
		same(t, fmt.Sprintf("seed %d, saliences ×3.5", seed), base, run(t, scaled(m, 1, 3.5), p))
	}
}

func scaled(m *forecast.Model, capF, salF float64) *forecast.Model {
	c := *m
	c.Stances = make([][]forecast.Stance, len(m.Stances))
	for i, row := range m.Stances {
		c.Stances[i] = append([]forecast.Stance(nil), row...)
		for d := range row {
			c.Stances[i][d].Capability *= capF
			c.Stances[i][d].Salience *= salF
		}
	}
	return &c
}

func same(t *testing.T, what string, a, b *smp.Result) {
	t.Helper()
	if a.Turns != b.Turns {
		t.Errorf("%s: %d turns, not %d", what, b.Turns, a.Turns)
		return
	}
	for d := range a.ExpectedOutcome {
		if math.Abs(a.ExpectedOutcome[d]-b.ExpectedOutcome[d]) > 1e-6 || math.Abs(a.MostProbable[d]-b.MostProbable[d]) > 1e-6 {
			t.Errorf("%s: issue %d: %v/%v, not %v/%v", what, d, b.ExpectedOutcome[d], b.MostProbable[d], a.ExpectedOutcome[d], a.MostProbable[d])
		}
	}
}

// TestAllParams runs every setting of every enumerated parameter on small
// random models: no errors, probabilities that sum to 1, and the same result
// again from the same seed.
func TestAllParams(t *testing.T) {
	set := []func(p *smp.Params, v int) bool{
		func(p *smp.Params, v int) bool { p.VotingRule = smp.VotingRule(v); return v <= int(smp.ASymProsp) },
		func(p *smp.Params, v int) bool {
			p.VictoryModel = smp.VictoryModel(v)
			return v <= int(smp.BinaryVictory)
		},
		func(p *smp.Params, v int) bool { p.PCE = smp.PCEModel(v); return v <= int(smp.MarkovUniform) },
		func(p *smp.Params, v int) bool { p.Transitions = smp.Transitions(v); return v <= int(smp.Stochastic) },
		func(p *smp.Params, v int) bool { p.RiskAdjust = smp.RiskAdjust(v); return v <= int(smp.Full) },
		func(p *smp.Params, v int) bool { p.RiskRange = smp.RiskRange(v); return v <= int(smp.Max) },
		func(p *smp.Params, v int) bool {
			p.ThirdPartyCommit = smp.ThirdPartyCommit(v)
			return v <= int(smp.NoCommit)
		},
		func(p *smp.Params, v int) bool { p.Interpolation = smp.Interpolation(v); return v <= int(smp.S2PMax) },
		func(p *smp.Params, v int) bool {
			p.BargainModel = smp.BargainModel(v)
			return v <= int(smp.PWCompInterp)
		},
	}
	for f, setter := range set {
		for v := 1; ; v++ {
			p := smp.DefaultParams()
			if !setter(&p, v) {
				break
			}
			p.Seed = uint64(17 * v)
			for seed := range uint64(3) {
				m := synthetic(7, 2, seed+uint64(10*f))
				a := run(t, m, p)
				b := run(t, m, p)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("setting %d=%d, seed %d: two runs differ", f, v, seed)
				}
				sum := 0.0
				for _, o := range a.Options {
					sum += o.Prob
				}
				if math.Abs(sum-1) > 1e-6 {
					t.Errorf("setting %d=%d: probabilities sum to %v", f, v, sum)
				}
			}
		}
	}
}

// TestFinalOnly: keeping only the final state changes nothing else.
func TestFinalOnly(t *testing.T) {
	for seed := range uint64(5) {
		m := synthetic(10, 3, seed)
		full := run(t, m, smp.DefaultParams())
		p := smp.DefaultParams()
		p.FinalOnly = true
		short := run(t, m, p)
		if len(short.States) != 2 || short.Turns != full.Turns {
			t.Fatalf("seed %d: %d states, %d turns; want 2 states, %d turns", seed, len(short.States), short.Turns, full.Turns)
		}
		full.States = []smp.State{full.States[0], full.States[full.Turns]}
		if !reflect.DeepEqual(full, short) {
			t.Errorf("seed %d: results differ", seed)
		}
	}
}

// TestWorkers: the result does not depend on the number of goroutines.
func TestWorkers(t *testing.T) {
	m := synthetic(30, 2, 5)
	p := smp.DefaultParams()
	p.Workers = 1
	a := run(t, m, p)
	p.Workers = 3
	b := run(t, m, p)
	if !reflect.DeepEqual(a, b) {
		t.Error("serial and parallel runs differ")
	}
}

func TestAccommodation(t *testing.T) {
	m := synthetic(6, 2, 3)
	p := smp.DefaultParams()
	p.Accommodation = make([][]float64, 6)
	for i := range p.Accommodation {
		p.Accommodation[i] = make([]float64, 6)
		p.Accommodation[i][i] = 1
	}
	same(t, "identity accommodation", run(t, m, smp.DefaultParams()), run(t, m, p))
	for i := range p.Accommodation {
		p.Accommodation[i][i] = 0.5
	}
	res := run(t, m, p)
	if res.Turns < 1 {
		t.Errorf("half accommodation: %d turns", res.Turns)
	}
}

func TestFixedRisk(t *testing.T) {
	m := synthetic(6, 2, 4)
	r := 0.25
	m.Actors[2].Risk = &r
	res := run(t, m, smp.DefaultParams())
	for _, st := range res.States {
		if st.Risk[2] != r {
			t.Fatalf("risk of actor 2 is %v, fixed at %v", st.Risk[2], r)
		}
	}
}

func TestInvalid(t *testing.T) {
	bad := map[string]func(m *forecast.Model, p *smp.Params){
		"nil issues":         func(m *forecast.Model, p *smp.Params) { m.Issues = nil },
		"no actors":          func(m *forecast.Model, p *smp.Params) { m.Actors, m.Stances = nil, nil },
		"short stances":      func(m *forecast.Model, p *smp.Params) { m.Stances = m.Stances[:2] },
		"short row":          func(m *forecast.Model, p *smp.Params) { m.Stances[1] = m.Stances[1][:1] },
		"position out":       func(m *forecast.Model, p *smp.Params) { m.Stances[0][0].Position = 101 },
		"position NaN":       func(m *forecast.Model, p *smp.Params) { m.Stances[0][0].Position = math.NaN() },
		"negative salience":  func(m *forecast.Model, p *smp.Params) { m.Stances[0][1].Salience = -1 },
		"zero salience":      func(m *forecast.Model, p *smp.Params) { m.Stances[0][0].Salience, m.Stances[0][1].Salience = 0, 0 },
		"too much salience":  func(m *forecast.Model, p *smp.Params) { m.Stances[0][0].Salience = 150 },
		"zero capability":    func(m *forecast.Model, p *smp.Params) { m.Stances[2][0].Capability, m.Stances[2][1].Capability = 0, 0 },
		"bad scale":          func(m *forecast.Model, p *smp.Params) { m.Issues[0].Min = 100 },
		"bad fixed scale":    func(m *forecast.Model, p *smp.Params) { p.Scale = [2]float64{5, 5} },
		"outside fixed":      func(m *forecast.Model, p *smp.Params) { p.Scale = [2]float64{0, 50} },
		"bad risk":           func(m *forecast.Model, p *smp.Params) { r := 2.0; m.Actors[0].Risk = &r },
		"bad voting rule":    func(m *forecast.Model, p *smp.Params) { p.VotingRule = 99 },
		"max turns":          func(m *forecast.Model, p *smp.Params) { p.MaxTurns = 0 },
		"min turns":          func(m *forecast.Model, p *smp.Params) { p.MinTurns = 200 },
		"accommodation rows": func(m *forecast.Model, p *smp.Params) { p.Accommodation = [][]float64{{1}} },
		"accommodation sum": func(m *forecast.Model, p *smp.Params) {
			p.Accommodation = make([][]float64, len(m.Actors))
			for i := range p.Accommodation {
				p.Accommodation[i] = make([]float64, len(m.Actors))
				p.Accommodation[i][0] = 0.7
				p.Accommodation[i][1] = 0.7
			}
		},
	}
	for name, f := range bad {
		m := synthetic(4, 2, 9)
		p := smp.DefaultParams()
		f(m, &p)
		_, err := smp.Run(m, p)
		var e *entente.Error
		if !errors.As(err, &e) || e.Code != entente.EInvalid || e.Message == "" {
			t.Errorf("%s: got %v, want an invalid-input error", name, err)
		}
	}
	m := synthetic(4, 2, 9)
	m.Stances[2][1].Capability++
	if _, err := smp.Run(m, smp.DefaultParams()); entente.ErrorCode(err) != entente.EUnsupported {
		t.Errorf("capability varying by issue: %v, want unsupported", err)
	}
	if _, err := smp.Run(nil, smp.DefaultParams()); entente.ErrorCode(err) != entente.EInvalid {
		t.Errorf("nil model: %v", err)
	}
}
