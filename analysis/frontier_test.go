package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomPoints returns n vectors of k coordinates with heavy ties: a few
// levels per coordinate, exact duplicates, and copies nudged by amounts
// around Eps (so points lie within, at and just beyond the tolerance).
func randomPoints(rng *rand.Rand, n, k int) [][]float64 {
	levels := []float64{0, 0.25, 0.5, 0.75, 1, 0.1, 0.2, 0.3}
	nudges := []float64{0, 0, 1e-13, 5e-13, 1e-12, -1e-12, 1.5e-12, 2e-12, -3e-12, 1e-16}
	pts := make([][]float64, 0, n)
	for len(pts) < n {
		if len(pts) > 0 && rng.IntN(3) == 0 {
			// A copy of an earlier point, maybe nudged in one coordinate.
			q := slices.Clone(pts[rng.IntN(len(pts))])
			q[rng.IntN(k)] += nudges[rng.IntN(len(nudges))]
			pts = append(pts, q)
			continue
		}
		v := make([]float64, k)
		for p := range v {
			if rng.IntN(4) == 0 {
				v[p] = rng.Float64()
			} else {
				v[p] = levels[rng.IntN(len(levels))]
			}
		}
		// Points on a plane make many of them maximal.
		if rng.IntN(2) == 0 && k > 1 {
			sum := 0.0
			for p := 0; p < k-1; p++ {
				sum += v[p]
			}
			v[k-1] = float64(k)/2 - sum
		}
		pts = append(pts, v)
	}
	return pts
}

// sweepAll runs the sweep over pts (sorted lexicographically descending)
// with the given margins.
func sweepAll(pts [][]float64, margin []float64) *vset {
	k := len(margin)
	ord := lexOrder(len(pts), func(i int) []float64 { return pts[i] })
	out := newVset(k, true)
	sw := newSweeper(k, margin, out)
	for _, i := range ord {
		sw.offer(pts[i], 1, uint64(i%2), uint64(i))
	}
	sw.finish()
	return out
}

// TestSweepAndClassify checks R and the classification against their
// definitions, by brute force: R holds every distinct vector that no
// vector dominates exactly with a margin (q >= p, q_j > p_j + m_j for
// some j), and only those, each with its count, zone count, first index
// and whether it is maximal; classify marks those no maximal vector
// dominates with tolerance.
func TestSweepAndClassify(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 14))
	for trial := 0; trial < 300; trial++ {
		k := trial%5 + 1
		n := rng.IntN(400) + 1
		pts := randomPoints(rng, n, k)
		margin := make([]float64, k)
		for p := range margin {
			margin[p] = Eps
			if trial%3 == 0 {
				margin[p] = []float64{Eps, 1e-9, 0.1}[rng.IntN(3)] // the merge's larger margins
			}
		}
		r := sweepAll(pts, margin)
		where := fmt.Sprintf("trial %d (%d points, %d parties, margins %v)", trial, n, k, margin)
		// The distinct vectors by definition.
		type info struct {
			cnt, zone, first uint64
			inR, top         bool
		}
		want := map[string]*info{}
		var keys []string
		for i, p := range pts {
			key := fmt.Sprint(p)
			in, ok := want[key]
			if !ok {
				in = &info{first: uint64(i), inR: true, top: true}
				want[key] = in
				keys = append(keys, key)
				for _, q := range pts {
					ge, gt, margined := true, false, false
					for x := range p {
						if q[x] < p[x] {
							ge = false
						}
						if q[x] > p[x] {
							gt = true
						}
						if q[x] > p[x]+margin[x] {
							margined = true
						}
					}
					if ge && gt {
						in.top = false
					}
					if ge && margined {
						in.inR = false
					}
				}
			}
			in.cnt++
			in.zone += uint64(i % 2)
		}
		got := map[string]int{}
		for i := 0; i < r.len(); i++ {
			key := fmt.Sprint(r.at(i))
			if _, dup := got[key]; dup {
				t.Fatalf("%s: %v twice in R", where, r.at(i))
			}
			got[key] = i
			if i > 0 && !lexGreater(r.at(i-1), r.at(i)) {
				t.Fatalf("%s: R out of order at %d", where, i)
			}
		}
		for _, key := range keys {
			in := want[key]
			i, ok := got[key]
			if ok != in.inR {
				t.Fatalf("%s: %s in R: %v, by definition %v", where, key, ok, in.inR)
			}
			if !ok {
				continue
			}
			if *r.count(i) != in.cnt || *r.zoneCount(i) != in.zone || *r.firstOf(i) != in.first || r.isTop(i) != in.top {
				t.Fatalf("%s: %s has count %d zone %d first %d top %v; want %d %d %d %v", where, key,
					*r.count(i), *r.zoneCount(i), *r.firstOf(i), r.isTop(i), in.cnt, in.zone, in.first, in.top)
			}
		}
		if slices.Max(margin) > Eps {
			continue // classification needs margins of at most Eps
		}
		front := make([]bool, r.len())
		var sky *skyline
		if k > 3 {
			sky = newSkyline(r)
		}
		// In two pieces, as two workers would.
		mid := r.len() / 2
		classify(r, sky, 0, mid, front)
		classify(r, sky, mid, r.len(), front)
		for i := 0; i < r.len(); i++ {
			p := r.at(i)
			dominated := false
			for _, q := range pts {
				tol, strict := true, false
				for x := range p {
					if q[x] < p[x]-Eps {
						tol = false
					}
					if q[x] > p[x]+Eps {
						strict = true
					}
				}
				if tol && strict {
					dominated = true
				}
			}
			if front[i] == dominated {
				t.Fatalf("%s: %v on the frontier: %v, by definition %v", where, p, front[i], !dominated)
			}
		}
	}
}

// TestStaircase checks the balanced staircase against a list of every
// point inserted, with queries at and between the points.
func TestStaircase(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := 0; trial < 50; trial++ {
		var s staircase
		var all [][2]float64
		n := rng.IntN(3000) + 1
		for i := 0; i < n; i++ {
			y, z := float64(rng.IntN(200)), float64(rng.IntN(200))
			if trial%2 == 0 {
				z = 400 - y - float64(rng.IntN(3)) // near a line: a long staircase
			}
			s.insert(y, z)
			all = append(all, [2]float64{y, z})
			if i%97 != 0 && i != n-1 {
				continue
			}
			// The staircase is sorted and holds exactly the maximal points.
			var flat []stair
			for _, b := range s.blocks {
				if len(b) == 0 || len(b) > stairBlock {
					t.Fatalf("trial %d: a block of %d points", trial, len(b))
				}
				flat = append(flat, b...)
			}
			if len(flat) != s.size {
				t.Fatalf("trial %d: size %d for %d points", trial, s.size, len(flat))
			}
			for j := 1; j < len(flat); j++ {
				if !(flat[j].y > flat[j-1].y && flat[j].z < flat[j-1].z) {
					t.Fatalf("trial %d: staircase out of order at %d: %v %v", trial, j, flat[j-1], flat[j])
				}
			}
			for q := 0; q < 30; q++ {
				a := float64(rng.IntN(220)) - 10 + []float64{0, 0.5}[rng.IntN(2)]
				want := math.Inf(-1)
				for _, p := range all {
					if p[0] >= a {
						want = max(want, p[1])
					}
				}
				if got := s.maxZ(a); got != want {
					t.Fatalf("trial %d: maxZ(%v) = %v, want %v", trial, a, got, want)
				}
			}
		}
	}
}

// TestDPFrontierCancel checks that the merge stops when cancelled.
func TestDPFrontierCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tabs := [][]float64{{0, 1, 1, 0}, {0.5, 0.5, 1, 0}}
	if _, err := dpFrontier(ctx, tabs, []uint64{2, 2}, 2, []float64{1, 1}, []bool{false, false}, 2); err == nil {
		t.Fatal("a cancelled merge must stop with an error")
	}
}

// TestParallelMerge checks that the issue-by-issue merge gives the same
// levels, record for record (vector, count, first package, maximal mark),
// whether large levels are cut into bands or not, on random tables with
// ties and values within 1e-12 of each other.
func TestParallelMerge(t *testing.T) {
	defer SetParallelLevel(2)()
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := 0; trial < 200; trial++ {
		k := trial%4 + 2
		issues := rng.IntN(4) + 2
		var tabs [][]float64
		var radix []uint64
		for i := 0; i < issues; i++ {
			r := rng.IntN(6) + 2
			pts := randomPoints(rng, r, k)
			var tab []float64
			for _, p := range pts {
				tab = append(tab, p...)
			}
			tabs = append(tabs, tab)
			radix = append(radix, uint64(r))
		}
		scale, capped := make([]float64, k), make([]bool, k)
		for p := range scale {
			scale[p] = 1 / float64(issues)
			capped[p] = rng.IntN(2) == 0
		}
		one, err := dpFrontier(context.Background(), tabs, radix, k, scale, capped, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{2, 3} {
			par, err := dpFrontier(context.Background(), tabs, radix, k, scale, capped, workers)
			if err != nil {
				t.Fatal(err)
			}
			if par.len() != one.len() {
				t.Fatalf("trial %d (%d parties, %d workers): %d vectors, %d on one core", trial, k, workers, par.len(), one.len())
			}
			for i := 0; i < one.len(); i++ {
				if !slices.Equal(par.at(i), one.at(i)) || *par.count(i) != *one.count(i) || *par.firstOf(i) != *one.firstOf(i) || par.isTop(i) != one.isTop(i) {
					t.Fatalf("trial %d (%d parties, %d workers): vector %d differs: %v %d %d %v, on one core %v %d %d %v", trial, k, workers, i,
						par.at(i), *par.count(i), *par.firstOf(i), par.isTop(i), one.at(i), *one.count(i), *one.firstOf(i), one.isTop(i))
				}
			}
		}
	}
}
