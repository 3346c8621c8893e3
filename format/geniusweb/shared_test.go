package geniusweb_test

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// webScenarios returns the GeniusWeb rows of the shared INDEX.tsv, failing
// when there are none (so the tests below cannot pass vacuously).
func webScenarios(t *testing.T) []shared.Scenario {
	t.Helper()
	var out []shared.Scenario
	for _, sc := range shared.Scenarios(t) {
		if sc.Format == "geniusweb-json" {
			out = append(out, sc)
		}
	}
	if len(out) == 0 {
		t.Fatal("INDEX.tsv lists no geniusweb-json scenario")
	}
	return out
}

func readSource(t *testing.T, path string) entente.Source {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return entente.Source{Name: path, Data: data}
}

// decodeShared decodes one shared scenario from its files.
func decodeShared(t *testing.T, sc shared.Scenario) *entente.Scenario {
	t.Helper()
	var profiles []entente.Source
	for _, p := range sc.Profiles {
		profiles = append(profiles, readSource(t, p))
	}
	s, warnings, err := geniusweb.Decode(readSource(t, sc.Domain), profiles...)
	if err != nil {
		t.Fatalf("%s: %v", sc.Name, err)
	}
	if len(warnings) > 0 {
		t.Errorf("%s: unexpected warnings:\n%v", sc.Name, warnings)
	}
	return s
}

// TestSharedScenarios decodes every published GeniusWeb scenario and checks
// its shape against INDEX.tsv and its utilities against the GeniusWeb
// definition.
func TestSharedScenarios(t *testing.T) {
	for _, sc := range webScenarios(t) {
		t.Run(sc.Name, func(t *testing.T) {
			s := decodeShared(t, sc)
			if got, want := strconv.Itoa(len(s.Parties)), sc.Fields["parties"]; got != want {
				t.Errorf("%s parties, INDEX says %s", got, want)
			}
			if got, want := strconv.Itoa(len(s.Issues)), sc.Fields["issues"]; got != want {
				t.Errorf("%s issues, INDEX says %s", got, want)
			}
			sp := space.New(s.Issues)
			if n, _ := sp.Len(); strconv.FormatUint(n, 10) != sc.Fields["outcomes"] {
				t.Errorf("%d outcomes, INDEX says %s", n, sc.Fields["outcomes"])
			}
			for p, base := range sc.Profiles {
				want := filepath.Base(base)
				want = want[:len(want)-len(filepath.Ext(want))]
				if s.Parties[p].Name != want {
					t.Errorf("party %d is named %q, want %q", p, s.Parties[p].Name, want)
				}
			}
			fs, err := utility.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			for p, f := range fs {
				pr := &s.Parties[p].Preferences
				analytic := 0.0
				for i := range s.Issues {
					analytic += pr.Weights[i] * pr.Values[i].(entente.Table).Max()
				}
				best := math.Inf(-1)
				err := sp.Each(func(_ uint64, o entente.Outcome) bool {
					u := f.Utility(o)
					if !(u >= 0 && u <= 1) {
						t.Errorf("party %s: utility %v outside [0,1] at %v", s.Parties[p].Name, u, s.Package(o))
						return false
					}
					best = math.Max(best, u)
					return true
				})
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(best-analytic) > 1e-12 {
					t.Errorf("party %s: best utility %v, but the sum of weight times best value is %v", s.Parties[p].Name, best, analytic)
				}
			}
		})
	}
}

// TestGeniusReference compares utilities with the independent reference
// numbers for the GeniusWeb scenarios.
func TestGeniusReference(t *testing.T) {
	ref := shared.LoadReference(t)
	rows := map[string]shared.Scenario{}
	for _, sc := range webScenarios(t) {
		rows[sc.Name] = sc
	}
	const tol = 1e-9
	checked := 0
	for name, want := range ref.Scenarios {
		if want.Format != "geniusweb-json" {
			continue
		}
		checked++
		t.Run(name, func(t *testing.T) {
			row, ok := rows[name]
			if !ok {
				t.Fatalf("the reference has %s, INDEX.tsv does not", name)
			}
			sc := shared.Scenario{Name: name, Domain: filepath.Join(row.Dir, want.DomainFile)}
			for _, p := range want.ProfileFiles {
				sc.Profiles = append(sc.Profiles, filepath.Join(row.Dir, p))
			}
			s := decodeShared(t, sc)
			fs, err := utility.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != len(want.Parties) {
				t.Fatalf("%d parties, reference has %d", len(fs), len(want.Parties))
			}
			sp := space.New(s.Issues)
			if n, _ := sp.Len(); n != want.NOutcomes {
				t.Errorf("%d outcomes, reference has %d", n, want.NOutcomes)
			}
			for p, f := range fs {
				wp := want.Parties[p]
				lo, hi, sum, n := math.Inf(1), math.Inf(-1), 0.0, 0
				err := sp.Each(func(_ uint64, o entente.Outcome) bool {
					u := f.Utility(o)
					lo, hi, sum, n = math.Min(lo, u), math.Max(hi, u), sum+u, n+1
					return true
				})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct {
					what      string
					got, want float64
				}{
					{"min utility", lo, wp.Min},
					{"max utility", hi, wp.Max},
					{"mean utility", sum / float64(n), wp.Mean},
					{"reservation value", f.Reservation(), wp.Reservation},
				} {
					if math.Abs(c.got-c.want) > tol {
						t.Errorf("%s: %s %v, reference %v", wp.Profile, c.what, c.got, c.want)
					}
				}
			}
			if len(want.Samples) == 0 {
				t.Fatal("the reference has no samples")
			}
			for _, smp := range want.Samples {
				o := make(entente.Outcome, len(s.Issues))
				for i := range s.Issues {
					text, _ := smp.Package[s.Issues[i].Name].(string)
					v, ok := s.Issues[i].Parse(text)
					if !ok {
						t.Fatalf("sample %d: %q is not a value of issue %q", smp.Index, text, s.Issues[i].Name)
					}
					o[i] = v
				}
				if idx, err := sp.Index(o); err != nil || idx != smp.Index {
					t.Errorf("sample %d: the package has outcome index %d (%v)", smp.Index, idx, err)
				}
				for p, f := range fs {
					if u := f.Utility(o); math.Abs(u-smp.Utilities[p]) > tol {
						t.Errorf("sample %d, party %s: utility %v, reference %v", smp.Index, s.Parties[p].Name, u, smp.Utilities[p])
					}
				}
			}
		})
	}
	if checked == 0 {
		t.Fatal("the reference has no geniusweb-json scenario")
	}
}

// TestSharedRoundTrip writes every published scenario back as GeniusWeb
// JSON and reads it again: every outcome must keep exactly its utility, and
// every party its reservation. The published weights sum to exactly 1 in
// decimal, so Encode writes them unchanged and the numbers are identical.
func TestSharedRoundTrip(t *testing.T) {
	for _, sc := range webScenarios(t) {
		t.Run(sc.Name, func(t *testing.T) {
			s := decodeShared(t, sc)
			back := roundTrip(t, s)
			assertSameUtilities(t, s, back, 0)
			for p := range s.Parties {
				a, b := &s.Parties[p].Preferences, &back.Parties[p].Preferences
				if !equalOutcomes(a.ReservationOutcome, b.ReservationOutcome) || a.Reservation != b.Reservation {
					t.Errorf("party %s: reservation %v/%v became %v/%v", s.Parties[p].Name, a.ReservationOutcome, a.Reservation, b.ReservationOutcome, b.Reservation)
				}
			}
		})
	}
}
