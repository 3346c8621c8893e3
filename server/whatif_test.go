package server

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/load"
)

// flagshipFile is the flagship scenario's file as written.
const flagshipFile = "../examples/ukraine-2025/ukraine-2025.yaml"

// usCredibility matches the US executive's credibility in the flagship's
// file (the first guarantor's).
var usCredibility = regexp.MustCompile(`(?m)^(\s*credibility: \{value: )0\.35(,)`)

// flagshipWith returns the flagship's file with the US executive's
// credibility edited as text to v, as an analyst would edit it.
func flagshipWith(t testing.TB, v float64) []byte {
	t.Helper()
	b, err := os.ReadFile(flagshipFile)
	if err != nil {
		t.Fatal(err)
	}
	loc := usCredibility.FindSubmatchIndex(b)
	if loc == nil {
		t.Fatal("the flagship's file no longer writes the US executive's credibility as 0.35")
	}
	out := append([]byte{}, b[:loc[3]]...)
	out = append(out, fmt.Sprint(v)...)
	return append(out, b[loc[4]:]...)
}

// analyzeText analyses a native scenario file exactly with package
// analysis (what `entente analyze` runs): independent of the what-if
// workspace the server answers with.
func analyzeText(t testing.TB, name string, data []byte) *analysis.Result {
	t.Helper()
	res, err := (&load.Loader{}).Sources([]entente.Source{{Name: name, Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.Analyze(context.Background(), res.Scenario, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// whatIfAnswer is the part of a what-if document the tests read.
type whatIfAnswer struct {
	Variant        string
	Zone           uint64 `json:"agreement_zone"`
	Ratifiable     uint64 `json:"ratifiable_zone"`
	Outside        bool   `json:"outside_assumptions"`
	RatifiableNash *struct {
		Index          uint64
		Package        map[string]any
		Constituencies []struct {
			Constituency string
			Margin       float64
			Ratifies     bool
		}
	} `json:"ratifiable_nash"`
	Changes []struct{ Key, Assumption string }
}

// The what-if endpoints answer what `entente analyze` gives for the same
// variant written into the file by hand: the zones, and the Nash package
// over the ratifiable zone; comparisons and exports agree; saved variants
// are kept, replaced by name, and go with their scenario.
func TestWhatIfEndpoints(t *testing.T) {
	h := newHarness(t, nil)
	b, err := os.ReadFile(flagshipFile)
	if err != nil {
		t.Fatal(err)
	}
	var sc struct{ ID string }
	h.must(http.StatusCreated, "POST", "/api/v1/scenarios?name=flagship&file=ukraine-2025.yaml", adminToken, b, &sc)
	base := "/api/v1/scenarios/" + sc.ID

	// The controls: the US executive's credibility with its value and
	// range as the file writes them.
	var controls struct {
		Version  int
		Controls []struct {
			Key    string
			Value  float64
			Range  *struct{ Low, High float64 }
			Widget struct {
				Kind           string
				Min, Max, Step float64
			}
		}
	}
	h.must(http.StatusOK, "GET", base+"/numbers", adminToken, nil, &controls)
	if controls.Version != 1 || len(controls.Controls) < 100 {
		t.Fatalf("%d controls", len(controls.Controls))
	}
	c0 := controls.Controls[0]
	if c0.Key != "guarantors[0].credibility" || c0.Value != 0.35 || c0.Range == nil || c0.Range.Low != 0.15 || c0.Range.High != 0.6 || c0.Widget.Kind != "slider" {
		t.Errorf("the first control: %+v", c0)
	}

	for _, v := range []float64{0.3, 0.35, 0.5} {
		want := analyzeText(t, "edited.yaml", flagshipWith(t, v))
		var got whatIfAnswer
		h.must(http.StatusOK, "POST", base+"/whatif", adminToken, map[string]any{"version": 1, "name": "US",
			"set": []map[string]any{{"key": "guarantors[0].credibility", "value": v}}}, &got)
		if got.Zone != want.Zone || got.Ratifiable != want.Ratification.Zone {
			t.Errorf("US credibility %v: zones %d and %d; analyze gives %d and %d", v, got.Zone, got.Ratifiable, want.Zone, want.Ratification.Zone)
		}
		if n := want.Ratification.Nash; n == nil || got.RatifiableNash == nil {
			t.Errorf("US credibility %v: no Nash package over the ratifiable zone", v)
		} else if s := analyzeScenario(t, flagshipWith(t, v)); fmt.Sprint(s.Values(n.Outcome)) != fmt.Sprint(got.RatifiableNash.Package) {
			t.Errorf("US credibility %v: the ratifiable Nash package %v; analyze gives %v", v, got.RatifiableNash.Package, s.Values(n.Outcome))
		}
	}

	// Mistakes, with the field: an unknown key, a value out of range.
	body := h.must(http.StatusBadRequest, "POST", base+"/whatif", adminToken, map[string]any{"set": []map[string]any{{"key": "guarantors[0].nonsense", "value": 1}}}, nil)
	if !strings.Contains(string(body), "guarantors[0]") {
		t.Errorf("an unknown key: %s", body)
	}
	out := map[string]any{"set": []map[string]any{{"key": "guarantors[0].credibility", "value": 0.9}}}
	h.must(http.StatusBadRequest, "POST", base+"/whatif", adminToken, out, nil)
	out["allow_outside"] = true
	var outside whatIfAnswer
	h.must(http.StatusOK, "POST", base+"/whatif", adminToken, out, &outside)
	if !outside.Outside || len(outside.Changes) != 1 || outside.Changes[0].Assumption != "outside" {
		t.Errorf("a value outside its range: %+v", outside)
	}
	h.must(http.StatusUnprocessableEntity, "POST", base+"/whatif", adminToken, map[string]any{"version": 9, "set": []any{}}, nil)
	h.must(http.StatusUnauthorized, "POST", base+"/whatif", "", map[string]any{"set": []any{}}, nil)

	// A comparison: as written, and the US at 0.5.
	var cmp struct {
		Variants   []string
		Ratifiable struct {
			Values  []uint64
			Differs bool
		} `json:"ratifiable_zone"`
		Assumptions []struct {
			Key    string
			Values []float64
		}
	}
	us := map[string]any{"version": 1, "name": "US 0.5", "set": []map[string]any{{"key": "guarantors[0].credibility", "value": 0.5}}}
	h.must(http.StatusOK, "POST", base+"/compare", adminToken, map[string]any{"variants": []any{map[string]any{"name": "as written", "set": []any{}}, us}}, &cmp)
	w0, w1 := analyzeText(t, "a.yaml", b), analyzeText(t, "b.yaml", flagshipWith(t, 0.5))
	if len(cmp.Ratifiable.Values) != 2 || cmp.Ratifiable.Values[0] != w0.Ratification.Zone || cmp.Ratifiable.Values[1] != w1.Ratification.Zone ||
		cmp.Ratifiable.Differs != (w0.Ratification.Zone != w1.Ratification.Zone) {
		t.Errorf("the comparison's ratifiable zones %+v; analyze gives %d and %d", cmp.Ratifiable, w0.Ratification.Zone, w1.Ratification.Zone)
	}
	if len(cmp.Assumptions) != 1 || cmp.Assumptions[0].Key != "guarantors[0].credibility" || fmt.Sprint(cmp.Assumptions[0].Values) != "[0.35 0.5]" {
		t.Errorf("the comparison's assumptions: %+v", cmp.Assumptions)
	}
	h.must(http.StatusBadRequest, "POST", base+"/compare", adminToken, map[string]any{"variants": []any{}}, nil)

	// The export is a scenario file whose analysis gives the variant's.
	code, file := h.do("POST", base+"/export?format=yaml", adminToken, us)
	if code != http.StatusOK {
		t.Fatalf("export: %d %s", code, file)
	}
	if got := analyzeText(t, "export.yaml", file); got.Ratification.Zone != w1.Ratification.Zone || got.Zone != w1.Zone {
		t.Errorf("the exported file's zones %d, %d; want %d, %d", got.Zone, got.Ratification.Zone, w1.Zone, w1.Ratification.Zone)
	}
	h.must(http.StatusBadRequest, "POST", base+"/export?format=xml", adminToken, us, nil)

	// Saved variants: stored checked, replaced by name, deleted.
	type saved struct {
		ID, Name string
		Variant  struct {
			Name string
			Set  []struct {
				Key   string
				Value float64
			}
		}
	}
	var s1, s2 saved
	h.must(http.StatusCreated, "POST", base+"/variants", adminToken, us, &s1)
	us["set"] = []map[string]any{{"key": "guarantors[0].credibility", "value": 0.45}}
	h.must(http.StatusCreated, "POST", base+"/variants", adminToken, us, &s2)
	if s1.ID == "" || s2.ID != s1.ID || s2.Variant.Set[0].Value != 0.45 {
		t.Errorf("saved twice under one name: %+v then %+v", s1, s2)
	}
	h.must(http.StatusCreated, "POST", base+"/variants", adminToken, map[string]any{"name": "threshold 55%",
		"set": []map[string]any{{"key": "constituencies[0].threshold", "value": 0.55}}}, nil)
	h.must(http.StatusBadRequest, "POST", base+"/variants", adminToken, map[string]any{"name": "", "set": []any{}}, nil)
	h.must(http.StatusBadRequest, "POST", base+"/variants", adminToken, map[string]any{"name": "bad", "set": []map[string]any{{"key": "nope", "value": 1}}}, nil)
	var list struct{ Variants []saved }
	h.must(http.StatusOK, "GET", base+"/variants", adminToken, nil, &list)
	if len(list.Variants) != 2 || list.Variants[0].Name != "US 0.5" || list.Variants[1].Name != "threshold 55%" {
		t.Errorf("the saved variants: %+v", list.Variants)
	}
	h.must(http.StatusNoContent, "DELETE", base+"/variants/"+s1.ID, adminToken, nil, nil)
	h.must(http.StatusNotFound, "DELETE", base+"/variants/"+s1.ID, adminToken, nil, nil)
	h.must(http.StatusNoContent, "DELETE", base, adminToken, nil, nil)
	h.must(http.StatusNotFound, "GET", base+"/variants", adminToken, nil, nil)
	h.must(http.StatusNotFound, "POST", base+"/whatif", adminToken, map[string]any{"set": []any{}}, nil)
}

// analyzeScenario reads a native scenario file.
func analyzeScenario(t testing.TB, data []byte) *entente.Scenario {
	t.Helper()
	res, err := (&load.Loader{}).Sources([]entente.Source{{Name: "s.yaml", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Scenario
}

// A scenario's source: the file as uploaded when it was one native file,
// else the scenario in native YAML, which reads back to the same
// scenario.
func TestScenarioSource(t *testing.T) {
	h := newHarness(t, nil)
	b, err := os.ReadFile("../examples/ceasefire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var sc struct{ ID string }
	h.must(http.StatusCreated, "POST", "/api/v1/scenarios?file=ceasefire.yaml", adminToken, b, &sc)
	var src struct {
		File, Format, Content string
		Original              bool
	}
	h.must(http.StatusOK, "GET", "/api/v1/scenarios/"+sc.ID+"/source", adminToken, nil, &src)
	if !src.Original || src.Content != string(b) || src.File != "ceasefire.yaml" || src.Format != "native" {
		t.Errorf("the source of a native upload: %+v", src.File)
	}
	laptop := h.scenario("laptop") // stored as native YAML by the server
	h.must(http.StatusOK, "GET", "/api/v1/scenarios/"+laptop+"/source", adminToken, nil, &src)
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	if back := analyzeScenario(t, []byte(src.Content)); fmt.Sprint(back.Parties) != fmt.Sprint(res.Scenario.Parties) {
		t.Errorf("the source reads back to another scenario")
	}
	h.must(http.StatusNotFound, "GET", "/api/v1/scenarios/nope/source", adminToken, nil, nil)
	h.must(http.StatusUnauthorized, "GET", "/api/v1/scenarios/"+laptop+"/source", "", nil, nil)
}
