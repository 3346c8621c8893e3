package robust

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/parallel"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/space"
)

// Tipping is a value of one uncertain number at which, the other numbers
// at their nominal values, the agreement zone (or the ratifiable zone)
// vanishes or appears.
//
// Tipping points are found on a grid of Options.Steps intervals over the
// number's range (its stated range within its domain; mean ± 3 SD for a
// normal distribution without one): wherever the zone's non-emptiness
// differs between neighbouring grid points, bisection narrows the crossing
// to a millionth of the range's width. A zone that vanishes and reappears
// between two grid points is missed. Values are the number as set, before
// any renormalisation (a weight's tipping point is the weight written in
// the file, the profile's other weights as written).
type Tipping struct {
	// Param is the number's index in Result.Params; Field its path and
	// Label its name in words.
	Param        int
	Field, Label string
	// Ratifiable says the crossing is the ratifiable zone's; otherwise it
	// is the agreement zone's.
	Ratifiable bool
	// Appears is true when the zone is empty below the crossing and
	// non-empty above it, false when it vanishes above it.
	Appears bool
	// Below and Above bracket the crossing (Below < Above); Value is their
	// midpoint.
	Below, Above, Value float64
}

// String phrases the tipping point as a sentence: "the agreement zone
// vanishes when Ukraine: weight of army limits exceeds 0.43" (the field
// path when there is no label).
func (t Tipping) String() string {
	zone, verb := "agreement zone", "vanishes"
	if t.Ratifiable {
		zone = "ratifiable zone"
	}
	if t.Appears {
		verb = "appears"
	}
	name := t.Label
	if name == "" {
		name = t.Field
	}
	return fmt.Sprintf("the %s %s when %s exceeds %s", zone, verb, name, strconv.FormatFloat(t.Value, 'g', 3, 64))
}

// field names a number for reports.
func field(p *entente.Param) string {
	if p.Field != "" {
		return p.Field
	}
	return p.Ref.Kind.String()
}

// scanRange returns the interval a number's tipping points are searched
// in.
func scanRange(p *entente.Param) (lo, hi float64) {
	dlo, dhi := p.Ref.Kind.Domain()
	switch {
	case p.Ranged:
		lo, hi = p.Low, p.High
	case p.Dist == entente.DistNormal:
		lo, hi = p.Value-3*p.SD, p.Value+3*p.SD
	default:
		lo, hi = p.Value, p.Value
	}
	return math.Max(lo, dlo), math.Min(hi, dhi)
}

// tipping finds the tipping points of every number and, for the
// one-at-a-time swings, the sizes of the agreement zone and of the
// ratifiable zone at the low and the high end of each range.
func tipping(ctx context.Context, s *entente.Scenario, sp *space.Space, m *zonewalk.Mutator, params []entente.Param, steps, workers int) ([]Tipping, [][4]uint64, error) {
	found := make([][]Tipping, len(params))
	swings := make([][4]uint64, len(params))
	_, err := parallel.Each(ctx, len(params), parallel.Options{Workers: workers, Chunk: 1}, func() *zonewalk.Walker { return zonewalk.New(sp, s) }, func(e *zonewalk.Walker, j int) error {
		ts, sw, err := tipOne(ctx, s, e, m, &params[j], j, steps)
		found[j], swings[j] = ts, sw
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var out []Tipping
	for _, ts := range found {
		out = append(out, ts...)
	}
	return out, swings, nil
}

func tipOne(ctx context.Context, s *entente.Scenario, e *zonewalk.Walker, m *zonewalk.Mutator, p *entente.Param, j, steps int) ([]Tipping, [4]uint64, error) {
	c := s.Clone()
	loaded := false
	eval := func(x float64, early bool) (z, r uint64, err error) {
		m.ApplyOne(c, j, x)
		// The first value loads everything; then only what the number
		// changes is recompiled.
		if loaded {
			err = e.LoadOne(c, p.Ref)
		} else {
			err = e.Load(c)
		}
		if err != nil {
			return 0, 0, fmt.Errorf("%s = %v: %w", field(p), x, err)
		}
		loaded = true
		return e.Scan(ctx, nil, nil, early)
	}
	var sw [4]uint64
	lo, hi := scanRange(p)
	var err error
	if sw[0], sw[2], err = eval(lo, false); err != nil {
		return nil, sw, err
	}
	if sw[1], sw[3], err = eval(hi, false); err != nil {
		return nil, sw, err
	}
	if !(hi > lo) {
		return nil, sw, nil
	}
	xs := make([]float64, steps+1)
	zs := make([]bool, steps+1)
	rs := make([]bool, steps+1)
	for g := range xs {
		xs[g] = lo + (hi-lo)*float64(g)/float64(steps)
		if g == steps {
			xs[g] = hi
		}
		z, r, err := eval(xs[g], true)
		if err != nil {
			return nil, sw, err
		}
		zs[g], rs[g] = z > 0, r > 0
	}
	tol := (hi - lo) * 1e-6
	var out []Tipping
	for _, rat := range []bool{false, true} {
		if rat && len(s.Constituencies) == 0 {
			break
		}
		bs := zs
		if rat {
			bs = rs
		}
		for g := 1; g <= steps; g++ {
			if bs[g-1] == bs[g] {
				continue
			}
			a, b := xs[g-1], xs[g]
			for b-a > tol {
				mid := a + (b-a)/2
				if mid <= a || mid >= b {
					break
				}
				z, r, err := eval(mid, true)
				if err != nil {
					return nil, sw, err
				}
				if now := (z > 0 && !rat) || (r > 0 && rat); now == bs[g-1] {
					a = mid
				} else {
					b = mid
				}
			}
			out = append(out, Tipping{Param: j, Field: field(p), Label: s.Label(p.Ref), Ratifiable: rat, Appears: bs[g], Below: a, Above: b, Value: a + (b-a)/2})
		}
	}
	return out, sw, nil
}
