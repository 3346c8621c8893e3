package whatif_test

import (
	"testing"

	"github.com/entente/entente/whatif"
)

// TestCompareHand compares the ratification scenario as written with a
// variant whose doves grow (see hand_test.go for the numbers).
func TestCompareHand(t *testing.T) {
	ws := workspace(t, decode(t, ratification), whatif.Options{})
	a := evaluate(t, ws, whatif.Variant{Name: "as written"})
	b := evaluate(t, ws, variant("doves", "constituencies[0].voters[1].share", 0.6))
	c, err := ws.Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Variants) != 2 || c.Variants[1] != "doves" {
		t.Fatalf("variants %v", c.Variants)
	}
	// Both shares differ: the doves' set to 0.6 then rescaled to 0.5, the
	// hawks' rescaled from 0.6 to 0.5.
	if len(c.Assumptions) != 2 {
		t.Fatalf("assumptions %+v", c.Assumptions)
	}
	hawks, doves := c.Assumptions[0], c.Assumptions[1]
	if hawks.Key != "constituencies[0].voters[0].share" || hawks.Nominal != 0.6 || hawks.Values[0] != 0.6 || hawks.Values[1] != 0.5 ||
		hawks.Set[1] || hawks.Assumption[0] != "" || hawks.Assumption[1] != whatif.Rescaled || !hawks.Differs {
		t.Errorf("hawks %+v", hawks)
	}
	if doves.Key != "constituencies[0].voters[1].share" || doves.Values[1] != 0.5 || !doves.Set[1] || doves.Assumption[1] != whatif.Within {
		t.Errorf("doves %+v", doves)
	}
	if c.Zone.Differs || c.Zone.Values[0] != 2 || !c.Ratifiable.Differs || c.Ratifiable.Values[1] != 2 {
		t.Errorf("zones %+v, ratifiable %+v", c.Zone, c.Ratifiable)
	}
	// The ratifiable Nash package moves from a to b; the Nash package over
	// the agreement zone stays b.
	if !c.RatifiableNash.Differs || c.RatifiableNash.Issues[0].Values[0] != "a" || c.RatifiableNash.Issues[0].Values[1] != "b" || !c.RatifiableNash.Issues[0].Differs {
		t.Errorf("ratifiable Nash %+v", c.RatifiableNash)
	}
	if c.Nash.Differs || c.Nash.Issues[0].Values[1] != "b" {
		t.Errorf("Nash %+v", c.Nash)
	}
	// K's margin for the ratifiable Nash package: 0.1 (a, hawks 0.6) and
	// 0 (b, doves 0.5); for the Nash package b: -0.1 and 0.
	m := c.Margins[0]
	if m.Constituency != "K" || *m.Margin[0] < 0.1-1e-15 || *m.Margin[0] > 0.1+1e-15 || *m.Margin[1] != 0 || !m.Differs || m.Threshold[1] != 0.5 {
		t.Errorf("margins %+v (%v, %v)", m, *m.Margin[0], *m.Margin[1])
	}
	zm := c.ZoneMargins[0]
	if *zm.Margin[0] > -0.1+1e-15 || *zm.Ratifies[0] || !*zm.Ratifies[1] {
		t.Errorf("zone margins %+v", zm)
	}
	// A result of another scenario is refused.
	other := workspace(t, decode(t, oneIssue), whatif.Options{})
	if _, err := ws.Compare(a, evaluate(t, other, whatif.Variant{})); err == nil {
		t.Error("a result of another scenario was compared")
	}
}
