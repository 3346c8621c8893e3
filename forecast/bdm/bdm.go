package bdm

import (
	"fmt"
	"math"
	"slices"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
)

// Probability selects the denominator of the probability of success.
type Probability int

const (
	// ScholzDenominator divides the votes for i over j by the sum of the
	// absolute votes of all voters over all ordered pairs of actors, as
	// Scholz's code does (then P(i>j) + P(j>i) is not 1). It reproduces the
	// paper's rounds.
	ScholzDenominator Probability = iota
	// PairDenominator is the paper's form: the votes for i over j divided
	// by the absolute votes on this pair, so P(i>j) + P(j>i) = 1.
	PairDenominator
)

// Selection selects which of its offers an actor accepts.
type Selection int

const (
	// ScholzSelection takes the confrontation that moves the actor least,
	// else the compromise with the lowest compromise point
	// (|EU_ij| x_i + |EU_ji| x_j) / (|EU_ij| + |EU_ji|), else the
	// capitulation that moves it least, as Scholz's code does.
	ScholzSelection Selection = iota
	// SmallestMove takes, whatever its kind, the offer that moves the
	// actor least, as the paper and Bueno de Mesquita state.
	SmallestMove
)

// Params are the model's parameters. Start from DefaultParams.
type Params struct {
	// Rounds is the number of rounds to run (at most, with Converge).
	Rounds int
	// Q is the probability that the status quo persists absent a
	// challenge, T the probability that, if it does not, things get better
	// for the actor. Both in [0,1]. With Q = 1 (the default and the only
	// value with reference output) T has no effect; Q < 1 is unvalidated.
	Q, T float64
	// Probability and Selection choose between Scholz's code (default) and
	// the paper's forms.
	Probability Probability
	Selection   Selection
	// Capitulations enables capitulation offers (EU_ji > 0 > EU_ij and
	// EU_ji < |EU_ij|). Scholz's code, as replicated, never makes them, so
	// the default is false.
	Capitulations bool
	// RecomputeRange recomputes the scale's range (largest minus smallest
	// position) every round instead of keeping the initial one.
	RecomputeRange bool
	// GivenRisk makes actors whose Risk is set use it as their fixed risk
	// exponent (> 0; 1 is neutral, the model's own range is [0.5, 2])
	// instead of the one derived each round.
	GivenRisk bool
	// SalienceMax is the salience that means "resists every challenge":
	// saliences are divided by it and must then lie in [0,1]. Zero (the
	// default) means automatic: 1 when every salience on the issue is at
	// most 1, otherwise 100 (saliences published on 0..100).
	SalienceMax float64
	// Converge, when positive, stops the run after the first round in which
	// the median moves by no more than Converge x range. Zero runs all
	// Rounds.
	Converge float64
}

// DefaultParams returns the defaults: 10 rounds, Q = T = 1, Scholz's
// probability and offer selection, no capitulations, the initial range,
// derived risk exponents, automatic salience scale, no convergence stop.
func DefaultParams() Params {
	return Params{Rounds: 10, Q: 1, T: 1}
}

// OfferKind is the kind of an offer.
type OfferKind int

const (
	// Confrontation: both expect to gain from a challenge, the proposer
	// more (EU_ji > EU_ij > 0); the receiver moves to the proposer.
	Confrontation OfferKind = iota
	// Compromise: the receiver expects to lose, the proposer to gain more
	// than the receiver loses; the receiver moves the fraction
	// |EU_ij / EU_ji| of the way to the proposer.
	Compromise
	// Capitulation: the receiver expects to lose more than the proposer
	// gains; the receiver moves to the proposer.
	Capitulation
)

// String returns "confrontation", "compromise" or "capitulation".
func (k OfferKind) String() string {
	switch k {
	case Confrontation:
		return "confrontation"
	case Compromise:
		return "compromise"
	case Capitulation:
		return "capitulation"
	}
	return fmt.Sprintf("OfferKind(%d)", int(k))
}

// Offer is an offer an actor accepted in a round.
type Offer struct {
	// Receiver moves; Proposer made the offer (actor indices).
	Receiver, Proposer int
	Kind               OfferKind
	// EUReceiver is EU_ij, the receiver's expected utility of challenging
	// the proposer, and EUProposer EU_ji, the proposer's expected utility
	// of challenging the receiver, both as the receiver estimates them.
	EUReceiver, EUProposer float64
	// Position is the receiver's new position.
	Position float64
}

// Round is the state after one round (round 0 is the input).
type Round struct {
	Round int
	// Positions are the actors' positions after the round.
	Positions []float64
	// Risk holds the risk exponents used in the round (nil in round 0).
	Risk []float64
	// Median is the Condorcet winner among the positions (linear loss,
	// capability x salience votes; forecast.Condorcet), Mean their
	// capability x salience weighted mean.
	Median, Mean float64
	// Offers are the offers accepted in the round, by receiver.
	Offers []Offer
}

// Result is one issue's run.
type Result struct {
	Issue  int
	Rounds []Round
	// Forecast is the median after the last round.
	Forecast float64
	// Converged reports that the run stopped early: by the Converge rule,
	// or because a round moved nobody (every later round would be the
	// same).
	Converged bool
	// Reversals counts the rounds in which the median changed direction:
	// a sign of cycling.
	Reversals int
	// CycleStart and CycleLength, when CycleLength > 0, report that the
	// positions after round CycleStart+CycleLength repeat those after round
	// CycleStart: the process is periodic from there on.
	CycleStart, CycleLength int
	// SalienceMax is the salience scale used (see Params).
	SalienceMax float64
}

// Check reports parameters out of range.
func (p *Params) Check() error {
	var errs entente.ErrorList
	bad := func(field, format string, args ...any) {
		errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field, format, args...))
	}
	if p.Rounds < 0 {
		bad("rounds", "%d rounds; expected 0 or more", p.Rounds)
	}
	if !(p.Q >= 0 && p.Q <= 1) {
		bad("q", "%v; expected a probability in [0,1]", p.Q)
	}
	if !(p.T >= 0 && p.T <= 1) {
		bad("t", "%v; expected a probability in [0,1]", p.T)
	}
	if !(p.SalienceMax >= 0) || math.IsInf(p.SalienceMax, 0) {
		bad("salience_max", "%v; expected a positive number (1 for salience on 0..1, 100 for 0..100) or 0 for automatic", p.SalienceMax)
	}
	if !(p.Converge >= 0) || math.IsInf(p.Converge, 0) {
		bad("converge", "%v; expected a finite number >= 0", p.Converge)
	}
	if p.Probability != ScholzDenominator && p.Probability != PairDenominator {
		bad("probability", "unknown rule %d", p.Probability)
	}
	if p.Selection != ScholzSelection && p.Selection != SmallestMove {
		bad("selection", "unknown rule %d", p.Selection)
	}
	return errs.Err()
}

// RunAll runs the model on every issue of m.
func RunAll(m *forecast.Model, p Params) ([]*Result, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	if errs := m.Validate(); len(errs) > 0 {
		return nil, errs
	}
	out := make([]*Result, len(m.Issues))
	for k := range m.Issues {
		r, err := run(m, k, p)
		if err != nil {
			return nil, err
		}
		out[k] = r
	}
	return out, nil
}

// RunScaled is RunAll with the saliences of issue k read on the scale
// scales[k] (Params.SalienceMax issue by issue; 0: chosen from m, as
// RunAll does), the model validated once: what Monte Carlo runs over
// drawn models need, their scales fixed from the point model.
func RunScaled(m *forecast.Model, p Params, scales []float64) ([]*Result, error) {
	if len(scales) != len(m.Issues) {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "scales", "%d salience scales for %d issues", len(scales), len(m.Issues))
	}
	// As Run issue by issue, so that an error is the same: the parameters
	// checked first, then the model (once: it is the same every time).
	out := make([]*Result, len(m.Issues))
	for k := range m.Issues {
		pk := p
		pk.SalienceMax = scales[k]
		if err := pk.Check(); err != nil {
			return nil, err
		}
		if k == 0 {
			if errs := m.Validate(); len(errs) > 0 {
				return nil, errs
			}
		}
		r, err := run(m, k, pk)
		if err != nil {
			return nil, err
		}
		out[k] = r
	}
	return out, nil
}

// Run runs the model on issue k of m. The model must be valid
// (m.Validate); saliences divided by p.SalienceMax must lie in [0,1].
func Run(m *forecast.Model, k int, p Params) (*Result, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	if k < 0 || k >= len(m.Issues) {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "issue", "issue %d does not exist; the model has %d", k, len(m.Issues))
	}
	if errs := m.Validate(); len(errs) > 0 {
		return nil, errs
	}
	return run(m, k, p)
}

// run is Run on a model and parameters already checked: RunAll validates
// the model once for all its issues.
func run(m *forecast.Model, k int, p Params) (*Result, error) {
	n := len(m.Actors)
	if p.SalienceMax == 0 {
		p.SalienceMax = 1
		for i := range m.Actors {
			if m.Stances[i][k].Salience > 1 {
				p.SalienceMax = 100
			}
		}
	}
	st := &state{p: p, n: n,
		x: m.Positions(k, nil), c: make([]float64, n), s: make([]float64, n),
		w: m.Weights(k, nil), r: make([]float64, n), fixed: make([]float64, n),
	}
	for i := range m.Actors {
		sv := m.Stances[i][k]
		st.c[i], st.s[i] = sv.Capability, sv.Salience/p.SalienceMax
		if st.s[i] > 1 {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, fmt.Sprintf("actors[%d].stances[%d].salience", i, k),
				"actor %q has salience %v on issue %q; the BDM model reads salience (divided by the salience scale, %v) as the probability of resisting a challenge, so expected at most %v (set the salience scale: 100 for saliences on 0..100)",
				m.Actors[i].Name, sv.Salience, m.Issues[k].Name, p.SalienceMax, p.SalienceMax)
		}
		if p.GivenRisk && m.Actors[i].Risk != nil {
			if r := *m.Actors[i].Risk; !(r > 0) || math.IsInf(r, 0) {
				return nil, entente.Errorf(entente.EInvalid, "", 0, 0, fmt.Sprintf("actors[%d].risk", i),
					"actor %q has risk %v; as a BDM risk exponent expected a positive number (1 neutral, 0.5 to 2 in the model's own range)", m.Actors[i].Name, r)
			}
			st.fixed[i] = *m.Actors[i].Risk
		}
	}
	return st.run(k), nil
}

// state is one issue's run in progress.
type state struct {
	p       Params
	n       int
	x       []float64 // current positions
	c, s, w []float64 // capability, salience on [0,1], c x s
	r       []float64 // current risk exponents
	fixed   []float64 // given risk exponents, 0 when derived
	rng     float64   // the range distances are divided by
	median  float64
	pow     []float64 // pow[k*n+a] = (|x_k - x_a| / rng)^r_k
	// logD, logS and logF: for a pair of actors at distance d (over the
	// range), log d, log(0.5 - 0.5d) and log(0.5 + 0.5d), shared by the
	// pair's two orders (see powLog); filled by votes and offers.
	logD, logS, logF []float64
	den              float64 // Scholz denominator
	scratch          []float64
	eu               []float64 // eu[a*n+b]: EU of a challenging b, perspective b (risk step)
	danger           []float64
	next             []float64
	accepted         []Offer
}

func (st *state) run(k int) *Result {
	res := &Result{Issue: k, SalienceMax: st.p.SalienceMax}
	n := st.n
	st.pow = make([]float64, n*n)
	st.logD, st.logS, st.logF = make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	st.scratch = make([]float64, n)
	st.eu = make([]float64, n*n)
	st.danger = make([]float64, n)
	st.next = make([]float64, n)
	st.rng = spread(st.x)
	res.Rounds = append(res.Rounds, st.snapshot(0, nil))
	prevDir := 0.0
	for t := 1; t <= st.p.Rounds; t++ {
		if st.p.RecomputeRange {
			st.rng = spread(st.x)
		}
		st.median = res.Rounds[t-1].Median
		if st.rng == 0 {
			// Every actor holds the same position: nothing can move.
			res.Converged = true
			break
		}
		st.updateRisk()
		st.offers()
		copy(st.x, st.next)
		rd := st.snapshot(t, slices.Clone(st.r))
		rd.Offers = slices.Clone(st.accepted)
		res.Rounds = append(res.Rounds, rd)
		d := rd.Median - res.Rounds[t-1].Median
		if d != 0 {
			if prevDir != 0 && (d > 0) != (prevDir > 0) {
				res.Reversals++
			}
			prevDir = d
		}
		if res.CycleLength == 0 {
			for s := 0; s < t; s++ {
				if slices.Equal(res.Rounds[s].Positions, rd.Positions) {
					res.CycleStart, res.CycleLength = s, t-s
					break
				}
			}
		}
		if len(rd.Offers) == 0 || (st.p.Converge > 0 && math.Abs(d) <= st.p.Converge*st.rng) {
			res.Converged = true
			break
		}
	}
	res.Forecast = res.Rounds[len(res.Rounds)-1].Median
	return res
}

func (st *state) snapshot(t int, risk []float64) Round {
	x := slices.Clone(st.x)
	return Round{Round: t, Positions: x, Risk: risk, Median: forecast.Condorcet(x, st.w), Mean: forecast.Mean(x, st.w)}
}

func spread(x []float64) float64 {
	return slices.Max(x) - slices.Min(x)
}

// votes fills the table of the voters' distance terms with the current
// risk exponents, and the Scholz denominator.
func (st *state) votes() {
	n := st.n
	st.den = 0
	ones := true
	for k := 0; k < n; k++ {
		ones = ones && st.r[k] == 1
	}
	if !ones {
		// log d once per pair, for both voters' powers.
		for k := 0; k < n; k++ {
			for a := k + 1; a < n; a++ {
				if d := math.Abs(st.x[k]-st.x[a]) / st.rng; d != 0 {
					l := math.Log(d)
					st.logD[k*n+a], st.logD[a*n+k] = l, l
				}
			}
		}
	}
	for k := 0; k < n; k++ {
		row := st.pow[k*n : (k+1)*n]
		logs := st.logD[k*n : (k+1)*n]
		for a := 0; a < n; a++ {
			d := math.Abs(st.x[k]-st.x[a]) / st.rng
			if st.r[k] == 1 {
				row[a] = d
			} else {
				row[a] = powLog(d, logs[a], st.r[k])
			}
		}
		if st.p.Probability == ScholzDenominator && st.w[k] != 0 {
			// Σ_{a,b} |t_a - t_b| over ordered pairs, from the sorted
			// values: the i-th smallest (from 0) appears with a plus sign
			// i times and a minus sign n-1-i times, twice over.
			copy(st.scratch, row)
			slices.Sort(st.scratch)
			sum := 0.0
			for i, v := range st.scratch {
				sum += float64(2*i-n+1) * v
			}
			st.den += st.w[k] * 2 * sum
		}
	}
}

// probs returns the probabilities that actor i's position beats actor
// j's and the reverse, from one pass over the voters (a vote for i over j
// is a vote against j over i).
func (st *state) probs(i, j int) (pij, pji float64) {
	if st.x[i] == st.x[j] {
		return 0, 0
	}
	n := st.n
	num, against := 0.0, 0.0
	for k := 0; k < n; k++ {
		row := st.pow[k*n : (k+1)*n]
		v := st.w[k] * (row[j] - row[i])
		if v > 0 {
			num += v
		} else {
			against -= v
		}
	}
	if st.p.Probability == PairDenominator {
		if num+against == 0 {
			return 0.5, 0.5
		}
		return num / (num + against), against / (num + against)
	}
	if st.den == 0 {
		return 0, 0
	}
	return num / st.den, against / st.den
}

// challenges returns the expected utilities, estimated with risk exponent
// r, of actor a challenging actor b and of b challenging a: the net of
// challenging over not challenging. usq is 2 - 4·2^-r, the utility of the
// status quo; with logs, the powers take their logarithms from logS and
// logF (see pairLogs), else they compute them.
func (st *state) challenges(a, b int, r, usq float64, logs bool) (eab, eba float64) {
	d := math.Abs(st.x[a]-st.x[b]) / st.rng
	var us, uf float64
	if logs {
		us = 2 - 4*powLog(0.5-0.5*d, st.logS[a*st.n+b], r)
		uf = 2 - 4*powLog(0.5+0.5*d, st.logF[a*st.n+b], r)
	} else {
		us = 2 - 4*pow(0.5-0.5*d, r)
		uf = 2 - 4*pow(0.5+0.5*d, r)
	}
	pab, pba := st.probs(a, b)
	eab = st.s[b]*(pab*us+(1-pab)*uf) + (1-st.s[b])*us - st.p.Q*usq
	eba = st.s[a]*(pba*us+(1-pba)*uf) + (1-st.s[a])*us - st.p.Q*usq
	if st.p.Q < 1 {
		eab -= st.noChallenge(a, b, r)
		eba -= st.noChallenge(b, a, r)
	}
	return eab, eba
}

// pairLogs fills logS and logF for every pair of actors at different
// positions: the logarithms of the bases of challenges' powers, which the
// pair's two orders share.
func (st *state) pairLogs() {
	n := st.n
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			d := math.Abs(st.x[a]-st.x[b]) / st.rng
			var ls, lf float64
			if v := 0.5 - 0.5*d; v != 0 {
				ls = math.Log(v)
			}
			if v := 0.5 + 0.5*d; v != 0 {
				lf = math.Log(v)
			}
			st.logS[a*n+b], st.logS[b*n+a] = ls, ls
			st.logF[a*n+b], st.logF[b*n+a] = lf, lf
		}
	}
}

// noChallenge is the (1 - Q) part of a's expected utility of not
// challenging b: things get better (probability T) or worse without a
// contest, measured from the median μ at the start of the round.
func (st *state) noChallenge(a, b int, r float64) float64 {
	e := (math.Abs(st.x[a]-st.median) + math.Abs(st.x[a]-st.x[b])) / st.rng
	ub := 2 - 4*pow(math.Max(0, 0.5-0.25*e), r)
	uw := 2 - 4*pow(0.5+0.25*e, r)
	return (1 - st.p.Q) * (st.p.T*ub + (1-st.p.T)*uw)
}

// pow returns b^r for b >= 0 and r > 0 as exp(r log b): within a few
// units in the last place of math.Pow, and several times faster, which
// matters because powers dominate the model's cost.
func pow(b, r float64) float64 {
	switch {
	case r == 1:
		return b
	case b == 0:
		return 0
	}
	return math.Exp(r * math.Log(b))
}

// powLog is pow(b, r) given lb = log b (any value when b is 0): the same
// result, bit for bit, for a base whose logarithm serves several powers.
func powLog(b, lb, r float64) float64 {
	switch {
	case r == 1:
		return b
	case b == 0:
		return 0
	}
	return math.Exp(r * lb)
}

// updateRisk derives every actor's risk exponent: with all exponents 1,
// actor k's danger S_k is the sum of the others' expected utilities of
// challenging k; R_k = (2 S_k - S_max - S_min) / (S_max - S_min) and
// r_k = (1 - R_k/3) / (1 + R_k/3). When all dangers are equal every R is
// 0 (r = 1).
func (st *state) updateRisk() {
	n := st.n
	for i := range st.r {
		st.r[i] = 1
	}
	st.votes()
	clear(st.danger)
	usq := 2 - 4*math.Exp2(-1)
	for k := 0; k < n; k++ {
		for l := k + 1; l < n; l++ {
			elk, ekl := st.challenges(l, k, 1, usq, false)
			st.danger[k] += elk
			st.danger[l] += ekl
		}
	}
	lo, hi := slices.Min(st.danger), slices.Max(st.danger)
	for k := 0; k < n; k++ {
		switch {
		case st.fixed[k] > 0:
			st.r[k] = st.fixed[k]
		case hi > lo:
			R := (2*st.danger[k] - hi - lo) / (hi - lo)
			st.r[k] = (1 - R/3) / (1 + R/3)
		default:
			st.r[k] = 1
		}
	}
}

// offers computes every actor's accepted offer with the current exponents
// and writes the new positions to st.next.
func (st *state) offers() {
	n := st.n
	st.votes()
	st.pairLogs()
	st.accepted = st.accepted[:0]
	for i := 0; i < n; i++ {
		st.next[i] = st.x[i]
		usq := 2 - 4*math.Exp2(-st.r[i])
		var best [3]*Offer
		var cand [3]Offer
		for j := 0; j < n; j++ {
			if st.x[i] == st.x[j] {
				continue
			}
			eij, eji := st.challenges(i, j, st.r[i], usq, true)
			o := Offer{Receiver: i, Proposer: j, EUReceiver: eij, EUProposer: eji}
			switch {
			case eji > eij && eij > 0:
				o.Kind, o.Position = Confrontation, st.x[j]
			case eji > 0 && 0 > eij && eji > math.Abs(eij):
				o.Kind, o.Position = Compromise, st.x[i]+(st.x[j]-st.x[i])*math.Abs(eij/eji)
			case st.p.Capitulations && eji > 0 && 0 > eij && eji < math.Abs(eij):
				o.Kind, o.Position = Capitulation, st.x[j]
			default:
				continue
			}
			kind := o.Kind
			if st.p.Selection == SmallestMove {
				kind = 0 // one category
			}
			if best[kind] == nil || st.better(&o, best[kind]) {
				cand[kind] = o
				best[kind] = &cand[kind]
			}
		}
		for _, b := range best {
			if b != nil {
				st.accepted = append(st.accepted, *b)
				st.next[i] = b.Position
				break
			}
		}
	}
}

// better reports whether offer o is preferred to the best so far (ties go
// to the earlier proposer, which b is).
func (st *state) better(o, b *Offer) bool {
	if st.p.Selection == ScholzSelection && o.Kind == Compromise {
		return compromisePoint(st, o) < compromisePoint(st, b)
	}
	x := st.x[o.Receiver]
	return math.Abs(x-o.Position) < math.Abs(x-b.Position)
}

func compromisePoint(st *state, o *Offer) float64 {
	a, b := math.Abs(o.EUReceiver), math.Abs(o.EUProposer)
	return (a*st.x[o.Receiver] + b*st.x[o.Proposer]) / (a + b)
}
