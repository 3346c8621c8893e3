package space_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
)

func issues() []entente.Issue {
	return []entente.Issue{
		{Name: "colour", Kind: entente.Discrete, Options: []string{"red", "blue"}},
		{Name: "count", Kind: entente.Integer, Min: -1, Max: 1},
	}
}

// Outcomes come in the order of the Cartesian product, last issue fastest.
func ExampleSpace_Each() {
	sp := space.New(issues())
	_ = sp.Each(func(idx uint64, o entente.Outcome) bool {
		fmt.Println(idx, o)
		return true
	})
	// Output:
	// 0 [0 -1]
	// 1 [0 0]
	// 2 [0 1]
	// 3 [1 -1]
	// 4 [1 0]
	// 5 [1 1]
}

func TestAtIndexEachAgree(t *testing.T) {
	sp := space.New(issues())
	n, ok := sp.Len()
	if !ok || n != 6 || sp.SizeString() != "6" {
		t.Fatalf("size %d %v %s", n, ok, sp.SizeString())
	}
	o := make(entente.Outcome, 2)
	err := sp.Each(func(idx uint64, e entente.Outcome) bool {
		sp.At(idx, o)
		if o[0] != e[0] || o[1] != e[1] {
			t.Errorf("At(%d) = %v, Each gives %v", idx, o, e)
		}
		back, err := sp.Index(e)
		if err != nil || back != idx {
			t.Errorf("Index(%v) = %d, %v; want %d", e, back, err, idx)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestHugeAndContinuous(t *testing.T) {
	var is []entente.Issue
	for i := 0; i < 50; i++ {
		is = append(is, entente.Issue{Kind: entente.Integer, Min: 0, Max: 9})
	}
	sp := space.New(is)
	if sp.SizeString() != "1"+fmt.Sprintf("%050d", 0) {
		t.Errorf("size %s", sp.SizeString())
	}
	if _, ok := sp.Len(); ok {
		t.Error("10^50 must not fit in a uint64")
	}
	if err := sp.Each(func(uint64, entente.Outcome) bool { return true }); err == nil {
		t.Error("enumerating 10^50 outcomes must be refused")
	}
	cont := space.New([]entente.Issue{{Kind: entente.Real, Min: 1, Max: 2}})
	if cont.Size() != nil || cont.SizeString() != "continuous" {
		t.Error("a real issue makes the space continuous")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	o := make(entente.Outcome, 1)
	for k := 0; k < 1000; k++ {
		cont.Sample(rng, o)
		if o[0] < 1 || o[0] > 2 {
			t.Fatalf("sample %v out of range", o[0])
		}
	}
}

func TestDiscretized(t *testing.T) {
	is := []entente.Issue{
		{Name: "price", Kind: entente.Real, Min: 10, Max: 40},
		{Name: "colour", Kind: entente.Discrete, Options: []string{"red", "blue"}},
	}
	sp := space.Discretized(is, 4)
	if n, ok := sp.Len(); !ok || n != 8 {
		t.Fatalf("size %d", n)
	}
	var got []float64
	_ = sp.Each(func(idx uint64, o entente.Outcome) bool {
		if o[1] == 0 {
			got = append(got, o[0])
		}
		if back, err := sp.Index(o); err != nil || back != idx {
			t.Errorf("Index(%v) = %d, %v", o, back, err)
		}
		return true
	})
	want := []float64{10, 20, 30, 40}
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("grid %v, want %v", got, want)
		}
	}
}

func TestFix(t *testing.T) {
	sp, err := space.New(issues()).Fix(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := sp.Len(); n != 2 {
		t.Fatalf("size %d", n)
	}
	var got []entente.Outcome
	_ = sp.Each(func(idx uint64, o entente.Outcome) bool {
		got = append(got, append(entente.Outcome(nil), o...))
		if back, err := sp.Index(o); err != nil || back != idx {
			t.Errorf("Index(%v) = %d, %v", o, back, err)
		}
		return true
	})
	if len(got) != 2 || got[0][1] != 0 || got[1][1] != 0 || got[1][0] != 1 {
		t.Errorf("got %v", got)
	}
	if _, err := sp.Fix(1, 7); err == nil {
		t.Error("7 is not a value of count")
	}
	// A fixed real issue makes a continuous space finite.
	r, err := space.New([]entente.Issue{{Kind: entente.Real, Min: 0, Max: 1}, {Kind: entente.Discrete, Options: []string{"a", "b"}}}).Fix(0, 0.5)
	if err != nil || r.SizeString() != "2" {
		t.Fatalf("%v %v", r.SizeString(), err)
	}
}

// TestCloneIsIndependent: changing a clone's issues leaves the space alone.
func TestCloneIsIndependent(t *testing.T) {
	issues := []entente.Issue{
		{Name: "a", Kind: entente.Discrete, Options: []string{"x", "y"}},
		{Name: "b", Kind: entente.Real, Min: 0, Max: 10},
	}
	s := space.Discretized(issues, 3)
	c := s.Clone()
	c.Issues()[0].Options[0] = "hacked"
	c.Issues()[1].Max = 1000
	if issues[0].Options[0] != "x" || s.Issues()[1].Max != 10 || s.Value(1, 2) != 10 {
		t.Errorf("the clone shares its issues: %+v", s.Issues())
	}
	if n, _ := c.Len(); n != 6 || c.Value(1, 2) != 1000 {
		t.Errorf("the clone: %d outcomes, last grid point %v", n, c.Value(1, 2))
	}
}
