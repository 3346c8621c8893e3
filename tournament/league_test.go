package tournament

import (
	"math"
	"testing"
)

// rec builds a record of a bilateral session.
func rec(proto, a, b string, rep int, da, db float64, agreed, stands bool, welfare float64) Record {
	status := "deadline"
	if agreed {
		status = "agreement"
	}
	return Record{Scenario: "s", Protocol: proto, Roles: []string{a, b}, Repetition: rep, Status: status, Agreement: agreed, Stands: stands,
		Discounted: []float64{da, db}, SocialWelfare: welfare, ParetoDistance: 0, NashDistance: math.NaN()}
}

func near(t *testing.T, what string, e Estimate, mean, low, high float64, n int, method string) {
	t.Helper()
	if math.Abs(e.Mean-mean) > 1e-12 || math.Abs(e.Low-low) > 1e-9 || math.Abs(e.High-high) > 1e-9 || e.N != n || e.Method != method {
		t.Errorf("%s: %+v, want mean %v [%v, %v] over %d (%q)", what, e, mean, low, high, n, method)
	}
}

// TestLeagueByHand checks Summarise against a table worked out by hand
// (the numbers below come from the formulas, not from the code): matches
// are the units, repetitions are averaged first, protocols apart.
func TestLeagueByHand(t *testing.T) {
	const offers, mediated = "offers", "mediated/accept/hillclimb"
	rs := []Record{
		// Match 1, A against B: two identical repetitions count once.
		rec(offers, "A", "B", 0, 0.6, 0.4, true, true, 1.0),
		rec(offers, "A", "B", 1, 0.6, 0.4, true, true, 1.0),
		// Match 2, B against A: one ratified-less agreement, one deadline.
		rec(offers, "B", "A", 0, 0.5, 0.3, true, false, 0.8),
		rec(offers, "B", "A", 1, 0.2, 0.2, false, false, 0.4),
		// Match 3, A against C: no agreement, A's walk-away is high.
		rec(offers, "A", "C", 0, 0.9, 0.1, false, false, 1.0),
		rec(offers, "A", "C", 1, 0.9, 0.1, false, false, 1.0),
		// Another protocol: a table of its own.
		rec(mediated, "A", "B", 0, 0.7, 0.1, true, true, 0.8),
		{Protocol: offers, Status: "error"},
	}
	l := Summarise(rs, 10, ByUtility)
	if l.Negotiations != 8 || l.Errors != 1 || l.Missing != 2 || len(l.Tables) != 2 {
		t.Fatalf("%d negotiations, %d errors, %d missing, %d tables", l.Negotiations, l.Errors, l.Missing, len(l.Tables))
	}
	o := l.Tables[0]
	if o.Protocol != offers || o.Negotiations != 6 || len(o.Standings) != 3 {
		t.Fatalf("offers table: %+v", o)
	}
	a, b, c := o.Standings[0], o.Standings[1], o.Standings[2]
	if a.Negotiator != "A" || b.Negotiator != "B" || c.Negotiator != "C" {
		t.Fatalf("order %s %s %s, want A B C by utility", a.Negotiator, b.Negotiator, c.Negotiator)
	}
	// A's utility over its matches: 0.6, (0.3+0.2)/2 = 0.25, 0.9; mean
	// 0.58333, sd 0.32532, se 0.18782, t(0.975, 2) = 4.30265.
	near(t, "A utility", a.Utility, 0.5833333333333334, -0.22480722875420855, 1.3914738954208752, 3, "t")
	// Agreements 1, 0.5, 0: shares that are not all 0 or 1, so t, clipped.
	near(t, "A agreements", a.Agreements, 0.5, 0, 1, 3, "t")
	// Ratified 1, 0, 0: every match always or never, so Wilson(1, 3).
	near(t, "A ratified", a.Ratified, 1.0/3, 0.06149194472039621, 0.7923403991979522, 3, "wilson")
	near(t, "A welfare", a.Welfare, 0.8666666666666667, 0.2929796360334047, 1.4403536972999287, 3, "t")
	if a.Played != 6 || a.Units != 3 || !math.IsNaN(a.Nash.Mean) {
		t.Errorf("A played %d in %d matches, Nash %v", a.Played, a.Units, a.Nash)
	}
	// B: 0.4 and (0.5+0.2)/2 = 0.35, t(0.975, 1) = 12.7062.
	near(t, "B utility", b.Utility, 0.375, 0.05734488159563228, 0.6926551184043677, 2, "t")
	near(t, "B ratified", b.Ratified, 0.5, 0.09453120573423074, 0.9054687942657693, 2, "wilson")
	// C played one match: no interval.
	near(t, "C utility", c.Utility, 0.1, 0.1, 0.1, 1, "")
	if len(o.Scenarios) != 1 || o.Cells[0][0].Mean != a.Utility.Mean {
		t.Errorf("heat map %v %+v", o.Scenarios, o.Cells)
	}
	m := l.Tables[1]
	if m.Protocol != mediated || len(m.Standings) != 2 || m.Standings[0].Negotiator != "A" {
		t.Fatalf("mediated table: %+v", m)
	}
	near(t, "mediated A agreements", m.Standings[0].Agreements, 1, 0.20654931437723745, 1, 1, "wilson")
	// Ranked by agreements that stand: B (0.5) before A (1/3) before C.
	r := Summarise(rs, 10, ByRatified).Tables[0]
	if r.Standings[0].Negotiator != "B" || r.Standings[1].Negotiator != "A" || r.Standings[2].Negotiator != "C" {
		t.Errorf("by ratified: %s %s %s", r.Standings[0].Negotiator, r.Standings[1].Negotiator, r.Standings[2].Negotiator)
	}
}

// TestLeagueSelfPlay: a negotiator playing both parties of a session is one
// unit, with the mean of its two utilities.
func TestLeagueSelfPlay(t *testing.T) {
	l := Summarise([]Record{rec("offers", "A", "A", 0, 0.6, 0.2, true, true, 0.8)}, 1, ByUtility)
	s := l.Tables[0].Standings
	if len(s) != 1 || s[0].Played != 1 || s[0].Units != 1 || math.Abs(s[0].Utility.Mean-0.4) > 1e-15 {
		t.Errorf("%+v", s)
	}
}
