package synth

import (
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// utilities enumerates every package's utility vector.
func utilities(t *testing.T, s *entente.Scenario) [][]float64 {
	t.Helper()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	fs, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	var us [][]float64
	_ = space.New(s.Issues).Each(func(_ uint64, o entente.Outcome) bool {
		u := make([]float64, len(fs))
		for p, f := range fs {
			u[p] = f.Utility(o)
		}
		us = append(us, u)
		return true
	})
	return us
}

func dominates(q, p []float64) bool {
	strict := false
	for i := range q {
		if q[i] < p[i]-1e-12 {
			return false
		}
		if q[i] > p[i]+1e-12 {
			strict = true
		}
	}
	return strict
}

func TestDeterministic(t *testing.T) {
	a, b := Random(3, 4, 5, 9), Random(3, 4, 5, 9)
	for p := range a.Parties {
		for i := range a.Issues {
			if a.Parties[p].Preferences.Weights[i] != b.Parties[p].Preferences.Weights[i] {
				t.Fatal("Random depends on more than its arguments")
			}
		}
	}
	if c := Random(3, 4, 5, 10); c.Parties[0].Preferences.Weights[0] == a.Parties[0].Preferences.Weights[0] {
		t.Fatal("Random ignores its seed")
	}
}

// TestAllPareto checks by brute force that every package is on the
// frontier with a vector of its own.
func TestAllPareto(t *testing.T) {
	us := utilities(t, AllPareto(3, 6))
	seen := map[[2]float64]bool{}
	for i, p := range us {
		if seen[[2]float64(p)] {
			t.Fatalf("package %d shares its vector %v", i, p)
		}
		seen[[2]float64(p)] = true
		for j, q := range us {
			if i != j && dominates(q, p) {
				t.Fatalf("package %d %v dominates %d %v", j, q, i, p)
			}
		}
	}
}

// TestLikeAgentHp2 checks the size of the look-alike and, on its
// structure, that the packages made of non-dominated options are the
// ones whose utilities sum to the plane's total.
func TestLikeAgentHp2(t *testing.T) {
	s := LikeAgentHp2(1)
	n, _ := space.New(s.Issues).Len()
	if n != 5764801 || len(s.Parties) != 3 {
		t.Fatalf("%d packages, %d parties", n, len(s.Parties))
	}
	for i := range s.Issues {
		good := 0
		for v := range s.Issues[i].Options {
			sum := 0.0
			for p := range s.Parties {
				sum += s.Parties[p].Preferences.Values[i].Value(float64(v))
			}
			if sum == 1.5 {
				good++
			}
		}
		if want := map[bool]int{true: 5, false: 6}[i < 3]; good != want {
			t.Fatalf("issue %d: %d options on the plane, want %d", i, good, want)
		}
	}
}

// TestTies checks on a small instance that ties are heavy: many frontier
// packages share few vectors.
func TestTies(t *testing.T) {
	us := utilities(t, Ties(3, 4, 5, 3, 1))
	front := 0
	distinct := map[[3]float64]bool{}
	for i, p := range us {
		on := true
		for j, q := range us {
			if i != j && dominates(q, p) {
				on = false
				break
			}
		}
		if on {
			front++
			distinct[[3]float64(p)] = true
		}
	}
	if front < 4*len(distinct) || front < 50 {
		t.Fatalf("%d frontier packages share %d vectors: not heavy ties", front, len(distinct))
	}
}
