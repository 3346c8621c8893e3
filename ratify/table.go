package ratify

import (
	"math"
	"sync/atomic"

	"github.com/entente/entente"
)

// approvals tabulates a voter group's contribution to its constituency's
// approval (its share times the part of it approving, groupApproval) by
// the values of the issues its utility depends on (utility.Func.Depends):
// cell k holds it for the packages whose depended-on issues take the
// values of mixed-radix index k. A cell is filled the first time a
// package needs it, from that package: every package of the cell gives
// the same utility, bit for bit, hence the same contribution. Goroutines
// that fill a cell at once store the same bits.
type approvals struct {
	dims  []dim // the issues the utility depends on, in issue order
	cells []atomic.Uint64
}

// dim is an issue of a table: its values base, base+1, ..., base+size-1
// are indices 0 to size-1, and index v moves the cell by v*stride.
type dim struct {
	issue      int
	base, size float64
	stride     int
}

// unknown marks a cell not filled yet: a NaN that no arithmetic yields
// (a contribution is never NaN for a valid scenario, and a NaN computed
// by the hardware carries no such payload).
const unknown = ^uint64(0)

// cell returns the cell of package o, or nil when one of its depended-on
// issues takes a value off the issue's grid (not a whole index within its
// range): such a package is evaluated directly.
func (t *approvals) cell(o entente.Outcome) *atomic.Uint64 {
	k := 0
	for _, d := range t.dims {
		x := o[d.issue] - d.base
		if !(x >= 0 && x < d.size) {
			return nil
		}
		v := int(x)
		if float64(v) != x {
			return nil
		}
		k += v * d.stride
	}
	return &t.cells[k]
}

// Tabulate makes Approval, Ratifies, Margin, All and Blocks look up each
// voter group's contribution to its constituency's approval in a table
// indexed by the values of the issues the group's utility depends on,
// instead of evaluating the group's utility and the distribution of its
// voters' reservations at every package. A group is tabulated when every
// issue its utility depends on is discrete or integer and its table holds
// at most limit cells, as long as all the tables together hold at most
// 8·limit (groups in order); a cell is computed the first time a package
// needs it. It pays for a caller that visits many more packages than a table
// has cells (an analysis's pass over the whole space). The results are
// bit for bit those without tables.
//
// Tabulate must be called before the Set is used by several goroutines;
// afterwards the Set stays safe for concurrent use.
func (s *Set) Tabulate(limit int) {
	left := 8 * limit
	for c := range s.cons {
		for g := range s.cons[c].groups {
			gr := &s.cons[c].groups[g]
			if gr.tab == nil {
				gr.tab = s.table(gr, min(limit, left))
			}
			if gr.tab != nil {
				left -= len(gr.tab.cells)
			}
		}
	}
}

// table returns the table of group gr, or nil when it cannot be
// tabulated within limit cells.
func (s *Set) table(gr *group, limit int) *approvals {
	t := &approvals{}
	cells := 1
	for i := range s.s.Issues {
		if !gr.f.Depends(i) {
			continue
		}
		is := &s.s.Issues[i]
		n, ok := is.Size()
		if !is.Finite() || !ok || n > int64(limit) || int64(cells)*n > int64(limit) {
			return nil
		}
		base := 0.0
		if is.Kind == entente.Integer {
			base = is.Min
		}
		t.dims = append(t.dims, dim{issue: i, base: base, size: float64(n), stride: cells})
		cells *= int(n)
	}
	t.cells = make([]atomic.Uint64, cells)
	for k := range t.cells {
		t.cells[k].Store(unknown)
	}
	return t
}

// contribution returns what voter group g adds to constituency c's
// approval at package o: from its table when it has one, else from its
// utility.
func (s *Set) contribution(c, g int, o entente.Outcome) float64 {
	gr := &s.cons[c].groups[g]
	if gr.tab == nil {
		return s.groupApproval(c, g, gr.f.Utility(o))
	}
	cell := gr.tab.cell(o)
	if cell == nil {
		return s.groupApproval(c, g, gr.f.Utility(o))
	}
	if b := cell.Load(); b != unknown {
		return math.Float64frombits(b)
	}
	a := s.groupApproval(c, g, gr.f.Utility(o))
	cell.Store(math.Float64bits(a))
	return a
}
