package robust

import (
	"container/heap"
	"context"
	"math"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// DefaultCandidates is the number of packages counted exactly when the
// space is too large to count every package.
const DefaultCandidates = 1000

// candidates returns the k packages of the space with the largest nominal
// margin: the smallest, over the parties the package needs, of the
// party's utility minus its reservation value (a bloc's collective utility
// and reservation). Ties go to the earlier package. They are the packages
// most likely to stay acceptable as the numbers move.
func candidates(ctx context.Context, s *entente.Scenario, sp *space.Space, k int) ([]uint64, []entente.Outcome, error) {
	funcs, err := utility.Compile(s)
	if err != nil {
		return nil, nil, err
	}
	req := make([]bool, len(s.Parties))
	h := &marginHeap{}
	err = sp.Each(func(idx uint64, o entente.Outcome) bool {
		if idx%(1<<16) == 0 && ctx.Err() != nil {
			return false
		}
		s.Required(o, req)
		m := math.Inf(1)
		for p, f := range funcs {
			if req[p] {
				m = math.Min(m, f.Utility(o)-f.Reservation())
			}
		}
		if h.Len() < k {
			heap.Push(h, margin{idx, m})
		} else if worse(h.items[0], margin{idx, m}) {
			h.items[0] = margin{idx, m}
			heap.Fix(h, 0)
		}
		return true
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, nil, err
	}
	ids := make([]uint64, h.Len())
	outs := make([]entente.Outcome, h.Len())
	for i, it := range h.items {
		ids[i] = it.idx
		outs[i] = make(entente.Outcome, len(s.Issues))
		sp.At(it.idx, outs[i])
	}
	return ids, outs, nil
}

type margin struct {
	idx uint64
	m   float64
}

// worse reports whether a ranks below b: a smaller margin, or the same
// margin and a later package.
func worse(a, b margin) bool {
	if a.m != b.m {
		return a.m < b.m
	}
	return a.idx > b.idx
}

// marginHeap keeps the worst candidate on top.
type marginHeap struct{ items []margin }

func (h *marginHeap) Len() int           { return len(h.items) }
func (h *marginHeap) Less(i, j int) bool { return worse(h.items[i], h.items[j]) }
func (h *marginHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *marginHeap) Push(x any)         { h.items = append(h.items, x.(margin)) }
func (h *marginHeap) Pop() any {
	it := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return it
}
