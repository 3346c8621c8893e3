package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestWilson(t *testing.T) {
	// 8 of 10: the interval worked by hand from Wilson's formula.
	p, lo, hi := Wilson(8, 10)
	if p != 0.8 || math.Abs(lo-0.4901624) > 1e-6 || math.Abs(hi-0.9433178) > 1e-6 {
		t.Errorf("Wilson(8, 10) = %v [%v, %v]", p, lo, hi)
	}
	if _, lo, hi := Wilson(0, 5); lo != 0 || hi <= 0 || hi >= 1 {
		t.Errorf("Wilson(0, 5): [%v, %v]", lo, hi)
	}
	if _, lo, hi := Wilson(5, 5); hi != 1 || lo <= 0 {
		t.Errorf("Wilson(5, 5): [%v, %v]", lo, hi)
	}
	if p, _, _ := Wilson(0, 0); !math.IsNaN(p) {
		t.Error("Wilson(0, 0) is not NaN")
	}
}

func TestSample(t *testing.T) {
	nan := math.NaN()
	// Ranks: ties share the average of the ranks they span.
	if got, want := Ranks([]float64{3, 1, 3, 2}), []float64{3.5, 1, 3.5, 2}; !equal(got, want) {
		t.Errorf("Ranks = %v, want %v", got, want)
	}
	for _, c := range []struct {
		xs   []float64
		q    float64
		want float64
	}{
		{[]float64{0, 10}, 0.05, 0.5},         // (n-1)q = 0.05: 5% of the way from 0 to 10
		{[]float64{1, 2, 3, 4, 5}, 0.5, 3},    // the middle order statistic
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},     // halfway between the middle two
		{[]float64{1, 2, 3, 4}, 1, 4},         // the largest
		{[]float64{7}, 0.3, 7},                // one value
		{nil, 0.5, nan},                       // none
		{[]float64{1, 2, 3, 4}, 0.25, 1.75},   // (n-1)q = 0.75
		{[]float64{-1, 0, 1, 2, 3}, 0.9, 2.6}, // (n-1)q = 3.6
	} {
		if got := Quantile(c.xs, c.q); !same(got, c.want) {
			t.Errorf("Quantile(%v, %v) = %v, want %v", c.xs, c.q, got, c.want)
		}
	}
	for _, c := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{2, 4, 6}, 1},
		{[]float64{1, 2, 3}, []float64{3, 2, 1}, -1},
		// Worked by hand: means 2 and 1/3, sxy = 1, sxx = 2, syy = 2/3.
		{[]float64{1, 2, 3}, []float64{0, 0, 1}, 1 / math.Sqrt(4.0/3)},
		{[]float64{1, 2, 3}, []float64{5, 5, 5}, nan}, // constant
		{[]float64{1}, []float64{1}, nan},             // one pair
	} {
		if got := Pearson(c.x, c.y); !(same(got, c.want) || math.Abs(got-c.want) < 1e-15) {
			t.Errorf("Pearson(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
	if m, n := Mean([]float64{1, nan, 2, 6}); m != 3 || n != 3 {
		t.Errorf("Mean skipping NaN = %v of %d, want 3 of 3", m, n)
	}
	if m, n := Mean([]float64{nan}); !math.IsNaN(m) || n != 0 {
		t.Errorf("Mean of no number = %v of %d, want NaN of 0", m, n)
	}
}

func TestArgmax(t *testing.T) {
	// The same offers in any order give the first index of the largest value.
	offers := []struct {
		v float64
		i uint64
	}{{2, 5}, {3, 7}, {3, 4}, {1, 0}, {3, 9}}
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}} {
		a := NewArgmax(0)
		for _, k := range order {
			a.Offer(offers[k].v, offers[k].i)
		}
		if a.Val != 3 || a.Idx != 4 {
			t.Errorf("order %v: %+v, want 3 at 4", order, a)
		}
	}
	// Merging halves gives the same as offering all.
	a, b := NewArgmax(math.MaxUint64), NewArgmax(math.MaxUint64)
	a.Offer(3, 7)
	b.Offer(3, 4)
	a.Merge(b)
	if a.Idx != 4 {
		t.Errorf("merge: %+v, want index 4", a)
	}
	// An offer of -Inf beats the start at MaxUint64 but not at 0.
	c, d := NewArgmax(math.MaxUint64), NewArgmax(0)
	c.Offer(math.Inf(-1), 3)
	d.Offer(math.Inf(-1), 3)
	if c.Idx != 3 || d.Idx != 0 {
		t.Errorf("-Inf offers: %+v %+v", c, d)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !same(a[i], b[i]) {
			return false
		}
	}
	return true
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestRanksBruteForce checks Ranks against its definition: a value's rank
// is one plus the number of smaller values plus half the number of other
// equal ones.
func TestRanksBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		x := make([]float64, 1+r.IntN(40))
		for i := range x {
			x[i] = float64(r.IntN(8)) // many ties
		}
		got := Ranks(x)
		for i, v := range x {
			less, eq := 0, 0
			for j, w := range x {
				if w < v {
					less++
				} else if w == v && j != i {
					eq++
				}
			}
			if want := 1 + float64(less) + float64(eq)/2; got[i] != want {
				t.Fatalf("Ranks(%v)[%d] = %v, want %v", x, i, got[i], want)
			}
		}
	}
}

// BenchmarkRanks ranks 1,000 draws, as robust's sensitivity does for each
// uncertain number.
func BenchmarkRanks(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 1000)
	for i := range x {
		x[i] = r.Float64()
	}
	b.ReportAllocs()
	for b.Loop() {
		Ranks(x)
	}
}
