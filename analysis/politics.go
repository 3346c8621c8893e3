package analysis

import (
	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
)

// politics is what the agreement zone needs beyond each party's acceptance
// bar (its reservation value less its tolerance, Result.bar): the
// scenario's rules (which parties a package needs), its blocs (which accept
// by their members' rule), its red lines (packages a party never accepts,
// or a constituency never ratifies) and its constituencies (which must
// ratify).
type politics struct {
	set  *ratify.Set
	pos  []int     // by scenario party: its position among the analysed parties
	bloc []bool    // by scenario party
	tol  []float64 // by scenario party: its acceptance tolerance
	cons int
}

// applied reports whether rules, blocs, red lines or constituencies apply
// (Result.Politics).
func (pol *politics) applied() bool { return pol != nil }

// newPolitics returns the politics of a scenario analysed for these
// parties, or nil when the zone is every analysed party reaching its
// acceptance bar (inZone with Result.bar): no rules, blocs, red lines or
// constituencies, or not all of the scenario's parties analysed (a
// sub-negotiation ignores rules, blocs, red lines and constituencies).
func newPolitics(s *entente.Scenario, parties []int) (*politics, error) {
	if !hasPolitics(s) {
		return nil, nil
	}
	if len(parties) != len(s.Parties) {
		return nil, nil
	}
	pos := make([]int, len(s.Parties))
	for p := range pos {
		pos[p] = -1
	}
	for j, p := range parties {
		if pos[p] >= 0 {
			return nil, nil // a party listed twice leaves another out
		}
		pos[p] = j
	}
	set, err := ratify.Compile(s)
	if err != nil {
		return nil, err
	}
	pol := &politics{set: set, pos: pos, bloc: make([]bool, len(s.Parties)), tol: make([]float64, len(s.Parties)), cons: len(s.Constituencies)}
	for p := range s.Parties {
		pol.bloc[p] = s.Parties[p].Bloc != nil
		pol.tol[p] = s.Parties[p].Preferences.AcceptTolerance()
	}
	return pol, nil
}

// hasPolitics reports whether s has rules, blocs, red lines or
// constituencies.
func hasPolitics(s *entente.Scenario) bool {
	for p := range s.Parties {
		if s.Parties[p].Bloc != nil {
			return true
		}
	}
	return len(s.Rules) > 0 || len(s.Constituencies) > 0 || s.HasRedLines()
}

// judge is one goroutine's view of the politics, with its own buffers.
type judge struct {
	*politics
	rv   []float64 // by analysed position
	yes  []bool    // by scenario party
	need []bool    // by scenario party
}

func (pol *politics) judge(rv []float64) *judge {
	if pol == nil {
		return nil
	}
	return &judge{politics: pol, rv: rv, yes: make([]bool, len(pol.pos)), need: make([]bool, len(pol.pos))}
}

// zone reports whether o is agreed by ratify.Set.Agreed, the definition the
// protocols' referee applies too: every party o needs accepts it, a bloc
// by its members' rule, any other party when its utility reaches its
// reservation value (entente.ReachesWithin its tolerance), and none across
// one of its red lines. It is the acceptability predicate of the
// agreement zone.
func (j *judge) zone(o entente.Outcome, u []float64) bool {
	for p, q := range j.pos {
		j.yes[p] = j.bloc[p] || entente.ReachesWithin(u[q], j.rv[q], j.tol[p])
	}
	return j.set.Agreed(o, j.yes, j.need)
}

// ratified reports whether every constituency lets o pass.
func (j *judge) ratified(o entente.Outcome) bool { return j.set.All(o) }
