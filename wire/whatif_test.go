package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/entente/entente/load"
	"github.com/entente/entente/whatif"
)

// flagshipWorkspace is a what-if workspace of the flagship.
func flagshipWorkspace(t *testing.T) *whatif.Workspace {
	t.Helper()
	res, err := load.Example("ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := whatif.New(res.Scenario, whatif.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// encodeMap writes a document and reads it back as generic JSON.
func encodeMap(t *testing.T, doc any) (map[string]any, string) {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, doc); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m, b.String()
}

// TestWhatIfDocs: the documents of the flagship's controls, of a
// variant's evaluation and of a comparison where one variant has no
// ratifiable package encode with their documented keys, null where a zone
// is empty, and lists, not null, where nothing is listed.
func TestWhatIfDocs(t *testing.T) {
	ws := flagshipWorkspace(t)
	s := ws.Scenario()
	ctx := context.Background()

	ctrls, _ := encodeMap(t, Controls(s, ws.Controls()))
	list := ctrls["controls"].([]any)
	if ctrls["version"] != float64(ControlsVersion) || len(list) != len(ws.Controls()) {
		t.Fatalf("controls: version %v, %d controls", ctrls["version"], len(list))
	}
	first := list[0].(map[string]any)
	if first["key"] != "guarantors[0].credibility" || first["range"].(map[string]any)["low"] != 0.15 {
		t.Errorf("first control %v", first)
	}
	for _, c := range list {
		w := c.(map[string]any)["widget"].(map[string]any)
		if c.(map[string]any)["quantity"] == "weight" && (w["limit_min"] != 0.0 || w["limit_max"] != nil) {
			t.Errorf("a weight's limits %v, %v; want 0 and null", w["limit_min"], w["limit_max"])
		}
	}

	nominal, err := ws.Evaluate(ctx, whatif.Variant{Name: "as written"})
	if err != nil {
		t.Fatal(err)
	}
	unanimous, err := ws.Evaluate(ctx, whatif.Variant{Name: "Europe unanimous", Set: []whatif.Override{{Key: "parties[3].bloc.threshold", Value: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	doc, text := encodeMap(t, WhatIf(unanimous))
	for _, k := range []string{"version", "variant", "scenario", "parties", "changes", "outside_assumptions", "warnings", "outcomes",
		"resolution", "agreement_zone", "ratifiable_zone", "constituencies", "nash", "ratifiable_nash", "red_lines"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in %.300s", k, text)
		}
	}
	if doc["ratifiable_nash"] != nil || doc["nash"] == nil || !strings.Contains(text, `"warnings": []`) {
		t.Errorf("ratifiable Nash %v (want null), Nash %v, warnings %v", doc["ratifiable_nash"], doc["nash"] != nil, doc["warnings"])
	}
	nash := doc["nash"].(map[string]any)
	europe := nash["parties"].([]any)[3].(map[string]any)
	if europe["bloc"].(map[string]any)["threshold"] != 1.0 || nash["parties"].([]any)[0].(map[string]any)["bloc"] != nil {
		t.Errorf("Europe's vote %v", europe["bloc"])
	}
	ch := doc["changes"].([]any)[0].(map[string]any)
	if ch["key"] != "parties[3].bloc.threshold" || ch["assumption"] != "within" || ch["value"] != 1.0 || ch["nominal"] != 0.75 {
		t.Errorf("change %v", ch)
	}

	c, err := ws.Compare(nominal, unanimous)
	if err != nil {
		t.Fatal(err)
	}
	_, text = encodeMap(t, Comparison(c))
	compact := strings.Join(strings.Fields(text), "")
	for _, want := range []string{`"variants":["aswritten","Europeunanimous"]`, `"ratifiable_zone":{"values":[4,0],"differs":true}`,
		`"assumption":["","within"]`, `"threshold":[0.5,0.5]`, `"margin":[`} {
		if !strings.Contains(compact, want) {
			t.Errorf("the comparison lacks %s:\n%.2000s", want, compact)
		}
	}
	// The ratifiable Nash package: an index, then null.
	var back ComparisonDoc
	if err := json.Unmarshal([]byte(text), &back); err != nil {
		t.Fatal(err)
	}
	if ix := back.RatifiableNash.Index; len(ix) != 2 || ix[0] == nil || ix[1] != nil || back.Margins[0].Margin[1] != nil {
		t.Errorf("ratifiable Nash index %v, margins %+v", ix, back.Margins[0])
	}
}

// TestVariantDocRoundTrip: a variant written as a document and read back
// is the same variant, its numbers named by key whether it named them by
// key or by Ref.
func TestVariantDocRoundTrip(t *testing.T) {
	ws := flagshipWorkspace(t)
	ref, err := ws.Ref("parties[2].weights.Donbas")
	if err != nil {
		t.Fatal(err)
	}
	v := whatif.Variant{Name: "two", AllowOutside: true, Set: []whatif.Override{
		{Key: "guarantors[0].credibility", Value: 0.5}, {Ref: ref, Value: 0.3}}}
	var b bytes.Buffer
	if err := Encode(&b, Variant(ws.Scenario(), v)); err != nil {
		t.Fatal(err)
	}
	var d VariantDoc
	if err := json.Unmarshal(b.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	want := v
	want.Set = []whatif.Override{{Key: "guarantors[0].credibility", Value: 0.5}, {Key: "parties[2].weights.Donbas", Value: 0.3}}
	if got := d.Variant(); !reflect.DeepEqual(got, want) || d.Version != VariantVersion {
		t.Errorf("read back %+v (version %d), want %+v", got, d.Version, want)
	}
	// Both forms evaluate alike.
	a, err := ws.Evaluate(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := ws.Evaluate(context.Background(), d.Variant())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b2) {
		t.Error("the variant read back evaluates differently")
	}
}
