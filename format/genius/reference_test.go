package genius_test

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// referenceTolerance is the agreement asked of utilities: sums of a few
// products may differ in the last bits, and samples are rounded to 9
// decimals.
const referenceTolerance = 1e-9

// TestReference checks every GENIUS XML scenario of genius-reference.json:
// the issues, each party's minimum, maximum and mean utility over all
// outcomes, its reservation value, and the sampled outcomes' utilities.
// (The GeniusWeb JSON entries belong to package geniusweb.)
func TestReference(t *testing.T) {
	ref := shared.LoadReference(t)
	rows := map[string]shared.Scenario{}
	for _, r := range geniusRows(t) {
		rows[r.Name] = r
	}
	checked := 0
	for name, sc := range ref.Scenarios {
		if sc.Format != "genius-xml" {
			continue
		}
		checked++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			row, ok := rows[name]
			if !ok {
				t.Fatalf("not in INDEX.tsv")
			}
			var ps []entente.Source
			for _, p := range sc.ProfileFiles {
				ps = append(ps, readSource(t, filepath.Join(row.Dir, p)))
			}
			s, _, err := genius.Decode(readSource(t, filepath.Join(row.Dir, sc.DomainFile)), ps...)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Issues) != len(sc.Issues) || len(s.Parties) != len(sc.Parties) {
				t.Fatalf("%d issues and %d parties, the reference has %d and %d", len(s.Issues), len(s.Parties), len(sc.Issues), len(sc.Parties))
			}
			for i, ri := range sc.Issues {
				is := &s.Issues[i]
				if is.Name != ri.Name || is.Kind.String() != ri.Kind {
					t.Errorf("issue %d is %q %s, the reference has %q %s", i, is.Name, is.Kind, ri.Name, ri.Kind)
				}
				if n, _ := is.Size(); is.Kind == entente.Discrete && n != int64(ri.NValues) {
					t.Errorf("issue %q has %d values, the reference %d", is.Name, n, ri.NValues)
				}
				if is.Kind == entente.Integer && (ri.LowerBound == nil || ri.UpperBound == nil || is.Min != float64(*ri.LowerBound) || is.Max != float64(*ri.UpperBound)) {
					t.Errorf("issue %q has bounds %v..%v, unlike the reference", is.Name, is.Min, is.Max)
				}
			}
			sp := space.New(s.Issues)
			if n, ok := sp.Len(); !ok || n != sc.NOutcomes {
				t.Fatalf("%s outcomes, the reference has %d", sp.SizeString(), sc.NOutcomes)
			}
			fs, err := utility.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			lo, hi, sum := extremes(sp, fs)
			for p, rp := range sc.Parties {
				pn := s.Parties[p].Name
				near(t, pn+" min_utility", lo[p], rp.Min)
				near(t, pn+" max_utility", hi[p], rp.Max)
				near(t, pn+" mean_utility", sum[p]/float64(sc.NOutcomes), rp.Mean)
				near(t, pn+" reservation_value", fs[p].Reservation(), rp.Reservation)
			}
			if len(sc.Samples) == 0 {
				t.Fatal("the reference has no samples")
			}
			for _, smp := range sc.Samples {
				o := make(entente.Outcome, len(s.Issues))
				for i := range s.Issues {
					v, ok := s.Issues[i].Parse(fmt.Sprint(smp.Package[s.Issues[i].Name]))
					if !ok {
						t.Fatalf("sample %d: %v is not a value of issue %q", smp.Index, smp.Package[s.Issues[i].Name], s.Issues[i].Name)
					}
					o[i] = v
				}
				if idx, _ := sp.Index(o); idx != smp.Index {
					t.Errorf("sample %v has outcome index %d, the reference %d", smp.Package, idx, smp.Index)
				}
				for p, u := range smp.Utilities {
					near(t, fmt.Sprintf("%s at sample %d", s.Parties[p].Name, smp.Index), fs[p].Utility(o), u)
				}
			}
		})
	}
	if checked < 100 {
		t.Fatalf("only %d GENIUS scenarios in the reference", checked)
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > referenceTolerance {
		t.Errorf("%s: got %.12g, the reference has %.12g", what, got, want)
	}
}

// extremes enumerates the space once and returns each party's lowest and
// highest utility and the sum of its utilities.
func extremes(sp *space.Space, fs []*utility.Func) (lo, hi, sum []float64) {
	lo, hi, sum = make([]float64, len(fs)), make([]float64, len(fs)), make([]float64, len(fs))
	for p := range fs {
		lo[p], hi[p] = math.Inf(1), math.Inf(-1)
	}
	_ = sp.Each(func(_ uint64, o entente.Outcome) bool {
		for p, f := range fs {
			u := f.Utility(o)
			lo[p], hi[p], sum[p] = math.Min(lo[p], u), math.Max(hi[p], u), sum[p]+u
		}
		return true
	})
	return lo, hi, sum
}
