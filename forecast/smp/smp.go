package smp

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/parallel"
)

// Stop says why a run ended.
type Stop int

// Reasons to stop.
const (
	// Converged: the last turn moved the actors less than MinDeltaRatio
	// times the first turn.
	Converged Stop = iota
	// MaxTurns: the run reached Params.MaxTurns.
	MaxTurns
	// Degenerate: every position was equally likely in the pairwise
	// elections, so risk attitudes are undefined (KTAB fails with 0/0
	// here; this package stops with the positions reached so far).
	Degenerate
)

// String names the reason.
func (s Stop) String() string {
	return enumName([]string{"converged", "max-turns", "degenerate"}, int(s))
}

// Result is the outcome of a run. Positions are on each issue's own scale.
type Result struct {
	// States holds the initial state, then the state after every turn
	// (with Params.FinalOnly, only the initial and the final state).
	States []State
	// Turns is the number of turns run.
	Turns int
	// Stop says why the run ended.
	Stop Stop
	// Options are the final unique positions (actors within PosTol of an
	// option's first actor share it) with their PCE probabilities.
	Options []Option
	// ExpectedOutcome per issue is Σ over Options of probability ×
	// position.
	ExpectedOutcome []float64
	// MostProbable per issue is the position of the most probable option
	// (the first of equals).
	MostProbable []float64
	// WeightedMean per issue is the capability × salience weighted mean
	// of the final positions.
	WeightedMean []float64
	// SalienceScale is the salience scale used (see Params).
	SalienceScale float64
}

// Final returns the final positions, [actor][issue].
func (r *Result) Final() [][]float64 { return r.States[len(r.States)-1].Positions }

// State is the situation at the start of a turn (or at the end of the run).
type State struct {
	// Positions are the actors' positions, [actor][issue].
	Positions [][]float64
	// Risk is each actor's risk attitude inferred in this state.
	Risk []float64
	// Prob is, for each actor, the PCE probability of the option its
	// position belongs to (actors sharing an option show the same value).
	Prob []float64
	// ExpectedOutcome per issue is Σ probability × position over this
	// state's unique positions.
	ExpectedOutcome []float64
	// Challenges are the challenges made from this state (none in the
	// final state).
	Challenges []Challenge
	// Bargains are the bargains those challenges produced.
	Bargains []Bargain
	// Adopted is, for each actor, the index in Bargains of the bargain it
	// adopted, or -1 when it kept its position.
	Adopted []int
}

// Challenge is one actor's best challenge in a turn.
type Challenge struct {
	Initiator, Target int
	// Prob is the initiator's estimate that it beats the target.
	Prob float64
	// Gain is the initiator's expected gain in utility over the status quo.
	Gain float64
}

// Bargain is a proposed compromise between an initiator and its target.
type Bargain struct {
	Initiator, Target int
	// InitiatorPosition and TargetPosition are the positions proposed to
	// each, [issue].
	InitiatorPosition, TargetPosition []float64
}

// Option is a unique final position and its PCE probability.
type Option struct {
	Position []float64
	Prob     float64
	// Actors are the actors holding it; the first is its representative.
	Actors []int
}

// sim is one run's working state. Positions and saliences are on KTAB's
// internal [0,1] scales; matrices are flat, row-major.
type sim struct {
	p          *Params
	n, nd      int
	lo, span   []float64 // issue scales
	cap        []float64 // c_i
	sal        []float64 // s_id, n×nd
	salTot     []float64 // s_i = Σ_d s_id
	salSq      []float64 // Σ_d s_id²
	sw         []float64 // s_i c_i
	fixedRisk  []*float64
	pos, ideal []float64 // n×nd
	delta      []float64 // δ_a(p_b) at [a*n+b]
	risk       []float64
	workers    int
	scratch    []*scratch
	rng        *rand.Rand
	buf        turnBuffers
}

// turnBuffers are reused from turn to turn.
type turnBuffers struct {
	best, chosen    []int
	bestP, bestEU   []float64
	rnn, rate, next []float64
	errs            []error
	queues          [][]int
	probs           [][]float64
	bargains        []bargain
	// arena holds the turn's bargains' positions (see take).
	arena []float64
}

// take returns a slice of nd numbers for a bargain's position, from the
// arena that the turn started empty: bargains live for one turn.
func (tb *turnBuffers) take(nd int) []float64 {
	if cap(tb.arena)-len(tb.arena) < nd {
		// A new block; the slices already taken keep the old one.
		tb.arena = make([]float64, 0, max(2*cap(tb.arena), 64*nd))
	}
	k := len(tb.arena)
	tb.arena = tb.arena[:k+nd]
	return tb.arena[k : k+nd : k+nd]
}

// scratch is one worker's buffers.
type scratch struct {
	el         elector
	rhi        []float64
	colI, colJ []float64
	diag       []float64
	u          []float64
	prob       []float64
}

// Run runs KTAB's Spatial Model of Politics on m (see the package doc).
func Run(m *forecast.Model, p Params) (*Result, error) {
	s, err := newSim(m, &p)
	if err != nil {
		return nil, err
	}
	res := &Result{SalienceScale: p.SalienceScale}
	var d01 float64
	prev := make([]float64, len(s.pos))
	for t := 0; ; t++ {
		ok, err := s.setRisk()
		if err != nil {
			return nil, err
		}
		if !ok {
			res.Stop = Degenerate
			for i := range s.risk {
				if s.fixedRisk[i] == nil {
					s.risk[i] = 0 // undefined: report risk-neutral
				}
			}
		}
		stop := !ok
		if ok && t > 0 {
			d := s.moved(prev)
			if t == 1 {
				d01 = d + p.MinSigDelta
			}
			switch {
			case t >= p.MaxTurns:
				res.Stop, stop = MaxTurns, true
			case t >= p.MinTurns && d/d01 < p.MinDeltaRatio:
				res.Stop, stop = Converged, true
			}
		}
		var st State
		if t == 0 || stop || !p.FinalOnly {
			groups, probs, err := s.record(&st)
			if err != nil {
				return nil, err
			}
			if stop {
				res.States = append(res.States, st)
				res.Turns = t
				s.summarize(res, groups, probs)
				return res, nil
			}
		}
		copy(prev, s.pos)
		// A state that is not kept is not recorded.
		rec := &st
		if t > 0 && p.FinalOnly {
			rec = nil
		}
		if err := s.turn(rec); err != nil {
			return nil, err
		}
		if t == 0 || !p.FinalOnly {
			res.States = append(res.States, st)
		}
	}
}

// record fills st with the current positions, risk attitudes and reported
// election, and returns the options and their probabilities.
func (s *sim) record(st *State) ([][]int, []float64, error) {
	st.Positions = s.export(s.pos)
	st.Risk = append([]float64(nil), s.risk...)
	groups := s.groups()
	probs, err := s.report(groups)
	if err != nil {
		return nil, nil, err
	}
	st.Prob = s.posProb(groups, probs)
	st.ExpectedOutcome = make([]float64, s.nd)
	for g, members := range groups {
		for d, x := range s.point(s.pos, members[0]) {
			st.ExpectedOutcome[d] += probs[g] * (s.lo[d] + x*s.span[d])
		}
	}
	return groups, probs, nil
}

func invalid(field, format string, args ...any) error {
	return entente.Errorf(entente.EInvalid, "", 0, 0, field, format, args...)
}

func isInf(x float64) bool { return math.IsInf(x, 0) }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func newSim(m *forecast.Model, p *Params) (*sim, error) {
	if m == nil {
		return nil, invalid("", "no model given")
	}
	n, nd := len(m.Actors), len(m.Issues)
	if n == 0 {
		return nil, invalid("actors", "no actors, expected at least one")
	}
	if nd == 0 {
		return nil, invalid("issues", "no issues, expected at least one")
	}
	if len(m.Stances) != n {
		return nil, invalid("stances", "has %d rows, expected one per actor (%d)", len(m.Stances), n)
	}
	if err := p.validate(n); err != nil {
		return nil, err
	}
	s := &sim{p: p, n: n, nd: nd,
		lo: make([]float64, nd), span: make([]float64, nd),
		cap: make([]float64, n), sal: make([]float64, n*nd), salTot: make([]float64, n),
		salSq: make([]float64, n), sw: make([]float64, n), fixedRisk: make([]*float64, n),
		pos: make([]float64, n*nd), ideal: make([]float64, n*nd),
		delta: make([]float64, n*n), risk: make([]float64, n),
	}
	for d, is := range m.Issues {
		lo, hi := is.Min, is.Max
		if p.Scale != [2]float64{} {
			lo, hi = p.Scale[0], p.Scale[1]
		} else if lo == 0 && hi == 0 {
			hi = 100
		}
		if !finite(lo) || !finite(hi) || !(hi > lo) {
			return nil, invalid(fmt.Sprintf("issues[%d]", d), "issue %q has scale [%v, %v], expected min < max", is.Name, is.Min, is.Max)
		}
		s.lo[d], s.span[d] = lo, hi-lo
	}
	maxTot := 0.0
	for i, a := range m.Actors {
		row := m.Stances[i]
		if len(row) != nd {
			return nil, invalid(fmt.Sprintf("stances[%d]", i), "actor %q has %d stances, expected one per issue (%d)", a.Name, len(row), nd)
		}
		tot := 0.0
		for d, st := range row {
			f := fmt.Sprintf("stances[%d][%d]", i, d)
			if !finite(st.Position) || st.Position < s.lo[d] || st.Position > s.lo[d]+s.span[d] {
				return nil, invalid(f+".position", "actor %q on issue %q: position %v, expected a number in [%v, %v]", a.Name, m.Issues[d].Name, st.Position, s.lo[d], s.lo[d]+s.span[d])
			}
			if !finite(st.Salience) || st.Salience < 0 {
				return nil, invalid(f+".salience", "actor %q on issue %q: salience %v, expected a number >= 0", a.Name, m.Issues[d].Name, st.Salience)
			}
			if !finite(st.Capability) || st.Capability <= 0 {
				return nil, invalid(f+".capability", "actor %q: capability %v, expected a number > 0 (KTAB votes need positive weights)", a.Name, st.Capability)
			}
			if st.Capability != row[0].Capability {
				return nil, entente.Errorf(entente.EUnsupported, "", 0, 0, f+".capability", "actor %q: capability %v differs from %v on the first issue; SMP has one capability per actor", a.Name, st.Capability, row[0].Capability)
			}
			tot += st.Salience
			s.pos[i*nd+d] = (st.Position - s.lo[d]) / s.span[d]
		}
		if !(tot > 0) {
			return nil, invalid(fmt.Sprintf("stances[%d]", i), "actor %q has no salience on any issue, expected a positive total", a.Name)
		}
		maxTot = math.Max(maxTot, tot)
		s.cap[i] = row[0].Capability
		if r := a.Risk; r != nil {
			if !(*r >= -1 && *r <= 1) {
				return nil, invalid(fmt.Sprintf("actors[%d].risk", i), "actor %q: risk %v, expected a number in [-1, 1]", a.Name, *r)
			}
			s.fixedRisk[i] = r
		}
	}
	// Capabilities are rescaled so that the largest is 100: the tiny
	// constants KTAB adds to coalition strengths then weigh the same
	// whatever the unit of capability, and the model is scale-free in it.
	cmax := 0.0
	for _, c := range s.cap {
		cmax = math.Max(cmax, c)
	}
	for i := range s.cap {
		s.cap[i] = s.cap[i] / cmax * 100
	}
	if p.SalienceScale == 0 {
		p.SalienceScale = 1
		if maxTot > 1 {
			p.SalienceScale = 100
		}
	}
	for i := range n {
		for d := range nd {
			v := m.Stances[i][d].Salience / p.SalienceScale
			s.sal[i*nd+d] = v
			s.salTot[i] += v
			s.salSq[i] += v * v
		}
		if s.salTot[i] > 1+1e-9 {
			return nil, invalid(fmt.Sprintf("stances[%d]", i), "actor %q: saliences sum to %v, expected at most %v", m.Actors[i].Name, s.salTot[i]*p.SalienceScale, p.SalienceScale)
		}
		if !(s.salSq[i] > 0) {
			return nil, invalid(fmt.Sprintf("stances[%d]", i), "actor %q: saliences too small for the scale %v", m.Actors[i].Name, p.SalienceScale)
		}
		s.sw[i] = s.salTot[i] * s.cap[i]
	}
	copy(s.ideal, s.pos)
	s.workers = p.Workers
	if s.workers == 0 {
		s.workers = 1
		if n >= 24 {
			s.workers = runtime.GOMAXPROCS(0)
		}
	}
	s.workers = max(1, min(s.workers, n))
	s.scratch = make([]*scratch, s.workers)
	for w := range s.scratch {
		s.scratch[w] = &scratch{
			rhi: make([]float64, n), colI: make([]float64, n), colJ: make([]float64, n),
			diag: make([]float64, n),
		}
	}
	if p.Transitions == Stochastic {
		s.rng = rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))
	}
	return s, nil
}

// parallel calls fn(w, i) for every i in [0, n), handing the indices out
// one at a time (so that triangular loops balance); w names the worker,
// whose scratch fn may use.
func (s *sim) parallel(n int, fn func(w, i int)) {
	if s.workers == 1 || n < 2 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	// fn cannot fail and nothing cancels the context, so For cannot fail.
	_ = parallel.For(context.Background(), uint64(n), parallel.Options{Workers: s.workers, Chunk: 1}, func(w int, lo, hi uint64) error {
		for i := lo; i < hi; i++ {
			fn(w, int(i))
		}
		return nil
	})
}

// dist is KTAB's bvDiff: actor a's salience-weighted distance from point y
// to point x (both [0,1]^D).
func (s *sim) dist(a int, y, x []float64) float64 {
	sa := s.sal[a*s.nd : a*s.nd+s.nd]
	ds := 0.0
	for d, sd := range sa {
		v := (y[d] - x[d]) * sd
		ds += v * v
	}
	return math.Sqrt(ds / s.salSq[a])
}

func (s *sim) point(v []float64, a int) []float64 { return v[a*s.nd : a*s.nd+s.nd] }

// setRisk fills delta and infers the risk attitudes from a risk-neutral
// election among all actors' positions. It reports false when all
// positions are equally likely and some risk attitude must be inferred.
func (s *sim) setRisk() (bool, error) {
	n := s.n
	s.parallel(n, func(_, a int) {
		ya := s.point(s.ideal, a)
		for b := range n {
			s.delta[a*n+b] = s.dist(a, ya, s.point(s.pos, b))
		}
	})
	sc := s.scratch[0]
	sc.u = grow(sc.u, n*n)
	for i := range n { // option-major: u[i*n+k] = utility to k of i's position
		for k := range n {
			sc.u[i*n+k] = utility(s.delta[k*n+i], 0)
		}
	}
	sc.prob = grow(sc.prob, n)
	if err := sc.el.elect(s.p, s.cap, sc.u, n, sc.prob); err != nil {
		return false, err
	}
	pMin, pMax := 1.0, 0.0
	for _, x := range sc.prob {
		pMin, pMax = math.Min(pMin, x), math.Max(pMax, x)
	}
	derive := false
	for i := range n {
		if s.fixedRisk[i] != nil {
			s.risk[i] = *s.fixedRisk[i]
		} else {
			derive = true
		}
	}
	if !derive {
		return true, nil
	}
	if !(pMax > pMin) {
		return false, nil
	}
	for i := range n {
		if s.fixedRisk[i] == nil {
			s.risk[i] = riskFromProb(s.p.RiskRange, sc.prob[i], pMin, pMax)
		}
	}
	return true, nil
}

// groups partitions the actors into options: an actor joins the first
// group whose first actor is within PosTol (Euclidean, [0,1] scale).
func (s *sim) groups() [][]int {
	var g [][]int
next:
	for a := range s.n {
		pa := s.point(s.pos, a)
		for k, members := range g {
			if s.near(pa, s.point(s.pos, members[0])) {
				g[k] = append(members, a)
				continue next
			}
		}
		g = append(g, []int{a})
	}
	return g
}

// posProb is KTAB's posProb: each actor shows the probability of the last
// option whose representative is within PosTol of it (which need not be the
// group it joined, when two representatives are within PosTol of it).
func (s *sim) posProb(groups [][]int, probs []float64) []float64 {
	out := make([]float64, s.n)
	for a := range s.n {
		pa := s.point(s.pos, a)
		for g, members := range groups {
			if s.near(pa, s.point(s.pos, members[0])) {
				out[a] = probs[g]
			}
		}
	}
	return out
}

func (s *sim) near(x, y []float64) bool {
	d := 0.0
	for k := range x {
		d += (x[k] - y[k]) * (x[k] - y[k])
	}
	return math.Sqrt(d) < s.p.PosTol
}

// report is KTAB's pDist(-1): the PCE among the groups' representatives,
// each actor voting with its capability and its own utilities.
func (s *sim) report(groups [][]int) ([]float64, error) {
	n, m := s.n, len(groups)
	sc := s.scratch[0]
	sc.u = grow(sc.u, m*n)
	for g, members := range groups {
		r := members[0]
		for k := range n {
			sc.u[g*n+k] = utility(s.delta[k*n+r], adjustRisk(s.p.RiskAdjust, s.risk[k], s.risk[k]))
		}
	}
	out := make([]float64, m)
	err := sc.el.elect(s.p, s.cap, sc.u, m, out)
	return out, err
}

// moved is the distance between the current positions and prev.
func (s *sim) moved(prev []float64) float64 {
	sum := 0.0
	for a := range s.n {
		x, y := s.point(s.pos, a), s.point(prev, a)
		d := 0.0
		for k := range x {
			d += (x[k] - y[k]) * (x[k] - y[k])
		}
		sum += math.Sqrt(d)
	}
	return sum
}

// challengeEval is KTAB's probEduChlg: perspective h's estimate (given as
// its columns of utilities) that i beats j, and of the expected gain to k
// of i challenging j. colI[a] = U^h(a,i), colJ[a] = U^h(a,j),
// diag[a] = U^h(a,a).
func (s *sim) challengeEval(colI, colJ, diag []float64, k, i, j int) (pij, gain float64) {
	vr := s.p.VotingRule
	uii, uij, uji, ujj := colI[i], colJ[i], colI[j], colJ[j]
	euSQ := colI[k] + colJ[k]
	uhkij := colI[k] + colI[k]
	uhkji := colJ[k] + colJ[k]
	const minCltn = 1e-10
	chij, chji := minCltn, minCltn
	ci := vote(vr, s.salTot[i]*s.cap[i], uii, uij)
	if ci > 0 {
		chij += ci
	}
	if ci < 0 {
		chji -= ci
	}
	cj := vote(vr, s.salTot[j]*s.cap[j], uji, ujj)
	if cj > 0 {
		chij += cj
	}
	if cj < 0 {
		chji -= cj
	}
	ci0, cj0 := chij, chji
	tpc := s.p.ThirdPartyCommit
	if vr == Proportional && tpc == SemiCommit {
		// KTAB's defaults, with vote and thirdPartyVoteSU inlined (the
		// same arithmetic, in the same order).
		sw := s.sw[:len(colI)]
		colJ, diag = colJ[:len(sw)], diag[:len(sw)]
		for nn, wn := range sw {
			if nn == i || nn == j {
				continue
			}
			uni, unj, unn := colI[nn], colJ[nn], diag[nn]
			// Branch-free: adding a zero leaves a sum unchanged exactly.
			cn := wn * (uni - unj)
			cni := ci0 + max(cn, 0)
			cnj := cj0 - min(cn, 0)
			pin := cni / (cni + cnj)
			pjn := 1 - pin
			v := wn * ((pin*(uni+uni+unn) + pjn*(unj+unj+unj)) - (pin*(uni+uni+uni) + pjn*(unj+unj+unn)))
			chij += max(v, 0)
			chji -= min(v, 0)
		}
	} else {
		s.thirdParties(colI, colJ, diag, i, j, ci0, cj0, &chij, &chji)
	}
	phij := chij / (chij + chji)
	phji := chji / (chij + chji)
	euCntst := phij*uhkij + phji*uhkji
	sj := s.salTot[j]
	euChlg := (1-sj)*uhkij + sj*euCntst
	return phij, euChlg - euSQ
}

// thirdParties adds the third parties' votes to the coalitions for and
// against i in a challenge of j, for any voting rule and commitment model
// (KTAB vProbLittle and thirdPartyVoteSU).
func (s *sim) thirdParties(colI, colJ, diag []float64, i, j int, ci0, cj0 float64, chij, chji *float64) {
	vr, tpc := s.p.VotingRule, s.p.ThirdPartyCommit
	for nn, wn := range s.sw {
		if nn == i || nn == j {
			continue
		}
		uni, unj, unn := colI[nn], colJ[nn], diag[nn]
		cn := vote(vr, wn, uni, unj)
		cni, cnj := ci0, cj0
		if cn > 0 {
			cni = ci0 + cn
		}
		if cn < 0 {
			cnj = cj0 - cn
		}
		pin := cni / (cni + cnj)
		pjn := 1 - pin
		var uIKdefJ, uJdefIK, uIdefJK, uJKdefI float64
		switch tpc {
		case FullCommit:
			uIKdefJ, uJdefIK, uIdefJK, uJKdefI = uni+uni+uni, unj+unj+unj, uni+uni+uni, unj+unj+unj
		case NoCommit:
			uIKdefJ, uJdefIK, uIdefJK, uJKdefI = uni+uni+unn, unj+unj+unn, uni+uni+unn, unj+unj+unn
		default:
			uIKdefJ, uJdefIK, uIdefJK, uJKdefI = uni+uni+unn, unj+unj+unj, uni+uni+uni, unj+unj+unn
		}
		v := vote(vr, wn, pin*uIKdefJ+pjn*uJdefIK, pin*uIdefJK+pjn*uJKdefI)
		if v > 0 {
			*chij += v
		}
		if v < 0 {
			*chji -= v
		}
	}
}

// perspective fills sc.rhi, sc.diag and sc.colI for perspective h and
// initiator i.
func (s *sim) perspective(sc *scratch, h, i int) {
	n := s.n
	for a := range n {
		r := adjustRisk(s.p.RiskAdjust, s.risk[h], s.risk[a])
		sc.rhi[a] = r
		sc.diag[a] = utility(s.delta[a*n+a], r)
		sc.colI[a] = utility(s.delta[a*n+i], r)
	}
}

func (s *sim) column(sc *scratch, dst []float64, j int) {
	n := s.n
	for a := range n {
		dst[a] = utility(s.delta[a*n+j], sc.rhi[a])
	}
}

// bargain is a queued bargain; init < 0 marks the status quo.
type bargain struct {
	init, rcvr int
	bi, bj     []float64 // [0,1] scale
}

// turn runs one turn from the current state, recording its challenges and
// bargains in st (unless st is nil), and moves s to the next state.
func (s *sim) turn(st *State) error {
	n, nd := s.n, s.nd
	tb := &s.buf
	if tb.best == nil {
		tb.best, tb.chosen = make([]int, n), make([]int, n)
		tb.bestP, tb.bestEU, tb.rnn = make([]float64, n), make([]float64, n), make([]float64, n)
		tb.next = make([]float64, n*nd)
		tb.errs = make([]error, n)
		tb.queues, tb.probs = make([][]int, n), make([][]float64, n)
	}
	best, bestP, bestEU := tb.best, tb.bestP, tb.bestEU
	s.parallel(n, func(w, i int) {
		sc := s.scratch[w]
		s.perspective(sc, i, i)
		best[i], bestP[i], bestEU[i] = -1, 0, -1
		for j := range n {
			if j == i {
				continue
			}
			s.column(sc, sc.colJ, j)
			pij, edu := s.challengeEval(sc.colI, sc.colJ, sc.diag, i, i, j)
			if s.p.MinGain < edu && bestEU[i] < edu {
				best[i], bestP[i], bestEU[i] = j, pij, edu
			}
		}
	})
	bargains := tb.bargains[:0]
	tb.arena = tb.arena[:0]
	queues := tb.queues
	for i := range n {
		queues[i] = append(queues[i][:0], -1)
	}
	sc := s.scratch[0]
	for i := range n {
		j := best[i]
		if j < 0 {
			continue
		}
		if st != nil {
			st.Challenges = append(st.Challenges, Challenge{Initiator: i, Target: j, Prob: bestP[i], Gain: bestEU[i]})
		}
		bIIJ := s.interpolate(i, j, bestP[i])
		var two [2]bargain
		add := two[:0]
		switch s.p.BargainModel {
		case InitOnlyInterp:
			add = append(add, bIIJ)
		default:
			// j's estimate of the probability that i beats j.
			s.perspective(sc, j, i)
			s.column(sc, sc.colJ, j)
			pj, _ := s.challengeEval(sc.colI, sc.colJ, sc.diag, i, i, j)
			bJIJ := s.interpolate(i, j, pj)
			if s.p.BargainModel == InitRcvrInterp {
				add = append(add, bIIJ, bJIJ)
			} else {
				wi := s.cap[i] * s.salTot[i]
				wj := s.cap[i] * s.salTot[j] // KTAB uses the initiator's capability here
				c := bargain{init: i, rcvr: j, bi: tb.take(nd), bj: tb.take(nd)}
				for d := range nd {
					c.bi[d] = (wi*bIIJ.bi[d] + wj*bJIJ.bi[d]) / (wi + wj)
					c.bj[d] = (wi*bIIJ.bj[d] + wj*bJIJ.bj[d]) / (wi + wj)
				}
				add = append(add, c)
			}
		}
		for _, b := range add {
			queues[i] = append(queues[i], len(bargains))
			bargains = append(bargains, b)
		}
		for k := range add {
			queues[j] = append(queues[j], len(bargains)-len(add)+k)
		}
	}
	// Rate every bargain by every actor: its average utility over all
	// positions once the bargain is implemented (KTAB brgnUtil).
	nb := len(bargains)
	tb.bargains = bargains
	tb.rate = grow(tb.rate, (nb+1)*n) // row nb: the status quo
	rate, rnn := tb.rate, tb.rnn
	for a := range n {
		rnn[a] = adjustRisk(s.p.RiskAdjust, s.risk[a], s.risk[a])
	}
	s.parallel(nb+1, func(_, m int) {
		row := rate[m*n : m*n+n]
		for v := range n {
			dv := s.delta[v*n : v*n+n]
			if m == nb {
				u := 0.0
				for a := range n {
					u += utility(dv[a], rnn[v])
				}
				row[v] = u / float64(n)
				continue
			}
			b := &bargains[m]
			yv := s.point(s.ideal, v)
			u := utility(s.dist(v, yv, b.bi), s.risk[v])
			u += utility(s.dist(v, yv, b.bj), s.risk[v])
			for a := range n {
				if a != b.init && a != b.rcvr {
					u += utility(dv[a], rnn[v])
				}
			}
			row[v] = u / float64(n)
		}
	})
	chosen, errs, probs := tb.chosen, tb.errs, tb.probs
	s.parallel(n, func(w, k int) {
		q := queues[k]
		sc := s.scratch[w]
		sc.u = grow(sc.u, len(q)*n)
		for o, m := range q {
			if m < 0 {
				m = nb
			}
			copy(sc.u[o*n:o*n+n], rate[m*n:m*n+n])
		}
		pr := grow(probs[k], len(q))
		errs[k] = sc.el.elect(s.p, s.cap, sc.u, len(q), pr)
		probs[k] = pr
		best := 0
		for o, x := range pr {
			if x > pr[best] {
				best = o
			}
		}
		chosen[k] = best
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if s.rng != nil {
		for k := range n {
			u, o := s.rng.Float64(), 0
			for o < len(probs[k])-1 && u >= probs[k][o] {
				u -= probs[k][o]
				o++
			}
			chosen[k] = o
		}
	}
	if st != nil {
		st.Bargains = make([]Bargain, nb)
		flat := make([]float64, 2*nb*nd)
		for m, b := range bargains {
			bi, bj := flat[2*m*nd:(2*m+1)*nd:(2*m+1)*nd], flat[(2*m+1)*nd:(2*m+2)*nd:(2*m+2)*nd]
			s.exportTo(bi, b.bi)
			s.exportTo(bj, b.bj)
			st.Bargains[m] = Bargain{Initiator: b.init, Target: b.rcvr, InitiatorPosition: bi, TargetPosition: bj}
		}
		st.Adopted = make([]int, n)
	}
	next := tb.next
	copy(next, s.pos)
	for k := range n {
		m := queues[k][chosen[k]]
		if st != nil {
			st.Adopted[k] = m
		}
		if m < 0 {
			continue
		}
		b := &bargains[m]
		if b.init == k {
			copy(s.point(next, k), b.bi)
		} else {
			copy(s.point(next, k), b.bj)
		}
	}
	s.pos, tb.next = next, s.pos
	s.newIdeals()
	return nil
}

// interpolate builds the bargain between i and j with probability p that i
// wins (KTAB interpolateBrgn).
func (s *sim) interpolate(i, j int, p float64) bargain {
	nd := s.nd
	b := bargain{init: i, rcvr: j, bi: s.buf.take(nd), bj: s.buf.take(nd)}
	pi, pj := p, 1-p
	wpi, wpj := pi, pj // S1P1
	if s.p.Interpolation == S2P2 {
		wpi, wpj = pi*pi, pj*pj
	}
	const minW = 1e-6
	for d := range nd {
		ti, tj := s.pos[i*nd+d], s.pos[j*nd+d]
		si, sj := s.sal[i*nd+d], s.sal[j*nd+d]
		switch s.p.Interpolation {
		case S2PMax:
			di, dj := max(0, pj-pi), max(0, pi-pj)
			si2, sj2 := si*si, sj*sj
			dik := (di * sj2) / ((di * sj2) + minW + ((1 - di) * si2))
			djk := (dj * si2) / ((dj * si2) + minW + ((1 - dj) * sj2))
			b.bi[d] = ti + dik*(tj-ti)
			b.bj[d] = tj + djk*(ti-tj)
			continue
		case S2P2:
			si, sj = si*si, sj*sj
		}
		wik, wjk := si*wpi, sj*wpj
		b.bi[d] = round4(((wik+minW)*ti + wjk*tj) / (wik + minW + wjk))
		b.bj[d] = round4((wik*ti + (minW+wjk)*tj) / (wik + minW + wjk))
	}
	return b
}

func round4(x float64) float64 { return math.Floor(0.5+x*10000) / 10000 }

// newIdeals moves the ideal points toward the new positions (identity
// accommodation: ideals are the positions).
func (s *sim) newIdeals() {
	a := s.p.Accommodation
	if a == nil {
		copy(s.ideal, s.pos)
		return
	}
	nd := s.nd
	next := make([]float64, len(s.ideal))
	for i := range s.n {
		sum := 0.0
		y := s.point(next, i)
		for j, aij := range a[i] {
			sum += aij
			for d := range nd {
				y[d] += aij * s.pos[j*nd+d]
			}
		}
		lag := 1 - min(sum, 1)
		for d := range nd {
			y[d] += lag * s.ideal[i*nd+d]
		}
	}
	s.ideal = next
}

func (s *sim) exportPoint(x []float64) []float64 {
	out := make([]float64, len(x))
	s.exportTo(out, x)
	return out
}

func (s *sim) exportTo(dst, x []float64) {
	for d, v := range x {
		dst[d] = s.lo[d] + v*s.span[d]
	}
}

// export converts positions to the issues' scales, in one allocation.
func (s *sim) export(v []float64) [][]float64 {
	out := make([][]float64, s.n)
	flat := make([]float64, len(v))
	for a := range s.n {
		out[a] = flat[a*s.nd : (a+1)*s.nd : (a+1)*s.nd]
		s.exportTo(out[a], s.point(v, a))
	}
	return out
}

func (s *sim) summarize(res *Result, groups [][]int, probs []float64) {
	nd := s.nd
	res.ExpectedOutcome = make([]float64, nd)
	bestG := 0
	for g, members := range groups {
		pos := s.exportPoint(s.point(s.pos, members[0]))
		res.Options = append(res.Options, Option{Position: pos, Prob: probs[g], Actors: members})
		for d := range nd {
			res.ExpectedOutcome[d] += probs[g] * pos[d]
		}
		if probs[g] > probs[bestG] {
			bestG = g
		}
	}
	res.MostProbable = append([]float64(nil), res.Options[bestG].Position...)
	res.WeightedMean = make([]float64, nd)
	final := res.Final()
	for d := range nd {
		num, den, cnum, cden := 0.0, 0.0, 0.0, 0.0
		for a := range s.n {
			w := s.cap[a] * s.sal[a*nd+d]
			num += w * final[a][d]
			den += w
			cnum += s.cap[a] * final[a][d]
			cden += s.cap[a]
		}
		if den > 0 {
			res.WeightedMean[d] = num / den
		} else {
			res.WeightedMean[d] = cnum / cden
		}
	}
}
