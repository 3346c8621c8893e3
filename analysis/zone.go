package analysis

import (
	"context"

	"github.com/entente/entente"
)

// EachInZone calls fn for every package of the agreement zone, in enumeration order, streaming (nothing is kept). It stops at
// the first error fn returns.
func (r *Result) EachInZone(ctx context.Context, fn func(Point) error) error {
	ev := newEvaluator(r.space, r.funcs)
	for idx := uint64(0); idx < r.Outcomes; idx++ {
		if idx == 0 {
			ev.seek(0)
		} else {
			ev.next()
		}
		if idx%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !inZone(ev.u, r.Reservation) {
			continue
		}
		p := Point{Index: idx, Outcome: append(entente.Outcome(nil), ev.out...), Utilities: append([]float64(nil), ev.u...)}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// Utilities returns the utilities of the analysed parties for a package
// (which need not lie on the analysis grid).
func (r *Result) Utilities(o entente.Outcome) []float64 {
	u := make([]float64, len(r.funcs))
	for p, f := range r.funcs {
		u[p] = f.Utility(o)
	}
	return u
}

// InZone reports whether utilities u (one per analysed party) meet every
// reservation value.
func (r *Result) InZone(u []float64) bool { return inZone(u, r.Reservation) }
