package ratify

import (
	"fmt"
	"sort"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// Tolerance is the scenario-wide acceptance tolerance (entente.Tolerance),
// used for every comparison here: a utility with its reservation, an
// approval share or an accepting weight share with its threshold.
const Tolerance = entente.Tolerance

// Set evaluates the constituencies and blocs of one scenario. It is safe
// for concurrent use.
type Set struct {
	s       *entente.Scenario
	parties []*utility.Func
	cons    []constituency
	blocs   []*bloc // by party; nil for a party that is not a bloc
	plain   bool    // no rules, blocs or red lines: an agreement needs every party's yes
	red     []bool  // by party: it has red lines
}

type constituency struct {
	applies   []entente.Box
	threshold float64
	groups    []group
	redLines  []entente.RedLine
	// order lists the groups largest share first.
	order []int
	// total is the sum of the groups' shares.
	total float64
}

// group is a compiled voter group: the part of it approving a package of
// utility u is the CDF of its spread at u when spread is set, else 1 when
// u reaches rv.
type group struct {
	f      *utility.Func
	share  float64
	rv     float64
	tol    float64
	spread bool
	cdf    entente.CompiledCDF // the spread's CDF
	tab    *approvals          // nil: not tabulated (Tabulate)
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
		cc := constituency{applies: co.Applies, threshold: co.Threshold, groups: make([]group, len(co.Voters)), redLines: co.RedLines}
		for g := range co.Voters {
			v := &co.Voters[g]
			f, err := utility.New(s.Issues, &v.Preferences)
			if err != nil {
				return nil, fmt.Errorf("constituency %q, voter group %q: %w", co.Name, v.Name, err)
			}
			gr := group{f: f, share: v.Share, rv: f.Reservation(), tol: v.Preferences.AcceptTolerance()}
			if v.Preferences.ReservationOutcome == nil {
				if p := s.Param(entente.Ref{Kind: entente.RefReservation, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}}); p != nil && p.Uncertain() {
					// Centre the spread on the current reservation, which
					// Scenario.Set may have moved.
					sp := *p
					shift := v.Preferences.Reservation - sp.Value
					sp.Value += shift
					sp.Low += shift
					sp.High += shift
					gr.spread, gr.cdf = true, sp.CompileCDF()
				}
			}
			cc.groups[g] = gr
		}
		cc.order = make([]int, len(cc.groups))
		for g := range cc.order {
			cc.order[g] = g
		}
		sort.SliceStable(cc.order, func(a, b int) bool { return cc.groups[cc.order[a]].share > cc.groups[cc.order[b]].share })
		for g := range cc.groups {
			cc.total += cc.groups[g].share
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
	set.red = make([]bool, len(s.Parties))
	red := false
	for p := range s.Parties {
		set.red[p] = len(s.Parties[p].RedLines) > 0
		red = red || set.red[p]
	}
	set.plain = len(s.Rules) == 0 && !set.Blocs() && !red
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
		a += s.contribution(c, g, o)
	}
	return a
}

// groupApproval is the share of constituency c that group g contributes
// at utility u.
func (s *Set) groupApproval(c, g int, u float64) float64 {
	gr := &s.cons[c].groups[g]
	switch {
	case gr.spread:
		return gr.share * gr.cdf.At(u)
	case entente.ReachesWithin(u, gr.rv, gr.tol):
		return gr.share
	}
	return 0
}

// GroupFunc returns the compiled utility function of voter group g of
// constituency c.
func (s *Set) GroupFunc(c, g int) *utility.Func { return s.cons[c].groups[g].f }

// MemberFunc returns the compiled utility function of member m of party
// p's bloc (nil when p is not a bloc).
func (s *Set) MemberFunc(p, m int) *utility.Func {
	if s.blocs[p] == nil {
		return nil
	}
	return s.blocs[p].members[m].f
}

// RatifiesBy is Ratifies for callers that evaluate the voter groups'
// functions themselves (GroupFunc): u(g) returns group g's utility at
// package o. It asks for the groups' utilities largest share first and
// stops as soon as the verdict is certain (every group adds a share >= 0),
// so it may not ask for all of them.
func (s *Set) RatifiesBy(c int, o entente.Outcome, u func(g int) float64) bool {
	if !s.Applies(c, o) {
		return true
	}
	co := &s.cons[c]
	if entente.Crossed(co.redLines, o) >= 0 {
		return false
	}
	a, left := 0.0, 1.0
	for _, g := range co.order {
		a += s.groupApproval(c, g, u(g))
		left -= co.groups[g].share
		switch {
		case entente.Reaches(a, co.threshold):
			return true
		case !entente.Reaches(a+left+1e-12, co.threshold):
			return false
		}
	}
	return entente.Reaches(a, co.threshold)
}

// Ratifies reports whether constituency c lets package o pass: o does not
// need its ratification, or it crosses none of the constituency's red
// lines and its approval share reaches its threshold (within Tolerance).
//
// It asks for the groups largest share first and stops as soon as the
// verdict is certain by a margin far beyond rounding (certainMargin), so
// the verdict is always that of Approval's sum.
func (s *Set) Ratifies(c int, o entente.Outcome) bool {
	if !s.Applies(c, o) {
		return true
	}
	co := &s.cons[c]
	if entente.Crossed(co.redLines, o) >= 0 {
		return false
	}
	if len(co.groups) > maxEarlyGroups {
		return entente.Reaches(s.Approval(c, o), co.threshold)
	}
	var got [maxEarlyGroups]float64
	a, left := 0.0, co.total
	for _, g := range co.order {
		got[g] = s.contribution(c, g, o)
		a += got[g]
		left -= co.groups[g].share
		switch {
		case entente.Reaches(a-certainMargin, co.threshold):
			return true
		case !entente.Reaches(a+max(left, 0)+certainMargin, co.threshold):
			return false
		}
	}
	// Undecided to the last group: Approval's sum, in group order.
	a = 0
	for g := range co.groups {
		a += got[g]
	}
	return entente.Reaches(a, co.threshold)
}

// maxEarlyGroups is the most voter groups Ratifies keeps the
// contributions of, to stop early; a larger constituency sums them all.
const maxEarlyGroups = 16

// certainMargin is how far a partial approval must lie from a
// constituency's threshold for Ratifies to stop: every contribution is a
// share times a probability (at least 0, at most the share), so the sum
// of the rest lies within [0, the rest of the shares], and the rounding of
// sums of a few dozen terms at most 1 is below 1e-13.
const certainMargin = 1e-9

// Margin returns how far constituency c's approval share of package o
// lies above its threshold (negative below it), ignoring the Applies
// region and red lines.
func (s *Set) Margin(c int, o entente.Outcome) float64 {
	return s.Approval(c, o) - s.cons[c].threshold
}

// RedLine returns the index, in Scenario.Constituencies[c].RedLines, of
// the first red line of constituency c that package o crosses, or -1.
func (s *Set) RedLine(c int, o entente.Outcome) int {
	return entente.Crossed(s.cons[c].redLines, o)
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
	return f.Reaches(f.Utility(o))
}

// Accepts reports whether party p accepts package o. No party accepts a
// package that crosses one of its red lines. Otherwise a bloc accepts by
// its rule: unanimity (every member accepts), majority (the accepting
// members hold more than half of the total weight, see Majority),
// qualified (they hold at least the threshold's share of it, within
// Tolerance) or leader (the leader accepts). Any other party accepts when its utility reaches its
// reservation value (within Tolerance).
func (s *Set) Accepts(p int, o entente.Outcome) bool {
	if entente.Crossed(s.s.Parties[p].RedLines, o) >= 0 {
		return false
	}
	b := s.blocs[p]
	if b == nil {
		f := s.parties[p]
		return f.Reaches(f.Utility(o))
	}
	return s.decide(b, func(m int) bool { return s.MemberAccepts(p, m, o) })
}

// BlocAccepts is Accepts for bloc party p, for callers that evaluate the
// members themselves: accepts(m) reports whether member m accepts package
// o. It stops asking as soon as the verdict is certain.
func (s *Set) BlocAccepts(p int, o entente.Outcome, accepts func(m int) bool) bool {
	if entente.Crossed(s.s.Parties[p].RedLines, o) >= 0 {
		return false
	}
	return s.decide(s.blocs[p], accepts)
}

// decide applies a bloc's rule to its members' acceptance.
func (s *Set) decide(b *bloc, accepts func(m int) bool) bool {
	switch b.rule {
	case entente.BlocLeader:
		return accepts(b.leader)
	case entente.BlocUnanimity:
		for m := range b.members {
			if !accepts(m) {
				return false
			}
		}
		return true
	}
	// Majority and qualified: stop once the verdict is certain.
	yes, left := 0.0, b.total
	for m := range b.members {
		if accepts(m) {
			yes += b.members[m].weight
		}
		left -= b.members[m].weight
		if b.rule == entente.BlocMajority {
			if Majority(yes, b.total) {
				return true
			}
			if !Majority(yes+left+1e-12, b.total) && left >= 0 {
				return false
			}
		} else {
			if entente.Reaches(yes, b.threshold*b.total) {
				return true
			}
			if !entente.Reaches(yes+left+1e-12, b.threshold*b.total) {
				return false
			}
		}
	}
	if b.rule == entente.BlocMajority {
		return Majority(yes, b.total)
	}
	return entente.Reaches(yes, b.threshold*b.total)
}

// Majority reports whether an accepting weight yes is more than half of a
// bloc's total weight: more than the rest of it by more than the
// acceptance tolerance (entente.Tolerance), so that exactly half never
// passes because of rounding (0.2+0.1 is 0.30000000000000004, while
// 0.3+0.2+0.1 is 0.6).
func Majority(yes, total float64) bool { return !entente.Reaches(total-yes, yes) }

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
