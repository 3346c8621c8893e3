package analysis

import (
	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
)

// politics is what the agreement zone needs beyond exact reservation
// values: each profile's acceptance tolerance (entente.Tolerance, but for
// profiles under the genius convention, which compare exactly), the
// scenario's rules (which parties a package needs), its blocs (which accept
// by their members' rule), its red lines (packages a party never accepts,
// or a constituency never ratifies) and its constituencies (which must
// ratify).
type politics struct {
	s     *entente.Scenario
	set   *ratify.Set // nil for a sub-negotiation
	pos   []int       // by scenario party: its position among the analysed parties, or -1
	bloc  []bool      // by scenario party
	red   []bool      // by scenario party: it has red lines
	tol   []float64   // by scenario party: its acceptance tolerance
	rules bool
	cons  int
	// sub: a sub-negotiation (not every party analysed), which ignores
	// rules, blocs, red lines and constituencies and keeps the tolerance.
	sub bool
	// real: rules, blocs, red lines or constituencies apply.
	real bool
}

// applied reports whether rules, blocs, red lines or constituencies apply
// (Result.Politics).
func (pol *politics) applied() bool { return pol != nil && pol.real }

// newPolitics returns the politics of a scenario analysed for these
// parties, or nil when the zone is every analysed party reaching its
// acceptance bar (inZone with Result.bar: its reservation value less its
// tolerance): no rules, blocs, red lines or constituencies.
// A sub-negotiation (not all of the scenario's parties) ignores rules,
// blocs, red lines and constituencies.
func newPolitics(s *entente.Scenario, parties []int) (*politics, error) {
	blocs := false
	for p := range s.Parties {
		if s.Parties[p].Bloc != nil {
			blocs = true
		}
	}
	sub := len(parties) != len(s.Parties)
	real := !sub && (len(s.Rules) > 0 || blocs || len(s.Constituencies) > 0 || s.HasRedLines())
	if !real {
		// The zone depends on the utilities alone: each analysed party's
		// reservation value less its tolerance (Result.bar).
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
	pol := &politics{s: s, pos: pos, bloc: make([]bool, len(s.Parties)), red: make([]bool, len(s.Parties)), tol: make([]float64, len(s.Parties)), sub: sub, real: real}
	for p := range s.Parties {
		pol.tol[p] = s.Parties[p].Preferences.AcceptTolerance()
	}
	if sub {
		return pol, nil
	}
	set, err := ratify.Compile(s)
	if err != nil {
		return nil, err
	}
	pol.set, pol.rules, pol.cons = set, len(s.Rules) > 0, len(s.Constituencies)
	for p := range s.Parties {
		pol.bloc[p] = s.Parties[p].Bloc != nil
		pol.red[p] = len(s.Parties[p].RedLines) > 0
	}
	return pol, nil
}

// judge is one goroutine's view of the politics, with its own buffer.
type judge struct {
	*politics
	rv   []float64 // by analysed position
	need []bool    // by scenario party
}

func (pol *politics) judge(rv []float64) *judge {
	if pol == nil {
		return nil
	}
	j := &judge{politics: pol, rv: rv, need: make([]bool, len(pol.pos))}
	for p := range j.need {
		j.need[p] = pol.pos[p] >= 0 || !pol.sub
	}
	return j
}

// zone reports whether every party package o needs accepts it: a bloc by
// its rule, any other party when its utility reaches its reservation
// (entente.Reaches); no party accepts a package across one of its red
// lines. It is the acceptability predicate of the agreement zone.
func (j *judge) zone(o entente.Outcome, u []float64) bool {
	need := j.need
	if j.rules {
		need = j.s.Required(o, need)
	}
	blocs := false
	for p, n := range need {
		if !n {
			continue
		}
		if j.bloc[p] {
			blocs = true
			continue
		}
		if q := j.pos[p]; !entente.ReachesWithin(u[q], j.rv[q], j.tol[p]) {
			return false
		}
		if j.red[p] && entente.Crossed(j.s.Parties[p].RedLines, o) >= 0 {
			return false
		}
	}
	if blocs {
		for p, n := range need {
			if n && j.bloc[p] && !j.set.Accepts(p, o) {
				return false
			}
		}
	}
	return true
}

// ratified reports whether every constituency lets o pass.
func (j *judge) ratified(o entente.Outcome) bool { return j.sub || j.set.All(o) }
