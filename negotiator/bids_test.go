package negotiator

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
)

// handBids are bids with ties, in the sorted order (U descending, equal U
// by ascending outcome index).
func handBids() *Bids {
	return &Bids{
		exact: true,
		util:  []float64{1, 0.75, 0.5, 0.5, 0.25, 0.25, 0},
		idx:   []uint32{6, 5, 1, 3, 2, 4, 0},
		max:   1,
	}
}

func TestNearestTies(t *testing.T) {
	b := handBids()
	for _, c := range []struct {
		target float64
		want   int // position
	}{
		{2, 0},     // above everything: the best
		{1, 0},     // exact
		{0.875, 0}, // halfway between 1 and 0.75: the higher
		{0.8, 1},   // nearer 0.75
		{0.625, 1}, // halfway between 0.75 and 0.5: the higher
		{0.5, 2},   // exact, two bids: the lower outcome index (1)
		{0.375, 2}, // halfway between 0.5 and 0.25: 0.5, index 1
		{0.3, 4},   // nearer 0.25: index 2 before 4
		{0.125, 4}, // halfway between 0.25 and 0: the higher
		{0.1, 6},   // nearer 0
		{-1, 6},    // below everything: the worst
		{math.NaN(), 6},
	} {
		if got := b.Nearest(c.target); got != c.want {
			t.Errorf("Nearest(%v) = position %d (U %v, index %d), want %d", c.target, got, b.util[got], b.idx[got], c.want)
		}
	}
	if got := b.NearestAbove(0.3, 0.4); got != 2 {
		t.Errorf("NearestAbove(0.3, 0.4) = %d, want 2 (the lowest bid at or above the floor)", got)
	}
	if got := b.NearestAbove(0.1, 2); got != 0 {
		t.Errorf("NearestAbove(0.1, 2) = %d, want 0 (no bid reaches the floor: the best)", got)
	}
	if from, to := b.Range(0.25, 0.5); from != 2 || to != 6 {
		t.Errorf("Range(0.25, 0.5) = [%d,%d), want [2,6)", from, to)
	}
	if from, to := b.Range(0.6, 0.7); from != to {
		t.Errorf("Range(0.6, 0.7) = [%d,%d), want empty", from, to)
	}
	if got := b.Count(0.5); got != 4 {
		t.Errorf("Count(0.5) = %d, want 4", got)
	}
	if (&Bids{exact: true}).Nearest(0.5) != -1 {
		t.Error("Nearest on no bids should be -1")
	}
}

// bruteNearest applies §6.7 to every outcome: smallest |U − target|, then
// higher U, then lowest index, among outcomes worth at least floor.
func bruteNearest(us []float64, target, floor float64) int {
	best := -1
	for i, u := range us {
		if u < floor {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		d, db := math.Abs(u-target), math.Abs(us[best]-target)
		if d < db || (d == db && u > us[best]) {
			best = i
		}
	}
	return best
}

// TestBidsAgainstBruteForce checks the sorted order, Nearest, NearestAbove,
// Range and Count against a scan of every outcome, on random scenarios
// full of ties.
func TestBidsAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		s := randomScenario(rng)
		fs, sp := setup(t, s)
		f := fs[0]
		b := NewBids(f, sp, ExactLimit)
		n, _ := sp.Len()
		if !b.Exact() || uint64(b.Len()) != n {
			t.Fatalf("Len %d, want %d exact", b.Len(), n)
		}
		us := make([]float64, n)
		o := make(entente.Outcome, len(s.Issues))
		_ = sp.Each(func(i uint64, o entente.Outcome) bool { us[i] = f.Utility(o); return true })
		for k := range b.Len() {
			b.Outcome(k, o)
			if u := f.Utility(o); u != b.Utility(k) || us[b.Index(k)] != u {
				t.Fatalf("position %d: stored U %v, outcome's U %v", k, b.Utility(k), u)
			}
			if k > 0 && (b.Utility(k) > b.Utility(k-1) || b.Utility(k) == b.Utility(k-1) && b.Index(k) < b.Index(k-1)) {
				t.Fatalf("positions %d,%d out of order", k-1, k)
			}
		}
		for range 20 {
			target := rng.Float64()*1.4 - 0.2
			if rng.IntN(3) == 0 {
				target = us[rng.IntN(len(us))] // exactly on a bid
			}
			if rng.IntN(4) == 0 && len(us) > 1 { // halfway between two bids
				target = (us[rng.IntN(len(us))] + us[rng.IntN(len(us))]) / 2
			}
			want := bruteNearest(us, target, math.Inf(-1))
			if got := b.Index(b.Nearest(target)); got != uint64(want) {
				t.Fatalf("Nearest(%v) = outcome %d (U %v), want %d (U %v)", target, got, us[got], want, us[want])
			}
			floor := rng.Float64()
			want = bruteNearest(us, target, floor)
			if want < 0 {
				want = int(b.Index(0))
			}
			if got := b.Index(b.NearestAbove(target, floor)); got != uint64(want) {
				t.Fatalf("NearestAbove(%v, %v) = outcome %d (U %v), want %d (U %v)", target, floor, got, us[got], want, us[want])
			}
			lo := rng.Float64()
			hi := lo + rng.Float64()*0.3
			from, to := b.Range(lo, hi)
			in, cnt := 0, 0
			for _, u := range us {
				if u >= lo && u <= hi {
					in++
				}
				if u >= floor {
					cnt++
				}
			}
			if to-from != in {
				t.Fatalf("Range(%v, %v) holds %d bids, want %d", lo, hi, to-from, in)
			}
			for k := from; k < to; k++ {
				if u := b.Utility(k); u < lo || u > hi {
					t.Fatalf("Range(%v, %v) holds U %v", lo, hi, u)
				}
			}
			if got := b.Count(floor); got != cnt {
				t.Fatalf("Count(%v) = %d, want %d", floor, got, cnt)
			}
		}
	}
}

// TestFinderApproximate forces the approximate search on small spaces and
// checks it against the exact answer: the best bid is found exactly for
// additive profiles, answers respect a reachable floor, and they are
// close to the target.
func TestFinderApproximate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 100 {
		s := randomScenario(rng)
		fs, sp := setup(t, s)
		f := fs[0]
		ex := NewBids(f, sp, ExactLimit)
		ap := NewBids(f, sp, 0)
		if ap.Exact() || ap.Len() != 0 {
			t.Fatal("limit 0 should force approximate mode")
		}
		if f.Linear() && (ap.Max() != ex.Max() || ap.Min() != ex.Min()) {
			t.Fatalf("trial %d: approximate range [%v,%v], exact [%v,%v]", trial, ap.Min(), ap.Max(), ex.Min(), ex.Max())
		}
		fd := ap.Finder(rand.New(rand.NewPCG(uint64(trial), 0)))
		o := make(entente.Outcome, len(s.Issues))
		if u := fd.Nearest(math.Inf(1), math.Inf(-1), o); f.Linear() && u != ex.Max() {
			t.Fatalf("trial %d: approximate best %v, exact %v", trial, u, ex.Max())
		}
		for range 10 {
			target, floor := rng.Float64(), rng.Float64()
			u := fd.Nearest(target, floor, o)
			if msg := valid(sp, o, false); msg != "" {
				t.Fatal(msg)
			}
			if u != f.Utility(o) {
				t.Fatalf("returned U %v, outcome's U %v", u, f.Utility(o))
			}
			if floor <= ex.Max() && u < floor {
				t.Fatalf("trial %d: U %v below reachable floor %v", trial, u, floor)
			}
			e := ex.Utility(ex.NearestAbove(target, floor))
			if f.Linear() && floor <= ex.Max() && math.Abs(u-target) > math.Abs(e-target)+0.25 {
				t.Errorf("trial %d: target %v floor %v: approximate U %v, exact %v", trial, target, floor, u, e)
			}
		}
	}
}

func TestCache(t *testing.T) {
	s := laptop()
	fs, sp := setup(t, s)
	c := NewCache()
	var wg sync.WaitGroup
	got := make([]*Bids, 16)
	for g := range got {
		wg.Go(func() { got[g] = c.Bids(fs[g%2], sp) })
	}
	wg.Wait()
	for g := range got {
		if got[g] != got[g%2] {
			t.Fatalf("goroutine %d got its own bids", g)
		}
	}
	if got[0] == got[1] {
		t.Fatal("two parties share bids")
	}
	if c.Bids(fs[0], space.Discretized(s.Issues, 5)) != got[0] {
		t.Error("an identical space built again does not share the bids")
	}
	if c.Len() != 2 {
		t.Errorf("Len = %d, want 2", c.Len())
	}
	// Another grid is another space.
	s.Issues = append(s.Issues, entente.Issue{Name: "x", Kind: entente.Real, Min: 0, Max: 1})
	for p := range s.Parties {
		pr := &s.Parties[p].Preferences
		pr.Weights = append(pr.Weights, 0)
		pr.Values = append(pr.Values, nil)
	}
	fs2, _ := setup(t, s)
	if c.Bids(fs2[0], space.Discretized(s.Issues, 3)) == c.Bids(fs2[0], space.Discretized(s.Issues, 4)) {
		t.Error("grids of 3 and 4 points share bids")
	}
	var nilCache *Cache
	if b := nilCache.Bids(fs[0], sp); b == nil || b == got[0] || b.Len() != 27 {
		t.Error("a nil cache should compute private bids")
	}
}

// TestCacheEvicts: a cache over budget drops the least recently used bids.
func TestCacheEvicts(t *testing.T) {
	s := bigScenario() // 10^5 outcomes: about 1.2 MB of bids per party
	fs, sp := setup(t, s)
	c := &Cache{MaxBytes: 2 << 20}
	b0 := c.Bids(fs[0], sp)
	c.Bids(fs[1], sp)
	if c.Len() != 1 {
		t.Fatalf("Len = %d after two 1.2 MB entries in 2 MB, want 1", c.Len())
	}
	if c.Bids(fs[0], sp) == b0 {
		t.Error("the least recently used entry was kept")
	}
	if b0.Len() != 100000 {
		t.Error("an evicted Bids changed")
	}
}
