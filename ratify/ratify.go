// Package ratify decides whether a package survives the second level of a
// negotiation: the constituencies that must ratify it (a referendum, a
// legislature with a supermajority rule) and the blocs whose members decide
// for a party by a rule (unanimity, majority, qualified majority, leader).
//
// Compile turns a valid scenario into a Set of compiled utility functions;
// its methods evaluate one package at a time without allocating, so that
// analyses can call them over whole outcome spaces. A Set reflects the
// scenario as it was compiled: after Scenario.Set, compile again.
package ratify

import (
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// Tolerance is the slack allowed when an approval share or an accepting
// weight share is compared with its threshold, so that, for example, 55 of
// 100 reaches 0.55 despite rounding.
const Tolerance = 1e-9

// Set evaluates the constituencies and blocs of one scenario. It is safe
// for concurrent use.
type Set struct {
	s       *entente.Scenario
	parties []*utility.Func
	cons    []constituency
	blocs   []*bloc // by party; nil for a party that is not a bloc
	plain   bool    // no rules and no blocs: an agreement needs every party's yes
}

type constituency struct {
	applies   []entente.Box
	threshold float64
	groups    []group
}

// group is a compiled voter group: the part of it approving a package of
// utility u is spread.CDF(u) when spread is set, else 1 when u reaches rv.
type group struct {
	f      *utility.Func
	share  float64
	rv     float64
	spread *entente.Param
}

type bloc struct {
	rule      entente.BlocRule
	threshold float64
	leader    int
	total     float64
	members   []member
}

type member struct {
	f      *utility.Func
	weight float64
}

// Compile compiles the parties, voter groups and bloc members of a valid
// scenario (see entente.Scenario.Validate).
//
// A voter group whose numeric reservation carries a distribution (a Param
// with a Dist) reads it as the spread of reservations among the group's
// voters, centred on the group's current reservation value: the part
// approving a package of utility u is the distribution's CDF at u (for a
// normal distribution Φ((u − r)/sd), truncated to its range if it has one).
func Compile(s *entente.Scenario) (*Set, error) {
	return CompileWith(s, nil)
}

// CompileWith is Compile reusing the parties' compiled utility functions
// (one per party, in scenario order, as utility.Compile returns them); nil
// compiles them.
func CompileWith(s *entente.Scenario, parties []*utility.Func) (*Set, error) {
	fs := parties
	if fs == nil {
		var err error
		if fs, err = utility.Compile(s); err != nil {
			return nil, err
		}
	}
	if len(fs) != len(s.Parties) {
		return nil, fmt.Errorf("ratify: %d utility functions for %d parties", len(fs), len(s.Parties))
	}
	set := &Set{s: s, parties: fs, cons: make([]constituency, len(s.Constituencies)), blocs: make([]*bloc, len(s.Parties))}
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		cc := constituency{applies: co.Applies, threshold: co.Threshold, groups: make([]group, len(co.Voters))}
		for g := range co.Voters {
			v := &co.Voters[g]
			f, err := utility.New(s.Issues, &v.Preferences)
			if err != nil {
				return nil, fmt.Errorf("constituency %q, voter group %q: %w", co.Name, v.Name, err)
			}
			gr := group{f: f, share: v.Share, rv: f.Reservation()}
			if v.Preferences.ReservationOutcome == nil {
				if p := s.Param(entente.Ref{Kind: entente.RefReservation, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}}); p != nil && p.Uncertain() {
					// Centre the spread on the current reservation, which
					// Scenario.Set may have moved.
					sp := *p
					shift := v.Preferences.Reservation - sp.Value
					sp.Value += shift
					sp.Low += shift
					sp.High += shift
					gr.spread = &sp
				}
			}
			cc.groups[g] = gr
		}
		set.cons[c] = cc
	}
	for p := range s.Parties {
		b := s.Parties[p].Bloc
		if b == nil {
			continue
		}
		cb := &bloc{rule: b.Rule, threshold: b.Threshold, leader: b.Leader, members: make([]member, len(b.Members))}
		for m := range b.Members {
			f, err := utility.New(s.Issues, &b.Members[m].Preferences)
			if err != nil {
				return nil, fmt.Errorf("party %q, member %q: %w", s.Parties[p].Name, b.Members[m].Name, err)
			}
			cb.members[m] = member{f: f, weight: b.Members[m].Weight}
			cb.total += b.Members[m].Weight
		}
		set.blocs[p] = cb
	}
	set.plain = len(s.Rules) == 0 && !set.Blocs()
	return set, nil
}

// Len returns the number of constituencies.
func (s *Set) Len() int { return len(s.cons) }

// Applies reports whether package o needs the ratification of
// constituency c (it lies in the constituency's Applies region).
func (s *Set) Applies(c int, o entente.Outcome) bool {
	return s.s.Constituencies[c].NeedsRatification(o)
}

// Approval returns the share of constituency c that approves package o:
// the sum over its voter groups of their share times the part of the group
// whose reservation the group's utility reaches. It does not look at the
// Applies region.
func (s *Set) Approval(c int, o entente.Outcome) float64 {
	a := 0.0
	for g := range s.cons[c].groups {
		gr := &s.cons[c].groups[g]
		u := gr.f.Utility(o)
		switch {
		case gr.spread != nil:
			a += gr.share * gr.spread.CDF(u)
		case u >= gr.rv:
			a += gr.share
		}
	}
	return a
}

// Ratifies reports whether constituency c lets package o pass: o does not
// need its ratification, or its approval share reaches its threshold
// (within Tolerance).
func (s *Set) Ratifies(c int, o entente.Outcome) bool {
	return !s.Applies(c, o) || s.Approval(c, o) >= s.cons[c].threshold-Tolerance
}

// All reports whether every constituency lets package o pass.
func (s *Set) All(o entente.Outcome) bool {
	for c := range s.cons {
		if !s.Ratifies(c, o) {
			return false
		}
	}
	return true
}

// Blocks returns the index of the first constituency that rejects
// package o, or -1 when all let it pass.
func (s *Set) Blocks(o entente.Outcome) int {
	for c := range s.cons {
		if !s.Ratifies(c, o) {
			return c
		}
	}
	return -1
}

// MemberAccepts reports whether member m of party p's bloc accepts
// package o: its utility reaches its reservation value.
func (s *Set) MemberAccepts(p, m int, o entente.Outcome) bool {
	f := s.blocs[p].members[m].f
	return f.Utility(o) >= f.Reservation()
}

// Accepts reports whether party p accepts package o. A bloc accepts by its
// rule: unanimity (every member accepts), majority (the accepting members
// hold more than half of the total weight), qualified (they hold at least
// the threshold's share of it, within Tolerance) or leader (the leader
// accepts). Any other party accepts when its utility reaches its
// reservation value.
func (s *Set) Accepts(p int, o entente.Outcome) bool {
	b := s.blocs[p]
	if b == nil {
		f := s.parties[p]
		return f.Utility(o) >= f.Reservation()
	}
	switch b.rule {
	case entente.BlocLeader:
		return s.MemberAccepts(p, b.leader, o)
	case entente.BlocUnanimity:
		for m := range b.members {
			if !s.MemberAccepts(p, m, o) {
				return false
			}
		}
		return true
	}
	yes := 0.0
	for m := range b.members {
		if s.MemberAccepts(p, m, o) {
			yes += b.members[m].weight
		}
	}
	if b.rule == entente.BlocMajority {
		return 2*yes > b.total
	}
	return yes >= (b.threshold-Tolerance)*b.total
}

// MemberMean returns the weighted mean of the utilities of party p's bloc
// members at package o (0 for a party that is not a bloc, or whose members
// weigh nothing): a collective utility to compare with the one the party
// states.
func (s *Set) MemberMean(p int, o entente.Outcome) float64 {
	b := s.blocs[p]
	if b == nil || !(b.total > 0) {
		return 0
	}
	sum := 0.0
	for m := range b.members {
		sum += b.members[m].weight * b.members[m].f.Utility(o)
	}
	return sum / b.total
}
