package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/robust"
)

// robustScenario: b accepts only y; a accepts y (worth 0.2 to a) while
// a's reservation is at most 0.2; a referendum (threshold uncertain) must
// ratify y.
const robustScenario = `entente: 1
name: robust test
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
    reservation: 0.5
constituencies:
  - name: referendum
    party: b
    threshold: {value: 0.5, range: [0.3, 0.9]}
    voters:
      - name: yes
        share: 0.6
        weights: {x: 1}
        values:
          x: {x: 0, y: 1}
        reservation: 0.5
      - name: no
        share: 0.4
        weights: {x: 1}
        values:
          x: {x: 1, y: 0}
        reservation: 0.5
`

func robustResult(t *testing.T) (*entente.Scenario, *robust.Result) {
	t.Helper()
	s, _, err := native.Decode(entente.Source{Name: "robust.yaml", Data: []byte(robustScenario)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := robust.Run(context.Background(), s, robust.Options{Samples: 200, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	return s, r
}

func TestWriteRobustnessTable(t *testing.T) {
	s, r := robustResult(t)
	var b bytes.Buffer
	if err := writeRobustness(&b, s, r, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"robust test: 200 draws (seed 4) of 2 uncertain numbers, 2 packages each",
		"nominal scenario: 1 packages in the agreement zone, 1 ratifiable",
		"agreement zone   " + strconv.Itoa(r.Zone.Count) + " of 200",
		"ratifiable zone  " + strconv.Itoa(r.Ratifiable.Count) + " of 200",
		"the agreement zone vanishes when a: walk-away value exceeds 0.2",
		// 60% vote yes: the referendum passes y while its threshold is at
		// most 0.6.
		"the ratifiable zone vanishes when referendum: approval threshold exceeds 0.6",
		"x=y",
		"What decides the ratifiable zone: preferences and credibilities",
		"a: walk-away value  -0.",
		"What decides the ratifiable zone: structure",
		"referendum: approval threshold  -0.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteRobustnessCandidates(t *testing.T) {
	s, _ := robustResult(t)
	r, err := robust.Run(context.Background(), s, robust.Options{Samples: 20, Seed: 4, MaxCounted: 1, Candidates: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeRobustness(&b, s, r, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "counted the 1 with the largest nominal margin") {
		t.Errorf("output does not say only candidates were counted:\n%s", b.String())
	}
	b.Reset()
	if err := writeRobustness(&b, s, r, true); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Counted    bool `json:"counted"`
		Candidates int  `json:"candidates"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || got.Counted || got.Candidates != 1 {
		t.Errorf("counted %v, candidates %d, error %v", got.Counted, got.Candidates, err)
	}
}

func TestWriteRobustnessJSON(t *testing.T) {
	s, r := robustResult(t)
	var b bytes.Buffer
	if err := writeRobustness(&b, s, r, true); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version int      `json:"version"`
		Samples int      `json:"samples"`
		Parties []string `json:"parties"`
		Zone    struct {
			Count int      `json:"count"`
			Share *float64 `json:"share"`
			Low   *float64 `json:"low"`
		} `json:"zone"`
		Packages []struct {
			Package   map[string]any `json:"package"`
			ZoneDraws int            `json:"zone_draws"`
			Utilities []float64      `json:"nominal_utilities"`
		} `json:"packages"`
		Tipping []struct {
			Parameter string  `json:"parameter"`
			Zone      string  `json:"zone"`
			Change    string  `json:"change"`
			Value     float64 `json:"value"`
			Sentence  string  `json:"sentence"`
		} `json:"tipping_points"`
		Sensitivity []struct {
			Parameter string   `json:"parameter"`
			Spearman  *float64 `json:"spearman"`
		} `json:"sensitivity"`
		Parameters []struct {
			Parameter string   `json:"parameter"`
			Low       *float64 `json:"low"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got.Version != 1 || got.Samples != 200 || len(got.Parties) != 2 || got.Zone.Count != r.Zone.Count || got.Zone.Share == nil || got.Zone.Low == nil {
		t.Errorf("header %+v", got)
	}
	if len(got.Packages) != 1 || got.Packages[0].Package["x"] != "y" || got.Packages[0].ZoneDraws != r.Packages[0].Zone || len(got.Packages[0].Utilities) != 2 {
		t.Errorf("packages %+v", got.Packages)
	}
	if len(got.Tipping) != 3 { // a's reservation ends both zones, the threshold the ratifiable one
		t.Fatalf("tipping points %+v", got.Tipping)
	}
	for _, tp := range got.Tipping {
		if tp.Change != "vanishes" || tp.Sentence == "" {
			t.Errorf("tipping point %+v", tp)
		}
	}
	if len(got.Sensitivity) != 2 || len(got.Parameters) != 2 || got.Parameters[0].Low == nil {
		t.Errorf("sensitivity %+v, parameters %+v", got.Sensitivity, got.Parameters)
	}
}
