package robust

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync/atomic"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/parallel"
	"github.com/entente/entente/internal/stats"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Defaults of Options.
const (
	DefaultSamples = 1000
	// MaxDrawnValues bounds samples × (uncertain numbers + 2): every drawn
	// value and both zone sizes of every draw are kept, 8 bytes each.
	MaxDrawnValues    = 1 << 27
	DefaultResolution = 11
	DefaultTop        = 10
	DefaultSteps      = 32
	// DefaultMaxCounted is the largest space whose packages get
	// per-package counts (40 MB per counter array).
	DefaultMaxCounted = 10_000_000
	// DefaultMaxOutcomes is the largest space Run walks.
	DefaultMaxOutcomes = 1 << 31
)

// Options tunes Run. The zero value uses the defaults above.
type Options struct {
	// Samples is the number of draws (default DefaultSamples).
	Samples int
	// Seed makes the draws reproducible.
	Seed uint64
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
	// Resolution is the number of grid points per real issue (default
	// DefaultResolution).
	Resolution int
	// MaxOutcomes refuses larger spaces (default DefaultMaxOutcomes).
	MaxOutcomes uint64
	// MaxCounted is the largest space with per-package counts (default
	// DefaultMaxCounted).
	MaxCounted uint64
	// Candidates is the number of packages counted in a larger space
	// (default DefaultCandidates).
	Candidates int
	// Top is the number of most robust packages reported (default
	// DefaultTop).
	Top int
	// Steps is the number of intervals of the grid on which tipping
	// points are searched in each number's range, before bisection
	// (default DefaultSteps).
	Steps int
	// NoTipping skips the tipping points and the one-at-a-time swings.
	NoTipping bool
	// Progress, when set, is called about ten times a second (from a
	// goroutine of its own, as parallel.Options.Progress) with the draws
	// done and their total; the tipping points that follow are not
	// counted.
	Progress func(done, total uint64)
}

// Share is a proportion of draws with its 95% Wilson score interval
// (Wilson 1927; Agresti and Coull 1998, "Approximate is better than
// 'exact' for interval estimation of binomial proportions"), which stays
// inside [0,1] and is sensible at 0 and at 1.
type Share struct {
	Count, Draws int
	P, Low, High float64
}

// Package is one package with how often it was acceptable.
type Package struct {
	// Index is the package's position in enumeration order.
	Index uint64
	// Outcome is the package.
	Outcome entente.Outcome
	// Zone and Ratifiable count the draws in which the package was in the
	// agreement zone and in the ratifiable zone.
	Zone, Ratifiable int
	// Utilities are the parties' utilities under the nominal scenario.
	Utilities []float64
}

// Result is what Run finds.
type Result struct {
	// Samples and Seed are the draws' number and seed.
	Samples int
	Seed    uint64
	// Outcomes is the number of packages walked per draw.
	Outcomes uint64
	// Resolution is the grid size of real issues; 0 when there is none.
	Resolution int
	// Params are the sampled numbers (copies of the scenario's Params,
	// with Field set to the kind of number where the scenario left it
	// empty).
	Params []entente.Param
	// Nominal holds their values in the scenario as given.
	Nominal []float64
	// Draws[d][j] is the value drawn for Params[j] in draw d.
	Draws [][]float64
	// ZoneSize[d] and RatifiableSize[d] count the packages of each zone in
	// draw d.
	ZoneSize, RatifiableSize []uint64
	// NominalZone and NominalRatifiable are the zone sizes of the scenario
	// as given.
	NominalZone, NominalRatifiable uint64
	// Zone and Ratifiable are the shares of draws with a non-empty
	// agreement zone and ratifiable zone.
	Zone, Ratifiable Share
	// Constituencies reports whether the scenario has any (otherwise the
	// ratifiable zone is the agreement zone).
	Constituencies bool
	// Counted reports whether every package was counted. When not,
	// Candidates packages were (see the package documentation).
	Counted    bool
	Candidates int
	// Packages are the most robust packages: largest Ratifiable count
	// first (a deal must also be ratified; without constituencies it is
	// the Zone count), then largest Zone count, then enumeration order;
	// only packages in the agreement zone in at least one draw.
	Packages []Package
	// Seen counts the packages (of those counted) in the agreement zone in
	// at least one draw: Packages holds the first Top of them.
	Seen int
	// Tipping lists the tipping points, by parameter then value.
	Tipping []Tipping
	// Sensitivity ranks the sampled numbers, most decisive first.
	Sensitivity []Sensitivity

	space *space.Space
}

// Space returns the (possibly discretised) outcome space walked.
func (r *Result) Space() *space.Space { return r.space }

// sampled reports whether Run draws the number p annotates.
func sampled(s *entente.Scenario, p *entente.Param) bool {
	return p.Uncertain() && !p.Ref.Population() && s.Locate(p.Ref)
}

// Run runs the robustness analysis of a valid scenario (see the package
// documentation).
func Run(ctx context.Context, s *entente.Scenario, opt Options) (*Result, error) {
	if errs := s.Validate(); len(errs) > 0 {
		return nil, errs
	}
	if len(s.Parties) == 0 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "parties", "no parties to analyse")
	}
	if opt.Samples == 0 {
		opt.Samples = DefaultSamples
	}
	if opt.Samples < 0 || uint64(opt.Samples) > math.MaxUint32 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "samples", "%d samples: expected a positive number of draws, at most 4294967295", opt.Samples)
	}
	if opt.Resolution == 0 {
		opt.Resolution = DefaultResolution
	}
	if opt.Resolution < 2 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "resolution", "resolution %d is too small; use at least 2 grid points per real issue", opt.Resolution)
	}
	if opt.MaxOutcomes == 0 {
		opt.MaxOutcomes = DefaultMaxOutcomes
	}
	if opt.MaxCounted == 0 {
		opt.MaxCounted = DefaultMaxCounted
	}
	if opt.Candidates <= 0 {
		opt.Candidates = DefaultCandidates
	}
	if opt.Top <= 0 {
		opt.Top = DefaultTop
	}
	if opt.Steps <= 0 {
		opt.Steps = DefaultSteps
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	tipWorkers := workers
	workers = min(workers, opt.Samples)

	sp := space.Discretized(s.Issues, opt.Resolution)
	n, fits := sp.Len()
	if !fits || n > opt.MaxOutcomes {
		return nil, space.TooLarge(sp, opt.MaxOutcomes)
	}
	r := &Result{Samples: opt.Samples, Seed: opt.Seed, Outcomes: n, space: sp, Constituencies: len(s.Constituencies) > 0}
	for i := range s.Issues {
		if s.Issues[i].Kind == entente.Real && sp.Radix(i) > 1 {
			r.Resolution = opt.Resolution
		}
	}
	for j := range s.Params {
		if p := &s.Params[j]; sampled(s, p) {
			q := *p
			q.Field = field(p)
			r.Params = append(r.Params, q)
			r.Nominal = append(r.Nominal, s.Get(p.Ref))
		}
	}
	// Every draw is kept (for the sensitivity ranking): bound that memory.
	if cells := uint64(opt.Samples) * uint64(len(r.Params)+2); cells > MaxDrawnValues {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "samples", "%d samples of %d uncertain numbers would keep %d drawn values; at most %d fit in memory (about 1 GB): use at most %d samples",
			opt.Samples, len(r.Params), cells, uint64(MaxDrawnValues), uint64(MaxDrawnValues)/uint64(len(r.Params)+2))
	}
	m := zonewalk.NewMutator(s, refsOf(r.Params))

	// The draws, serially: cheap, and independent of the workers.
	r.Draws = make([][]float64, opt.Samples)
	flat := make([]float64, opt.Samples*len(r.Params))
	for d := range r.Draws {
		if d%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(d)))
		row := flat[d*len(r.Params) : (d+1)*len(r.Params)]
		for j := range r.Params {
			row[j] = r.Params[j].Sample(rng)
		}
		r.Draws[d] = row
	}

	nominal := zonewalk.New(sp, s)
	if err := nominal.Load(s); err != nil {
		return nil, err
	}
	var err error
	if r.NominalZone, r.NominalRatifiable, err = nominal.Scan(ctx, nil, nil, false); err != nil {
		return nil, err
	}

	var zc, rc []uint32 // per package, or per candidate
	var ids []uint64
	var cands []entente.Outcome
	if n <= opt.MaxCounted {
		r.Counted = true
		zc = make([]uint32, n)
		if r.Constituencies {
			rc = make([]uint32, n)
		}
	} else {
		if ids, cands, err = candidates(ctx, s, sp, opt.Candidates); err != nil {
			return nil, err
		}
		r.Candidates = len(ids)
		zc, rc = make([]uint32, len(ids)), make([]uint32, len(ids))
	}
	r.ZoneSize = make([]uint64, opt.Samples)
	r.RatifiableSize = make([]uint64, opt.Samples)
	if len(r.Params) == 0 {
		// Every draw is the nominal scenario: count it once.
		if err := r.countNominal(ctx, nominal, zc, rc, cands); err != nil {
			return nil, err
		}
	} else if err := r.draw(ctx, s, sp, m, workers, zc, rc, cands, opt.Progress); err != nil {
		return nil, err
	}
	zn, rn := 0, 0
	for d := range r.ZoneSize {
		zn += int(min(r.ZoneSize[d], 1))
		rn += int(min(r.RatifiableSize[d], 1))
	}
	r.Zone, r.Ratifiable = wilson(zn, opt.Samples), wilson(rn, opt.Samples)

	funcs, err := utility.Compile(s)
	if err != nil {
		return nil, err
	}
	r.Packages = top(sp, ids, zc, rc, opt.Top, funcs)
	for _, z := range zc {
		if z > 0 {
			r.Seen++
		}
	}
	var swings [][4]uint64
	if !opt.NoTipping && len(r.Params) > 0 {
		if r.Tipping, swings, err = tipping(ctx, s, sp, m, r.Params, opt.Steps, tipWorkers); err != nil {
			return nil, err
		}
	}
	r.Sensitivity = sensitivity(s, r, swings)
	return r, nil
}

// refsOf returns the Refs of the numbers ps annotate, in order.
func refsOf(ps []entente.Param) []entente.Ref {
	refs := make([]entente.Ref, len(ps))
	for j := range ps {
		refs[j] = ps[j].Ref
	}
	return refs
}

// top returns the k most robust packages (see Result.Packages): zc[i] and rc[i]
// count package ids[i] (package i when ids is nil).
func top(sp *space.Space, ids []uint64, zc, rc []uint32, k int, funcs []*utility.Func) []Package {
	type entry struct {
		idx  uint64
		z, r uint32
	}
	better := func(a, b entry) bool {
		if a.r != b.r {
			return a.r > b.r
		}
		if a.z != b.z {
			return a.z > b.z
		}
		return a.idx < b.idx
	}
	var best []entry // sorted best first, at most k
	for i, z := range zc {
		if z == 0 {
			continue
		}
		e := entry{idx: uint64(i), z: z, r: z}
		if ids != nil {
			e.idx = ids[i]
		}
		if rc != nil {
			e.r = rc[i]
		}
		if len(best) == k && !better(e, best[k-1]) {
			continue
		}
		at := sort.Search(len(best), func(j int) bool { return better(e, best[j]) })
		if len(best) < k {
			best = append(best, entry{})
		}
		copy(best[at+1:], best[at:len(best)-1])
		best[at] = e
	}
	out := make([]Package, len(best))
	for j, e := range best {
		o := make(entente.Outcome, len(sp.Issues()))
		sp.At(e.idx, o)
		u := make([]float64, len(funcs))
		for p, f := range funcs {
			u[p] = f.Utility(o)
		}
		out[j] = Package{Index: e.idx, Outcome: o, Zone: int(e.z), Ratifiable: int(e.r), Utilities: u}
	}
	return out
}

// wilson returns the share k/n with its 95% Wilson score interval.
func wilson(k, n int) Share {
	sh := Share{Count: k, Draws: n}
	sh.P, sh.Low, sh.High = stats.Wilson(k, n)
	return sh
}

// draw evaluates every draw on workers goroutines, each with its own copy
// of the scenario and its own walker. Each draw writes only its own entries
// of ZoneSize and RatifiableSize, and the counts are atomic sums, so the
// result does not depend on the workers.
func (r *Result) draw(ctx context.Context, s *entente.Scenario, sp *space.Space, m *zonewalk.Mutator, workers int, zc, rc []uint32, cands []entente.Outcome, progress func(done, total uint64)) error {
	type state struct {
		c *entente.Scenario
		e *zonewalk.Walker
	}
	_, err := parallel.Each(ctx, r.Samples, parallel.Options{Workers: workers, Chunk: 1, Progress: progress}, func() state {
		return state{s.Clone(), zonewalk.New(sp, s)}
	}, func(st state, d int) error {
		m.ApplyAll(st.c, r.Draws[d])
		if err := st.e.Load(st.c); err != nil {
			return fmt.Errorf("draw %d: %w", d, err)
		}
		z, rt, err := r.one(ctx, st.e, zc, rc, cands)
		if err != nil {
			return err
		}
		r.ZoneSize[d], r.RatifiableSize[d] = z, rt
		return nil
	})
	return err
}

// one walks the space for the scenario loaded in e and adds to the
// counts: per package (zc, rc by package index) or per candidate.
func (r *Result) one(ctx context.Context, e *zonewalk.Walker, zc, rc []uint32, cands []entente.Outcome) (z, rt uint64, err error) {
	if r.Counted {
		return e.Scan(ctx, zc, rc, false)
	}
	z, rt, err = e.Scan(ctx, nil, nil, false)
	for i, o := range cands {
		if iz, ir := e.Decide(o); iz {
			atomic.AddUint32(&zc[i], 1)
			if ir {
				atomic.AddUint32(&rc[i], 1)
			}
		}
	}
	return z, rt, err
}

// countNominal fills the result when nothing is sampled: every draw is
// the nominal scenario (loaded in e), walked once.
func (r *Result) countNominal(ctx context.Context, e *zonewalk.Walker, zc, rc []uint32, cands []entente.Outcome) error {
	z, rt, err := r.one(ctx, e, zc, rc, cands)
	if err != nil {
		return err
	}
	for d := range r.ZoneSize {
		r.ZoneSize[d], r.RatifiableSize[d] = z, rt
	}
	for i := range zc {
		zc[i] *= uint32(r.Samples)
	}
	for i := range rc {
		rc[i] *= uint32(r.Samples)
	}
	return nil
}
