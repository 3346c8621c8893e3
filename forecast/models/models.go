package models

import (
	"fmt"
	"math"
	"strconv"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/bdm"
	"github.com/entente/entente/forecast/montecarlo"
	"github.com/entente/entente/forecast/smp"
	"github.com/entente/entente/internal/numfmt"
)

// Options are the parameters the models share. The zero value runs every
// model with its defaults.
type Options struct {
	// Rounds is the number of rounds of bdm and the most turns of smp; 0
	// keeps each model's default (bdm 10, smp up to 100 turns), and
	// NoRounds asks for none (bdm forecasts the input's median, smp takes
	// its one turn).
	Rounds int
	// SalienceMax is the salience that means full attention: 1 for
	// salience on 0..1, 100 for 0..100; 0 decides from the input (KTAB's
	// files are in percent).
	SalienceMax float64
}

// NoRounds is Options.Rounds asking for no rounds.
const NoRounds = -1

// Model is one forecasting model of the registry.
type Model struct {
	// Name is the model's name (compromise, median, condorcet, bdm, smp).
	Name string
	// About says in one line what it forecasts, for help texts.
	About string

	run        func(m *forecast.Model, o Options) ([]Result, error)
	forecaster func(m *forecast.Model, o Options) montecarlo.Forecaster
	// cost is the steps of one run on n actors and d issues.
	cost func(n, d float64, o Options) float64
}

// Result is one model's forecast of one issue.
type Result struct {
	// Forecast is the predicted position on the issue's scale.
	Forecast float64
	// Rounds holds a round-based model's rounds; nil for the baselines.
	Rounds *Rounds
	// Note is a one-line remark: convergence, cycling, the salience scale,
	// SMP's most probable position ("" for none).
	Note string
}

// Rounds are a round-based model's rounds on one issue.
type Rounds struct {
	// Converged reports that the model stopped before its last round
	// because the positions settled.
	Converged bool
	// Reversals counts the rounds in which the median changed direction.
	Reversals int
	// Cycle, when not nil, reports that the positions after round
	// Cycle.Start+Cycle.Length repeat those after round Cycle.Start.
	Cycle *Cycle
	// Rounds holds round 0 (the input), then one entry per round (turn).
	Rounds []Round
}

// Cycle is a periodic stretch of rounds.
type Cycle struct{ Start, Length int }

// Round is the state after one round.
type Round struct {
	Round int
	// Median and Mean are the capability × salience weighted median
	// (Condorcet winner) and mean of the positions.
	Median, Mean float64
	// Positions are every actor's positions after the round.
	Positions []float64
	// Risk holds the risk values used in the round: BDM's exponents r_i,
	// SMP's risk attitudes R_i (nil in BDM's round 0).
	Risk []float64
	// Moves says who moved toward whom in the round.
	Moves []Move
}

// Move is one actor's move in a round.
type Move struct {
	// Actor moved toward Toward (actor indices).
	Actor, Toward int
	// Kind is confrontation, compromise or capitulation (bdm), or
	// bargain (smp).
	Kind string
	// EUActor and EUToward are, for bdm, EU_ij and EU_ji as the moving
	// actor estimates them; nil for smp.
	EUActor, EUToward *float64
	// Position is the actor's new position on the issue.
	Position float64
}

// registry lists the models in their default order.
var registry = []*Model{
	baseline("compromise", "the capability x salience weighted mean of the positions (Stokman's compromise model)", forecast.Mean,
		func(n, d float64, _ Options) float64 { return n * d * math.Log2(n+2) }),
	baseline("median", "the weighted median position: the median voter, weights capability x salience", forecast.Median,
		func(n, d float64, _ Options) float64 { return n * d * math.Log2(n+2) }),
	baseline("condorcet", "the held position unbeaten in pairwise capability x salience votes (linear loss)", forecast.Condorcet,
		func(n, d float64, _ Options) float64 { return n * n * d }),
	{Name: "bdm", About: "Bueno de Mesquita's expected-utility model as specified by Scholz, Calbert & Smith (2011); its median after the last round",
		run: runBDM, forecaster: func(m *forecast.Model, o Options) montecarlo.Forecaster { return montecarlo.BDM(m, bdmParams(m, o)) },
		cost: func(n, d float64, o Options) float64 {
			rounds := 10.0
			if o.Rounds > 0 {
				rounds = float64(o.Rounds)
			}
			return n * n * n * rounds * d
		}},
	{Name: "smp", About: "KTAB's Spatial Model of Politics; the expected outcome after the last turn",
		run: runSMP, forecaster: func(m *forecast.Model, o Options) montecarlo.Forecaster { return montecarlo.SMP(m, smpParams(m, o)) },
		cost: func(n, d float64, o Options) float64 {
			turns := float64(smp.DefaultParams().MaxTurns)
			if o.Rounds > 0 {
				turns = float64(o.Rounds)
			}
			return n * n * n * turns * d
		}},
}

// All returns the models in their default order (the order of the
// command's output).
func All() []*Model { return append([]*Model(nil), registry...) }

// Names returns the models' names in their default order.
func Names() []string {
	names := make([]string, len(registry))
	for i, md := range registry {
		names[i] = md.Name
	}
	return names
}

// Lookup returns the model called name, or nil when there is none.
func Lookup(name string) *Model {
	for _, md := range registry {
		if md.Name == name {
			return md
		}
	}
	return nil
}

// Run forecasts every issue of m and returns one result per issue. Its
// errors are those of the model's parameters and input checks; locate
// them in the input with m.Locate.
func (md *Model) Run(m *forecast.Model, o Options) ([]Result, error) { return md.run(m, o) }

// Forecaster returns the model for Monte Carlo runs and sensitivity, with
// the options o.
func (md *Model) Forecaster(m *forecast.Model, o Options) montecarlo.Forecaster {
	return md.forecaster(m, o)
}

// Work estimates the steps of the model on m with the options o, runs
// Monte Carlo runs and, with sensitivity, the one-at-a-time
// perturbations. A step is one actor's look at a pair of actors on one
// issue: the round-based models cost actors³ per round or turn (every
// actor weighs every challenge through every third party); measured, SMP
// takes 0.6 s for 100 actors (32 turns) and 44 s for 300 (79 turns),
// docs/forecast.md.
func (md *Model) Work(m *forecast.Model, o Options, runs int, sensitivity bool) float64 {
	n, d := float64(len(m.Actors)), float64(len(m.Issues))
	repeat := 1 + float64(runs)
	if sensitivity {
		repeat += 4 * n * d
	}
	return md.cost(n, d, o) * repeat
}

// Check reports a KTAB file's SMP parameters that smp does not know,
// located in the file, so that they are refused before any model runs.
func Check(m *forecast.Model) error {
	var p smp.Params
	if err := p.ApplyKTAB(m.KTAB); err != nil {
		return m.Locate(err)
	}
	return nil
}

func baseline(name, about string, f func(x, w []float64) float64, cost func(n, d float64, o Options) float64) *Model {
	return &Model{Name: name, About: about, cost: cost,
		run: func(m *forecast.Model, _ Options) ([]Result, error) {
			out := make([]Result, len(m.Issues))
			var x, w []float64
			for k := range m.Issues {
				x, w = m.Positions(k, x), m.Weights(k, w)
				out[k].Forecast = f(x, w)
			}
			return out, nil
		},
		forecaster: func(*forecast.Model, Options) montecarlo.Forecaster { return montecarlo.Baseline(name, f) },
	}
}

func bdmParams(m *forecast.Model, o Options) bdm.Params {
	p := bdm.DefaultParams()
	if o.Rounds != 0 {
		p.Rounds = max(o.Rounds, 0)
	}
	p.SalienceMax = o.SalienceMax
	if m.KTAB != nil && p.SalienceMax == 0 {
		p.SalienceMax = 100 // KTAB's saliences are percentages
	}
	return p
}

func smpParams(m *forecast.Model, o Options) smp.Params {
	p := smp.DefaultParams()
	if o.Rounds != 0 {
		p.MaxTurns = max(o.Rounds, 1)
		p.MinTurns = min(p.MinTurns, p.MaxTurns)
	}
	p.SalienceScale = o.SalienceMax
	// A KTAB file's own parameters, seed and ideal adjustments (Check
	// refuses those smp does not know before any model runs).
	_ = p.ApplyKTAB(m.KTAB)
	return p
}

func runBDM(m *forecast.Model, o Options) ([]Result, error) {
	res, err := bdm.RunAll(m, bdmParams(m, o))
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(m.Issues))
	for k, r := range res {
		rs := &Rounds{Converged: r.Converged, Reversals: r.Reversals}
		if r.CycleLength > 0 {
			rs.Cycle = &Cycle{Start: r.CycleStart, Length: r.CycleLength}
		}
		for _, rd := range r.Rounds {
			x := Round{Round: rd.Round, Median: rd.Median, Mean: rd.Mean, Positions: rd.Positions, Risk: rd.Risk}
			for _, of := range rd.Offers {
				eu, ej := of.EUReceiver, of.EUProposer
				x.Moves = append(x.Moves, Move{Actor: of.Receiver, Toward: of.Proposer, Kind: of.Kind.String(),
					EUActor: &eu, EUToward: &ej, Position: of.Position})
			}
			rs.Rounds = append(rs.Rounds, x)
		}
		last := len(r.Rounds) - 1
		var note string
		switch {
		case r.Converged:
			note = fmt.Sprintf("stopped after round %d: converged", last)
		case r.CycleLength > 0:
			note = fmt.Sprintf("not converged after %d rounds: the positions after round %d repeat those after round %d (a cycle of %d rounds)", last, r.CycleStart+r.CycleLength, r.CycleStart, r.CycleLength)
		case r.Reversals > 0:
			note = fmt.Sprintf("not converged after %d rounds: the median changed direction %s (cycling; the forecast depends on the number of rounds)", last, numfmt.Plural(r.Reversals, "time"))
		default:
			note = fmt.Sprintf("not converged after %d rounds", last)
		}
		if r.SalienceMax != 1 {
			note += fmt.Sprintf("; saliences read on 0..%v", r.SalienceMax)
		}
		out[k] = Result{Forecast: r.Forecast, Rounds: rs, Note: note}
	}
	return out, nil
}

func runSMP(m *forecast.Model, o Options) ([]Result, error) {
	r, err := smp.Run(m, smpParams(m, o))
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(m.Issues))
	var x, w []float64
	for k := range m.Issues {
		w = m.Weights(k, w)
		rs := &Rounds{Converged: r.Stop == smp.Converged}
		for t, s := range r.States {
			x = x[:0]
			for i := range s.Positions {
				x = append(x, s.Positions[i][k])
			}
			rd := Round{Round: t, Median: forecast.Median(x, w), Mean: forecast.Mean(x, w), Positions: append([]float64(nil), x...), Risk: s.Risk}
			if t > 0 {
				prev := r.States[t-1]
				for i, bi := range prev.Adopted {
					if bi < 0 {
						continue
					}
					b := prev.Bargains[bi]
					other, pos := b.Target, b.InitiatorPosition
					if i == b.Target {
						other, pos = b.Initiator, b.TargetPosition
					}
					rd.Moves = append(rd.Moves, Move{Actor: i, Toward: other, Kind: "bargain", Position: pos[k]})
				}
			}
			rs.Rounds = append(rs.Rounds, rd)
		}
		rs.Reversals = reversals(rs.Rounds)
		out[k] = Result{Forecast: r.ExpectedOutcome[k], Rounds: rs,
			Note: fmt.Sprintf("%s after %s; most probable position %s", r.Stop, numfmt.Plural(r.Turns, "turn"), strconv.FormatFloat(r.MostProbable[k], 'f', 4, 64))}
	}
	return out, nil
}

// reversals counts the rounds in which the median changed direction.
func reversals(rounds []Round) int {
	n, dir := 0, 0.0
	for i := 1; i < len(rounds); i++ {
		d := rounds[i].Median - rounds[i-1].Median
		if d == 0 {
			continue
		}
		if dir != 0 && (d > 0) != (dir > 0) {
			n++
		}
		dir = d
	}
	return n
}
