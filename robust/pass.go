package robust

import (
	"context"
	"sync/atomic"

	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// maxTable is the largest issue (in values) the pass tabulates per party;
// larger issues are evaluated through the compiled functions.
const maxTable = 1 << 20

// pass walks the outcome space once for one compiled version of a
// scenario. Its buffers are allocated once and reused for every draw: a
// pass allocates nothing per package.
//
// For additive profiles it keeps per-depth partial sums of the per-issue
// contributions (as package analysis does), so that moving to the next
// package costs O(parties) in the common case where only the last issue
// changes, and the sums are added in issue order, so utilities are
// bit-for-bit those of analysis.
type pass struct {
	sp      *space.Space
	s       *entente.Scenario // rules (read only)
	n, k    int
	radix   []int
	digits  []int
	out     entente.Outcome
	tabs    [][]float64 // tabs[i][v*k+p]: contribution of value v of issue i for party p
	partial []float64   // partial[d*k+p]: sum over issues < d for party p
	rv      []float64
	funcs   []*utility.Func
	set     *ratify.Set // nil when there is no bloc and no constituency
	bloc    []bool
	req     []bool
	// reqConst: no rule depends on the package, so req holds for all.
	reqConst bool
	// reqLast: a rule depends on the last issue, so req is computed per
	// package; otherwise once per value of the other issues.
	reqLast bool
	// additive: every party's function is additive and tabulated.
	additive bool
	// fast: additive, no bloc, no constituency and req constant over the
	// last issue.
	fast bool
	cons bool
}

func newPass(sp *space.Space, s *entente.Scenario) *pass {
	n, k := len(s.Issues), len(s.Parties)
	e := &pass{sp: sp, s: s, n: n, k: k, radix: make([]int, n), digits: make([]int, n),
		out: make(entente.Outcome, n), tabs: make([][]float64, n), partial: make([]float64, (n+1)*k),
		rv: make([]float64, k), bloc: make([]bool, k), req: make([]bool, k), reqConst: true,
		cons: len(s.Constituencies) > 0}
	for r := range s.Rules {
		if s.Rules[r].Kind == entente.Affected {
			e.reqConst = false
			for _, i := range s.Rules[r].Issues {
				e.reqLast = e.reqLast || i == n-1
			}
		}
	}
	s.Required(e.out, e.req) // constant when reqConst; out is ignored then
	for p := range s.Parties {
		e.bloc[p] = s.Parties[p].Bloc != nil
	}
	tabulate := true
	for i := 0; i < n; i++ {
		r := sp.Radix(i)
		if r > maxTable {
			tabulate = false
		}
		e.radix[i] = int(r)
	}
	if tabulate {
		for i := 0; i < n; i++ {
			e.tabs[i] = make([]float64, e.radix[i]*k)
		}
	}
	return e
}

// load compiles the scenario c (a copy of the pass's scenario with other
// numbers) and fills the tables.
func (e *pass) load(c *entente.Scenario) error {
	funcs, err := utility.Compile(c)
	if err != nil {
		return err
	}
	e.funcs = funcs
	e.set = nil
	hasBloc := false
	for p := range e.bloc {
		hasBloc = hasBloc || e.bloc[p]
	}
	if hasBloc || e.cons {
		if e.set, err = ratify.Compile(c); err != nil {
			return err
		}
	}
	e.additive = e.n == 0 || e.tabs[0] != nil
	for p, f := range funcs {
		e.rv[p] = f.Reservation()
		if !f.Linear() {
			e.additive = false
		}
	}
	e.fast = e.additive && !hasBloc && !e.cons && !e.reqLast
	if !e.additive {
		return nil
	}
	k := e.k
	for i := 0; i < e.n; i++ {
		t := e.tabs[i]
		for v := 0; v < e.radix[i]; v++ {
			x := e.sp.Value(i, uint64(v))
			for p, f := range funcs {
				t[v*k+p] = f.Contribution(i, x)
			}
		}
	}
	return nil
}

// refresh recomputes the partial sums from depth d up to (not including)
// the last issue.
func (e *pass) refresh(d int) {
	if !e.additive {
		return
	}
	k := e.k
	for i := d; i < e.n-1; i++ {
		base, next := e.partial[i*k:(i+1)*k], e.partial[(i+1)*k:(i+2)*k]
		row := e.tabs[i][e.digits[i]*k : (e.digits[i]+1)*k]
		for p := 0; p < k; p++ {
			next[p] = base[p] + row[p]
		}
	}
}

// accepts decides the package in e.out, whose additive totals (when
// additive) are base[p]+row[p]: whether it is in the agreement zone, and
// whether it is also ratified.
func (e *pass) accepts(base, row []float64) (zone, rat bool) {
	if e.reqLast {
		e.s.Required(e.out, e.req)
	}
	for p := 0; p < e.k; p++ {
		if !e.req[p] {
			continue
		}
		if e.bloc[p] {
			if !e.set.Accepts(p, e.out) {
				return false, false
			}
			continue
		}
		var u float64
		if e.additive {
			u = e.funcs[p].Finish(base[p] + row[p])
		} else {
			u = e.funcs[p].Utility(e.out)
		}
		if u < e.rv[p] {
			return false, false
		}
	}
	return true, !e.cons || e.set.All(e.out)
}

// scan walks every package in enumeration order and returns how many lie
// in the agreement zone and in the ratifiable zone. When zc (rc) is not
// nil, the entry of every package in the zone (ratifiable zone) is
// incremented atomically. With early set it stops as soon as it knows
// both zones are non-empty (the counts are then 0 or 1).
func (e *pass) scan(ctx context.Context, zc, rc []uint32, early bool) (zone, rat uint64, err error) {
	if e.n == 0 {
		e.s.Required(e.out, e.req)
		z, r := e.accepts(e.partial, e.partial)
		if z && zc != nil {
			atomic.AddUint32(&zc[0], 1)
		}
		if r && rc != nil {
			atomic.AddUint32(&rc[0], 1)
		}
		return b2u(z), b2u(r), nil
	}
	// Checked per scan too: a space smaller than the interval below would
	// otherwise never look, and tipping points scan it thousands of times.
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	for i := range e.digits {
		e.digits[i] = 0
		e.out[i] = e.sp.Value(i, 0)
	}
	e.refresh(0)
	k, last := e.k, e.n-1
	rl := e.radix[last]
	var idx uint64
	steps := 0
	for {
		if !e.reqConst && !e.reqLast {
			e.s.Required(e.out, e.req) // the same for every value of the last issue
		}
		base := e.partial[last*k : (last+1)*k]
		t := e.tabs[last]
		if e.fast {
			for v := 0; v < rl; v++ {
				row := t[v*k : (v+1)*k]
				in := true
				for p := 0; p < k; p++ {
					if e.req[p] && e.funcs[p].Finish(base[p]+row[p]) < e.rv[p] {
						in = false
						break
					}
				}
				if in {
					zone++
					if zc != nil {
						atomic.AddUint32(&zc[idx+uint64(v)], 1)
					}
				}
			}
			rat = zone
			if early && zone > 0 {
				return 1, 1, nil
			}
		} else {
			for v := 0; v < rl; v++ {
				e.out[last] = e.sp.Value(last, uint64(v))
				var row []float64
				if e.additive {
					row = t[v*k : (v+1)*k]
				}
				z, r := e.accepts(base, row)
				if z {
					zone++
					if zc != nil {
						atomic.AddUint32(&zc[idx+uint64(v)], 1)
					}
				}
				if r {
					rat++
					if rc != nil {
						atomic.AddUint32(&rc[idx+uint64(v)], 1)
					}
				}
				if early && zone > 0 && rat > 0 {
					return 1, 1, nil
				}
			}
		}
		idx += uint64(rl)
		i := last - 1
		for ; i >= 0; i-- {
			e.digits[i]++
			if e.digits[i] < e.radix[i] {
				e.out[i] = e.sp.Value(i, uint64(e.digits[i]))
				break
			}
			e.digits[i] = 0
			e.out[i] = e.sp.Value(i, 0)
		}
		if i < 0 {
			break
		}
		e.refresh(i)
		if steps += rl; steps >= 1<<16 {
			steps = 0
			if err := ctx.Err(); err != nil {
				return 0, 0, err
			}
		}
	}
	if early {
		return min(zone, 1), min(rat, 1), nil
	}
	return zone, rat, nil
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
