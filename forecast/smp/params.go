package smp

import (
	"fmt"

	"github.com/entente/entente"
)

// VotingRule turns an actor's utility difference between two options into a
// vote (KTAB VotingRule). The zero value is KTAB's default, Proportional.
type VotingRule int

// Voting rules. With weight w and utility difference du:
const (
	// Proportional votes w·du.
	Proportional VotingRule = iota
	// Binary votes w·clip(du/1e-8, -1, +1).
	Binary
	// PropBin votes 0.8·Proportional + 0.2·Binary.
	PropBin
	// PropCbc votes w·(0.5·du + 0.5·du³).
	PropCbc
	// Cubic votes w·du³.
	Cubic
	// ASymProsp votes losses in full and gains at two thirds.
	ASymProsp
)

var votingRuleNames = []string{"Proportional", "Binary", "PropBin", "PropCbc", "Cubic", "ASymProsp"}

// String returns KTAB's name of the rule.
func (v VotingRule) String() string { return enumName(votingRuleNames, int(v)) }

// VictoryModel turns the strengths of two coalitions into the probability
// that the first wins (KTAB VictoryProbModel). The zero value is Linear.
type VictoryModel int

// Victory models: P(1 beats 2) = f(C1)/(f(C1)+f(C2)).
const (
	// Linear uses f(x) = x.
	Linear VictoryModel = iota
	// Square uses f(x) = x².
	Square
	// Quartic uses f(x) = x⁴.
	Quartic
	// Octic uses f(x) = x⁸.
	Octic
	// BinaryVictory gives certain victory to a coalition at least 1.1 times
	// as strong as the other, with a linear ramp inside that band.
	BinaryVictory
)

var victoryModelNames = []string{"Linear", "Square", "Quartic", "Octic", "Binary"}

// String returns KTAB's name of the model.
func (v VictoryModel) String() string { return enumName(victoryModelNames, int(v)) }

// PCEModel turns pairwise victory probabilities into a probability per
// option (KTAB PCEModel, the probabilistic Condorcet election). The zero
// value is Conditional.
type PCEModel int

// Probabilistic Condorcet election models.
const (
	// Conditional makes π_i proportional to Π_j P(i beats j).
	Conditional PCEModel = iota
	// MarkovIncentive is the limit of a Markov chain in which challenges
	// are made in proportion to the incentive to make them.
	MarkovIncentive
	// MarkovUniform is the limit of a Markov chain of uniformly random
	// challenges.
	MarkovUniform
)

var pceModelNames = []string{"Conditional", "MarkovIncentive", "MarkovUniform"}

// String returns KTAB's name of the model.
func (v PCEModel) String() string { return enumName(pceModelNames, int(v)) }

// Transitions says how an actor picks among the bargains in its queue
// (KTAB StateTransitions). The zero value is Deterministic.
type Transitions int

// State transition modes.
const (
	// Deterministic takes the most probable bargain (first on a tie).
	Deterministic Transitions = iota
	// Stochastic draws a bargain with its PCE probability, using the
	// seeded generator.
	Stochastic
)

var transitionsNames = []string{"Deterministic", "Stochastic"}

// String returns KTAB's name of the mode.
func (v Transitions) String() string { return enumName(transitionsNames, int(v)) }

// RiskAdjust says how actor h estimates actor i's risk attitude (KTAB
// BigRAdjust). The zero value is OneThird.
type RiskAdjust int

// Risk adjustments R_hi.
const (
	// OneThird: R_hi = (2 R_h + R_i)/3.
	OneThird RiskAdjust = iota
	// NoAdjust: R_hi = R_h.
	NoAdjust
	// Half: R_hi = (R_h + R_i)/2.
	Half
	// TwoThirds: R_hi = (R_h + 2 R_i)/3.
	TwoThirds
	// Full: R_hi = R_i.
	Full
)

var riskAdjustNames = []string{"OneThird", "None", "Half", "TwoThirds", "Full"}

// String returns KTAB's name of the adjustment.
func (v RiskAdjust) String() string { return enumName(riskAdjustNames, int(v)) }

// RiskRange maps an actor's PCE probability to its risk attitude (KTAB
// BigRRange). The zero value is Mid.
type RiskRange int

// Risk ranges.
const (
	// Mid maps to [-0.5, 1].
	Mid RiskRange = iota
	// Min maps to [0, 1].
	Min
	// Max maps to [-1, 1].
	Max
)

var riskRangeNames = []string{"Mid", "Min", "Max"}

// String returns KTAB's name of the range.
func (v RiskRange) String() string { return enumName(riskRangeNames, int(v)) }

// ThirdPartyCommit says what a third party expects to happen to its own
// position when it joins a side (KTAB ThirdPartyCommit). The zero value is
// SemiCommit.
type ThirdPartyCommit int

// Third-party commitment models.
const (
	// SemiCommit: a winning third party keeps its position, a losing one
	// ends at the winner's.
	SemiCommit ThirdPartyCommit = iota
	// FullCommit: the third party always ends at the winner's position.
	FullCommit
	// NoCommit: the third party always keeps its position.
	NoCommit
)

var thirdPartyNames = []string{"SemiCommit", "FullCommit", "NoCommit"}

// String returns KTAB's name of the model.
func (v ThirdPartyCommit) String() string { return enumName(thirdPartyNames, int(v)) }

// Interpolation builds the compromise point of a bargain, dimension by
// dimension (KTAB InterVecBrgn). The zero value is S2P2.
type Interpolation int

// Bargain interpolations.
const (
	// S2P2 weights each side by salience² × probability².
	S2P2 Interpolation = iota
	// S1P1 weights each side by salience × probability.
	S1P1
	// S2PMax moves each side by the truncated difference of the victory
	// probabilities, weighted by squared saliences.
	S2PMax
)

var interpolationNames = []string{"S2P2", "S1P1", "S2PMax"}

// String returns KTAB's name of the interpolation.
func (v Interpolation) String() string { return enumName(interpolationNames, int(v)) }

// BargainModel says which bargains a challenge puts in the queues (KTAB
// BargnModel). The zero value is InitOnlyInterp.
type BargainModel int

// Bargain models.
const (
	// InitOnlyInterp queues the bargain built with the initiator's
	// estimate of its victory probability.
	InitOnlyInterp BargainModel = iota
	// InitRcvrInterp also queues the bargain built with the target's
	// estimate.
	InitRcvrInterp
	// PWCompInterp queues a weighted average of the two bargains.
	PWCompInterp
)

var bargainModelNames = []string{"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"}

// String returns KTAB's name of the model.
func (v BargainModel) String() string { return enumName(bargainModelNames, int(v)) }

func enumName(names []string, v int) string {
	if v < 0 || v >= len(names) {
		return fmt.Sprintf("invalid(%d)", v)
	}
	return names[v]
}

// DefaultSeed is KTAB's default seed. With the default Deterministic
// transitions the run does not use randomness at all.
const DefaultSeed uint64 = 15455440707583219804

// Params are the settings of a run. DefaultParams returns KTAB's defaults;
// the zero value of every enumerated field is also KTAB's default.
type Params struct {
	VotingRule       VotingRule
	VictoryModel     VictoryModel
	PCE              PCEModel
	Transitions      Transitions
	RiskAdjust       RiskAdjust
	RiskRange        RiskRange
	ThirdPartyCommit ThirdPartyCommit
	Interpolation    Interpolation
	BargainModel     BargainModel

	// MinTurns and MaxTurns bound the number of turns [2, 100]: the run
	// stops after MaxTurns, or after at least MinTurns when the distance
	// moved in the last turn is below MinDeltaRatio [0.02] times the
	// distance moved in the first plus MinSigDelta [1e-4].
	MinTurns, MaxTurns int
	MinDeltaRatio      float64
	MinSigDelta        float64
	// PosTol is the distance on the [0,1] scale below which two positions
	// are one option in the reported election [1e-3].
	PosTol float64
	// MinGain is the smallest expected gain worth a challenge [1e-5].
	MinGain float64

	// Accommodation is the n×n matrix A that moves ideal points toward
	// positions after every turn, y_i ← Σ_j A_ij p_j + (1 - Σ_j A_ij) y_i.
	// Nil means the identity (ideals follow positions), KTAB's default.
	Accommodation [][]float64

	// Scale, when not [0 0], is the scale of every issue instead of the
	// issue's own Min and Max: positions are mapped from it to KTAB's [0,1].
	// KTAB's scale is [0 100]; use it for data written for KTAB when the
	// issues' Min and Max are not KTAB's (e.g. taken from the range of the
	// positions).
	Scale [2]float64

	// SalienceScale is the salience that means an actor's whole attention:
	// saliences are divided by it, and each actor's saliences must then sum
	// to at most 1. KTAB's input scale is 100. Zero means automatic: 100 if
	// some actor's saliences sum to more than 1, otherwise 1.
	SalienceScale float64

	// FinalOnly keeps only the initial and the final state in the result,
	// which saves the per-turn reporting (for Monte Carlo runs).
	FinalOnly bool

	// Seed seeds the generator used by Stochastic transitions.
	Seed uint64

	// Workers is how many goroutines share the work of a turn; 0 means
	// GOMAXPROCS for models large enough to gain from it, 1 means serial.
	// The result does not depend on it.
	Workers int
}

// DefaultParams returns KTAB's default parameters.
func DefaultParams() Params {
	return Params{
		MinTurns:      2,
		MaxTurns:      100,
		MinDeltaRatio: 0.02,
		MinSigDelta:   1e-4,
		PosTol:        1e-3,
		MinGain:       1e-5,
		Seed:          DefaultSeed,
	}
}

func (p *Params) validate(n int) error {
	bad := func(field, format string, args ...any) error {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "params."+field, format, args...)
	}
	enums := []struct {
		name string
		v, n int
	}{
		{"VotingRule", int(p.VotingRule), len(votingRuleNames)},
		{"VictoryModel", int(p.VictoryModel), len(victoryModelNames)},
		{"PCE", int(p.PCE), len(pceModelNames)},
		{"Transitions", int(p.Transitions), len(transitionsNames)},
		{"RiskAdjust", int(p.RiskAdjust), len(riskAdjustNames)},
		{"RiskRange", int(p.RiskRange), len(riskRangeNames)},
		{"ThirdPartyCommit", int(p.ThirdPartyCommit), len(thirdPartyNames)},
		{"Interpolation", int(p.Interpolation), len(interpolationNames)},
		{"BargainModel", int(p.BargainModel), len(bargainModelNames)},
	}
	for _, e := range enums {
		if e.v < 0 || e.v >= e.n {
			return bad(e.name, "unknown value %d, expected 0..%d", e.v, e.n-1)
		}
	}
	switch {
	case p.MaxTurns < 1:
		return bad("MaxTurns", "is %d, expected at least 1", p.MaxTurns)
	case p.MinTurns < 1 || p.MinTurns > p.MaxTurns:
		return bad("MinTurns", "is %d, expected 1..MaxTurns (%d)", p.MinTurns, p.MaxTurns)
	case !(p.MinDeltaRatio >= 0) || isInf(p.MinDeltaRatio):
		return bad("MinDeltaRatio", "is %v, expected a finite number >= 0", p.MinDeltaRatio)
	case !(p.MinSigDelta > 0) || isInf(p.MinSigDelta):
		return bad("MinSigDelta", "is %v, expected a finite number > 0", p.MinSigDelta)
	case !(p.PosTol >= 0) || isInf(p.PosTol):
		return bad("PosTol", "is %v, expected a finite number >= 0", p.PosTol)
	case !(p.MinGain >= 0) || isInf(p.MinGain):
		return bad("MinGain", "is %v, expected a finite number >= 0", p.MinGain)
	case p.Scale != [2]float64{} && !(finite(p.Scale[0]) && finite(p.Scale[1]) && p.Scale[1] > p.Scale[0]):
		return bad("Scale", "is %v, expected [min max] with min < max, or [0 0] for the issues' own scales", p.Scale)
	case !(p.SalienceScale >= 0) || isInf(p.SalienceScale):
		return bad("SalienceScale", "is %v, expected a finite number >= 0 (0: automatic)", p.SalienceScale)
	case p.Workers < 0:
		return bad("Workers", "is %d, expected >= 0", p.Workers)
	}
	if a := p.Accommodation; a != nil {
		if len(a) != n {
			return bad("Accommodation", "has %d rows, expected one per actor (%d)", len(a), n)
		}
		for i, row := range a {
			if len(row) != n {
				return bad(fmt.Sprintf("Accommodation[%d]", i), "has %d entries, expected %d", len(row), n)
			}
			sum := 0.0
			for j, v := range row {
				if !(v >= 0 && v <= 1) {
					return bad(fmt.Sprintf("Accommodation[%d][%d]", i, j), "is %v, expected a number in [0,1]", v)
				}
				sum += v
			}
			if sum > 1+1e-10 {
				return bad(fmt.Sprintf("Accommodation[%d]", i), "sums to %v, expected at most 1", sum)
			}
		}
	}
	return nil
}
