package protocol

import (
	"errors"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
)

// Limits of a Verdicts table: the most packages it remembers verdicts of
// (a quarter of a byte per package and verdict, a byte per package and
// bloc for its count of members accepting), and the most values an issue
// may have for its packages to be looked up.
const (
	verdictsMaxPackages = 1 << 24
	verdictsMaxValues   = 1 << 12
)

// Verdicts remembers the second-level verdicts on the packages of a
// finite space (whether each bloc accepts a package, whether each
// constituency lets it pass), so that sessions sharing it ask a bloc's
// members or a constituency's voter groups once per package rather than
// at every offer, vote and proposal: a ratification-aware negotiator asks
// Politics.Allows about every package put to it, and a constituency's
// approval evaluates a normal distribution per voter group.
//
// The zero Verdicts is ready to use: set Config.Verdicts to share one
// between sessions. The first session binds it to its compiled politics
// and space (Config.Politics and Config.Space, the same pointers), and Run
// refuses it in a session with others. It is safe for concurrent use;
// every verdict is computed on first use by the ratify.Set exactly as
// without the table, so the answers do not change. A package off the
// space's grid is answered directly. A space of more than 2^24 packages
// (or with an issue of more than 4,096 values) gets a table that
// remembers nothing.
type Verdicts struct {
	once sync.Once
	set  *ratify.Set
	sp   *space.Space
	vals [][]float64 // per issue, its values in increasing order
	inv  []float64   // per issue, 1 over the step between its values
	rad  []uint64
	// blocs by party (nil for a party that is not a bloc) and cons by
	// constituency: 2 bits per package, known and value.
	blocs, cons []*verdictBits
	// members by party: how many of a bloc's members accept each package
	// (nil for a party that is not a bloc, or a bloc of more than 254).
	members []*verdictCounts
}

// verdictCounts holds a count from 0 to 254 per package, plus one (0:
// not known yet), allocated on first use.
type verdictCounts struct {
	once sync.Once
	n    uint64
	w    []atomic.Uint64
}

// verdictBits holds one verdict per package, allocated on first use.
type verdictBits struct {
	once sync.Once
	n    uint64
	w    []atomic.Uint64
}

// bind ties the table to the politics and space of scenario sc on first
// use, and checks that a later session has the same.
func (v *Verdicts) bind(sc *entente.Scenario, set *ratify.Set, sp *space.Space) error {
	v.once.Do(func() { v.init(sc, set, sp) })
	if v.set != set || v.sp != sp {
		return errors.New("protocol: Config.Verdicts was filled by a session of other politics or another space; share a Verdicts only between sessions with the same Config.Politics and Config.Space")
	}
	return nil
}

func (v *Verdicts) init(sc *entente.Scenario, set *ratify.Set, sp *space.Space) {
	v.set, v.sp = set, sp
	if !v.indexing(sp) {
		return
	}
	n, _ := sp.Len()
	v.blocs = make([]*verdictBits, len(sc.Parties))
	v.members = make([]*verdictCounts, len(sc.Parties))
	for p := range sc.Parties {
		if set.Bloc(p) {
			v.blocs[p] = &verdictBits{n: n}
			if b := sc.Parties[p].Bloc; b != nil && len(b.Members) <= 254 {
				v.members[p] = &verdictCounts{n: n}
			}
		}
	}
	v.cons = make([]*verdictBits, set.Len())
	for c := range v.cons {
		v.cons[c] = &verdictBits{n: n}
	}
}

// indexing prepares index for the packages of sp, and reports whether it
// can look them up: a finite space of at most 2^24 packages, each issue
// of at most 4,096 values, evenly spaced and increasing.
func (v *Verdicts) indexing(sp *space.Space) bool {
	n, ok := sp.Len()
	if !ok || n == 0 || n > verdictsMaxPackages {
		return false
	}
	issues := sp.Issues()
	vals := make([][]float64, len(issues))
	v.rad, v.inv = make([]uint64, len(issues)), make([]float64, len(issues))
	for i := range issues {
		r := sp.Radix(i)
		if r == 0 || r > verdictsMaxValues {
			return false
		}
		v.rad[i] = r
		vals[i] = make([]float64, r)
		for k := range r {
			vals[i][k] = sp.Value(i, k)
		}
		if !slices.IsSorted(vals[i]) {
			return false
		}
		if r > 1 {
			v.inv[i] = float64(r-1) / (vals[i][r-1] - vals[i][0])
		}
		if math.IsInf(v.inv[i], 0) || math.IsNaN(v.inv[i]) {
			return false
		}
	}
	v.vals = vals
	return true
}

// index returns the package's index in the space, and false when o is not
// one of its packages (or the table remembers nothing). A value's index
// is found from the issue's first value and step (its values are evenly
// spaced: option indices, integers, a grid) and checked exactly.
func (v *Verdicts) index(o entente.Outcome) (uint64, bool) {
	if v.vals == nil || len(o) != len(v.vals) {
		return 0, false
	}
	var idx uint64
	for i, x := range o {
		vals := v.vals[i]
		f := (x - vals[0]) * v.inv[i]
		// Also false for NaN.
		if !(f >= -0.5 && f < float64(len(vals))-0.5) {
			return 0, false
		}
		k := int(f + 0.5)
		if vals[k] != x {
			switch {
			case k > 0 && vals[k-1] == x:
				k--
			case k+1 < len(vals) && vals[k+1] == x:
				k++
			default:
				return 0, false
			}
		}
		idx = idx*v.rad[i] + uint64(k)
	}
	return idx, true
}

// get returns the verdict on package idx and whether it is known yet.
func (b *verdictBits) get(idx uint64) (verdict, known bool) {
	b.once.Do(func() { b.w = make([]atomic.Uint64, (b.n+31)/32) })
	x := b.w[idx/32].Load() >> ((idx % 32) * 2)
	return x&2 != 0, x&1 != 0
}

// put records the verdict on package idx (the same whoever computes it).
func (b *verdictBits) put(idx uint64, verdict bool) {
	bits := uint64(1)
	if verdict {
		bits |= 2
	}
	b.w[idx/32].Or(bits << ((idx % 32) * 2))
}

// accepts reports whether party p accepts package o, of index idx when ok
// (see index): set.Accepts.
func (v *Verdicts) accepts(p int, o entente.Outcome, idx uint64, ok bool) bool {
	if !ok || v.blocs[p] == nil {
		return v.set.Accepts(p, o)
	}
	b := v.blocs[p]
	if yes, known := b.get(idx); known {
		return yes
	}
	yes := v.set.Accepts(p, o)
	b.put(idx, yes)
	return yes
}

// ratifies reports whether constituency c lets package o pass, of index
// idx when ok (see index): set.Ratifies.
func (v *Verdicts) ratifies(c int, o entente.Outcome, idx uint64, ok bool) bool {
	if !ok {
		return v.set.Ratifies(c, o)
	}
	b := v.cons[c]
	if yes, known := b.get(idx); known {
		return yes
	}
	yes := v.set.Ratifies(c, o)
	b.put(idx, yes)
	return yes
}

// get returns the count of package idx and whether it is known yet.
func (c *verdictCounts) get(idx uint64) (int, bool) {
	c.once.Do(func() { c.w = make([]atomic.Uint64, (c.n+7)/8) })
	x := uint8(c.w[idx/8].Load() >> ((idx % 8) * 8))
	return int(x) - 1, x != 0
}

// put records the count of package idx (the same whoever computes it).
func (c *verdictCounts) put(idx uint64, k int) {
	c.w[idx/8].Or(uint64(k+1) << ((idx % 8) * 8))
}

// membersAccepting returns how many members of party p's bloc accept
// package o, of index idx when ok (see index): set.MembersAccepting.
func (v *Verdicts) membersAccepting(p int, o entente.Outcome, idx uint64, ok bool) int {
	if !ok || v.members[p] == nil {
		return v.set.MembersAccepting(p, o)
	}
	c := v.members[p]
	if k, known := c.get(idx); known {
		return k
	}
	k := v.set.MembersAccepting(p, o)
	c.put(idx, k)
	return k
}
