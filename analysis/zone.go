package analysis

import (
	"context"

	"github.com/entente/entente"
)

// EachInZone calls fn for every package of the agreement zone, in
// enumeration order, streaming (nothing is kept). It stops at the first
// error fn returns.
func (r *Result) EachInZone(ctx context.Context, fn func(Point) error) error {
	return r.each(ctx, false, fn)
}

// EachRatifiable calls fn for every package of the ratifiable zone (the
// agreement zone when there is no Ratification), in enumeration order,
// streaming. It stops at the first error fn returns.
func (r *Result) EachRatifiable(ctx context.Context, fn func(Point) error) error {
	return r.each(ctx, r.Ratification != nil, fn)
}

func (r *Result) each(ctx context.Context, ratified bool, fn func(Point) error) error {
	ev := newEvaluator(r.space, r.funcs)
	j := r.pol.judge(r.Reservation)
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
		if j == nil {
			if !inZone(ev.u, r.Reservation) {
				continue
			}
		} else if !j.zone(ev.out, ev.u) || (ratified && !j.ratified(ev.out)) {
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
// reservation value. It ignores rules and blocs: use Accepted for a
// package.
func (r *Result) InZone(u []float64) bool { return inZone(u, r.Reservation) }

// Accepted reports whether package o lies in the agreement zone: every
// party it needs accepts it (every analysed party reaches its reservation
// value when Politics is not set).
func (r *Result) Accepted(o entente.Outcome) bool {
	u := r.Utilities(o)
	if j := r.pol.judge(r.Reservation); j != nil {
		return j.zone(o, u)
	}
	return inZone(u, r.Reservation)
}

// Ratifiable reports whether package o lies in the ratifiable zone: it is
// Accepted and every constituency lets it pass (just Accepted when there is
// no Ratification).
func (r *Result) Ratifiable(o entente.Outcome) bool {
	if !r.Accepted(o) {
		return false
	}
	return r.Ratification == nil || r.pol.set.All(o)
}
