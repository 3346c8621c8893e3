package analysis

import (
	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
)

// politics is what the agreement zone needs beyond reservation values: the
// scenario's rules (which parties a package needs), its blocs (which accept
// by their members' rule) and its constituencies (which must ratify).
type politics struct {
	s    *entente.Scenario
	set  *ratify.Set
	pos  []int  // by scenario party: its position among the analysed parties
	bloc []bool // by scenario party
	cons int
}

// newPolitics returns the politics of a scenario analysed for these
// parties, or nil when there are none or when the parties are not all of
// the scenario's (a sub-negotiation ignores rules, blocs and
// constituencies).
func newPolitics(s *entente.Scenario, parties []int) (*politics, error) {
	blocs := false
	for p := range s.Parties {
		if s.Parties[p].Bloc != nil {
			blocs = true
		}
	}
	if len(s.Rules) == 0 && !blocs && len(s.Constituencies) == 0 {
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
	pol := &politics{s: s, set: set, pos: pos, bloc: make([]bool, len(s.Parties)), cons: len(s.Constituencies)}
	for p := range s.Parties {
		pol.bloc[p] = s.Parties[p].Bloc != nil
	}
	return pol, nil
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
// reservation value.
func (j *judge) zone(o entente.Outcome, u []float64) bool {
	for p, q := range j.pos {
		j.yes[p] = j.bloc[p] || u[q] >= j.rv[q]
	}
	return j.set.Agreed(o, j.yes, j.need)
}

// ratified reports whether every constituency lets o pass.
func (j *judge) ratified(o entente.Outcome) bool { return j.set.All(o) }
