package report_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/browsertest"
	"github.com/entente/entente/load"
	"github.com/entente/entente/report"
	"github.com/entente/entente/robust"
)

func example(t *testing.T, name string) (*entente.Scenario, *forecast.Model) {
	return exampleB(t, name)
}

func exampleB(t testing.TB, name string) (*entente.Scenario, *forecast.Model) {
	t.Helper()
	res, err := load.Example(name)
	if err != nil {
		t.Fatalf("example %s: %v", name, err)
	}
	var fm *forecast.Model
	if forecast.InScenario(res.Source.Data) {
		if fm, err = forecast.Read(res.Source.Name, res.Source.Data); err != nil {
			t.Fatal(err)
		}
	}
	return res.Scenario, fm
}

var quick = report.Options{Samples: 200, Runs: 200, Sessions: 6, Rounds: 100, Seed: 3}

// builds holds one report per example, built with the quick options on
// first use and shared by the tests that only read it: a flagship report
// takes seconds, and half a dozen tests look at the same one.
var builds sync.Map // example name -> *builtExample

type builtExample struct {
	once sync.Once
	s    *entente.Scenario
	fm   *forecast.Model
	doc  *report.Document
	err  error
}

// built returns an example's scenario, forecast model and quick report,
// built once for all tests. Callers must not change them.
func built(t *testing.T, name string) (*entente.Scenario, *forecast.Model, *report.Document) {
	t.Helper()
	v, _ := builds.LoadOrStore(name, &builtExample{})
	b := v.(*builtExample)
	b.once.Do(func() {
		res, err := load.Example(name)
		if err != nil {
			b.err = err
			return
		}
		b.s = res.Scenario
		if forecast.InScenario(res.Source.Data) {
			if b.fm, b.err = forecast.Read(res.Source.Name, res.Source.Data); b.err != nil {
				return
			}
		}
		b.doc, b.err = report.Build(context.Background(), b.s, b.fm, quickFor(b.s))
	})
	if b.err != nil {
		t.Fatalf("example %s: %v", name, b.err)
	}
	return b.s, b.fm, b.doc
}

// quickFor returns the quick options for a scenario: without the
// robustness draws of a large one under the race detector.
func quickFor(s *entente.Scenario) report.Options {
	opt := quick
	if raceDetector && len(s.Params) > 50 {
		opt.Samples = -1
	}
	return opt
}

// build builds a report of its own (for a test that changes the scenario
// or needs a second build).
func build(t *testing.T, s *entente.Scenario, fm *forecast.Model) *report.Document {
	t.Helper()
	doc, err := report.Build(context.Background(), s, fm, quickFor(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func sectionIDs(d *report.Document) []string {
	var ids []string
	for _, s := range d.Sections {
		ids = append(ids, s.ID)
	}
	return ids
}

// TestKeyNumbers checks the report's numbers against the analysis run
// here, and that the text states them.
func TestKeyNumbers(t *testing.T) {
	for _, name := range []string{"ukraine-2025", "coalition-government", "ceasefire", "coalition", "laptop"} {
		t.Run(name, func(t *testing.T) {
			s, fm, doc := built(t, name)
			an, err := analysis.Analyze(context.Background(), s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Numbers["zone.packages"] != float64(an.Zone) || doc.Numbers["packages"] != float64(an.Outcomes) {
				t.Errorf("zone %v of %v, analysis says %d of %d", doc.Numbers["zone.packages"], doc.Numbers["packages"], an.Zone, an.Outcomes)
			}
			var md bytes.Buffer
			if err := doc.Markdown(&md, nil); err != nil {
				t.Fatal(err)
			}
			// The summary leads with the Nash package over the ratifiable
			// zone (over the agreement zone without constituencies).
			lead := an.Nash
			if an.Ratification != nil {
				lead = an.Ratification.Nash
			}
			if lead != nil {
				var parts []string
				for i := range s.Issues {
					parts = append(parts, s.Issues[i].Name+": "+s.Issues[i].Format(lead.Outcome[i]))
				}
				if len(doc.Summary) == 0 || !strings.Contains(doc.Summary[0], strings.Join(parts, "; ")) || !strings.Contains(doc.Summary[0], "Nash bargaining solution") {
					t.Errorf("the summary does not lead with the Nash package %v: %q", lead.Outcome, doc.Summary)
				}
			}
			ids := sectionIDs(doc)
			if (fm != nil) != contains(ids, "forecast") {
				t.Errorf("sections %v: a forecast section exactly when the scenario has a forecast model", ids)
			}
			for _, want := range []string{"assumptions", "zone", "negotiation", "limits"} {
				if !contains(ids, want) {
					t.Errorf("no %s section in %v", want, ids)
				}
			}
			d, m := doc.Numbers["negotiation.direct.agreements"], doc.Numbers["negotiation.mediated.agreements"]
			if d < 0 || d > 1 || m < 0 || m > 1 {
				t.Errorf("agreement shares %v %v", d, m)
			}
		})
	}
}

// TestDeterministic: the same options give the same document (the shared
// build and one of its own).
func TestDeterministic(t *testing.T) {
	s, fm, doc := built(t, "ceasefire")
	var a, b bytes.Buffer
	if err := doc.HTML(&a); err != nil {
		t.Fatal(err)
	}
	if err := build(t, s, fm).HTML(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two builds with the same seed differ")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestReportInBrowser opens each example's report in headless Chromium
// (skipping before anything is built when there is none).
func TestReportInBrowser(t *testing.T) {
	browsertest.Chromium(t)
	for _, name := range []string{"ukraine-2025", "coalition-government", "ceasefire"} {
		t.Run(name, func(t *testing.T) {
			_, _, doc := built(t, name)
			var page bytes.Buffer
			if err := doc.HTML(&page); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), name+".html")
			if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, p := range openInBrowser(t, path, append([]string{"summary"}, sectionIDs(doc)...), name) {
				t.Error(p)
			}
		})
	}
}

// TestRatificationAndRobustnessNumbers checks the flagship's ratifiable
// zone against the analysis and its robustness shares against robust.Run.
func TestRatificationAndRobustnessNumbers(t *testing.T) {
	if raceDetector {
		t.Skip("the flagship's robustness takes minutes under the race detector; the plain run checks it")
	}
	s, _, doc := built(t, "ukraine-2025")
	an, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if an.Ratification == nil || doc.Numbers["ratifiable.packages"] != float64(an.Ratification.Zone) {
		t.Fatalf("ratifiable %v, analysis says %+v", doc.Numbers["ratifiable.packages"], an.Ratification)
	}
	r, err := robust.Run(context.Background(), s, robust.Options{Samples: quick.Samples, Seed: quick.Seed, Top: 5})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Numbers["robust.zone.share"] != r.Zone.P || doc.Numbers["robust.ratifiable.share"] != r.Ratifiable.P {
		t.Errorf("robustness shares %v/%v, robust.Run says %v/%v", doc.Numbers["robust.zone.share"], doc.Numbers["robust.ratifiable.share"], r.Zone.P, r.Ratifiable.P)
	}
	for _, id := range []string{"robustness", "explanation", "guarantees", "forecast"} {
		if !contains(sectionIDs(doc), id) {
			t.Errorf("the flagship report has no %s section", id)
		}
	}
}

// TestRemovingTheUSShrinksTheRatifiableZone changes one assumption of the
// flagship, taking the United States out of every guarantee, and checks
// that the conclusion moves the way it should.
func TestRemovingTheUSShrinksTheRatifiableZone(t *testing.T) {
	s, _ := example(t, "ukraine-2025")
	light := report.Options{Samples: -1, Runs: -1, Sessions: -1}
	rebuild := func() float64 {
		doc, err := report.Build(context.Background(), s, nil, light)
		if err != nil {
			t.Fatal(err)
		}
		return doc.Numbers["ratifiable.packages"]
	}
	before := rebuild()
	us := map[int]bool{}
	for g := range s.Guarantors {
		if strings.HasPrefix(s.Guarantors[g].Name, "US ") {
			us[g] = true
		}
	}
	if len(us) == 0 {
		t.Fatal("the flagship has no US guarantor")
	}
	for i := range s.Issues {
		for k := range s.Issues[i].Guarantees {
			gu := &s.Issues[i].Guarantees[k]
			gu.Guarantors = slices.DeleteFunc(gu.Guarantors, func(g int) bool { return us[g] })
			gu.Required = min(gu.Required, len(gu.Guarantors))
		}
	}
	s.UpdateGuarantees()
	after := rebuild()
	if !(after < before) {
		t.Errorf("without the US as guarantor the ratifiable zone has %v packages, with it %v; it should shrink", after, before)
	}
}

// fieldPath matches a number named by its path in the file rather than in
// words (parties[1].weights.NATO).
var fieldPath = regexp.MustCompile(`\w\[\d+\]|\.weights\.|\.values\.|\.reservation\b`)

// TestChartsSortedAndLabelled: every bar chart's bars are sorted (largest
// first; by size for signed values) except a histogram's, which follow
// its bins, and every bar is labelled in words.
func TestChartsSortedAndLabelled(t *testing.T) {
	for _, name := range []string{"ukraine-2025", "coalition-government", "ceasefire"} {
		t.Run(name, func(t *testing.T) {
			_, _, doc := built(t, name)
			charts := 0
			for _, sec := range doc.Sections {
				for _, b := range sec.Blocks {
					f, ok := b.(*report.Figure)
					if !ok || f.Labels == nil {
						continue
					}
					charts++
					if len(f.Labels) != len(f.Values) {
						t.Fatalf("%s: %d labels, %d values", f.Alt, len(f.Labels), len(f.Values))
					}
					signed := slices.ContainsFunc(f.Values, func(v float64) bool { return v < 0 })
					for i, l := range f.Labels {
						if strings.TrimSpace(l) == "" || fieldPath.MatchString(l) {
							t.Errorf("%s (%s): bar %d is labelled %q", f.Alt, sec.ID, i, l)
						}
						if f.Bins || i == 0 {
							continue
						}
						a, b := f.Values[i-1], f.Values[i]
						if signed {
							a, b = math.Abs(a), math.Abs(b)
						}
						if b > a {
							t.Errorf("%s (%s): bars not sorted: %q %v before %q %v", f.Alt, sec.ID, f.Labels[i-1], f.Values[i-1], l, f.Values[i])
						}
					}
				}
			}
			if charts == 0 {
				t.Error("no bar chart to check")
			}
		})
	}
}

// TestResultsBeforeAssumptions: the assumptions are the appendix, last.
func TestResultsBeforeAssumptions(t *testing.T) {
	_, _, doc := built(t, "ukraine-2025")
	ids := sectionIDs(doc)
	if len(ids) == 0 || ids[len(ids)-1] != "assumptions" || ids[0] != "zone" {
		t.Errorf("sections %v: results first, the assumptions last", ids)
	}
}
