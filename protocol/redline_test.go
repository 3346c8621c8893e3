package protocol_test

import (
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
)

// needed is docs/analyze.md's Scenario.Required, written here (inZone
// uses it too): the parties of the unanimity rules (every party without
// one) and those of each affected rule whose issues the package settles.
func needed(s *entente.Scenario, o entente.Outcome) []bool {
	need := make([]bool, len(s.Parties))
	unanimity := false
	for _, r := range s.Rules {
		if r.Kind != entente.Unanimity {
			continue
		}
		unanimity = true
		for _, p := range r.Parties {
			need[p] = true
		}
		if len(r.Parties) == 0 {
			for p := range need {
				need[p] = true
			}
		}
	}
	if !unanimity {
		for p := range need {
			need[p] = true
		}
	}
	for _, r := range s.Rules {
		if r.Kind != entente.Affected {
			continue
		}
		for _, i := range r.Issues {
			if is := &s.Issues[i]; is.Unsettled == "" || is.Options[int(o[i])] != is.Unsettled {
				for _, p := range r.Parties {
					need[p] = true
				}
			}
		}
	}
	return need
}

// across reports whether package o lies in one of the red lines' boxes.
func across(lines []entente.RedLine, o entente.Outcome) bool {
	for _, l := range lines {
		for _, b := range l.Boxes {
			in := true
			for _, c := range b {
				hit := false
				for _, k := range c.Options {
					hit = hit || int(o[c.Issue]) == k
				}
				in = in && hit
			}
			if in {
				return true
			}
		}
	}
	return false
}

// TestAgreementsNeverCrossARedLine is the property of issue 13 for
// simulated negotiation: whatever the protocol and the strategies (blind
// ones too, which offer and accept across red lines), no agreement crosses
// a red line of a party it needs, and no agreement that stands crosses a
// red line of a constituency whose region it lies in. Walk-away values are
// low, so that without the red lines most packages would be agreed.
func TestAgreementsNeverCrossARedLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 12))
	cache := negotiator.NewCache()
	scenarios := 30
	if testing.Short() {
		scenarios = 8
	}
	agreed, tried := 0, 0
	for k := range scenarios {
		s := politicalScenario(rng)
		box := func() entente.Box {
			i := rng.IntN(len(s.Issues))
			return entente.Box{{Issue: i, Options: []int{rng.IntN(len(s.Issues[i].Options))}}}
		}
		for p := range s.Parties {
			s.Parties[p].Preferences.Reservation = 0
			if b := s.Parties[p].Bloc; b != nil {
				for m := range b.Members {
					b.Members[m].Preferences.Reservation = 0
				}
			}
			s.Parties[p].RedLines = []entente.RedLine{{Name: "line", Boxes: []entente.Box{box()}}}
		}
		for c := range s.Constituencies {
			s.Constituencies[c].RedLines = []entente.RedLine{{Name: "constitution", Boxes: []entente.Box{box()}}}
		}
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("scenario %d: %v", k, errs)
		}
		for _, proto := range []string{"offers", "accept", "compare"} {
			for j, spec := range []string{"conceder", "random", "linear", "conceder:aware=all"} {
				specs := make([]string, len(s.Parties))
				for p := range specs {
					specs[p] = spec
				}
				r := session(t, s, proto, []string{"random", "hillclimb"}[j%2], specs, uint64(k*10+j), protocol.DiscloseAll, cache)
				for _, e := range r.Events {
					if (e.Kind == protocol.Offered || e.Kind == protocol.Accepted || e.Kind == protocol.Proposed) && e.Outcome != nil {
						for p := range s.Parties {
							if across(s.Parties[p].RedLines, e.Outcome) {
								tried++
							}
						}
					}
				}
				if r.Status != protocol.Agreement {
					continue
				}
				agreed++
				o := r.Agreement
				need := needed(s, o)
				for p := range s.Parties {
					if need[p] && across(s.Parties[p].RedLines, o) {
						t.Errorf("scenario %d, %s, %s: agreement on %v across %s's red line", k, proto, spec, s.Package(o), s.Parties[p].Name)
					}
				}
				if !r.Stands {
					continue
				}
				for c := range s.Constituencies {
					co := &s.Constituencies[c]
					if co.NeedsRatification(o) && across(co.RedLines, o) {
						t.Errorf("scenario %d, %s, %s: the agreement on %v stands across %s's red line", k, proto, spec, s.Package(o), co.Name)
					}
				}
			}
		}
	}
	t.Logf("%d agreements; %d packages put forward across a red line", agreed, tried)
	if agreed < 50 || tried < 50 {
		t.Errorf("%d agreements and %d packages across red lines: the property is hardly tested", agreed, tried)
	}
}
