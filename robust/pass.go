package robust

import (
	"context"
	"sync/atomic"

	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// maxTable is the largest issue (in values) the pass tabulates per profile;
// a larger space is refused before (Options.MaxOutcomes), so this only
// bounds the memory of a pathological issue.
const maxTable = 1 << 20

// pass walks the outcome space once for one compiled version of a
// scenario. Its buffers are allocated once and reused for every draw: a
// pass allocates nothing per package, and nothing per draw but what
// compiling the draw's utility functions takes.
//
// Every profile that decides acceptance (the parties, the members of
// blocs, the voter groups of constituencies) is tabulated by issue: the
// weighted contribution of each value of each issue. The walk is a
// depth-first enumeration of the packages in enumeration order that keeps
// per-depth partial sums of every profile, so the next package costs one
// addition per profile in the common case where only the last issue
// changes, and the sums are added in issue order (then the interaction
// terms, in order), so utilities are bit for bit those of package utility
// and of analysis.
//
// A subtree (the packages that share the values of the first issues) is
// skipped when a party that every package needs cannot reach its
// reservation value anywhere in it: the partial sum plus the largest
// contributions of the remaining issues plus the positive interaction
// terms falls short. Zones are small in negotiations worth analysing, so
// most of the space is skipped this way; the counts are still exact.
type pass struct {
	sp   *space.Space
	s    *entente.Scenario // structure (rules, red lines, regions): read only
	n, k int               // issues, parties
	// nProf profiles: the parties, then every bloc's members, then every
	// constituency's voter groups.
	nProf    int
	memberAt [][]int // by party: the profile index of each member (nil: not a bloc)
	groupAt  [][]int // by constituency: the profile index of each group
	funcs    []*utility.Func
	rv       []float64
	terms    []bool // by profile: has interaction terms
	radix    []int
	digits   []int
	out      entente.Outcome
	tabs     [][]float64 // tabs[i][v*nProf+j]: contribution of value v of issue i for profile j
	rest     []float64   // rest[d*nProf+j]: bound on what issues >= d and the terms add for profile j
	partial  []float64   // partial[d*nProf+j]: sum over issues < d for profile j
	set      *ratify.Set // nil when there is no bloc and no constituency
	bloc     []bool
	red      []bool
	always   []bool // by party: every package needs it (used to prune)
	prune    []int  // parties that prune: always needed, not blocs
	req      []bool
	// dbase and dzero are decide's additive totals (and zeros).
	dbase, dzero []float64
	// reqConst: no rule depends on the package, so req holds for all.
	reqConst bool
	// reqLast: a rule depends on the last issue, so req is computed per
	// package; otherwise once per value of the other issues.
	reqLast bool
	cons    bool
	// counters of the current scan
	zone, rat   uint64
	zc, rc      []uint32
	early, done bool
	steps       int
	ctx         context.Context
	err         error
}

func newPass(sp *space.Space, s *entente.Scenario) *pass {
	n, k := len(s.Issues), len(s.Parties)
	e := &pass{sp: sp, s: s, n: n, k: k, radix: make([]int, n), digits: make([]int, n),
		out: make(entente.Outcome, n), tabs: make([][]float64, n),
		bloc: make([]bool, k), red: make([]bool, k), always: make([]bool, k), req: make([]bool, k), reqConst: true,
		cons: len(s.Constituencies) > 0, memberAt: make([][]int, k), groupAt: make([][]int, len(s.Constituencies))}
	for r := range s.Rules {
		if s.Rules[r].Kind == entente.Affected {
			e.reqConst = false
			for _, i := range s.Rules[r].Issues {
				e.reqLast = e.reqLast || i == n-1
			}
		}
	}
	// A party every package needs: the unanimity parties (every party
	// without unanimity rules, whose absence makes every party needed).
	unanimity := false
	for r := range s.Rules {
		if s.Rules[r].Kind == entente.Unanimity {
			unanimity = true
			if len(s.Rules[r].Parties) == 0 {
				for p := range e.always {
					e.always[p] = true
				}
			}
			for _, p := range s.Rules[r].Parties {
				e.always[p] = true
			}
		}
	}
	if !unanimity {
		for p := range e.always {
			e.always[p] = true
		}
	}
	s.Required(e.out, e.req) // constant when reqConst; out is ignored then
	e.nProf = k
	for p := range s.Parties {
		e.red[p] = len(s.Parties[p].RedLines) > 0
		if b := s.Parties[p].Bloc; b != nil {
			e.bloc[p] = true
			for range b.Members {
				e.memberAt[p] = append(e.memberAt[p], e.nProf)
				e.nProf++
			}
		} else if e.always[p] {
			e.prune = append(e.prune, p)
		}
	}
	for c := range s.Constituencies {
		for range s.Constituencies[c].Voters {
			e.groupAt[c] = append(e.groupAt[c], e.nProf)
			e.nProf++
		}
	}
	e.funcs = make([]*utility.Func, e.nProf)
	e.rv = make([]float64, e.nProf)
	e.terms = make([]bool, e.nProf)
	e.partial = make([]float64, (n+1)*e.nProf)
	e.rest = make([]float64, (n+1)*e.nProf)
	for i := 0; i < n; i++ {
		e.radix[i] = int(min(sp.Radix(i), maxTable))
		e.tabs[i] = make([]float64, e.radix[i]*e.nProf)
	}
	return e
}

// load compiles the scenario c (a copy of the pass's scenario with other
// numbers) and fills the tables.
func (e *pass) load(c *entente.Scenario) error {
	funcs, err := utility.Compile(c)
	if err != nil {
		return err
	}
	copy(e.funcs, funcs)
	e.set = nil
	if e.nProf > e.k || e.cons {
		if e.set, err = ratify.Compile(c); err != nil {
			return err
		}
		for p, at := range e.memberAt {
			for m, j := range at {
				e.funcs[j] = e.set.MemberFunc(p, m)
			}
		}
		for ci, at := range e.groupAt {
			for g, j := range at {
				e.funcs[j] = e.set.GroupFunc(ci, g)
			}
		}
	}
	np := e.nProf
	for j, f := range e.funcs {
		e.rv[j] = f.Reservation()
		e.terms[j] = !f.Linear()
	}
	for i := 0; i < e.n; i++ {
		t := e.tabs[i]
		for v := 0; v < e.radix[i]; v++ {
			x := e.sp.Value(i, uint64(v))
			for j, f := range e.funcs {
				t[v*np+j] = f.Contribution(i, x)
			}
		}
	}
	// rest[d] = max over the values of issues >= d, plus the terms.
	last := e.rest[e.n*np : (e.n+1)*np]
	for j, f := range e.funcs {
		last[j] = f.TermBound()
	}
	for d := e.n - 1; d >= 0; d-- {
		cur, next := e.rest[d*np:(d+1)*np], e.rest[(d+1)*np:(d+2)*np]
		t := e.tabs[d]
		for j := range cur {
			best := t[j]
			for v := 1; v < e.radix[d]; v++ {
				best = max(best, t[v*np+j])
			}
			cur[j] = next[j] + best
		}
	}
	return nil
}

// utility is profile j's utility of the package in e.out, whose additive
// total is base[j]+row[j].
func (e *pass) utility(j int, base, row []float64) float64 {
	t := base[j] + row[j]
	if e.terms[j] {
		t = e.funcs[j].AddTerms(t, e.out)
	}
	return e.funcs[j].Finish(t)
}

// accepts decides the package in e.out, whose additive totals are
// base[j]+row[j]: whether it is in the agreement zone, and whether it is
// also ratified.
func (e *pass) accepts(base, row []float64) (zone, rat bool) {
	if e.reqLast {
		e.s.Required(e.out, e.req)
	}
	blocs := false
	for p := 0; p < e.k; p++ {
		if !e.req[p] {
			continue
		}
		if e.bloc[p] {
			blocs = true
			continue
		}
		if !entente.Reaches(e.utility(p, base, row), e.rv[p]) {
			return false, false
		}
		if e.red[p] && entente.Crossed(e.s.Parties[p].RedLines, e.out) >= 0 {
			return false, false
		}
	}
	if blocs {
		for p := 0; p < e.k; p++ {
			if !e.req[p] || !e.bloc[p] {
				continue
			}
			at := e.memberAt[p]
			if !e.set.BlocAccepts(p, e.out, func(m int) float64 { return e.utility(at[m], base, row) }) {
				return false, false
			}
		}
	}
	if !e.cons {
		return true, true
	}
	for c, at := range e.groupAt {
		if !e.set.RatifiesBy(c, e.out, func(g int) float64 { return e.utility(at[g], base, row) }) {
			return true, false
		}
	}
	return true, true
}

// decide reports whether package o is in the agreement zone and in the
// ratifiable zone of the loaded scenario, evaluating the compiled
// functions directly. It overwrites e.req and e.out; scan recomputes them.
func (e *pass) decide(o entente.Outcome) (zone, rat bool) {
	copy(e.out, o)
	e.s.Required(o, e.req)
	if e.dbase == nil {
		e.dbase, e.dzero = make([]float64, e.nProf), make([]float64, e.nProf)
	}
	for j, f := range e.funcs {
		t := 0.0
		for i := range o {
			t += f.Contribution(i, o[i])
		}
		e.dbase[j] = t
	}
	saved := e.reqLast
	e.reqLast = false
	zone, rat = e.accepts(e.dbase, e.dzero)
	e.reqLast = saved
	return zone, rat
}

// scan walks every package in enumeration order and returns how many lie
// in the agreement zone and in the ratifiable zone. When zc (rc) is not
// nil, the entry of every package in the zone (ratifiable zone) is
// incremented atomically. With early set it stops as soon as it knows
// both zones are non-empty (the counts are then 0 or 1).
func (e *pass) scan(ctx context.Context, zc, rc []uint32, early bool) (zone, rat uint64, err error) {
	e.zone, e.rat, e.zc, e.rc, e.early, e.done, e.ctx, e.err, e.steps = 0, 0, zc, rc, early, false, ctx, nil, 0
	if !e.cons {
		e.rc = nil
	}
	if e.n == 0 {
		e.s.Required(e.out, e.req)
		z, r := e.accepts(e.partial, e.partial)
		if z {
			e.count(0, e.zc)
		}
		if r {
			e.count(0, e.rc)
		}
		return b2u(z), b2u(r), nil
	}
	for j := range e.partial[:e.nProf] {
		e.partial[j] = 0
	}
	e.walk(0, 0)
	if e.err != nil {
		return 0, 0, e.err
	}
	zone, rat = e.zone, e.rat
	if !e.cons {
		rat = zone
	}
	if early {
		return min(zone, 1), min(rat, 1), nil
	}
	return zone, rat, nil
}

func (e *pass) count(idx uint64, c []uint32) {
	if c != nil {
		atomic.AddUint32(&c[idx], 1)
	}
}

// walk enumerates the packages whose first d issues are e.digits[:d]
// (the first of them having index idx), with e.partial[d] their partial
// sums.
func (e *pass) walk(d int, idx uint64) {
	np := e.nProf
	base := e.partial[d*np : (d+1)*np]
	rest := e.rest[d*np : (d+1)*np]
	for _, p := range e.prune {
		if !entente.Reaches(e.funcs[p].Finish(base[p]+rest[p])+1e-12, e.rv[p]) {
			return // no package below reaches p's reservation
		}
	}
	if d == e.n-1 {
		e.leaves(base, idx)
		return
	}
	span := uint64(1)
	for i := d + 1; i < e.n; i++ {
		span *= uint64(e.radix[i])
	}
	next := e.partial[(d+1)*np : (d+2)*np]
	t := e.tabs[d]
	for v := 0; v < e.radix[d]; v++ {
		e.digits[d] = v
		e.out[d] = e.sp.Value(d, uint64(v))
		row := t[v*np : (v+1)*np]
		for j := range next {
			next[j] = base[j] + row[j]
		}
		e.walk(d+1, idx+uint64(v)*span)
		if e.done {
			return
		}
	}
}

// leaves decides every value of the last issue below the current node.
func (e *pass) leaves(base []float64, idx uint64) {
	np, last := e.nProf, e.n-1
	if !e.reqConst && !e.reqLast {
		e.s.Required(e.out, e.req) // the same for every value of the last issue
	}
	t := e.tabs[last]
	for v := 0; v < e.radix[last]; v++ {
		e.out[last] = e.sp.Value(last, uint64(v))
		z, r := e.accepts(base, t[v*np:(v+1)*np])
		if z {
			e.zone++
			e.count(idx+uint64(v), e.zc)
			if r {
				e.rat++
				e.count(idx+uint64(v), e.rc)
			}
		}
		if e.early && e.zone > 0 && (e.rat > 0 || !e.cons) {
			e.done = true
			return
		}
	}
	if e.steps += e.radix[last]; e.steps >= 1<<16 {
		e.steps = 0
		if err := e.ctx.Err(); err != nil {
			e.err, e.done = err, true
		}
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
