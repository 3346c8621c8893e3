package native_test

import (
	"math"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// structuralSrc uses every key added for structural uncertainty, red
// lines, correlated guarantors and limits.
const structuralSrc = `entente: 1
name: structural
guarantors:
  - name: patron
    credibility: {value: 0.6, range: [0.4, 0.8]}
  - name: ally
    credibility: {value: 0.7, range: [0.5, 0.9], source: pledges}
    follows: [patron]
    alone: {value: 0.2, range: [0.1, 0.3], note: needs the patron}
  - name: neighbour
    credibility: 0.5
issues:
  - name: border
    options: [held, frozen, ceded]
  - name: guard
    options: [none, joint]
    guarantees:
      joint: {guarantors: [patron, ally, neighbour], required: {value: 2, range: [1, 3], note: two must act}}
parties:
  - name: west
    weights: {border: 0.5, guard: 0.5}
    values:
      border: {held: 1, frozen: 0.6, ceded: 0}
      guard: {guarantee: {scale: {value: 0.9, range: [0.8, 1]}, offset: {value: 0.1, range: [0, 0.2]}, none: {value: 0.1, range: [0, 0.2]}}}
    reservation: 0.3
    red_lines:
      - name: no cession
        description: the constitution forbids it
        when: {border: ceded}
  - name: east
    weights: {border: 0.7, guard: 0.3}
    values:
      border: {held: 0, frozen: 0.5, ceded: 1}
      guard: {none: 1, joint: 0}
    reservation: 0.2
constituencies:
  - name: vote
    party: west
    threshold: {value: 0.5, range: [0.4, 0.6]}
    red_lines:
      - name: no foreign troops
        when: [{guard: joint, border: held}]
    voters:
      - name: all
        share: 1
        weights: {border: 0.5, guard: 0.5}
        values:
          border: {held: 1, frozen: 0.5, ceded: 0}
          guard: {guarantee: {}}
        reservation: {value: 0.5, dist: normal, sd: 0.1, range: [0.1, 0.9], centre_range: [0.4, 0.6], sd_range: [0.05, 0.15]}
limits:
  - The guarantors' pledges are untested.
  - Only two issues.
`

func TestStructuralKeys(t *testing.T) {
	s, _, err := native.Decode(entente.Source{Name: "st.yaml", Data: []byte(structuralSrc)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g := s.Guarantors[1]; len(g.Follows) != 1 || g.Follows[0] != 0 || g.Alone != 0.2 {
		t.Errorf("ally: follows %v alone %v", g.Follows, g.Alone)
	}
	if r := s.Parties[0].RedLines; len(r) != 1 || r[0].Name != "no cession" || !r[0].Crosses(entente.Outcome{2, 0}) || r[0].Crosses(entente.Outcome{1, 0}) {
		t.Errorf("west's red lines: %+v", r)
	}
	if r := s.Constituencies[0].RedLines; len(r) != 1 || !r[0].Crosses(entente.Outcome{0, 1}) || r[0].Crosses(entente.Outcome{1, 1}) {
		t.Errorf("the vote's red lines: %+v", r)
	}
	if len(s.Limits) != 2 || s.Limits[1] != "Only two issues." {
		t.Errorf("limits %q", s.Limits)
	}
	want := map[entente.RefKind]float64{entente.RefRequired: 2, entente.RefGuaranteeScale: 0.9, entente.RefGuaranteeOffset: 0.1,
		entente.RefGuaranteeNone: 0.1, entente.RefCentre: 0.5, entente.RefSpread: 0.1, entente.RefAlone: 0.2, entente.RefThreshold: 0.5}
	for _, p := range s.Params {
		if v, ok := want[p.Ref.Kind]; ok {
			if got := s.Get(p.Ref); got != v || !p.Ranged {
				t.Errorf("%s (%v): %v, ranged %v; want %v", p.Field, p.Ref.Kind, got, p.Ranged, v)
			}
			if p.Ref.Kind.Structural() != (p.Ref.Kind != entente.RefAlone) {
				t.Errorf("%v: structural %v", p.Ref.Kind, p.Ref.Kind.Structural())
			}
			delete(want, p.Ref.Kind)
		}
	}
	if len(want) > 0 {
		t.Errorf("no Param for %v", want)
	}
	// The joint guarantee, by hand: the patron acts with 0.6; the ally
	// with 0.7 if the patron does, 0.2 if not; the neighbour with 0.5.
	// P(at least 2) = 0.6·P(ally+neighbour >= 1 | 0.7, 0.5) + 0.4·P(both | 0.2, 0.5)
	//               = 0.6·(1 − 0.3·0.5) + 0.4·(0.2·0.5) = 0.51 + 0.04 = 0.55.
	if got := s.GuaranteeValue(1, 1); math.Abs(got-0.55) > 1e-12 {
		t.Errorf("joint guarantee worth %v, want 0.55", got)
	}
	for _, f := range []native.Format{native.YAML, native.JSON} {
		roundTrip(t, s, f)
	}
	sch := compileSchema(t)
	if err := sch.Validate(yamlToJSON(t, []byte(structuralSrc))); err != nil {
		t.Errorf("the schema rejects the new keys: %v", err)
	}
}

func TestStructuralErrors(t *testing.T) {
	for _, tc := range []struct{ name, old, new, want string }{
		{"alone without follows", "    credibility: 0.5\nissues", "    credibility: 0.5\n    alone: 0.3\nissues", "guarantors[2].alone: only a guarantor that follows others"},
		{"follows without alone", "    alone: {value: 0.2, range: [0.1, 0.3], note: needs the patron}\n", "", "guarantors[1].alone: missing"},
		{"unknown guarantor followed", "follows: [patron]", "follows: [patrons]", `unknown guarantor "patrons"`},
		{"followed guarantor follows", "  - name: neighbour\n    credibility: 0.5", "  - name: neighbour\n    credibility: 0.5\n    follows: [ally]\n    alone: 0.1", `guarantor "ally" follows others itself`},
		{"required not whole", "required: {value: 2, range: [1, 3]", "required: {value: 2.5, range: [1, 3]", "required"},
		{"required range too wide", "range: [1, 3], note: two must act", "range: [1, 4], note: two must act", "reaches above the 3 guarantors"},
		{"red line without region", "        when: {border: ceded}\n", "", "red_lines[0].when: missing"},
		{"red line unknown option", "when: {border: ceded}", "when: {border: cede}", `unknown option "cede"`},
		{"centre range on a party", "reservation: 0.3\n    red_lines", "reservation: {value: 0.3, centre_range: [0.2, 0.4]}\n    red_lines", `unknown key "centre_range"`},
		{"centre range without a normal spread", "dist: normal, sd: 0.1, range: [0.1, 0.9], centre_range", "range: [0.1, 0.9], centre_range", "only a voter group's walk-away value with a normal spread"},
		{"empty limit", "  - Only two issues.", "  - ''", "limits[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(structuralSrc, tc.old) {
				t.Fatalf("%q is not in the source", tc.old)
			}
			src := strings.Replace(structuralSrc, tc.old, tc.new, 1)
			_, _, err := native.Decode(entente.Source{Name: "st.yaml", Data: []byte(src)}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
