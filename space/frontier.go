package space

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/entente/entente"
)

// FrontierEstimate is an estimate of the size of a space's Pareto frontier
// (the packages no other package dominates), made before an exact analysis
// that keeps the frontier in memory.
type FrontierEstimate struct {
	// Outcomes is the size of the space.
	Outcomes uint64
	// Sampled packages, and those of them no other sampled package
	// dominates. When Sampled equals Outcomes the count is exact.
	Sampled, OnFrontier int
	// Frontier is the estimated number of frontier packages.
	Frontier uint64
}

// EstimateFrontier estimates the frontier of a finite space for k
// utilities: eval writes the k utilities of a package into u. It takes the
// share of a seeded uniform sample of at most sample packages that no
// other sampled package dominates, times the size of the space; a package
// off the sample's frontier is off the space's too, so the share errs on
// the high side. A space of at most sample packages is counted exactly.
// The cost is about sample² × k comparisons.
func EstimateFrontier(sp *Space, k, sample int, seed uint64, eval func(o entente.Outcome, u []float64)) FrontierEstimate {
	n, _ := sp.Len()
	e := FrontierEstimate{Outcomes: n}
	m := uint64(max(sample, 1))
	us := make([][]float64, 0, min(n, m))
	add := func(o entente.Outcome) {
		u := make([]float64, k)
		eval(o, u)
		us = append(us, u)
	}
	if n <= m {
		sp.Each(func(_ uint64, o entente.Outcome) bool { add(o); return true }) //nolint:errcheck // a finite space
	} else {
		rng := rand.New(rand.NewPCG(seed, n))
		o := make(entente.Outcome, len(sp.Issues()))
		for range m {
			sp.Sample(rng, o)
			add(o)
		}
	}
	e.Sampled = len(us)
	e.OnFrontier = onFrontier(us)
	if e.Sampled > 0 {
		e.Frontier = uint64(math.Ceil(float64(n) * float64(e.OnFrontier) / float64(e.Sampled)))
	}
	return e
}

// onFrontier counts the vectors of us that no other dominates. A vector
// that dominates another has a sum at least as large (floating-point
// addition is monotone), so the vectors are taken largest sum first and
// each is compared only with those of a sum at least its own: most
// vectors off the frontier meet one of their dominators among the first
// few.
func onFrontier(us [][]float64) int {
	type entry struct {
		sum float64
		u   []float64
	}
	es := make([]entry, len(us))
	for i, u := range us {
		s := 0.0
		for _, x := range u {
			s += x
		}
		if math.IsNaN(s) {
			return onFrontierAll(us)
		}
		es[i] = entry{s, u}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(b.sum, a.sum) })
	n := 0
	for i := range es {
		a := &es[i]
		dominated := false
		for j := range es {
			b := &es[j]
			if b.sum < a.sum {
				break
			}
			if j != i && dominates(b.u, a.u) {
				dominated = true
				break
			}
		}
		if !dominated {
			n++
		}
	}
	return n
}

// onFrontierAll is onFrontier comparing every pair.
func onFrontierAll(us [][]float64) int {
	n := 0
	for i, a := range us {
		dominated := false
		for j, b := range us {
			if i != j && dominates(b, a) {
				dominated = true
				break
			}
		}
		if !dominated {
			n++
		}
	}
	return n
}

// SampleFor returns the sample size that keeps EstimateFrontier near
// 2·10^7 comparisons for k utilities: 2,048 for two parties, fewer for
// many, at least 64.
func SampleFor(k int) int {
	return max(64, min(2048, int(math.Sqrt(4e7/float64(max(k, 1))))))
}

// Memory returns the memory an exact analysis (package analysis) keeps for
// the estimated frontier of k parties, of which points are also kept as
// points (analysis.Result.Pareto; a negative points means all of them):
// 24 + 16·k bytes a package for the compact frontier (Result.Frontier,
// while it is built and after), 160 + 80·k more for each point, plus 32
// MiB. Measured on a space of 10^7 packages all on the frontier (two
// parties): 40 bytes a package when the frontier is only streamed
// (analyze --json), 220 to 230 when every point is kept.
func (e FrontierEstimate) Memory(k int, points int64) int64 {
	f := float64(e.Frontier)
	p := f
	if points >= 0 {
		p = math.Min(f, float64(points))
	}
	b := f*float64(24+16*int64(k)) + p*float64(160+80*int64(k))
	return int64(math.Min(b, math.MaxInt64/2)) + 32<<20
}

// dominates reports whether a is at least b in every utility and above it
// in one.
func dominates(a, b []float64) bool {
	better := false
	for j := range a {
		if a[j] < b[j] {
			return false
		}
		if a[j] > b[j] {
			better = true
		}
	}
	return better
}
