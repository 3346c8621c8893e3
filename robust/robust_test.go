package robust

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
)

func decode(t testing.TB, yaml string) *entente.Scenario {
	t.Helper()
	s, _, err := native.Decode(entente.Source{Name: "test.yaml", Data: []byte(yaml)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// twoParties: one issue with two options. a's reservation decides: a
// accepts b (worth 0.2 to a) only while its reservation is at most 0.2,
// and b accepts only option y.
const twoParties = `entente: 1
name: tip
issues:
  - name: x
    options: [x, y]
parties:
  - name: a
    weights: {x: 1}
    values:
      x: {x: 0.8, y: 0.2}
    reservation: {value: 0.1, range: [0, 1]}
  - name: b
    weights: {x: 1}
    values:
      x: {x: 0.3, y: 0.9}
    reservation: {value: 0.5, range: [0.45, 0.55]}
`

func TestTippingByHand(t *testing.T) {
	r, err := Run(context.Background(), decode(t, twoParties), Options{Samples: 400, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []Tipping
	for _, tp := range r.Tipping {
		if tp.Field == "parties[0].reservation" {
			got = append(got, tp)
		}
	}
	if len(got) != 1 {
		t.Fatalf("tipping points of a's reservation: %v, want one", r.Tipping)
	}
	tp := got[0]
	if tp.Appears || tp.Ratifiable || math.Abs(tp.Value-0.2) > 1e-5 || !(tp.Below <= 0.2 && 0.2 <= tp.Above) {
		t.Errorf("tipping point %+v, want the zone to vanish at 0.2", tp)
	}
	if s := tp.String(); s != "the agreement zone vanishes when a: walk-away value exceeds 0.2" {
		t.Errorf("sentence %q", s)
	}
	// b's reservation stays below 0.9 and above 0.3 over its range: no
	// tipping point.
	for _, tp := range r.Tipping {
		if tp.Field == "parties[1].reservation" {
			t.Errorf("unexpected tipping point %v", tp)
		}
	}
	// The zone is non-empty exactly when a's reservation <= 0.2: the
	// share of draws is about 0.2 and matches the draws themselves.
	want := 0
	for d := range r.Draws {
		j := 0
		if r.Params[1].Field == "parties[0].reservation" {
			j = 1
		}
		if r.Draws[d][j] <= 0.2 {
			want++
		}
	}
	if r.Zone.Count != want || r.Ratifiable.Count != want {
		t.Errorf("zone non-empty in %d draws, ratifiable %d, want %d", r.Zone.Count, r.Ratifiable.Count, want)
	}
	if !(r.Zone.Low <= r.Zone.P && r.Zone.P <= r.Zone.High) || math.Abs(r.Zone.P-0.2) > 0.06 {
		t.Errorf("share %+v, want about 0.2", r.Zone)
	}
	// The only package ever acceptable is y (index 1), in those draws.
	if len(r.Packages) != 1 || r.Packages[0].Index != 1 || r.Packages[0].Zone != want {
		t.Errorf("packages %+v, want y in %d draws", r.Packages, want)
	}
	if p := r.Packages[0]; p.Utilities[0] != 0.2 || p.Utilities[1] != 0.9 {
		t.Errorf("nominal utilities %v", p.Utilities)
	}
	// a's reservation decides everything: it ranks first with a strong
	// negative correlation.
	if s := r.Sensitivity[0]; s.Field != "parties[0].reservation" || !(s.PointBiserial < -0.5) {
		t.Errorf("sensitivity %+v", r.Sensitivity)
	}
}

// weights: a's weight w on x is drawn, its weight on z stays 0.5, and the
// weights are renormalised, so a's utility at (y, y) is 0.5/(w+0.5): a
// (reservation 0.4) accepts it while w <= 0.75. At its nominal reservation
// b accepts only (y, y).
const weights = `entente: 1
name: weights
issues:
  - name: x
    options: [x, y]
  - name: z
    options: [x, y]
parties:
  - name: a
    weights: {x: {value: 0.5, range: [0, 3]}, z: 0.5}
    values:
      x: {x: 1, y: 0}
      z: {x: 0, y: 1}
    reservation: 0.4
  - name: b
    weights: {x: 0.5, z: 0.5}
    values:
      x: {x: 0, y: 1}
      z: {x: 0, y: 1}
    reservation: {value: 0.9, range: [0.1, 0.95], note: irrelevant above 0.5}
`

func TestTippingRenormalisedWeight(t *testing.T) {
	r, err := Run(context.Background(), decode(t, weights), Options{Samples: 300, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tp := range r.Tipping {
		if tp.Field != "parties[0].weights.x" {
			continue
		}
		found = true
		// 0.5/(w+0.5) >= 0.4 while w <= 0.75 (without renormalisation
		// a's utility would be 0.5 whatever w, and there would be no
		// tipping point).
		if tp.Appears || math.Abs(tp.Value-0.75) > 1e-5 {
			t.Errorf("tipping point %+v, want the zone to vanish at 0.75", tp)
		}
	}
	if !found {
		t.Errorf("no tipping point for a's weight: %v", r.Tipping)
	}
}

func TestPointRanges(t *testing.T) {
	point := strings.NewReplacer("range: [0, 1]", "range: [0.1, 0.1]", "range: [0.45, 0.55]", "range: [0.5, 0.5]").Replace(twoParties)
	r, err := Run(context.Background(), decode(t, point), Options{Samples: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Zone.P != 1 || r.Ratifiable.P != 1 || r.Zone.Count != 50 {
		t.Errorf("zone share %+v, want 1", r.Zone)
	}
	if len(r.Tipping) != 0 {
		t.Errorf("tipping points %v over point ranges", r.Tipping)
	}
	if len(r.Packages) != 1 || r.Packages[0].Zone != 50 {
		t.Errorf("packages %+v", r.Packages)
	}
	// Without uncertain numbers every draw is the nominal scenario.
	fixed := strings.NewReplacer("{value: 0.1, range: [0, 1]}", "0.1", "{value: 0.5, range: [0.45, 0.55]}", "0.5").Replace(twoParties)
	r, err = Run(context.Background(), decode(t, fixed), Options{Samples: 70, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Params) != 0 || r.Zone.Count != 70 || len(r.Packages) != 1 || r.Packages[0].Zone != 70 || r.Packages[0].Ratifiable != 70 || r.ZoneSize[69] != 1 {
		t.Errorf("no uncertain numbers: %+v, packages %+v", r.Zone, r.Packages)
	}
	none := strings.NewReplacer("value: 0.1, range: [0, 1]", "value: 0.95, range: [0.95, 0.95]").Replace(twoParties)
	r, err = Run(context.Background(), decode(t, none), Options{Samples: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Zone.P != 0 || r.Zone.Count != 0 || r.NominalZone != 0 || len(r.Packages) != 0 {
		t.Errorf("zone share %+v, packages %v, want none", r.Zone, r.Packages)
	}
}

// politics is a small two-level scenario with a bloc, constituencies,
// a guarantee, an affected rule and uncertain numbers of many kinds.
const politics = `entente: 1
name: politics
guarantors:
  - name: g
    credibility: {value: 0.6, range: [0.2, 0.9]}
issues:
  - name: border
    options: [held, frozen, ceded, deferred]
    unsettled: deferred
  - name: guarantee
    options: [none, some]
    guarantees:
      some: [g]
  - name: army
    options: [capped, free, small]
  - name: money
    kind: real
    range: [0, 10]
parties:
  - name: west
    weights: {border: 0.4, guarantee: {value: 0.3, range: [0.1, 0.5]}, army: 0.2, money: 0.1}
    values:
      border: {held: 1, frozen: 0.5, ceded: 0, deferred: 0.4}
      guarantee: {guarantee: {}}
      army: {capped: 0, free: 1, small: 0.5}
      money: {linear: {offset: 0, slope: 0.1}}
    reservation: {value: 0.4, dist: normal, sd: 0.05, range: [0.3, 0.5]}
  - name: east
    weights: {border: 0.5, guarantee: 0.2, army: 0.2, money: 0.1}
    values:
      border: {held: 0, frozen: 0.6, ceded: 1, deferred: 0.5}
      guarantee: {none: 1, some: 0.4}
      army: {capped: 1, free: 0, small: 0.6}
      money: {linear: {offset: 1, slope: -0.1}}
    interactions:
      - name: ceded under a guarantee
        when: {border: [ceded], guarantee: [some]}
        value: {value: -0.1, range: [-0.2, 0]}
    reservation: {value: 0.35, dist: triangular, range: [0.25, 0.5]}
  - name: bloc
    weights: {border: 0.2, guarantee: 0.6, army: 0.2, money: 0}
    values:
      border: {held: 1, frozen: 0.6, ceded: 0, deferred: 0.5}
      guarantee: {none: 0, some: 1}
      army: {capped: 0.3, free: 1, small: 0.6}
    reservation: 0.35
    bloc:
      rule: qualified
      threshold: {value: 0.55, range: [0.4, 0.7]}
      members:
        - name: n
          weight: 3
          weights: {border: 0.3, guarantee: 0.5, army: 0.2, money: 0}
          values:
            border: {held: 1, frozen: 0.5, ceded: 0, deferred: 0.5}
            guarantee: {none: 0, some: 1}
            army: {capped: 0, free: 1, small: 0.5}
          reservation: {value: 0.4, range: [0.2, 0.6]}
        - name: s
          weight: {value: 2, range: [1, 3]}
          weights: {border: 0.5, guarantee: 0.5, army: 0, money: 0}
          values:
            border: {held: 1, frozen: 0.8, ceded: 0.2, deferred: 0.6}
            guarantee: {none: 0.2, some: 1}
          reservation: 0.5
  - name: bystander
    weights: {border: 1, guarantee: 0, army: 0, money: 0}
    values:
      border: {held: 1, frozen: 0.5, ceded: 0, deferred: 0.5}
    reservation: 0.45
constituencies:
  - name: referendum
    party: west
    applies: {border: [frozen, ceded]}
    threshold: {value: 0.75, range: [0.5, 0.9]}
    voters:
      - name: capital
        share: {value: 0.6, range: [0.4, 0.8]}
        weights: {border: 0.7, guarantee: 0.3, army: 0, money: 0}
        values:
          border: {held: 1, frozen: 0.4, ceded: 0, deferred: 0.5}
          guarantee: {guarantee: {scale: 0.8, offset: 0.1, none: 0}}
        reservation: {value: 0.45, dist: normal, sd: 0.1}
      - name: provinces
        share: 0.4
        weights: {border: 0.4, guarantee: 0.6, army: 0, money: 0}
        values:
          border: {held: 1, frozen: 0.7, ceded: 0.3, deferred: 0.5}
          guarantee: {none: 0, some: 1}
        reservation: 0.5
rules:
  - kind: unanimity
    parties: [west, east, bloc]
  - kind: affected
    parties: [bystander]
    issues: [border]
`

// reference computes the zone sizes of a scenario the slow way: every
// package of the grid through Scenario.Required and ratify.
func reference(t testing.TB, s *entente.Scenario, res int) (zone, rat uint64) {
	t.Helper()
	set, err := ratify.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	req := make([]bool, len(s.Parties))
	sp := space.Discretized(s.Issues, res)
	err = sp.Each(func(_ uint64, o entente.Outcome) bool {
		s.Required(o, req)
		for p := range req {
			if req[p] && !set.Accepts(p, o) {
				return true
			}
		}
		zone++
		if set.All(o) {
			rat++
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return zone, rat
}

func TestMatchesReference(t *testing.T) {
	// The same with the affected rule's issue last.
	border := "  - name: border\n    options: [held, frozen, ceded, deferred]\n    unsettled: deferred\n"
	money := "    range: [0, 10]\n"
	lastIssue := strings.Replace(strings.Replace(politics, border, "", 1), money, money+border, 1)
	fastAffected := weights + "rules:\n  - kind: unanimity\n    parties: [b]\n  - kind: affected\n    parties: [a]\n    issues: [x]\n"
	for _, yaml := range []string{politics, lastIssue, weights, fastAffected} {
		s := decode(t, yaml)
		r, err := Run(context.Background(), s, Options{Samples: 60, Seed: 11, Resolution: 3})
		if err != nil {
			t.Fatal(err)
		}
		z, rt := reference(t, s, 3)
		if r.NominalZone != z || r.NominalRatifiable != rt {
			t.Fatalf("%s: nominal zone %d/%d, reference %d/%d", s.Name, r.NominalZone, r.NominalRatifiable, z, rt)
		}
		if s.Name == "politics" && (z == 0 || rt == z) {
			t.Fatalf("test scenario too weak: zone %d, ratifiable %d", z, rt)
		}
		for _, p := range r.Params {
			if p.Ref.Population() {
				t.Errorf("sampled a population number %s", p.Field)
			}
		}
		// Replay some draws by hand: clone, set, renormalise, count.
		m := zonewalk.NewMutator(s, refsOf(r.Params))
		sizes := map[uint64]bool{}
		for d := 0; d < 60; d += 7 {
			c := s.Clone()
			m.ApplyAll(c, r.Draws[d])
			z, rt := reference(t, c, 3)
			if r.ZoneSize[d] != z || r.RatifiableSize[d] != rt {
				t.Errorf("%s: draw %d: zone %d/%d, reference %d/%d", s.Name, d, r.ZoneSize[d], r.RatifiableSize[d], z, rt)
			}
			sizes[z] = true
		}
		if len(sizes) < 2 {
			t.Errorf("%s: every replayed draw has the same zone size", s.Name)
		}
	}
	// Without blocs, constituencies and affected rules the zone is
	// analysis's.
	plain := decode(t, weights)
	pr, err := Run(context.Background(), plain, Options{Samples: 1, NoTipping: true})
	if err != nil {
		t.Fatal(err)
	}
	ar, err := analysis.Analyze(context.Background(), plain, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if pr.NominalZone != ar.Zone {
		t.Errorf("nominal zone %d, analysis %d", pr.NominalZone, ar.Zone)
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	s := decode(t, politics)
	var first *Result
	for _, w := range []int{1, 2, 3, 5} {
		r, err := Run(context.Background(), s, Options{Samples: 40, Seed: 99, Workers: w, Resolution: 3, Steps: 8})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			continue
		}
		if r.Zone != first.Zone || r.Ratifiable != first.Ratifiable {
			t.Errorf("workers %d: shares %+v %+v, want %+v %+v", w, r.Zone, r.Ratifiable, first.Zone, first.Ratifiable)
		}
		for d := range r.ZoneSize {
			if r.ZoneSize[d] != first.ZoneSize[d] || r.RatifiableSize[d] != first.RatifiableSize[d] {
				t.Fatalf("workers %d: draw %d differs", w, d)
			}
		}
		if len(r.Packages) != len(first.Packages) || len(r.Tipping) != len(first.Tipping) || len(r.Sensitivity) != len(first.Sensitivity) {
			t.Fatalf("workers %d: result lengths differ", w)
		}
		for i := range r.Packages {
			if r.Packages[i].Index != first.Packages[i].Index || r.Packages[i].Zone != first.Packages[i].Zone || r.Packages[i].Ratifiable != first.Packages[i].Ratifiable {
				t.Errorf("workers %d: package %d differs", w, i)
			}
		}
		for i := range r.Tipping {
			if r.Tipping[i] != first.Tipping[i] {
				t.Errorf("workers %d: tipping %d differs", w, i)
			}
		}
		for i := range r.Sensitivity {
			if r.Sensitivity[i].Field != first.Sensitivity[i].Field {
				t.Errorf("workers %d: sensitivity %d differs", w, i)
			}
		}
	}
	// Another seed gives other draws.
	r, err := Run(context.Background(), s, Options{Samples: 40, Seed: 100, Resolution: 3, NoTipping: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Draws[0][0] == first.Draws[0][0] {
		t.Errorf("seeds 99 and 100 drew the same first value")
	}
}

func TestDominantParameter(t *testing.T) {
	// Three parties; c's reservation (wide range) decides whether c accepts
	// anything, the other numbers barely move.
	const yaml = `entente: 1
name: dominant
issues:
  - name: i
    options: [p, q, r]
  - name: j
    options: [p, q, r]
parties:
  - name: a
    weights: {i: {value: 0.5, range: [0.49, 0.51]}, j: 0.5}
    values:
      i: {p: 1, q: 0.5, r: 0}
      j: {p: 1, q: 0.5, r: 0}
    reservation: {value: 0.2, range: [0.19, 0.21]}
  - name: b
    weights: {i: 0.5, j: {value: 0.5, range: [0.48, 0.52]}}
    values:
      i: {p: 0, q: 0.5, r: 1}
      j: {p: 0.5, q: 1, r: 0}
    reservation: 0.2
  - name: c
    weights: {i: 0.5, j: 0.5}
    values:
      i: {p: 0.5, q: 1, r: 0}
      j: {p: 0, q: 0.4, r: 0.8}
    reservation: {value: 0.5, range: [0, 1]}
`
	r, err := Run(context.Background(), decode(t, yaml), Options{Samples: 500, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if r.Sensitivity[0].Field != "parties[2].reservation" {
		t.Fatalf("ranking %+v, want c's reservation first", r.Sensitivity)
	}
	s0, s1 := r.Sensitivity[0], r.Sensitivity[1]
	if !(math.Abs(s0.PointBiserial) > 0.5) || !(abs(s1.PointBiserial) < 0.3) {
		t.Errorf("correlations %+v vs %+v", s0, s1)
	}
	if !(s0.ZoneLow > s0.ZoneHigh) || s0.ZoneHigh != 0 {
		t.Errorf("one-at-a-time swing %d -> %d", s0.ZoneLow, s0.ZoneHigh)
	}
	if !(r.Zone.P > 0 && r.Zone.P < 1) {
		t.Errorf("zone share %v", r.Zone)
	}
}

func TestNoAllocationPerPackage(t *testing.T) {
	for _, yaml := range []string{politics, weights} {
		s := decode(t, yaml)
		sp := space.Discretized(s.Issues, 50)
		e := zonewalk.New(sp, s)
		if err := e.Load(s); err != nil {
			t.Fatal(err)
		}
		n, _ := sp.Len()
		zc, rc := make([]uint32, n), make([]uint32, n)
		allocs := testing.AllocsPerRun(20, func() {
			if _, _, err := e.Scan(context.Background(), zc, rc, false); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per scan of %d packages", s.Name, allocs, n)
		}
	}
}

func TestWilson(t *testing.T) {
	for _, c := range []struct{ k, n int }{{0, 10}, {10, 10}, {5, 10}, {1, 1000}} {
		s := wilson(c.k, c.n)
		if !(0 <= s.Low && s.Low <= s.P && s.P <= s.High && s.High <= 1) || s.High-s.Low <= 0 {
			t.Errorf("wilson(%d, %d) = %+v", c.k, c.n, s)
		}
	}
	// Known value: 5 of 10 gives [0.2366, 0.7634].
	if s := wilson(5, 10); math.Abs(s.Low-0.2366) > 1e-4 || math.Abs(s.High-0.7634) > 1e-4 {
		t.Errorf("wilson(5, 10) = %+v", s)
	}
}

func TestBadOptions(t *testing.T) {
	s := decode(t, twoParties)
	for _, opt := range []Options{{Samples: -1}, {Resolution: 1}} {
		if _, err := Run(context.Background(), s, opt); entente.ErrorCode(err) != entente.EInvalid {
			t.Errorf("%+v: error %v, want invalid", opt, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, s, Options{Samples: 10}); err == nil {
		t.Errorf("cancelled context: no error")
	}
}

func TestCandidatesMatchExactCounts(t *testing.T) {
	s := decode(t, politics)
	opt := Options{Samples: 50, Seed: 21, Resolution: 3, NoTipping: true, Top: 8}
	exact, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.MaxCounted, opt.Candidates = 1, 1000 // every package is a candidate
	approx, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !exact.Counted || approx.Counted || approx.Candidates != int(approx.Outcomes) {
		t.Fatalf("counted %v/%v, candidates %d", exact.Counted, approx.Counted, approx.Candidates)
	}
	if len(exact.Packages) == 0 || len(exact.Packages) != len(approx.Packages) {
		t.Fatalf("packages %d vs %d", len(exact.Packages), len(approx.Packages))
	}
	for i := range exact.Packages {
		a, b := exact.Packages[i], approx.Packages[i]
		if a.Index != b.Index || a.Zone != b.Zone || a.Ratifiable != b.Ratifiable {
			t.Errorf("package %d: exact %+v, candidates %+v", i, a, b)
		}
	}
	// Few candidates: their counts are still exact.
	opt.Candidates = 3
	few, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	count := map[uint64]Package{}
	for _, p := range exact.Packages {
		count[p.Index] = p
	}
	for _, p := range few.Packages {
		if q, ok := count[p.Index]; ok && (q.Zone != p.Zone || q.Ratifiable != p.Ratifiable) {
			t.Errorf("candidate %d counted %d/%d, exactly %d/%d", p.Index, p.Zone, p.Ratifiable, q.Zone, q.Ratifiable)
		}
	}
	if few.Candidates != 3 || len(few.Packages) > 3 {
		t.Errorf("%d candidates, %d packages", few.Candidates, len(few.Packages))
	}
}

func TestTooManySamplesIsAClearError(t *testing.T) {
	s := decode(t, twoParties)
	_, err := Run(context.Background(), s, Options{Samples: MaxDrawnValues})
	if err == nil || !strings.Contains(err.Error(), "fit in memory") {
		t.Fatalf("got %v, want a clear error about memory", err)
	}
}
