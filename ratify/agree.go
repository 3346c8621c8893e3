package ratify

import "github.com/entente/entente"

// Agreed is the one definition of an agreement, shared by the exact
// analysis (its agreement zone) and by the referee of every protocol:
// package o is agreed when every party it needs under the scenario's rules
// (Scenario.Required: the parties of its unanimity rules, every party when
// there is none, and the parties of each affected rule whose issues o
// settles) says yes, and every needed party that is a bloc also accepts o
// by its members' rule (Accepts). No needed party agrees to a package that
// crosses one of its red lines, whatever its answer.
//
// yes[p] is party p's own answer. In an analysis it is whether p's utility
// reaches its reservation value, and true for a bloc (its members decide,
// not its collective utility); in a session it is whether p's negotiator
// accepted o. need is a buffer of one entry per party. Agreed does not
// allocate.
func (s *Set) Agreed(o entente.Outcome, yes, need []bool) bool {
	if s.plain {
		// No rules and no blocs: every party is needed, on its own word.
		for _, y := range yes {
			if !y {
				return false
			}
		}
		return true
	}
	need = s.s.Required(o, need)
	blocs := false
	for p, n := range need {
		if !n {
			continue
		}
		if !yes[p] || s.red[p] && entente.Crossed(s.s.Parties[p].RedLines, o) >= 0 {
			return false
		}
		blocs = blocs || s.blocs[p] != nil
	}
	if blocs {
		// The members' votes cost more than the answers: ask them last.
		for p, n := range need {
			if n && s.blocs[p] != nil && !s.Accepts(p, o) {
				return false
			}
		}
	}
	return true
}

// Consents reports whether party p, answering yes (see Agreed), consents to
// package o: never across one of its red lines; a bloc when it answers yes
// and its members accept o by its rule; any other party when it answers
// yes.
func (s *Set) Consents(p int, o entente.Outcome, yes bool) bool {
	if !yes || s.red[p] && entente.Crossed(s.s.Parties[p].RedLines, o) >= 0 {
		return false
	}
	return s.blocs[p] == nil || s.Accepts(p, o)
}

// Bloc reports whether party p is a bloc, whose members decide whether it
// accepts.
func (s *Set) Bloc(p int) bool { return s.blocs[p] != nil }

// Blocs reports whether some party is a bloc.
func (s *Set) Blocs() bool {
	for _, b := range s.blocs {
		if b != nil {
			return true
		}
	}
	return false
}

// MembersAccepting returns how many members of party p's bloc accept
// package o (0 for a party that is not a bloc).
func (s *Set) MembersAccepting(p int, o entente.Outcome) int {
	b := s.blocs[p]
	if b == nil {
		return 0
	}
	k := 0
	for m := range b.members {
		if s.MemberAccepts(p, m, o) {
			k++
		}
	}
	return k
}

// Threshold returns the approval share constituency c needs.
func (s *Set) Threshold(c int) float64 { return s.cons[c].threshold }
