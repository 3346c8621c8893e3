package space

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"

	"github.com/entente/entente"
)

// Space is the set of complete outcomes of a list of issues.
type Space struct {
	issues []entente.Issue
	radix  []uint64 // number of values per issue (0 for real issues)
	grid   []bool   // whether a real issue is discretised (a grid of radix points)
	fixed  map[int]float64
	size   *big.Int // nil when continuous
	n      uint64   // size, when it fits in a uint64
	fits   bool
}

// New returns the outcome space of the issues.
func New(issues []entente.Issue) *Space {
	s := &Space{issues: issues, radix: make([]uint64, len(issues)), size: big.NewInt(1)}
	for i := range issues {
		n, ok := issues[i].Size()
		if !ok {
			if issues[i].Kind == entente.Real {
				s.size = nil
				continue
			}
			n = math.MaxInt64 // an absurd integer range; Size reports it as huge
		}
		s.radix[i] = uint64(n)
		if s.size != nil {
			s.size.Mul(s.size, new(big.Int).SetUint64(uint64(n)))
		}
	}
	if s.size != nil && s.size.IsUint64() {
		s.n, s.fits = s.size.Uint64(), true
	}
	return s
}

// Discretized returns the space of the issues with every real issue
// replaced by a grid of steps evenly spaced points from its lower to its
// upper bound (one point when the bounds are equal). steps must be at
// least 2.
func Discretized(issues []entente.Issue, steps int) *Space {
	s := &Space{issues: issues, radix: make([]uint64, len(issues)), grid: make([]bool, len(issues)), size: big.NewInt(1)}
	for i := range issues {
		is := &issues[i]
		var n uint64
		if is.Kind == entente.Real {
			n = uint64(steps)
			if is.Max == is.Min || steps < 2 {
				n = 1
			}
			s.grid[i] = true
		} else if k, ok := is.Size(); ok {
			n = uint64(k)
		} else {
			n = math.MaxInt64
		}
		s.radix[i] = n
		s.size.Mul(s.size, new(big.Int).SetUint64(n))
	}
	if s.size.IsUint64() {
		s.n, s.fits = s.size.Uint64(), true
	}
	return s
}

// Fix returns a copy of the space in which issue i takes only the value v
// (an option index, an integer or a number in range): the subspace of the
// packages that settle issue i that way. Outcome indices then count
// within the subspace.
func (s *Space) Fix(i int, v float64) (*Space, error) {
	if i < 0 || i >= len(s.issues) || !s.issues[i].Valid(v) {
		return nil, fmt.Errorf("space: %v is not a value of issue %d", v, i)
	}
	c := *s
	c.radix = append([]uint64(nil), s.radix...)
	c.fixed = map[int]float64{i: v}
	for j, x := range s.fixed {
		c.fixed[j] = x
	}
	c.radix[i] = 1
	c.size = big.NewInt(1)
	for j, r := range c.radix {
		if r == 0 && c.issues[j].Kind == entente.Real {
			c.size = nil
			break
		}
		c.size.Mul(c.size, new(big.Int).SetUint64(r))
	}
	c.n, c.fits = 0, false
	if c.size != nil && c.size.IsUint64() {
		c.n, c.fits = c.size.Uint64(), true
	}
	return &c, nil
}

// Clone returns a copy of the space over a deep copy of its issues, for
// code that is not trusted with the original (a negotiator): nothing it
// does to the copy or its issues changes s.
func (s *Space) Clone() *Space {
	c := *s
	c.issues = make([]entente.Issue, len(s.issues))
	n := 0
	for i := range s.issues {
		n += len(s.issues[i].Options)
	}
	// One array holds every issue's copy of its options.
	opts := make([]string, n)
	for i := range s.issues {
		is := &s.issues[i]
		if is.Guarantees != nil {
			c.issues[i] = is.Clone()
		} else {
			c.issues[i] = *is
		}
		if o := is.Options; o != nil {
			c.issues[i].Options = opts[:len(o):len(o)]
			copy(opts, o)
			opts = opts[len(o):]
		}
	}
	return &c
}

// Discretized reports whether some real issue is represented by a grid.
func (s *Space) Discretized() bool { return s.grid != nil }

// Radix returns the number of values of issue i in the space (its grid
// size for a discretised real issue; 0 for a real issue otherwise).
func (s *Space) Radix(i int) uint64 { return s.radix[i] }

// Issues returns the issues of the space.
func (s *Space) Issues() []entente.Issue { return s.issues }

// Size returns the number of outcomes exactly, or nil when some issue is
// real-valued (the space is a continuum).
func (s *Space) Size() *big.Int {
	if s.size == nil {
		return nil
	}
	return new(big.Int).Set(s.size)
}

// Len returns the number of outcomes and true when the space is finite and
// its size fits in a uint64.
func (s *Space) Len() (uint64, bool) { return s.n, s.fits }

// SizeString writes the size for people: an exact integer, or "continuous".
func (s *Space) SizeString() string {
	if s.size == nil {
		return "continuous"
	}
	return s.size.String()
}

// Value returns the k-th value of issue i: an option index, an integer, or
// a grid point of a discretised real issue.
func (s *Space) Value(i int, k uint64) float64 {
	if v, ok := s.fixed[i]; ok {
		return v
	}
	switch s.issues[i].Kind {
	case entente.Integer:
		return s.issues[i].Min + float64(k)
	case entente.Real:
		if k+1 == s.radix[i] {
			return s.issues[i].Max // exactly, whatever the rounding
		}
		// Interpolate rather than step from Min: exact at both ends, and
		// finite even when Max - Min overflows.
		t := float64(k) / float64(s.radix[i]-1)
		return s.issues[i].Min*(1-t) + s.issues[i].Max*t
	}
	return float64(k)
}

// At writes the outcome with index idx into dst (len(dst) = number of
// issues). The space must be finite and idx < Len.
func (s *Space) At(idx uint64, dst entente.Outcome) {
	for i := len(s.radix) - 1; i >= 0; i-- {
		r := s.radix[i]
		dst[i] = s.Value(i, idx%r)
		idx /= r
	}
}

// Index returns the index of a finite outcome, the inverse of At.
func (s *Space) Index(o entente.Outcome) (uint64, error) {
	if !s.fits {
		return 0, fmt.Errorf("space: outcome indices need a finite space of at most 2^64 outcomes")
	}
	var idx uint64
	for i, r := range s.radix {
		k := o[i]
		if v, ok := s.fixed[i]; ok {
			if k != v {
				return 0, fmt.Errorf("space: issue %d is fixed to %v", i, v)
			}
			continue
		}
		switch s.issues[i].Kind {
		case entente.Integer:
			k -= s.issues[i].Min
		case entente.Real:
			if s.grid == nil {
				return 0, fmt.Errorf("space: a continuous space has no outcome indices")
			}
			if r > 1 {
				lo, hi := s.issues[i].Min/2, s.issues[i].Max/2 // halves: no overflow
				k = math.Round((k/2 - lo) / (hi - lo) * float64(r-1))
			} else {
				k = 0
			}
		}
		idx = idx*r + uint64(k)
	}
	return idx, nil
}

// Each calls fn for every outcome in order, reusing one Outcome slice (copy
// it to keep it). It stops early when fn returns false. The space must be
// finite.
func (s *Space) Each(fn func(idx uint64, o entente.Outcome) bool) error {
	if !s.fits {
		return fmt.Errorf("space: cannot enumerate %s outcomes", s.SizeString())
	}
	if s.n == 0 {
		return nil
	}
	o := make(entente.Outcome, len(s.issues))
	digits := make([]uint64, len(s.issues))
	for i := range o {
		o[i] = s.Value(i, 0)
	}
	for idx := uint64(0); ; idx++ {
		if !fn(idx, o) {
			return nil
		}
		i := len(digits) - 1
		for ; i >= 0; i-- {
			digits[i]++
			if digits[i] < s.radix[i] {
				o[i] = s.Value(i, digits[i])
				break
			}
			digits[i] = 0
			o[i] = s.Value(i, 0)
		}
		if i < 0 {
			return nil
		}
	}
}

// Sample writes a uniformly random outcome into dst: each issue's value is
// drawn independently and uniformly (real issues uniformly in their range,
// or among their grid points in a discretised space).
func (s *Space) Sample(rng *rand.Rand, dst entente.Outcome) {
	for i := range s.issues {
		if v, ok := s.fixed[i]; ok {
			dst[i] = v
			continue
		}
		if s.issues[i].Kind == entente.Real && s.grid == nil {
			is := &s.issues[i]
			dst[i] = is.Min + rng.Float64()*(is.Max-is.Min)
			continue
		}
		dst[i] = s.Value(i, rng.Uint64N(s.radix[i]))
	}
}
