package zonewalk

import (
	"context"
	"sync/atomic"

	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// maxTable is the largest issue (in values) a Walker tabulates per
// profile; callers refuse larger spaces before, so this only bounds the
// memory of a pathological issue.
const maxTable = 1 << 20

// Walker walks the outcome space of one compiled version of a scenario.
// Its buffers are allocated once and reused for every version loaded: a
// walk allocates nothing per package, and a load nothing but what
// compiling the version's utility functions takes. A Walker is not safe
// for concurrent use: give each goroutine its own.
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
// Interaction terms are added to the partial sums at the depth where the
// last issue they mention is fixed (whether a term applies is known from
// then on), from membership tables by value index compiled once; only
// terms on the last issue are added package by package. Utilities may
// therefore differ from package utility's in the last bits (the sum is
// ordered differently), far below entente.Tolerance.
//
// A subtree (the packages that share the values of the first issues) is
// skipped when a party that every package needs cannot reach its
// reservation value anywhere in it (the partial sum plus the largest
// contributions of the remaining issues plus the positive interaction
// terms not yet decided falls short), or when it lies across a red line of
// such a party. Zones are small in negotiations worth analysing, so most
// of the space is skipped this way; the counts are still exact.
type Walker struct {
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
	tol      []float64 // by profile: its acceptance tolerance
	// guaranteed lists the profiles with a guarantee value function.
	guaranteed []int
	// terms[d] are the interaction terms decided when issue d is fixed;
	// lastTerms[j] reports whether profile j has terms on the last issue.
	terms     [][]dterm
	lastTerms []bool
	// reds[d] are the red-line boxes of parties every package needs,
	// decided when issue d is fixed.
	reds [][]dbox
	// redLeaf: the party's red lines are checked package by package.
	redLeaf []bool
	// deciding: decide is evaluating one package from full totals.
	deciding bool
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
	// dbase and dzero are decide's additive totals (and zeros); wbuf holds
	// a witness.
	dbase, dzero []float64
	wbuf         entente.Outcome
	// reqConst: no rule depends on the package, so req holds for all.
	reqConst bool
	// reqLast: a rule depends on the last issue, so req is computed per
	// package; otherwise once per value of the other issues.
	reqLast bool
	cons    bool
	// witnesses: up to maxWitnesses packages of each zone seen by scans
	// (by index), tried first by early scans (see scan).
	witZone, witRat []uint64
	// counters of the current scan
	zone, rat   uint64
	zc, rc      []uint32
	early, done bool
	steps       int
	ctx         context.Context
	err         error
	// visit, when set, sees every package of the agreement zone (Each).
	visit func(idx uint64, o entente.Outcome, ratified bool)
}

// New returns a walker of the space sp (the scenario's issues, real ones
// discretised) for scenario s, whose structure (issues, parties, rules,
// red lines, blocs, constituencies and their regions, interaction boxes) it
// compiles once; Load compiles the numbers. s must be valid and stay
// unchanged while the walker is used.
func New(sp *space.Space, s *entente.Scenario) *Walker {
	n, k := len(s.Issues), len(s.Parties)
	e := &Walker{sp: sp, s: s, n: n, k: k, radix: make([]int, n), digits: make([]int, n),
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
	e.tol = make([]float64, e.nProf)
	e.partial = make([]float64, (n+1)*e.nProf)
	e.rest = make([]float64, (n+1)*e.nProf)
	for i := 0; i < n; i++ {
		e.radix[i] = int(min(sp.Radix(i), maxTable))
		e.tabs[i] = make([]float64, e.radix[i]*e.nProf)
	}
	e.compileTerms()
	for j := range e.nProf {
		for _, vf := range profileOf(s, e.profileRef(j)).Values {
			if _, ok := vf.(entente.Guaranteed); ok {
				e.guaranteed = append(e.guaranteed, j)
				break
			}
		}
	}
	return e
}

// Load compiles the scenario c (a copy of the walker's scenario with
// other numbers: the same issues, parties, rules, red lines, regions and
// interaction boxes) and fills the tables.
func (e *Walker) Load(c *entente.Scenario) error {
	funcs, err := utility.Compile(c)
	if err != nil {
		return err
	}
	copy(e.funcs, funcs)
	e.set = nil
	if e.nProf > e.k || e.cons {
		if e.set, err = ratify.CompileWith(c, funcs); err != nil {
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
	for j := range e.funcs {
		e.fill(c, j)
	}
	return nil
}

// fill tabulates profile j from its compiled function e.funcs[j] and the
// interaction values of scenario c.
func (e *Walker) fill(c *entente.Scenario, j int) {
	np := e.nProf
	f := e.funcs[j]
	e.rv[j] = f.Reservation()
	e.tol[j] = f.AcceptTolerance()
	for d := range e.terms {
		for t := range e.terms[d] {
			if dt := &e.terms[d][t]; dt.j == j {
				dt.value = profileOf(c, dt.prof).Interactions[dt.k].Value
			}
		}
	}
	for i := 0; i < e.n; i++ {
		t := e.tabs[i]
		for v := 0; v < e.radix[i]; v++ {
			t[v*np+j] = f.Contribution(i, e.sp.Value(i, uint64(v)))
		}
	}
	// rest[d] = the largest values of issues >= d, plus the positive
	// terms decided at depth >= d.
	e.rest[e.n*np+j] = 0
	for d := e.n - 1; d >= 0; d-- {
		t := e.tabs[d]
		best := t[j]
		for v := 1; v < e.radix[d]; v++ {
			best = max(best, t[v*np+j])
		}
		r := e.rest[(d+1)*np+j] + best
		for _, dt := range e.terms[d] {
			if dt.j == j {
				r += max(0, dt.value)
			}
		}
		e.rest[d*np+j] = r
	}
}

// LoadOne updates the walker for scenario c after only the number ref
// changed (and what renormalising it changed: the rest of its profile's
// weights, or its constituency's shares), recompiling only what depends
// on it: one profile, the profiles whose values follow the guarantees,
// or the blocs' and constituencies' rules.
func (e *Walker) LoadOne(c *entente.Scenario, ref entente.Ref) error {
	var profiles []int
	set := false
	switch ref.Kind {
	case entente.RefCredibility, entente.RefAlone, entente.RefRequired:
		profiles = e.guaranteed
	case entente.RefThreshold, entente.RefShare, entente.RefSpread, entente.RefBlocThreshold, entente.RefMemberWeight:
		set = true
	default:
		j := e.profileIndex(ref.Profile)
		if j < 0 {
			return e.Load(c)
		}
		profiles = []int{j}
		// A voter group's walk-away value and its spread live in the
		// constituency's compiled rule too.
		set = ref.Profile.Kind == entente.VoterProfile && (ref.Kind == entente.RefReservation || ref.Kind == entente.RefCentre)
	}
	if set && e.set != nil {
		var err error
		if e.set, err = ratify.Compile(c); err != nil {
			return err
		}
	}
	for _, j := range profiles {
		f, err := utility.New(c.Issues, profileOf(c, e.profileRef(j)))
		if err != nil {
			return err
		}
		e.funcs[j] = f
		e.fill(c, j)
	}
	return nil
}

// profileIndex returns the walker's index of a profile, or -1.
func (e *Walker) profileIndex(r entente.ProfileRef) int {
	switch r.Kind {
	case entente.PartyProfile:
		if r.Index >= 0 && r.Index < e.k {
			return r.Index
		}
	case entente.MemberProfile:
		if r.Index >= 0 && r.Index < e.k && r.Sub >= 0 && r.Sub < len(e.memberAt[r.Index]) {
			return e.memberAt[r.Index][r.Sub]
		}
	case entente.VoterProfile:
		if r.Index >= 0 && r.Index < len(e.groupAt) && r.Sub >= 0 && r.Sub < len(e.groupAt[r.Index]) {
			return e.groupAt[r.Index][r.Sub]
		}
	}
	return -1
}

// profileRef is the inverse of profileIndex.
func (e *Walker) profileRef(j int) entente.ProfileRef {
	if j < e.k {
		return entente.ProfileRef{Kind: entente.PartyProfile, Index: j}
	}
	for p, at := range e.memberAt {
		for m, x := range at {
			if x == j {
				return entente.ProfileRef{Kind: entente.MemberProfile, Index: p, Sub: m}
			}
		}
	}
	for c, at := range e.groupAt {
		for g, x := range at {
			if x == j {
				return entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}
			}
		}
	}
	return entente.ProfileRef{Kind: entente.PartyProfile, Index: -1}
}

// dcond is a compiled condition: membership of each value index of one
// issue.
type dcond struct {
	issue int
	in    []bool
}

type dbox []dcond

func (b dbox) holds(digits []int) bool {
	for _, c := range b {
		if !c.in[digits[c.issue]] {
			return false
		}
	}
	return true
}

// dterm is a compiled interaction term of profile j (its k-th term).
type dterm struct {
	j, k    int
	prof    entente.ProfileRef
	boxes   []dbox
	outside bool
	value   float64 // this draw's
}

func (t *dterm) applies(digits []int) bool {
	in := false
	for _, b := range t.boxes {
		if b.holds(digits) {
			in = true
			break
		}
	}
	return in != t.outside
}

// compile turns boxes into membership tables over the space; last is the
// largest issue they mention (-1 for boxes that mention none).
func (e *Walker) compile(boxes []entente.Box) (out []dbox, last int) {
	last = -1
	for _, b := range boxes {
		var db dbox
		for c := range b {
			cond := &b[c]
			in := make([]bool, e.radix[cond.Issue])
			for v := range in {
				in[v] = cond.Holds(e.sp.Value(cond.Issue, uint64(v)))
			}
			db = append(db, dcond{issue: cond.Issue, in: in})
			last = max(last, cond.Issue)
		}
		out = append(out, db)
	}
	return out, last
}

// compileTerms compiles every profile's interaction terms and the red
// lines of the parties every package needs, by the depth that decides
// them.
func (e *Walker) compileTerms() {
	e.terms = make([][]dterm, e.n)
	e.reds = make([][]dbox, e.n)
	e.lastTerms = make([]bool, e.nProf)
	e.redLeaf = make([]bool, e.k)
	for p := range e.s.Parties {
		// Red lines of the parties every package needs prune the walk;
		// the others are checked package by package.
		e.redLeaf[p] = e.red[p] && (e.n == 0 || !e.always[p] || e.bloc[p])
	}
	if e.n == 0 {
		return
	}
	add := func(j int, prof entente.ProfileRef, p *entente.Preferences) {
		for k := range p.Interactions {
			in := &p.Interactions[k]
			boxes, last := e.compile(in.Boxes)
			if last < 0 {
				last = 0 // a term on no issue: decided at once
			}
			e.terms[last] = append(e.terms[last], dterm{j: j, k: k, prof: prof, boxes: boxes, outside: in.Outside})
			if last == e.n-1 {
				e.lastTerms[j] = true
			}
		}
	}
	for p := range e.s.Parties {
		add(p, entente.ProfileRef{Kind: entente.PartyProfile, Index: p}, &e.s.Parties[p].Preferences)
		if e.always[p] && !e.bloc[p] {
			for _, l := range e.s.Parties[p].RedLines {
				boxes, _ := e.compile(l.Boxes)
				for b, box := range boxes {
					last := 0
					for _, c := range l.Boxes[b] {
						last = max(last, c.Issue)
					}
					e.reds[last] = append(e.reds[last], box)
				}
			}
		}
	}
	for p, at := range e.memberAt {
		for m, j := range at {
			add(j, entente.ProfileRef{Kind: entente.MemberProfile, Index: p, Sub: m}, &e.s.Parties[p].Bloc.Members[m].Preferences)
		}
	}
	for c, at := range e.groupAt {
		for g, j := range at {
			add(j, entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}, &e.s.Constituencies[c].Voters[g].Preferences)
		}
	}
}

// profileOf returns the profile prof of scenario c.
func profileOf(c *entente.Scenario, prof entente.ProfileRef) *entente.Preferences {
	return c.Profile(prof)
}

// utility is profile j's utility of the package in e.out (with value
// indices e.digits), whose total before the terms on the last issue is
// base[j]+row[j].
func (e *Walker) utility(j int, base, row []float64) float64 {
	t := base[j] + row[j]
	if e.lastTerms[j] && !e.deciding {
		for _, dt := range e.terms[e.n-1] {
			if dt.j == j && dt.applies(e.digits) {
				t += dt.value
			}
		}
	}
	return e.funcs[j].Finish(t)
}

// accepts decides the package in e.out, whose additive totals are
// base[j]+row[j]: whether it is in the agreement zone, and whether it is
// also ratified.
func (e *Walker) accepts(base, row []float64) (zone, rat bool) {
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
		if !entente.ReachesWithin(e.utility(p, base, row), e.rv[p], e.tol[p]) {
			return false, false
		}
		if (e.redLeaf[p] || e.deciding && e.red[p]) && entente.Crossed(e.s.Parties[p].RedLines, e.out) >= 0 {
			return false, false
		}
	}
	if blocs {
		for p := 0; p < e.k; p++ {
			if !e.req[p] || !e.bloc[p] {
				continue
			}
			at := e.memberAt[p]
			if !e.set.BlocAccepts(p, e.out, func(m int) bool { j := at[m]; return entente.ReachesWithin(e.utility(j, base, row), e.rv[j], e.tol[j]) }) {
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

// Decide reports whether package o is in the agreement zone and in the
// ratifiable zone of the loaded scenario, evaluating the compiled
// functions directly.
func (e *Walker) Decide(o entente.Outcome) (zone, rat bool) {
	copy(e.out, o)
	e.s.Required(o, e.req)
	if e.dbase == nil {
		e.dbase, e.dzero = make([]float64, e.nProf), make([]float64, e.nProf)
	}
	for j, f := range e.funcs {
		e.dbase[j] = f.Total(o)
	}
	saved := e.reqLast
	e.reqLast, e.deciding = false, true
	zone, rat = e.accepts(e.dbase, e.dzero)
	e.reqLast, e.deciding = saved, false
	return zone, rat
}

// Scan walks every package in enumeration order and returns how many lie
// in the agreement zone and in the ratifiable zone. When zc (rc) is not
// nil, the entry of every package in the zone (ratifiable zone) is
// incremented atomically. With early set it stops as soon as it knows
// both zones are non-empty (the counts are then 0 or 1).
//
// An early scan first tries the witnesses, packages earlier scans found
// in each zone: when one is in the agreement zone and one in the
// ratifiable zone of the loaded scenario, it answers at once without a
// walk. Neighbouring values of one number (tipping points) mostly keep the
// same packages in the zone, so most early scans end there.
func (e *Walker) Scan(ctx context.Context, zc, rc []uint32, early bool) (zone, rat uint64, err error) {
	if early && e.n > 0 && e.witnessed() {
		return 1, 1, nil
	}
	e.zone, e.rat, e.zc, e.rc, e.early, e.done, e.ctx, e.err, e.steps = 0, 0, zc, rc, early, false, ctx, nil, 0
	if !e.cons {
		e.rc = nil
	}
	if e.n == 0 {
		e.s.Required(e.out, e.req)
		z, r := e.accepts(e.partial, e.partial)
		if z {
			e.count(0, e.zc)
			if e.visit != nil {
				e.visit(0, e.out, r)
			}
		}
		if r {
			e.count(0, e.rc)
		}
		return b2u(z), b2u(r), nil
	}
	// Checked per scan too: a space smaller than the interval below would
	// otherwise never look, and tipping points scan it thousands of times.
	if err := ctx.Err(); err != nil {
		return 0, 0, err
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

// Each walks every package as Scan does (counting nothing, stopping at
// none) and calls fn for every package of the agreement zone, in
// enumeration order, with its index, the package (a buffer of the
// walker's: fn must neither keep nor change it) and whether it is in the
// ratifiable zone too (always, without constituencies). It returns the
// sizes of both zones.
func (e *Walker) Each(ctx context.Context, fn func(idx uint64, o entente.Outcome, ratified bool)) (zone, rat uint64, err error) {
	e.visit = fn
	defer func() { e.visit = nil }()
	return e.Scan(ctx, nil, nil, false)
}

func (e *Walker) count(idx uint64, c []uint32) {
	if c != nil {
		atomic.AddUint32(&c[idx], 1)
	}
}

// walk enumerates the packages whose first d issues are e.digits[:d]
// (the first of them having index idx), with e.partial[d] their partial
// sums.
func (e *Walker) walk(d int, idx uint64) {
	np := e.nProf
	base := e.partial[d*np : (d+1)*np]
	rest := e.rest[d*np : (d+1)*np]
	for _, p := range e.prune {
		if !entente.ReachesWithin(e.funcs[p].Finish(base[p]+rest[p])+1e-12, e.rv[p], e.tol[p]) {
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
		if e.redAt(d) {
			continue
		}
		row := t[v*np : (v+1)*np]
		for j := range next {
			next[j] = base[j] + row[j]
		}
		for k := range e.terms[d] {
			if dt := &e.terms[d][k]; dt.applies(e.digits) {
				next[dt.j] += dt.value
			}
		}
		e.walk(d+1, idx+uint64(v)*span)
		if e.done {
			return
		}
	}
}

// redAt reports whether the value just fixed at depth d puts the package
// across a red line of a party every package needs.
func (e *Walker) redAt(d int) bool {
	for _, b := range e.reds[d] {
		if b.holds(e.digits) {
			return true
		}
	}
	return false
}

// leaves decides every value of the last issue below the current node.
func (e *Walker) leaves(base []float64, idx uint64) {
	np, last := e.nProf, e.n-1
	if !e.reqConst && !e.reqLast {
		e.s.Required(e.out, e.req) // the same for every value of the last issue
	}
	t := e.tabs[last]
	for v := 0; v < e.radix[last]; v++ {
		e.digits[last] = v
		e.out[last] = e.sp.Value(last, uint64(v))
		if e.redAt(last) {
			continue
		}
		z, r := e.accepts(base, t[v*np:(v+1)*np])
		if z {
			if e.visit != nil {
				e.visit(idx+uint64(v), e.out, r)
			}
			e.zone++
			e.count(idx+uint64(v), e.zc)
			if e.zone == 1 {
				e.witness(&e.witZone, idx+uint64(v))
			}
			if r {
				e.rat++
				e.count(idx+uint64(v), e.rc)
				if e.rat == 1 {
					e.witness(&e.witRat, idx+uint64(v))
				}
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

// maxWitnesses bounds the witnesses kept per zone.
const maxWitnesses = 16

// witness records package idx as a witness of a zone (the newest first).
func (e *Walker) witness(list *[]uint64, idx uint64) {
	for _, w := range *list {
		if w == idx {
			return
		}
	}
	if len(*list) < maxWitnesses {
		*list = append(*list, 0)
	}
	copy((*list)[1:], (*list)[:len(*list)-1])
	(*list)[0] = idx
}

// witnessed reports whether some witness is in the agreement zone and
// some in the ratifiable zone of the loaded scenario (the agreement zone
// alone without constituencies).
func (e *Walker) witnessed() bool {
	if e.wbuf == nil {
		e.wbuf = make(entente.Outcome, e.n)
	}
	zone, rat := false, !e.cons
	try := func(list []uint64) {
		for _, w := range list {
			if zone && rat {
				return
			}
			e.sp.At(w, e.wbuf)
			z, r := e.Decide(e.wbuf)
			zone = zone || z
			rat = rat || r
		}
	}
	try(e.witRat)
	try(e.witZone)
	return zone && rat
}
