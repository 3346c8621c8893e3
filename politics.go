package entente

import (
	"fmt"
	"math"
)

// Guarantor is a third party that promises to act if a deal is broken (a
// state, an alliance, a peacekeeping force).
//
// Guarantors act independently unless one follows others: a guarantor
// with Follows acts with probability Credibility when at least one of the
// guarantors it follows acts under the same guarantee, and with
// probability Alone when none of them does (or none of them is part of the
// guarantee). So "Europe's guarantors follow the US" is written as
// European guarantors that follow the US guarantors, with a high
// Credibility (the US acts) and a low Alone (it does not).
type Guarantor struct {
	// Name identifies the guarantor within its scenario.
	Name string
	// Description is free text for people.
	Description string
	// Credibility is the probability, in [0,1], that the guarantor honours
	// its guarantee when called upon (when it follows others: when at
	// least one of them acts).
	Credibility float64
	// Follows are indices into Scenario.Guarantors of the guarantors whose
	// action this one follows; a followed guarantor follows nobody.
	Follows []int
	// Alone is the probability, in [0,1], that a guarantor with Follows
	// acts when none of the guarantors it follows acts; 0 otherwise.
	Alone float64
}

// MaxLeaders bounds how many guarantors of one guarantee others may
// follow (the exact value enumerates their 2^n joint actions).
const MaxLeaders = 16

// Guarantee says who guarantees one option of a discrete issue: the option
// is worth the probability that at least Required of its Guarantors honour
// it (see Scenario.GuaranteeValue).
type Guarantee struct {
	// Option is the index of the guaranteed option.
	Option int
	// Guarantors are indices into Scenario.Guarantors.
	Guarantors []int
	// Required is how many of them must honour the guarantee (at least 1).
	Required int
}

// Guarantee returns the guarantee on the option with index k, or nil.
func (is *Issue) Guarantee(k int) *Guarantee {
	for g := range is.Guarantees {
		if is.Guarantees[g].Option == k {
			return &is.Guarantees[g]
		}
	}
	return nil
}

// GuaranteeValue returns the derived value of an option: the probability
// that at least Required of its guarantors honour the guarantee. It is 0
// for an option without a guarantee.
//
// Independent guarantors, each acting with its Credibility, give the tail
// of a Poisson-binomial distribution, computed exactly by dynamic
// programming over the number of guarantors who act (O(n·k)). When some
// guarantors follow others (Guarantor.Follows), the value is still exact:
// it conditions on the joint action of the followed guarantors of the
// guarantee (2^m cases for m of them), given which every other guarantor
// acts independently with its Credibility or its Alone probability.
func (s *Scenario) GuaranteeValue(issue, option int) float64 {
	g := s.Issues[issue].Guarantee(option)
	if g == nil {
		return 0
	}
	return s.atLeast(g)
}

// atLeast is P(at least g.Required of g.Guarantors honour).
func (s *Scenario) atLeast(g *Guarantee) float64 {
	k := g.Required
	if k <= 0 {
		return 1
	}
	if k > len(g.Guarantors) {
		return 0
	}
	var leaders [MaxLeaders]int
	m := 0
	for _, gi := range g.Guarantors {
		if s.followed(gi, g) && m < MaxLeaders {
			leaders[m] = gi
			m++
		}
	}
	if m == 0 {
		// No guarantor of g follows another of g: each acts on its own,
		// a follower with its Alone probability (none of those it
		// follows is part of the guarantee).
		return clamp01(s.tail(g, k, func(gi int) float64 {
			if gu := &s.Guarantors[gi]; len(gu.Follows) > 0 {
				return gu.Alone
			}
			return s.Guarantors[gi].Credibility
		}))
	}
	total := 0.0
	for mask := 0; mask < 1<<m; mask++ {
		pm, acting := 1.0, 0
		for j := 0; j < m; j++ {
			c := s.Guarantors[leaders[j]].Credibility
			if mask&(1<<j) != 0 {
				pm *= c
				acting++
			} else {
				pm *= 1 - c
			}
		}
		if pm == 0 {
			continue
		}
		acts := func(gi int) bool {
			for j := 0; j < m; j++ {
				if leaders[j] == gi {
					return mask&(1<<j) != 0
				}
			}
			return false
		}
		isLeader := func(gi int) bool {
			for j := 0; j < m; j++ {
				if leaders[j] == gi {
					return true
				}
			}
			return false
		}
		rest := s.tail(g, k-acting, func(gi int) float64 {
			if isLeader(gi) {
				return 0 // counted in acting
			}
			gu := &s.Guarantors[gi]
			if len(gu.Follows) == 0 {
				return gu.Credibility
			}
			for _, l := range gu.Follows {
				if acts(l) {
					return gu.Credibility
				}
			}
			return gu.Alone
		})
		total += pm * rest
	}
	return clamp01(total)
}

// followed reports whether another guarantor of g follows guarantor gi.
func (s *Scenario) followed(gi int, g *Guarantee) bool {
	for _, x := range g.Guarantors {
		for _, l := range s.Guarantors[x].Follows {
			if l == gi && x != gi {
				return true
			}
		}
	}
	return false
}

// tail is P(at least k of g's guarantors act) when guarantor gi acts
// independently with probability p(gi).
func (s *Scenario) tail(g *Guarantee, k int, p func(gi int) float64) float64 {
	if k <= 0 {
		return 1
	}
	if k > len(g.Guarantors) {
		return 0
	}
	var buf [33]float64
	var dp []float64
	if k < len(buf) {
		dp = buf[:k+1]
	} else {
		dp = make([]float64, k+1)
	}
	// dp[j] is P(exactly j act so far) for j < k; dp[k] is P(at least k).
	dp[0] = 1
	for _, gi := range g.Guarantors {
		q := p(gi)
		dp[k] += dp[k-1] * q
		for j := k - 1; j > 0; j-- {
			dp[j] = dp[j]*(1-q) + dp[j-1]*q
		}
		dp[0] *= 1 - q
	}
	return dp[k]
}

// Guaranteed is the value function of a discrete issue whose options carry
// guarantees: an option with a guarantee is worth Offset + Scale·P, where
// P is the probability that its guarantors honour it (see
// Scenario.GuaranteeValue); an option without one is worth None. So a
// party's utility follows the guarantors' credibility.
//
// P holds the derived probabilities by option index (NaN for options
// without a guarantee). The scenario keeps them current: decoders call
// Scenario.UpdateGuarantees, and so does Scenario.Set when a credibility
// changes; code that builds or edits guarantees by hand calls it too.
type Guaranteed struct {
	Scale, Offset, None float64
	P                   []float64
}

// Value implements ValueFunc: NaN when x is not an option with a derived
// probability slot.
func (g Guaranteed) Value(x float64) float64 {
	if x < 0 || x >= float64(len(g.P)) {
		return math.NaN()
	}
	p := g.P[int(x)]
	if math.IsNaN(p) {
		return g.None
	}
	return g.Offset + g.Scale*p
}

func (Guaranteed) isValueFunc() {}

// UpdateGuarantees recomputes the derived probabilities P of every
// Guaranteed value function of the scenario (parties, voter groups, bloc
// members) from the current guarantors' credibility. It allocates only
// when a P slice has the wrong length.
func (s *Scenario) UpdateGuarantees() {
	for p := range s.Parties {
		s.updateGuaranteed(&s.Parties[p].Preferences)
		if b := s.Parties[p].Bloc; b != nil {
			for m := range b.Members {
				s.updateGuaranteed(&b.Members[m].Preferences)
			}
		}
	}
	for c := range s.Constituencies {
		for g := range s.Constituencies[c].Voters {
			s.updateGuaranteed(&s.Constituencies[c].Voters[g].Preferences)
		}
	}
}

func (s *Scenario) updateGuaranteed(p *Preferences) {
	for i, vf := range p.Values {
		g, ok := vf.(Guaranteed)
		if !ok || i >= len(s.Issues) {
			continue
		}
		is := &s.Issues[i]
		if len(g.P) != len(is.Options) {
			g.P = make([]float64, len(is.Options))
			p.Values[i] = g
		}
		for k := range g.P {
			g.P[k] = math.NaN()
		}
		for k := range is.Guarantees {
			gu := &is.Guarantees[k]
			if gu.Option >= 0 && gu.Option < len(g.P) && s.guaranteeOK(gu) {
				g.P[gu.Option] = s.atLeast(gu)
			}
		}
	}
}

// guaranteeOK reports whether a guarantee's guarantor indices, and those
// its guarantors follow, are in range (an invalid scenario must not make
// UpdateGuarantees panic).
func (s *Scenario) guaranteeOK(g *Guarantee) bool {
	for _, gi := range g.Guarantors {
		if gi < 0 || gi >= len(s.Guarantors) {
			return false
		}
		for _, l := range s.Guarantors[gi].Follows {
			if l < 0 || l >= len(s.Guarantors) {
				return false
			}
		}
	}
	return true
}

// Constituency is a body whose approval a deal needs besides the
// negotiators' (a referendum electorate, a legislature with a
// supermajority rule): the second level of a two-level game.
//
// Its approval share of a package is the sum over its voter groups of
// Share × (the part of the group whose utility reaches its reservation).
// A group's reservation is one number (the whole group approves or not) or,
// when the file gives it a distribution, the spread of reservations within
// the group, so that the part approving is the distribution's CDF at the
// group's utility. The constituency ratifies a package when its approval
// share reaches Threshold.
type Constituency struct {
	// Name identifies the constituency within its scenario.
	Name string
	// Description is free text for people.
	Description string
	// Party is the index of the party whose ratification this is.
	Party int
	// Applies is the region of packages that need this ratification (the
	// union of the boxes); nil means every package.
	Applies []Box
	// Threshold is the approval share needed, in (0,1].
	Threshold float64
	// Voters are the groups of voters; their shares sum to 1.
	Voters []VoterGroup
	// Unitary marks a constituency written as one profile (a single
	// ratifier): then Voters holds exactly one group with Share 1.
	Unitary bool
	// RedLines are regions of packages the constituency never ratifies,
	// whatever its voters' utilities (a constitutional bar).
	RedLines []RedLine
}

// VoterGroup is a part of a constituency that shares one preference
// profile.
type VoterGroup struct {
	// Name identifies the group within its constituency.
	Name string
	// Description is free text for people.
	Description string
	// Share is the group's part of the constituency, in [0,1].
	Share float64
	// Preferences is the group's profile; its reservation is the utility a
	// voter needs to approve.
	Preferences Preferences
}

// NeedsRatification reports whether package o lies in the constituency's
// Applies region (always true without one).
func (c *Constituency) NeedsRatification(o Outcome) bool {
	if c.Applies == nil {
		return true
	}
	for _, b := range c.Applies {
		if b.Contains(o) {
			return true
		}
	}
	return false
}

// NormalizeShares rescales the voter shares to sum to 1 (when their sum is
// positive), as robustness analyses do after sampling shares.
func (c *Constituency) NormalizeShares() {
	sum := 0.0
	for g := range c.Voters {
		sum += c.Voters[g].Share
	}
	if sum > 0 && sum != 1 {
		for g := range c.Voters {
			c.Voters[g].Share /= sum
		}
	}
}

// BlocRule says how a bloc decides whether to accept a package.
type BlocRule uint8

const (
	// BlocUnanimity: every member must accept.
	BlocUnanimity BlocRule = iota
	// BlocMajority: the accepting members hold more than half of the
	// members' total weight.
	BlocMajority
	// BlocQualified: the accepting members hold at least Threshold of the
	// total weight.
	BlocQualified
	// BlocLeader: the bloc accepts what its Leader accepts.
	BlocLeader
)

var blocRules = [...]string{"unanimity", "majority", "qualified", "leader"}

// String returns the rule's name as used in files.
func (r BlocRule) String() string {
	if int(r) < len(blocRules) {
		return blocRules[r]
	}
	return "unknown"
}

// ParseBlocRule is the inverse of BlocRule.String.
func ParseBlocRule(s string) (BlocRule, bool) {
	for i, n := range blocRules {
		if n == s {
			return BlocRule(i), true
		}
	}
	return 0, false
}

// Bloc makes a party a group of members (a coalition, a union of states)
// that decides by a rule. The party's own Preferences stay its collective
// utility, used wherever a party's utility is (Pareto frontier, bargaining
// solutions); whether the bloc accepts a package is decided by its members.
type Bloc struct {
	Rule BlocRule
	// Threshold is the share of the members' total weight needed under
	// BlocQualified, in (0,1]; 0 otherwise.
	Threshold float64
	// Leader is the index of the member who decides under BlocLeader; 0
	// otherwise.
	Leader int
	// Members hold their own preferences; a member accepts a package when
	// its utility reaches its reservation value.
	Members []Member
}

// Member is one member of a bloc.
type Member struct {
	// Name identifies the member within its bloc.
	Name string
	// Description is free text for people.
	Description string
	// Weight is the member's voting weight, >= 0 (1 when the file gives
	// none).
	Weight float64
	// Preferences is the member's profile.
	Preferences Preferences
}

// NativeOnly returns the field path of the first feature of the scenario
// that only the native format can hold (guarantors and guarantees,
// constituencies, blocs, numbers annotated with a source or a range) and
// what it is; "" when there is none. Exporters to other formats refuse
// such scenarios rather than drop the feature.
func (s *Scenario) NativeOnly() (field, what string) {
	if len(s.Guarantors) > 0 {
		return "guarantors", "guarantors"
	}
	for i := range s.Issues {
		if len(s.Issues[i].Guarantees) > 0 {
			return fmt.Sprintf("issues[%d].guarantees", i), "guarantees"
		}
	}
	if len(s.Constituencies) > 0 {
		return "constituencies", "ratifying constituencies"
	}
	for p := range s.Parties {
		if s.Parties[p].Bloc != nil {
			return fmt.Sprintf("parties[%d].bloc", p), "a bloc"
		}
	}
	if len(s.Params) > 0 {
		f := s.Params[0].Field
		if f == "" {
			f = "params[0]"
		}
		return f, "a number with a source, a range or a distribution"
	}
	return "", ""
}
