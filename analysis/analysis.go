package analysis

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/entente/entente"
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
	// (descending). Dominance uses tolerance Eps.
	Pareto []Point
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
	r := &Result{Parties: parties, Outcomes: n, space: sp, funcs: funcs, pol: pol, Politics: pol.applied()}
	if hasReal {
		r.Resolution = res
	}
	k := len(parties)
	for _, f := range funcs {
		r.Reservation = append(r.Reservation, f.Reservation())
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	run := &runner{sp: sp, funcs: funcs, k: k, n: n, rv: r.Reservation, workers: workers}
	stop := run.progress(opt.Progress)
	defer stop()

	// Pass 1: extremes, zone, ideal point, exact skyline, Nash,
	// egalitarian and utilitarian optima.
	cells := opt.CloudCells
	if cells <= 0 {
		cells = 300
	}
	for _, pr := range opt.CloudPairs {
		if pr[0] < 0 || pr[0] >= k || pr[1] < 0 || pr[1] >= k {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "", "cloud pair %v is out of range for %d parties", pr, k)
		}
	}
	p1 := make([]*pass1, workers)
	if err := run.each(ctx, func(w int) visitor {
		p1[w] = newPass1(k, r.Reservation, pol)
		p1[w].clouds = newClouds(opt.CloudPairs, cells)
		return p1[w]
	}); err != nil {
		return nil, err
	}
	a := p1[0]
	for _, b := range p1[1:] {
		a.merge(b)
	}
	a.sky.sort()
	r.Zone = a.z.n
	r.Clouds = a.clouds
	ev := newEvaluator(sp, funcs)
	point := func(idx uint64) Point {
		ev.seek(idx)
		return Point{Index: idx, Outcome: append(entente.Outcome(nil), ev.out...), Utilities: append([]float64(nil), ev.u...)}
	}
	for p := 0; p < k; p++ {
		r.Best = append(r.Best, point(a.best[p].idx))
		r.Worst = append(r.Worst, point(a.worst[p].idx))
	}
	var ks, rks *kalai
	clamp := pol != nil
	if a.z.n > 0 {
		r.Ideal = a.z.ideal
		ks = newKalai(r.Reservation, r.Ideal, clamp)
		r.Degenerate = ks.degenerate
	}
	if a.rz != nil && a.rz.n > 0 {
		rks = newKalai(r.Reservation, a.rz.ideal, clamp)
	}
	// Pass 2: frontier membership with tolerance, Kalai–Smorodinsky, ties.
	p2 := make([]*pass2, workers)
	run.pass = 1
	if err := run.each(ctx, func(w int) visitor {
		p2[w] = &pass2{sky: a.sky, rv: r.Reservation, kalai: ks, opt: a.z.opt, ks: newWindow(), j: pol.judge(r.Reservation)}
		if a.rz != nil {
			p2[w].rat = &pass2Zone{kalai: rks, opt: a.rz.opt, ks: newWindow()}
		}
		return p2[w]
	}); err != nil {
		return nil, err
	}
	b := p2[0]
	for _, c := range p2[1:] {
		b.merge(c)
	}
	r.ParetoOutcomes, r.ParetoInZone = b.front, b.frontZone
	for j := range a.sky.idx {
		if front := a.sky.at(j); !dominatedAny(a.sky, front) {
			r.Pareto = append(r.Pareto, point(a.sky.idx[j]))
		}
	}
	sol := func(o arg, ties uint64) *Solution {
		return &Solution{Point: point(o.idx), Value: o.val, Ties: ties}
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

// dominatedAny reports whether some skyline entry dominates u with
// tolerance (entries of the exact skyline can be, marginally).
func dominatedAny(s *skyline, u []float64) bool {
	c := 0
	return s.dominatedBy(u, &c)
}

// arg is an objective value and the first outcome index that attains it.
type arg struct {
	val float64
	idx uint64
}

// offer keeps (v, i) when it beats a: a larger value, or the same value
// at an earlier outcome.
func (a *arg) offer(v float64, i uint64) {
	if v > a.val || (v == a.val && i < a.idx) {
		a.val, a.idx = v, i
	}
}

// The objectives whose optimum pass 1 finds, in the order of pass1.opt
// and pass2.ties.
const (
	nash = iota
	egal
	util
	nObjectives
)

// visitor sees every outcome of a chunk, in order, with its utilities.
type visitor interface {
	visit(idx uint64, o entente.Outcome, u []float64)
}

type runner struct {
	sp      *space.Space
	funcs   []*utility.Func
	k       int
	n       uint64
	rv      []float64
	workers int
	pass    int
	done    atomic.Uint64
}

// each runs a visitor per worker over the whole space, split into chunks
// taken in order from a shared counter.
func (r *runner) each(ctx context.Context, mk func(w int) visitor) error {
	chunk := r.n / uint64(r.workers*64)
	if chunk < 4096 {
		chunk = 4096
	}
	var next atomic.Uint64
	var wg sync.WaitGroup
	errs := make([]error, r.workers)
	for w := 0; w < r.workers; w++ {
		v := mk(w)
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			ev := newEvaluator(r.sp, r.funcs)
			for {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				start := next.Add(chunk) - chunk
				if start >= r.n {
					return
				}
				end := min(start+chunk, r.n)
				ev.seek(start)
				v.visit(start, ev.out, ev.u)
				for i := start + 1; i < end; i++ {
					ev.next()
					v.visit(i, ev.out, ev.u)
				}
				r.done.Add(end - start)
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// progress starts reporting progress, if asked, and returns its stop.
func (r *runner) progress(fn func(done, total uint64)) func() {
	if fn == nil {
		return func() {}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				fn(2*r.n, 2*r.n)
				return
			case <-t.C:
				fn(r.done.Load(), 2*r.n)
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}

// pass1 accumulates what needs one look at every outcome.
type pass1 struct {
	k           int
	rv          []float64
	best, worst []arg
	z           zoneStats
	sky         *skyline
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

func newZoneStats(k int, clamp bool) zoneStats {
	z := zoneStats{ideal: make([]float64, k), clamp: clamp}
	for p := 0; p < k; p++ {
		z.ideal[p] = math.Inf(-1)
	}
	for o := range z.opt {
		z.opt[o] = arg{math.Inf(-1), 0}
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
	z.opt[nash].offer(prod, idx)
	z.opt[egal].offer(mn, idx)
	z.opt[util].offer(sum, idx)
}

func (z *zoneStats) merge(o *zoneStats) {
	z.n += o.n
	for p := range z.ideal {
		z.ideal[p] = math.Max(z.ideal[p], o.ideal[p])
	}
	for i := range z.opt {
		z.opt[i].offer(o.opt[i].val, o.opt[i].idx)
	}
}

func newPass1(k int, rv []float64, pol *politics) *pass1 {
	a := &pass1{k: k, rv: rv, best: make([]arg, k), worst: make([]arg, k), z: newZoneStats(k, pol != nil), sky: newSkyline(k)}
	for p := 0; p < k; p++ {
		a.best[p] = arg{math.Inf(-1), 0}
		a.worst[p] = arg{math.Inf(-1), 0} // holds -utility
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

func (a *pass1) visit(idx uint64, o entente.Outcome, u []float64) {
	for p, x := range u {
		a.best[p].offer(x, idx)
		a.worst[p].offer(-x, idx)
	}
	a.sky.add(u, idx)
	var zone bool
	if a.j == nil {
		zone = inZone(u, a.rv)
	} else {
		zone = a.j.zone(o, u)
	}
	for _, c := range a.clouds {
		c.add(u, zone)
	}
	if a.rz != nil {
		ratified := true
		for c := range a.win {
			if a.j.set.Ratifies(c, o) {
				a.win[c]++
				if zone {
					a.winZone[c]++
				}
			} else {
				ratified = false
			}
		}
		if zone && ratified {
			a.rz.add(idx, u, a.rv)
		}
	}
	if zone {
		a.z.add(idx, u, a.rv)
	}
}

func (a *pass1) merge(b *pass1) {
	for p := 0; p < a.k; p++ {
		a.best[p].offer(b.best[p].val, b.best[p].idx)
		a.worst[p].offer(b.worst[p].val, b.worst[p].idx)
	}
	a.z.merge(&b.z)
	if a.rz != nil {
		a.rz.merge(b.rz)
		for c := range a.win {
			a.win[c] += b.win[c]
			a.winZone[c] += b.winZone[c]
		}
	}
	a.sky.merge(b.sky)
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

// inZone is the agreement zone without politics, as GENIUS decides it:
// every analysed party's utility reaches its reservation value exactly.
// It is used only when every analysed party compares exactly (the genius
// convention) and there are no rules, blocs, red lines or
// constituencies; otherwise the judge of politics.go decides, within each
// profile's tolerance (entente.Preferences.AcceptTolerance).
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

// pass2 needs the results of pass 1: the skyline, the ideal point and the
// optima whose ties it counts.
type pass2 struct {
	sky       *skyline
	rv        []float64
	opt       [nObjectives]arg
	cache     int
	front     uint64
	frontZone uint64
	kalai     *kalai
	ks        window
	ties      [nObjectives]uint64
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

func (b *pass2) visit(idx uint64, o entente.Outcome, u []float64) {
	var zone bool
	if b.j == nil {
		zone = inZone(u, b.rv)
	} else {
		zone = b.j.zone(o, u)
	}
	if !b.sky.dominatedBy(u, &b.cache) {
		b.front++
		if zone {
			b.frontZone++
		}
	}
	if !zone {
		return
	}
	clamp := b.j != nil
	prod, mn, sum := objectives(u, b.rv, clamp)
	if prod >= b.opt[nash].val-Eps {
		b.ties[nash]++
	}
	if mn >= b.opt[egal].val-Eps {
		b.ties[egal]++
	}
	if sum >= b.opt[util].val-Eps {
		b.ties[util]++
	}
	b.ks.offer(b.kalai.value(u), idx)
	if r := b.rat; r != nil && b.j.ratified(o) {
		if prod >= r.opt[nash].val-Eps {
			r.ties[nash]++
		}
		if mn >= r.opt[egal].val-Eps {
			r.ties[egal]++
		}
		if sum >= r.opt[util].val-Eps {
			r.ties[util]++
		}
		r.ks.offer(r.kalai.value(u), idx)
	}
}

func (b *pass2) merge(c *pass2) {
	b.front += c.front
	b.frontZone += c.frontZone
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
// within Eps of it. It keeps the distinct values in the window only.
type window struct {
	best arg
	vals map[float64]uint64
}

func newWindow() window { return window{best: arg{math.Inf(-1), 0}, vals: map[float64]uint64{}} }

func (w *window) offer(v float64, idx uint64) {
	if v < w.best.val-Eps {
		return
	}
	old := w.best.val
	w.best.offer(v, idx)
	w.vals[v]++
	if w.best.val > old {
		w.prune()
	}
}

func (w *window) prune() {
	for v := range w.vals {
		if v < w.best.val-Eps {
			delete(w.vals, v)
		}
	}
}

func (w *window) merge(o *window) {
	w.best.offer(o.best.val, o.best.idx)
	for v, c := range o.vals {
		w.vals[v] += c
	}
	w.prune()
}

func (w *window) count() uint64 {
	n := uint64(0)
	for _, c := range w.vals {
		n += c
	}
	return n
}

// String summarises a result for debugging.
func (r *Result) String() string {
	if r.Ratification != nil {
		return fmt.Sprintf("%d outcomes, zone %d, ratifiable %d, frontier %d vectors / %d outcomes", r.Outcomes, r.Zone, r.Ratification.Zone, len(r.Pareto), r.ParetoOutcomes)
	}
	return fmt.Sprintf("%d outcomes, zone %d, frontier %d vectors / %d outcomes", r.Outcomes, r.Zone, len(r.Pareto), r.ParetoOutcomes)
}
