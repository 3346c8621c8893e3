package analysis

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/parallel"
	"github.com/entente/entente/internal/stats"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Options tunes Analyze. The zero value analyses every party with the
// defaults below.
type Options struct {
	// Parties lists the indices of the parties to analyse (all when nil).
	// A subset is a sub-negotiation: every listed party must accept, and
	// the scenario's rules, blocs and constituencies do not apply.
	Parties []int
	// Resolution is the number of grid points per real issue (default 11).
	Resolution int
	// MaxOutcomes refuses larger spaces with a clear message (default
	// DefaultMaxOutcomes).
	MaxOutcomes uint64
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called about ten times a second with the
	// number of outcomes done out of the total of both passes.
	Progress func(done, total uint64)
	// Fixed restricts the analysis to the packages that settle some issues
	// a given way: issue index -> value (option index or number).
	Fixed map[int]float64
	// CloudPairs asks for a thinned point cloud (see Cloud) of these pairs
	// of positions in Parties, for plots.
	CloudPairs [][2]int
	// CloudCells is the cloud grid size per axis (default 300).
	CloudCells int
	// ParetoPoints is how many frontier points to materialise in
	// Result.Pareto, from the start of its order: 0 (the default) for all,
	// a negative number for none. Result.Frontier holds them all in any
	// case, compactly, so that a frontier of millions of points can be
	// streamed without being held as Points.
	ParetoPoints int
}

// DefaultMaxOutcomes is the largest space Analyze enumerates by default.
const DefaultMaxOutcomes = 1 << 31

// Point is one outcome with the utilities of the analysed parties.
type Point struct {
	// Index is the outcome's position in enumeration order.
	Index uint64
	// Outcome is the package.
	Outcome entente.Outcome
	// Utilities holds one undiscounted utility per analysed party.
	Utilities []float64
}

// Solution is a bargaining solution: an optimal package in the agreement
// zone (or the ratifiable zone). Under politics a party's gain u_i − r_i
// below 0 (a party the package does not need, a bloc that accepts by its
// members' votes) counts as 0 in every objective.
type Solution struct {
	Point
	// Value is the optimum of the solution's objective.
	Value float64
	// Ties counts the zone outcomes whose objective lies within Eps of the
	// optimum; Point is the first of them in enumeration order.
	Ties uint64
}

// Result is what Analyze finds.
type Result struct {
	// Parties are the indices of the analysed parties, in order.
	Parties []int
	// Outcomes is the number of outcomes analysed.
	Outcomes uint64
	// Resolution is the grid size used for real issues; 0 when the space
	// has none.
	Resolution int
	// Reservation holds each party's reservation value.
	Reservation []float64
	// Best and Worst hold each party's first best and worst outcome.
	Best, Worst []Point
	// Zone counts the outcomes of the agreement zone: those every analysed
	// party rates at or above its reservation value or, when Politics is
	// set, those every party the outcome needs (Scenario.Required) accepts,
	// a bloc by its rule (ratify.Set.Accepts).
	Zone uint64
	// Politics reports whether the zone applies the scenario's rules, blocs
	// and constituencies: the scenario has some and every party is
	// analysed. With a subset of the parties (Options.Parties) the analysis
	// is of a sub-negotiation and ignores them.
	Politics bool
	// Ideal holds each party's best utility over the zone (nil when the
	// zone is empty).
	Ideal []float64
	// Pareto lists the frontier's distinct utility vectors, each with the
	// first outcome that has it, sorted by the first party's utility
	// (descending; lexicographically). Dominance uses tolerance Eps. It
	// holds the first Options.ParetoPoints of them (all by default).
	Pareto []Point
	// Frontier holds every distinct frontier vector compactly, in the
	// order of Pareto.
	Frontier *Frontier
	// ParetoOutcomes counts the outcomes on the frontier (ties included).
	ParetoOutcomes uint64
	// ParetoInZone counts the frontier outcomes that are in the zone.
	ParetoInZone uint64
	// The bargaining solutions, nil when the zone is empty.
	Nash, KalaiSmorodinsky, Egalitarian, Utilitarian *Solution
	// Clouds holds the point clouds asked for with Options.CloudPairs.
	Clouds []*Cloud
	// Degenerate lists the analysed parties (by position in Parties) left
	// out of the Kalai–Smorodinsky minimum because their ideal does not
	// exceed their reservation value by more than Eps.
	Degenerate []int
	// Ratification is the second level: nil unless Politics is set and the
	// scenario has constituencies.
	Ratification *Ratification

	space *space.Space
	funcs []*utility.Func
	pol   *politics
	// bar is each analysed party's acceptance bar: its reservation value
	// less its tolerance (entente.ReachesWithin), the one number the zone
	// compares a utility with when no politics apply.
	bar []float64
	// clamp: a zone package may fall short of a reservation value (by the
	// tolerance, or for a party it does not need), so gains are clamped at 0.
	clamp bool
	wk    *walker // a template for the walkers of later passes
}

// Ratification describes the ratifiable zone: the packages of the
// agreement zone that every constituency lets pass (ratify.Set.All).
type Ratification struct {
	// Zone counts the ratifiable packages.
	Zone uint64
	// Ideal holds each analysed party's best utility over the ratifiable
	// zone (nil when it is empty).
	Ideal []float64
	// WinSets holds one entry per constituency, in scenario order.
	WinSets []WinSet
	// The bargaining solutions over the ratifiable zone, nil when it is
	// empty.
	Nash, KalaiSmorodinsky, Egalitarian, Utilitarian *Solution
	// Degenerate is as Result.Degenerate, over the ratifiable zone.
	Degenerate []int
}

// WinSet is what a constituency lets pass: the packages it ratifies (those
// outside its Applies region, and those inside it whose approval reaches
// its threshold).
type WinSet struct {
	// Constituency is the index in Scenario.Constituencies.
	Constituency int
	// Size counts the packages it ratifies, over all packages analysed.
	Size uint64
	// InZone counts the agreement-zone packages it ratifies.
	InZone uint64
	// Blocks counts the agreement-zone packages it rejects.
	Blocks uint64
}

// Space returns the (possibly discretised) outcome space analysed.
func (r *Result) Space() *space.Space { return r.space }

// Analyze computes the agreement zone, the Pareto frontier and the
// bargaining solutions of a valid scenario.
func Analyze(ctx context.Context, s *entente.Scenario, opt Options) (*Result, error) {
	parties := opt.Parties
	if parties == nil {
		for p := range s.Parties {
			parties = append(parties, p)
		}
	}
	if len(parties) == 0 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "parties", "no parties to analyse")
	}
	funcs := make([]*utility.Func, len(parties))
	for j, p := range parties {
		if p < 0 || p >= len(s.Parties) {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "parties", "party index %d is out of range", p)
		}
		f, err := utility.New(s.Issues, &s.Parties[p].Preferences)
		if err != nil {
			return nil, err
		}
		funcs[j] = f
	}
	res := opt.Resolution
	if res == 0 {
		res = 11
	}
	if res < 2 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "resolution", "resolution %d is too small; use at least 2 grid points per real issue", res)
	}
	sp := space.Discretized(s.Issues, res)
	for i, v := range opt.Fixed {
		fixed, err := sp.Fix(i, v)
		if err != nil {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "fixed", "%v", err)
		}
		sp = fixed
	}
	hasReal := false // a real issue on a grid of more than one point
	for i := range s.Issues {
		if s.Issues[i].Kind == entente.Real && sp.Radix(i) > 1 {
			hasReal = true
		}
	}
	limit := opt.MaxOutcomes
	if limit == 0 {
		limit = DefaultMaxOutcomes
	}
	n, fits := sp.Len()
	if !fits || n > limit {
		return nil, space.TooLarge(sp, limit)
	}
	pol, err := newPolitics(s, parties)
	if err != nil {
		return nil, err
	}
	if pol != nil && pol.cons > 0 {
		// Pass 1 judges every package's ratification: a voter group whose
		// table is smaller than the space is evaluated once per cell.
		pol.set.Tabulate(int(min(n/2, maxApprovalCells)))
	}
	r := &Result{Parties: parties, Outcomes: n, space: sp, funcs: funcs, pol: pol, Politics: pol.applied()}
	if hasReal {
		r.Resolution = res
	}
	k := len(parties)
	tolerant := false
	for j, f := range funcs {
		rv := f.Reservation()
		tol := s.Parties[parties[j]].Preferences.AcceptTolerance()
		r.Reservation = append(r.Reservation, rv)
		r.bar = append(r.bar, rv-tol)
		tolerant = tolerant || tol > 0
	}
	r.clamp = pol != nil || tolerant
	workers := opt.Workers
	if workers <= 0 {
		workers = parallel.Options{}.WorkerCount()
	}
	r.wk = newWalker(sp, funcs)
	run := &runner{wk: r.wk, k: k, n: n, workers: workers, progress: opt.Progress}
	cells := opt.CloudCells
	if cells <= 0 {
		cells = 300
	}
	for _, pr := range opt.CloudPairs {
		if pr[0] < 0 || pr[0] >= k || pr[1] < 0 || pr[1] >= k {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "", "cloud pair %v is out of range for %d parties", pr, k)
		}
	}
	// The frontier: merged issue by issue for additive profiles without
	// politics (whose zone depends only on the utilities), streamed in
	// pass 1 otherwise.
	streamed := !r.wk.additive || pol != nil

	// Pass 1: extremes, zone, ideal point, Nash, egalitarian and
	// utilitarian optima, win-sets; the frontier when streamed.
	p1 := make([]visitor, workers)
	acc1 := make([]*pass1, workers)
	var room atomic.Int64
	room.Store(zoneListMax)
	for w := range p1 {
		acc1[w] = newPass1(k, r.Reservation, r.bar, pol, r.clamp)
		acc1[w].clouds = newClouds(opt.CloudPairs, cells)
		if streamed {
			acc1[w].set = newStreamSet(k)
		}
		if !r.wk.additive {
			// Pass 2 cannot skip subtrees: keep the zone if it is small.
			acc1[w].list = &zoneList{left: &room}
		}
		p1[w] = acc1[w]
	}
	if err := run.each(ctx, 0, p1, pol != nil); err != nil {
		return nil, err
	}
	a := acc1[0]
	for _, b := range acc1[1:] {
		a.merge(b)
	}
	r.Zone = a.z.n
	r.Clouds = a.clouds
	var rset *vset
	if streamed {
		a.set.flush()
		rset = a.set.kept
	} else {
		var err error
		if rset, err = dpFrontier(ctx, r.wk.tabs, r.wk.radix, k, r.wk.scale, r.wk.capped, workers); err != nil {
			return nil, err
		}
	}
	if err := r.setFrontier(ctx, rset, workers, streamed, opt.ParetoPoints); err != nil {
		return nil, err
	}
	for p := 0; p < k; p++ {
		r.Best = append(r.Best, r.point(a.best[p].Idx))
		r.Worst = append(r.Worst, r.point(a.worst[p].Idx))
	}
	var ks, rks *kalai
	clamp := r.clamp
	if a.z.n > 0 {
		r.Ideal = a.z.ideal
		ks = newKalai(r.Reservation, r.Ideal, clamp)
		r.Degenerate = ks.degenerate
	}
	if a.rz != nil && a.rz.n > 0 {
		rks = newKalai(r.Reservation, a.rz.ideal, clamp)
	}
	// Pass 2 (when the zone is not empty): Kalai–Smorodinsky and the ties
	// of every solution.
	p2 := make([]visitor, workers)
	acc2 := make([]*pass2, workers)
	for w := range p2 {
		acc2[w] = &pass2{k: k, rv: r.Reservation, bar: r.bar, clamp: clamp, kalai: ks, opt: a.z.opt, ks: newWindow(), j: pol.judge(r.Reservation)}
		if a.rz != nil {
			acc2[w].rat = &pass2Zone{kalai: rks, opt: a.rz.opt, ks: newWindow()}
		}
		p2[w] = acc2[w]
	}
	switch {
	case a.z.n == 0:
		if opt.Progress != nil {
			opt.Progress(2*n, 2*n)
		}
	case room.Load() >= 0 && !r.wk.additive:
		// Every zone package was kept: no second enumeration.
		for w, kept := range acc1 {
			l := kept.list
			for i, idx := range l.idx {
				acc2[w].zonePackage(idx, l.u[i*k:(i+1)*k], l.rat[i], clamp)
			}
		}
		if opt.Progress != nil {
			opt.Progress(2*n, 2*n)
		}
	case r.wk.additive && r.wk.n > 0:
		bb := newBnbPass(r.wk, r.Reservation, r.bar, pol != nil)
		bb.goals = r.goals(a.z.opt, ks)
		if a.rz != nil && a.rz.n > 0 {
			bb.goals = append(bb.goals, r.goals(a.rz.opt, rks)...)
		}
		if err := bb.run(ctx, workers, acc2, pol != nil, opt.Progress); err != nil {
			return nil, err
		}
	default:
		if err := run.each(ctx, 1, p2, pol != nil); err != nil {
			return nil, err
		}
	}
	b := acc2[0]
	for _, c := range acc2[1:] {
		b.merge(c)
	}
	sol := func(o arg, ties uint64) *Solution {
		return &Solution{Point: r.point(o.Idx), Value: o.Val, Ties: ties}
	}
	if a.z.n > 0 {
		r.Nash = sol(a.z.opt[nash], b.ties[nash])
		r.Egalitarian = sol(a.z.opt[egal], b.ties[egal])
		r.Utilitarian = sol(a.z.opt[util], b.ties[util])
		r.KalaiSmorodinsky = sol(b.ks.best, b.ks.count())
	}
	if a.rz != nil {
		rat := &Ratification{Zone: a.rz.n}
		for c := range a.win {
			rat.WinSets = append(rat.WinSets, WinSet{Constituency: c, Size: a.win[c], InZone: a.winZone[c], Blocks: a.z.n - a.winZone[c]})
		}
		if a.rz.n > 0 {
			rat.Ideal = a.rz.ideal
			rat.Degenerate = rks.degenerate
			rz := b.rat
			rat.Nash = sol(a.rz.opt[nash], rz.ties[nash])
			rat.Egalitarian = sol(a.rz.opt[egal], rz.ties[egal])
			rat.Utilitarian = sol(a.rz.opt[util], rz.ties[util])
			rat.KalaiSmorodinsky = sol(rz.ks.best, rz.ks.count())
		}
		r.Ratification = rat
	}
	return r, nil
}

// goals returns the thresholds pass 2 counts ties above: each optimum
// minus Eps, and for Kalai–Smorodinsky (whose optimum pass 2 finds) the
// best value at the optima of the others, which are zone packages.
func (r *Result) goals(opt [nObjectives]arg, ks *kalai) []goal {
	gs := make([]goal, 0, nObjectives+1)
	lower := math.Inf(-1)
	for o := range opt {
		gs = append(gs, goal{obj: o, min: opt[o].Val - Eps})
		lower = max(lower, ks.value(r.point(opt[o].Idx).Utilities))
	}
	return append(gs, goal{obj: ksObj, min: lower - Eps, ks: ks})
}

// point materialises package idx with its utilities.
func (r *Result) point(idx uint64) Point {
	w := r.wk.clone()
	w.seek(idx)
	out := append(entente.Outcome(nil), w.cur.out...)
	u := make([]float64, w.k)
	w.fill(u, 1)
	return Point{Index: idx, Outcome: out, Utilities: u}
}

// arg is a value and the first outcome index that attains it.
type arg = stats.Argmax

// The objectives whose optimum pass 1 finds, in the order of pass1.opt
// and pass2.ties.
const (
	nash = iota
	egal
	util
	nObjectives
)

// visitor sees the packages of the space block by block, in order within
// each chunk: block is called with the index of the block's first
// package, the utilities of its cnt packages (u[j*k+p]) and, when the
// pass asked for outcomes, a cursor at its first package that the visitor
// advances (cursor.next) after each package.
type visitor interface {
	block(lo uint64, u []float64, cnt int, c *cursor)
}

// runner runs the passes over the space on all cores.
type runner struct {
	wk       *walker
	k        int
	n        uint64
	workers  int
	progress func(done, total uint64)
}

// maxApprovalCells bounds each voter group's table of approvals
// (ratify.Set.Tabulate): 2 MB, and 16 MB for all of them.
const maxApprovalCells = 1 << 18

// each runs one visitor per worker over the whole space, in chunks of
// consecutive packages taken in turn (internal/parallel). pass (0 or 1)
// places the pass's progress within both passes'.
func (r *runner) each(ctx context.Context, pass int, vs []visitor, outcomes bool) error {
	type state struct {
		wk  *walker
		cur cursor
		buf []float64
	}
	states := make([]*state, r.workers)
	opt := parallel.Options{Workers: r.workers, MinChunk: 16 * blockLen}
	if fn := r.progress; fn != nil {
		base := uint64(pass) * r.n
		opt.Progress = func(done, _ uint64) { fn(base+done, 2*r.n) }
	}
	return parallel.For(ctx, r.n, opt, func(w int, lo, hi uint64) error {
		st := states[w]
		if st == nil {
			st = &state{wk: r.wk.clone(), buf: make([]float64, blockLen*r.k)}
			if outcomes {
				st.cur = st.wk.cur.clone()
			}
			states[w] = st
		}
		st.wk.seek(lo)
		var c *cursor
		if outcomes {
			st.cur.seek(lo)
			c = &st.cur
		}
		for b := lo; b < hi; b += blockLen {
			// A chunk of costly packages (many interaction terms) takes
			// seconds: look for a cancellation every block, so that Ctrl-C
			// stops the analysis at once.
			if err := ctx.Err(); err != nil {
				return err
			}
			cnt := int(min(blockLen, hi-b))
			st.wk.fill(st.buf, cnt)
			vs[w].block(b, st.buf[:cnt*r.k], cnt, c)
		}
		return nil
	})
}

// pass1 accumulates what needs one look at every outcome.
type pass1 struct {
	k           int
	rv          []float64
	bar         []float64 // acceptance bars (Result.bar)
	best, worst []arg
	z           zoneStats
	set         *streamSet // the frontier, when streamed
	list        *zoneList  // the zone packages, for pass 2, while few
	clouds      []*Cloud
	// With politics: the judge, the ratifiable zone and the win-sets.
	j            *judge
	rz           *zoneStats
	win, winZone []uint64
}

// zoneStats accumulates a zone's size, ideal point and the optima of the
// objectives pass 1 finds.
type zoneStats struct {
	n     uint64
	ideal []float64
	opt   [nObjectives]arg
	clamp bool
}

// gain is a party's gain over its reservation value, clamped at 0 as
// objectives clamps it.
func (z *zoneStats) gain(d float64) float64 {
	if z.clamp && d < 0 {
		return 0
	}
	return d
}

func newZoneStats(k int, clamp bool) zoneStats {
	z := zoneStats{ideal: make([]float64, k), clamp: clamp}
	for p := 0; p < k; p++ {
		z.ideal[p] = math.Inf(-1)
	}
	for o := range z.opt {
		z.opt[o] = stats.NewArgmax(0)
	}
	return z
}

func (z *zoneStats) add(idx uint64, u, rv []float64) {
	z.n++
	for p, x := range u {
		if x > z.ideal[p] {
			z.ideal[p] = x
		}
	}
	prod, mn, sum := objectives(u, rv, z.clamp)
	z.opt[nash].Offer(prod, idx)
	z.opt[egal].Offer(mn, idx)
	z.opt[util].Offer(sum, idx)
}

// block adds the zone packages of a block (no politics: a package is in
// the zone when its utilities reach the bars), as add would one by one,
// with the loops of two to four parties unrolled. The arithmetic is that
// of add, in the same order, so the results are the same bits.
func (z *zoneStats) block(lo uint64, u, rv, bar []float64) {
	k := len(rv)
	switch k {
	case 2:
		r0, r1 := rv[0], rv[1]
		b0, b1 := bar[0], bar[1]
		for j := 0; j+1 < len(u); j += 2 {
			x0, x1 := u[j], u[j+1]
			if x0 < b0 || x1 < b1 {
				continue
			}
			z.n++
			raise2(z.ideal, x0, x1)
			d0, d1 := z.gain(x0-r0), z.gain(x1-r1)
			mn := d0
			if d1 < mn {
				mn = d1
			}
			z.offer3(1*d0*d1, mn, 0+x0+x1, lo+uint64(j/2))
		}
	case 3:
		r0, r1, r2 := rv[0], rv[1], rv[2]
		b0, b1, b2 := bar[0], bar[1], bar[2]
		for j := 0; j+2 < len(u); j += 3 {
			x0, x1, x2 := u[j], u[j+1], u[j+2]
			if x0 < b0 || x1 < b1 || x2 < b2 {
				continue
			}
			z.n++
			raise2(z.ideal, x0, x1)
			raise1(z.ideal[2:], x2)
			d0, d1, d2 := z.gain(x0-r0), z.gain(x1-r1), z.gain(x2-r2)
			mn := d0
			if d1 < mn {
				mn = d1
			}
			if d2 < mn {
				mn = d2
			}
			z.offer3(1*d0*d1*d2, mn, 0+x0+x1+x2, lo+uint64(j/3))
		}
	case 4:
		r0, r1, r2, r3 := rv[0], rv[1], rv[2], rv[3]
		b0, b1, b2, b3 := bar[0], bar[1], bar[2], bar[3]
		for j := 0; j+3 < len(u); j += 4 {
			x0, x1, x2, x3 := u[j], u[j+1], u[j+2], u[j+3]
			if x0 < b0 || x1 < b1 || x2 < b2 || x3 < b3 {
				continue
			}
			z.n++
			raise2(z.ideal, x0, x1)
			raise2(z.ideal[2:], x2, x3)
			d0, d1, d2, d3 := z.gain(x0-r0), z.gain(x1-r1), z.gain(x2-r2), z.gain(x3-r3)
			mn := d0
			if d1 < mn {
				mn = d1
			}
			if d2 < mn {
				mn = d2
			}
			if d3 < mn {
				mn = d3
			}
			z.offer3(1*d0*d1*d2*d3, mn, 0+x0+x1+x2+x3, lo+uint64(j/4))
		}
	default:
		for j := 0; j+k <= len(u); j += k {
			if uj := u[j : j+k : j+k]; inZone(uj, bar) {
				z.add(lo+uint64(j/k), uj, rv)
			}
		}
	}
}

// raise1 and raise2 raise the first entries of ideal to x (and y), as add
// does (a comparison, not max: the same signed zeros).
func raise1(ideal []float64, x float64) {
	if x > ideal[0] {
		ideal[0] = x
	}
}

func raise2(ideal []float64, x, y float64) {
	if x > ideal[0] {
		ideal[0] = x
	}
	if y > ideal[1] {
		ideal[1] = y
	}
}

// offer3 offers the three objectives of package idx.
func (z *zoneStats) offer3(prod, mn, sum float64, idx uint64) {
	if prod >= z.opt[nash].Val {
		z.opt[nash].Offer(prod, idx)
	}
	if mn >= z.opt[egal].Val {
		z.opt[egal].Offer(mn, idx)
	}
	if sum >= z.opt[util].Val {
		z.opt[util].Offer(sum, idx)
	}
}

func (z *zoneStats) merge(o *zoneStats) {
	z.n += o.n
	for p := range z.ideal {
		z.ideal[p] = math.Max(z.ideal[p], o.ideal[p])
	}
	for i := range z.opt {
		z.opt[i].Offer(o.opt[i].Val, o.opt[i].Idx)
	}
}

func newPass1(k int, rv, bar []float64, pol *politics, clamp bool) *pass1 {
	a := &pass1{k: k, rv: rv, bar: bar, best: make([]arg, k), worst: make([]arg, k), z: newZoneStats(k, clamp)}
	for p := 0; p < k; p++ {
		a.best[p] = stats.NewArgmax(0)
		a.worst[p] = stats.NewArgmax(0) // holds -utility
	}
	if pol != nil {
		a.j = pol.judge(rv)
		if pol.cons > 0 {
			rz := newZoneStats(k, true)
			a.rz = &rz
			a.win, a.winZone = make([]uint64, pol.cons), make([]uint64, pol.cons)
		}
	}
	return a
}

func (a *pass1) block(lo uint64, u []float64, cnt int, c *cursor) {
	k := a.k
	// Each party's first best and worst package of the block.
	for p := 0; p < k; p++ {
		best, worst := a.best[p], a.worst[p]
		for j := p; j < len(u); j += k {
			x := u[j]
			if x > best.Val {
				best = arg{Val: x, Idx: lo + uint64(j/k)}
			}
			if -x > worst.Val {
				worst = arg{Val: -x, Idx: lo + uint64(j/k)}
			}
		}
		a.best[p], a.worst[p] = best, worst
	}
	if a.j == nil && len(a.clouds) == 0 && a.set == nil {
		a.z.block(lo, u, a.rv, a.bar)
		return
	}
	for j := 0; j < cnt; j++ {
		idx := lo + uint64(j)
		uj := u[j*k : (j+1)*k : (j+1)*k]
		zone := accepted(a.j, c, uj, a.bar)
		for _, cl := range a.clouds {
			cl.add(uj, zone)
		}
		ratified := false
		if a.rz != nil {
			ratified = true
			for ci := range a.win {
				if a.j.set.Ratifies(ci, c.out) {
					a.win[ci]++
					if zone {
						a.winZone[ci]++
					}
				} else {
					ratified = false
				}
			}
			if zone && ratified {
				a.rz.add(idx, uj, a.rv)
			}
		}
		if zone {
			a.z.add(idx, uj, a.rv)
			if a.list != nil {
				a.list.add(idx, uj, ratified)
			}
		}
		if a.set != nil {
			a.set.add(uj, idx, zone)
		}
		if c != nil {
			c.next()
		}
	}
}

func (a *pass1) merge(b *pass1) {
	for p := 0; p < a.k; p++ {
		a.best[p].Offer(b.best[p].Val, b.best[p].Idx)
		a.worst[p].Offer(b.worst[p].Val, b.worst[p].Idx)
	}
	a.z.merge(&b.z)
	if a.rz != nil {
		a.rz.merge(b.rz)
		for c := range a.win {
			a.win[c] += b.win[c]
			a.winZone[c] += b.winZone[c]
		}
	}
	if a.set != nil {
		a.set.merge(b.set)
	}
	for i, c := range a.clouds {
		c.merge(b.clouds[i])
	}
}

// objectives returns the Nash product of (u_i - r_i), the egalitarian
// minimum of (u_i - r_i) and the utilitarian sum of u_i. With clamp, gains
// below 0 count as 0: under rules and blocs a party may be below its
// reservation value at a zone package (the package does not need it, or
// its bloc accepts by its members' votes).
func objectives(u, rv []float64, clamp bool) (prod, mn, sum float64) {
	prod, mn = 1, math.Inf(1)
	for p, x := range u {
		d := x - rv[p]
		if clamp && d < 0 {
			d = 0
		}
		prod *= d
		if d < mn {
			mn = d
		}
		sum += x
	}
	return prod, mn, sum
}

// accepted reports whether the package at cursor c, with utilities u, is
// in the agreement zone: under politics (j) when every party it needs
// accepts it, otherwise when every analysed party reaches its acceptance
// bar (Result.bar). Every pass asks this one question.
func accepted(j *judge, c *cursor, u, bar []float64) bool {
	if j == nil {
		return inZone(u, bar)
	}
	return j.zone(c.out, u)
}

// inZone is the agreement zone without politics: every analysed party's
// utility reaches its bar, the reservation value less the profile's
// tolerance (Result.bar; no tolerance under the genius convention, which
// compares exactly, as GENIUS does). With rules, blocs, red lines or
// constituencies the judge of politics.go decides, with the same
// comparison (entente.ReachesWithin).
func inZone(u, rv []float64) bool {
	for p, x := range u {
		if x < rv[p] {
			return false
		}
	}
	return true
}

// kalai evaluates the Kalai–Smorodinsky objective (with clamp, ratios
// below 0 count as 0, as in objectives).
type kalai struct {
	rv, span   []float64
	degenerate []int
	clamp      bool
}

func newKalai(rv, ideal []float64, clamp bool) *kalai {
	ks := &kalai{rv: rv, span: make([]float64, len(rv)), clamp: clamp}
	for p := range rv {
		ks.span[p] = ideal[p] - rv[p]
		if ks.span[p] <= Eps {
			ks.degenerate = append(ks.degenerate, p)
		}
	}
	return ks
}

func (ks *kalai) value(u []float64) float64 {
	v := math.Inf(1)
	for p, x := range u {
		if ks.span[p] > Eps {
			if r := (x - ks.rv[p]) / ks.span[p]; r < v {
				v = r
			}
		}
	}
	if math.IsInf(v, 1) {
		return 1
	}
	if ks.clamp && v < 0 {
		return 0
	}
	return v
}

// pass2 needs the results of pass 1: the ideal point and the optima whose
// ties it counts.
type pass2 struct {
	k     int
	rv    []float64
	bar   []float64 // acceptance bars (Result.bar)
	clamp bool
	opt   [nObjectives]arg
	kalai *kalai
	ks    window
	ties  [nObjectives]uint64
	// With politics: the judge and the ratifiable zone's ties.
	j   *judge
	rat *pass2Zone
}

// pass2Zone counts the ties of the ratifiable zone's solutions.
type pass2Zone struct {
	opt   [nObjectives]arg
	kalai *kalai
	ks    window
	ties  [nObjectives]uint64
}

func (b *pass2) block(lo uint64, u []float64, cnt int, c *cursor) {
	k := b.k
	clamp := b.clamp
	for j := 0; j < cnt; j++ {
		uj := u[j*k : (j+1)*k : (j+1)*k]
		if accepted(b.j, c, uj, b.bar) {
			b.zonePackage(lo+uint64(j), uj, b.rat != nil && b.j.ratified(c.out), clamp)
		}
		if c != nil {
			c.next()
		}
	}
}

// zonePackage counts the ties of zone package idx with utilities u, and
// offers it to the Kalai–Smorodinsky windows (of the ratifiable zone too
// when ratified).
func (b *pass2) zonePackage(idx uint64, u []float64, ratified, clamp bool) {
	prod, mn, sum := objectives(u, b.rv, clamp)
	if prod >= b.opt[nash].Val-Eps {
		b.ties[nash]++
	}
	if mn >= b.opt[egal].Val-Eps {
		b.ties[egal]++
	}
	if sum >= b.opt[util].Val-Eps {
		b.ties[util]++
	}
	b.ks.offer(b.kalai.value(u), idx)
	if r := b.rat; r != nil && ratified {
		if prod >= r.opt[nash].Val-Eps {
			r.ties[nash]++
		}
		if mn >= r.opt[egal].Val-Eps {
			r.ties[egal]++
		}
		if sum >= r.opt[util].Val-Eps {
			r.ties[util]++
		}
		r.ks.offer(r.kalai.value(u), idx)
	}
}

// zoneList keeps the zone packages pass 1 meets (index, utilities,
// whether ratified), while they are few: pass 2 then needs no second
// enumeration of the space, nor a second look at the politics.
type zoneList struct {
	idx  []uint64
	u    []float64
	rat  []bool
	left *atomic.Int64 // the room left for all workers
	full bool
}

// zoneListMax is the most zone packages pass 1 keeps for pass 2 (a
// variable for tests).
var zoneListMax int64 = 1 << 16

func (l *zoneList) add(idx uint64, u []float64, ratified bool) {
	if l.full {
		return
	}
	if l.left.Add(-1) < 0 {
		l.full = true
		l.idx, l.u, l.rat = nil, nil, nil
		return
	}
	l.idx = append(l.idx, idx)
	l.u = append(l.u, u...)
	l.rat = append(l.rat, ratified)
}

func (b *pass2) merge(c *pass2) {
	for o := range b.ties {
		b.ties[o] += c.ties[o]
	}
	b.ks.merge(&c.ks)
	if b.rat != nil {
		for o := range b.rat.ties {
			b.rat.ties[o] += c.rat.ties[o]
		}
		b.rat.ks.merge(&c.rat.ks)
	}
}

// window tracks the maximum of an objective whose optimum is not known in
// advance, with the first index attaining it and the number of values
// within Eps of it. It keeps the distinct values in the window only: in a
// short list while there are few (the common case, checked at every new
// maximum), in a map beyond.
type window struct {
	best arg
	few  []windowEntry
	many map[float64]uint64
}

type windowEntry struct {
	v float64
	n uint64
}

// windowFew is the most distinct values the list holds.
const windowFew = 32

func newWindow() window { return window{best: stats.NewArgmax(0)} }

func (w *window) offer(v float64, idx uint64) {
	if v < w.best.Val-Eps {
		return
	}
	old := w.best.Val
	w.best.Offer(v, idx)
	w.add(v, 1)
	if w.best.Val > old {
		w.prune()
	}
}

func (w *window) add(v float64, n uint64) {
	if w.many != nil {
		w.many[v] += n
		return
	}
	for i := range w.few {
		if w.few[i].v == v {
			w.few[i].n += n
			return
		}
	}
	w.few = append(w.few, windowEntry{v, n})
	if len(w.few) > windowFew {
		w.many = make(map[float64]uint64, 2*windowFew)
		for _, e := range w.few {
			w.many[e.v] += e.n
		}
		w.few = nil
	}
}

func (w *window) prune() {
	low := w.best.Val - Eps
	if w.many != nil {
		for v := range w.many {
			if v < low {
				delete(w.many, v)
			}
		}
		return
	}
	kept := w.few[:0]
	for _, e := range w.few {
		if !(e.v < low) {
			kept = append(kept, e)
		}
	}
	w.few = kept
}

func (w *window) merge(o *window) {
	w.best.Offer(o.best.Val, o.best.Idx)
	for _, e := range o.few {
		w.add(e.v, e.n)
	}
	for v, n := range o.many {
		w.add(v, n)
	}
	w.prune()
}

func (w *window) count() uint64 {
	n := uint64(0)
	for _, e := range w.few {
		n += e.n
	}
	for _, c := range w.many {
		n += c
	}
	return n
}

// String summarises a result for debugging.
func (r *Result) String() string {
	if r.Ratification != nil {
		return fmt.Sprintf("%d outcomes, zone %d, ratifiable %d, frontier %d vectors / %d outcomes", r.Outcomes, r.Zone, r.Ratification.Zone, r.Frontier.Len(), r.ParetoOutcomes)
	}
	return fmt.Sprintf("%d outcomes, zone %d, frontier %d vectors / %d outcomes", r.Outcomes, r.Zone, r.Frontier.Len(), r.ParetoOutcomes)
}
