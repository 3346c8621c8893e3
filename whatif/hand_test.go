package whatif_test

import (
	"math"
	"testing"

	"github.com/entente/entente/whatif"
)

// Small scenarios whose zones, Nash packages, margins and rescaled weights
// are worked out by hand in the comments.

// oneIssue: one issue x = a, b or c; P values them 1, 0.6, 0 and Q 0, 0.5,
// 1; both walk away below 0.4. Only b (P 0.6, Q 0.5) is in the zone; its
// Nash product is (0.6-0.4)(0.5-0.4) = 0.02. P never accepts c across a
// red line.
const oneIssue = `entente: 1
name: one issue
issues:
  - name: x
    options: [a, b, c]
parties:
  - name: P
    weights: {x: 1}
    values:
      x: {a: 1, b: 0.6, c: {value: 0, range: [0, 0.5]}}
    reservation: {value: 0.4, range: [0.3, 0.5]}
    red_lines:
      - name: never c
        when: {x: c}
  - name: Q
    weights: {x: 1}
    values:
      x: {a: 0, b: 0.5, c: 1}
    reservation: {value: 0.4, range: [0.3, 0.7]}
`

func TestHandOneIssue(t *testing.T) {
	ws := workspace(t, decode(t, oneIssue), whatif.Options{})
	for _, tc := range []struct {
		v           whatif.Variant
		zone        uint64
		nash        string // the option of the Nash package ("" for none)
		value       float64
		redLineZone uint64 // the packages "never c" alone keeps out
	}{
		{whatif.Variant{}, 1, "b", 0.2 * 0.1, 0},
		// Q walks away below 0.6: b (0.5 for Q) leaves the zone, and a and
		// c are below P's 0.4 or across its red line: no zone.
		{variant("Q keener", "parties[1].reservation", 0.6), 0, "", 0, 0},
		// P values c at 0.5: c would be in the zone (0.5 >= 0.4, Q 1) but
		// for P's red line, which keeps it out: the zone is still {b}.
		{variant("c better", "parties[0].values.x.c", 0.5), 1, "b", 0.2 * 0.1, 1},
		// Both: without the red line c alone (P 0.5, Q 1 >= 0.6).
		{variant("both", "parties[0].values.x.c", 0.5, "parties[1].reservation", 0.6), 0, "", 0, 1},
	} {
		r := evaluate(t, ws, tc.v)
		if r.Zone != tc.zone || r.Ratifiable != tc.zone {
			t.Errorf("%s: zones %d/%d, want %d", tc.v.Name, r.Zone, r.Ratifiable, tc.zone)
		}
		switch {
		case tc.nash == "" && r.Nash != nil:
			t.Errorf("%s: Nash %v, want none", tc.v.Name, r.Nash.Values)
		case tc.nash != "" && (r.Nash == nil || r.Nash.Values["x"] != tc.nash || math.Abs(r.Nash.Value-tc.value) > 1e-15):
			t.Errorf("%s: Nash %+v, want x = %s with product %v", tc.v.Name, r.Nash, tc.nash, tc.value)
		}
		if l := r.RedLines[0]; l.Name != "never c" || l.Owner != "P" || !l.Party || l.Zone != tc.redLineZone || l.Ratifiable != tc.redLineZone {
			t.Errorf("%s: red line %+v, want it to keep %d out", tc.v.Name, l, tc.redLineZone)
		}
	}
}

// twoIssues: x and y, each lo or hi. P values hi at 1 and lo at 0 on both,
// with weights 0.5 and 0.5 (summing to 1); Q the reverse; P walks away
// below 0.6, Q below 0.4. Packages (P, Q): lo lo (0, 1), lo hi and hi lo
// (0.5, 0.5), hi hi (1, 0): P's 0.6 needs hi hi, where Q gets 0: no zone.
//
// Setting P's weight of x to 0.8 rescales P's weights to 0.8/1.3 and
// 0.5/1.3 (still summing to 1): hi lo gives P 0.8/1.3 = 0.615... >= 0.6
// and Q 0.5: the zone is {hi lo}, with Nash product (0.8/1.3-0.6)(0.1).
const twoIssues = `entente: 1
name: two issues
issues:
  - name: x
    options: [lo, hi]
  - name: y
    options: [lo, hi]
parties:
  - name: P
    weights: {x: {value: 0.5, range: [0.2, 0.8]}, y: {value: 0.5, range: [0.2, 0.8]}}
    values:
      x: {lo: 0, hi: 1}
      y: {lo: 0, hi: 1}
    reservation: 0.6
  - name: Q
    weights: {x: 0.5, y: 0.5}
    values:
      x: {lo: 1, hi: 0}
      y: {lo: 1, hi: 0}
    reservation: 0.4
`

func TestHandRescaling(t *testing.T) {
	ws := workspace(t, decode(t, twoIssues), whatif.Options{})
	if r := evaluate(t, ws, whatif.Variant{}); r.Zone != 0 || r.Nash != nil {
		t.Fatalf("as written: zone %d, want 0", r.Zone)
	}
	r := evaluate(t, ws, variant("x first", "parties[0].weights.x", 0.8))
	wx, wy := 0.8/1.3, 0.5/1.3
	if r.Zone != 1 || r.Nash == nil || r.Nash.Values["x"] != "hi" || r.Nash.Values["y"] != "lo" {
		t.Fatalf("zone %d, Nash %+v; want {x hi, y lo}", r.Zone, r.Nash)
	}
	if math.Abs(r.Nash.Utilities[0]-wx) > 1e-15 || math.Abs(r.Nash.Value-(wx-0.6)*0.1) > 1e-15 {
		t.Errorf("P's utility %v and Nash product %v; want %v and %v", r.Nash.Utilities[0], r.Nash.Value, wx, (wx-0.6)*0.1)
	}
	if len(r.Changes) != 2 {
		t.Fatalf("changes %+v; want both of P's weights", r.Changes)
	}
	x, y := r.Changes[0], r.Changes[1]
	if x.Key != "parties[0].weights.x" || !x.Set || x.Asked != 0.8 || math.Abs(x.Value-wx) > 1e-15 || x.Assumption != whatif.Within {
		t.Errorf("weight of x: %+v, want asked 0.8, rescaled to %v", x, wx)
	}
	if y.Key != "parties[0].weights.y" || y.Set || math.Abs(y.Value-wy) > 1e-15 || y.Assumption != whatif.Rescaled {
		t.Errorf("weight of y: %+v, want rescaled to %v", y, wy)
	}

	// With free weights nothing is rescaled: 0.3 and 0.5 give P at most
	// 0.8 (hi hi, where Q has 0) and 0.5 elsewhere: no zone.
	s := decode(t, twoIssues)
	s.Parties[0].Preferences.FreeWeights = true
	ws = workspace(t, s, whatif.Options{})
	r = evaluate(t, ws, variant("x less", "parties[0].weights.x", 0.3))
	if r.Zone != 0 || len(r.Changes) != 1 || r.Changes[0].Value != 0.3 {
		t.Errorf("free weights: zone %d, changes %+v; want 0 and the weight of x alone, at 0.3", r.Zone, r.Changes)
	}
}

// ratification: one issue x = a or b; P values them 1 and 0.8, Q 0.6 and
// 1, both walk away below 0.5: both packages are in the zone, and Nash
// prefers b ((0.3)(0.5) = 0.15 against (0.5)(0.1) = 0.05). P's voters
// ratify: the hawks (share 0.6) approve a only, the doves (0.4) b only, and
// 0.5 must approve: a passes (approval 0.6, margin 0.1), b does not (0.4,
// margin -0.1). So the ratifiable zone is {a}.
const ratification = `entente: 1
name: ratification
issues:
  - name: x
    options: [a, b]
parties:
  - name: P
    weights: {x: 1}
    values:
      x: {a: 1, b: 0.8}
    reservation: 0.5
  - name: Q
    weights: {x: 1}
    values:
      x: {a: 0.6, b: 1}
    reservation: 0.5
constituencies:
  - name: K
    party: P
    threshold: 0.5
    voters:
      - name: hawks
        share: {value: 0.6, range: [0.4, 0.7]}
        weights: {x: 1}
        values:
          x: {a: 1, b: 0}
        reservation: 0.5
      - name: doves
        share: {value: 0.4, range: [0.3, 0.7]}
        weights: {x: 1}
        values:
          x: {a: 0, b: 1}
        reservation: 0.5
`

func TestHandRatification(t *testing.T) {
	ws := workspace(t, decode(t, ratification), whatif.Options{})
	for _, tc := range []struct {
		v                 whatif.Variant
		ratifiable        uint64
		ratNash           string
		approvalA, margin float64 // K at the ratifiable Nash package
		approvalB         float64 // K at the Nash package (b)
	}{
		{whatif.Variant{}, 1, "a", 0.6, 0.1, 0.4},
		// A two-thirds threshold: neither passes.
		{variant("two thirds", "constituencies[0].threshold", 0.65), 0, "", 0, 0, 0.4},
		// The doves grow to 0.6: shares renormalised to 0.5 and 0.5, both
		// pass with margin 0, and Nash is b.
		{variant("doves", "constituencies[0].voters[1].share", 0.6), 2, "b", 0.5, 0, 0.5},
	} {
		r := evaluate(t, ws, tc.v)
		if r.Zone != 2 || r.Nash == nil || r.Nash.Values["x"] != "b" || math.Abs(r.Nash.Value-0.15) > 1e-15 {
			t.Fatalf("%s: zone %d, Nash %+v; want 2 and b (0.15)", tc.v.Name, r.Zone, r.Nash)
		}
		if k := r.Nash.Constituencies[0]; math.Abs(k.Approval-tc.approvalB) > 1e-15 || k.Ratifies != (tc.ratifiable == 2) || !k.Applies {
			t.Errorf("%s: K at b %+v, want approval %v", tc.v.Name, k, tc.approvalB)
		}
		if r.Ratifiable != tc.ratifiable {
			t.Errorf("%s: ratifiable zone %d, want %d", tc.v.Name, r.Ratifiable, tc.ratifiable)
		}
		if tc.ratNash == "" {
			if r.RatifiableNash != nil {
				t.Errorf("%s: ratifiable Nash %v, want none", tc.v.Name, r.RatifiableNash.Values)
			}
			continue
		}
		p := r.RatifiableNash
		if p == nil || p.Values["x"] != tc.ratNash || !p.Ratified {
			t.Fatalf("%s: ratifiable Nash %+v, want %s", tc.v.Name, p, tc.ratNash)
		}
		k := p.Constituencies[0]
		if k.Constituency != "K" || k.Party != "P" || math.Abs(k.Approval-tc.approvalA) > 1e-15 || math.Abs(k.Margin-tc.margin) > 1e-15 || !k.Ratifies {
			t.Errorf("%s: K at %s %+v, want approval %v, margin %v", tc.v.Name, tc.ratNash, k, tc.approvalA, tc.margin)
		}
		for _, pv := range p.Parties {
			if !pv.Needed || !pv.Accepts || math.Abs(pv.Margin-(pv.Utility-0.5)) > 1e-15 {
				t.Errorf("%s: %+v", tc.v.Name, pv)
			}
		}
	}
}
