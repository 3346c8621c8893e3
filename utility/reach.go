package utility

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/entente/entente"
)

// Reach is the answer of Reachable.
type Reach uint8

const (
	// Reached: an outcome meets every target.
	Reached Reach = iota
	// Unreachable: no outcome meets every target (proven).
	Unreachable
	// Unknown: the search ran out of its node budget first.
	Unknown
)

// String names the answer.
func (r Reach) String() string {
	switch r {
	case Reached:
		return "reached"
	case Unreachable:
		return "unreachable"
	}
	return "unknown"
}

// Reachable searches for an outcome whose utility under every function
// fs[j] (compiled over the same issues) is at least targets[j]. It is a
// depth-first branch and bound: a branch is cut as soon as some function's
// optimistic bound (its additive part's best completion plus every bonus
// that could still apply, capped as the function caps) falls below its
// target. It answers exactly unless the node budget runs out. This is how
// one checks a reference Pareto point of a space far too large to
// enumerate (the ANAC 2014 domains have 10^10 to 10^40 outcomes).
func Reachable(fs []*Func, targets []float64, nodes int) (entente.Outcome, Reach, error) {
	if len(fs) == 0 || len(fs) != len(targets) {
		return nil, Unknown, fmt.Errorf("utility: %d functions for %d targets", len(fs), len(targets))
	}
	n := len(fs[0].issues)
	for _, f := range fs[1:] {
		if len(f.issues) != n {
			return nil, Unknown, fmt.Errorf("utility: functions over different issues")
		}
	}
	r := &reacher{fs: fs, targets: targets, partial: newPartial(n), limit: nodes}
	r.order = issueOrder(n, fs...)
	r.cand = make([][]float64, n)
	r.add = make([][][]float64, len(fs))
	r.rest = make([][]float64, len(fs))
	for i := 0; i < n; i++ {
		r.cand[i] = fs[0].candidates(i)
		for _, f := range fs[1:] {
			// Real issues: the union of every function's candidate points.
			if !f.issues[i].Finite() {
				r.cand[i] = mergeSorted(r.cand[i], f.candidates(i))
			}
		}
	}
	for j, f := range fs {
		r.add[j] = make([][]float64, n)
		for i := 0; i < n; i++ {
			r.add[j][i] = make([]float64, len(r.cand[i]))
			for k, x := range r.cand[i] {
				r.add[j][i][k] = f.Contribution(i, x)
			}
		}
		r.rest[j] = make([]float64, n+1)
		for d := n - 1; d >= 0; d-- {
			m := math.Inf(-1)
			for _, a := range r.add[j][r.order[d]] {
				m = math.Max(m, a)
			}
			r.rest[j][d] = r.rest[j][d+1] + m
		}
	}
	// Value order per issue: by the sum of the functions' scaled
	// contributions, most helpful first.
	r.vorder = make([][]int, n)
	for i := 0; i < n; i++ {
		idx := make([]int, len(r.cand[i]))
		score := make([]float64, len(idx))
		for k := range idx {
			idx[k] = k
			for j, f := range fs {
				score[k] += r.add[j][i][k] * f.scale
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return score[idx[a]] > score[idx[b]] })
		r.vorder[i] = idx
	}
	if o := r.climb(); o != nil {
		return o, Reached, nil
	}
	// One accumulator per depth, so the search allocates nothing per node.
	r.accs = make([][]float64, n+1)
	for d := range r.accs {
		r.accs[d] = make([]float64, len(fs))
	}
	if r.search(0) {
		return r.found, Reached, nil
	}
	if r.cut {
		return nil, Unknown, nil
	}
	return nil, Unreachable, nil
}

type reacher struct {
	fs      []*Func
	targets []float64
	partial
	order  []int
	cand   [][]float64
	vorder [][]int
	add    [][][]float64 // add[j][i][k]: function j, issue i, candidate k
	rest   [][]float64   // rest[j][d]: best additive completion of order[d:]
	accs   [][]float64   // accs[d][j]: function j's additive part of order[:d]
	nodes  int
	limit  int
	cut    bool
	found  entente.Outcome
}

func (r *reacher) search(d int) bool {
	r.nodes++
	acc := r.accs[d]
	for j, f := range r.fs {
		if f.finish(acc[j]+r.rest[j][d]+r.termBound(f, 1)) < r.targets[j] {
			return false
		}
	}
	if d == len(r.order) {
		for j, f := range r.fs {
			if f.Utility(r.cur) < r.targets[j] {
				return false
			}
		}
		r.found = append(entente.Outcome(nil), r.cur...)
		return true
	}
	if r.nodes > r.limit {
		r.cut = true
		return false
	}
	i := r.order[d]
	r.set[i] = true
	next := r.accs[d+1]
	for _, k := range r.vorder[i] {
		r.cur[i] = r.cand[i][k]
		for j := range acc {
			next[j] = acc[j] + r.add[j][i][k]
		}
		if r.search(d + 1) {
			return true
		}
		if r.cut {
			break
		}
	}
	r.set[i] = false
	return false
}

// slack is the smallest margin by which o beats the targets (negative
// when it misses one).
func (r *reacher) slack(o entente.Outcome) float64 {
	m := math.Inf(1)
	for j, f := range r.fs {
		m = math.Min(m, f.Utility(o)-r.targets[j])
	}
	return m
}

// climb is a seeded local search before the exact one: from the
// most promising start and random ones, change one issue at a time while
// the smallest margin grows. It often finds a point on a far-from-tight
// target at once; it never proves anything.
func (r *reacher) climb() entente.Outcome {
	n := len(r.cand)
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	o := make(entente.Outcome, n)
	for start := 0; start < 64; start++ {
		for i := range o {
			k := r.vorder[i][0]
			if start > 0 {
				k = rng.IntN(len(r.cand[i]))
			}
			o[i] = r.cand[i][k]
		}
		v := r.slack(o)
		for improved := true; improved && v < 0; {
			improved = false
			for i := range o {
				keep := o[i]
				for _, x := range r.cand[i] {
					o[i] = x
					if w := r.slack(o); w > v {
						v, keep, improved = w, x, true
					}
				}
				o[i] = keep
			}
		}
		if v >= 0 {
			return o
		}
	}
	return nil
}

func mergeSorted(a, b []float64) []float64 {
	out := append(append([]float64(nil), a...), b...)
	sort.Float64s(out)
	k := 0
	for _, x := range out {
		if k == 0 || x != out[k-1] {
			out[k] = x
			k++
		}
	}
	return out[:k]
}
