package analysis

import (
	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// evaluator computes the utility vector of the selected parties while
// walking a range of outcome indices in order. For additive profiles it
// keeps per-depth partial sums, so moving to the next outcome costs
// O(parties) in the common case (only the last issue changes) and nothing
// is allocated per outcome.
type evaluator struct {
	sp       *space.Space
	funcs    []*utility.Func
	n        int         // issues
	k        int         // parties
	tabs     [][]float64 // tabs[i][p*radix_i+v]: contribution of issue i value v for party p
	radix    []uint64
	digits   []uint64
	partial  []float64 // partial[d*k+p]: sum over issues < d for party p
	out      entente.Outcome
	u        []float64
	additive bool
}

// maxTable is the largest issue the evaluator tabulates per party.
const maxTable = 1 << 20

func newEvaluator(sp *space.Space, funcs []*utility.Func) *evaluator {
	n := len(sp.Issues())
	e := &evaluator{sp: sp, funcs: funcs, n: n, k: len(funcs), radix: make([]uint64, n),
		digits: make([]uint64, n), partial: make([]float64, (n+1)*len(funcs)),
		out: make(entente.Outcome, n), u: make([]float64, len(funcs)), additive: true}
	for _, f := range funcs {
		if !f.Linear() {
			e.additive = false
		}
	}
	for i := 0; i < n; i++ {
		if sp.Radix(i) > maxTable {
			e.additive = false // tables would not fit: evaluate directly
		}
	}
	e.tabs = make([][]float64, n)
	for i := 0; i < n; i++ {
		r := sp.Radix(i)
		e.radix[i] = r
		if !e.additive {
			continue
		}
		t := make([]float64, int(r)*e.k)
		for p, f := range funcs {
			for v := uint64(0); v < r; v++ {
				t[p*int(r)+int(v)] = f.Contribution(i, sp.Value(i, v))
			}
		}
		e.tabs[i] = t
	}
	return e
}

// seek positions the evaluator at outcome idx and computes its utilities.
func (e *evaluator) seek(idx uint64) {
	for i := e.n - 1; i >= 0; i-- {
		e.digits[i] = idx % e.radix[i]
		idx /= e.radix[i]
		e.out[i] = e.sp.Value(i, e.digits[i])
	}
	e.refresh(0)
}

// refresh recomputes partial sums from depth d and the utilities.
func (e *evaluator) refresh(d int) {
	if !e.additive {
		for p, f := range e.funcs {
			e.u[p] = f.Utility(e.out)
		}
		return
	}
	k := e.k
	for i := d; i < e.n; i++ {
		r := int(e.radix[i])
		v := int(e.digits[i])
		base, next := e.partial[i*k:(i+1)*k], e.partial[(i+1)*k:(i+2)*k]
		t := e.tabs[i]
		for p := 0; p < k; p++ {
			next[p] = base[p] + t[p*r+v]
		}
	}
	last := e.partial[e.n*k:]
	for p, f := range e.funcs {
		e.u[p] = f.Finish(last[p])
	}
}

// next moves to the following outcome. It must not be called past the
// last outcome.
func (e *evaluator) next() {
	i := e.n - 1
	for ; i >= 0; i-- {
		e.digits[i]++
		if e.digits[i] < e.radix[i] {
			e.out[i] = e.sp.Value(i, e.digits[i])
			break
		}
		e.digits[i] = 0
		e.out[i] = e.sp.Value(i, 0)
	}
	if i < 0 {
		i = 0
	}
	e.refresh(i)
}
