package entente

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// RefKind says which kind of number of a scenario a Ref locates.
type RefKind uint8

const (
	// RefWeight is Profile's weight of issue Index.
	RefWeight RefKind = iota + 1
	// RefTableValue is entry Sub of Profile's table for issue Index
	// (option index, or integer minus the table's Base).
	RefTableValue
	// RefConstant is Profile's constant value function for issue Index.
	RefConstant
	// RefLinearOffset is the offset of Profile's linear function for issue
	// Index.
	RefLinearOffset
	// RefLinearSlope is the slope of Profile's linear function for issue
	// Index.
	RefLinearSlope
	// RefPiecewiseY is the y of point Sub of Profile's piecewise function
	// for issue Index.
	RefPiecewiseY
	// RefInteraction is the value of Profile's interaction term Index.
	RefInteraction
	// RefReservation is Profile's numeric reservation value.
	RefReservation
	// RefDiscount is Profile's discount factor.
	RefDiscount
	// RefCredibility is the credibility of guarantor Index.
	RefCredibility
	// RefThreshold is the approval threshold of constituency Index.
	RefThreshold
	// RefShare is the share of the voter group Profile (a VoterProfile).
	RefShare
	// RefMemberWeight is the weight of the bloc member Profile (a
	// MemberProfile).
	RefMemberWeight
	// RefBlocThreshold is the qualified-majority threshold of the bloc of
	// party Index.
	RefBlocThreshold
	// RefRequired is how many guarantors guarantee Sub of issue Index
	// needs (Guarantee.Required): a whole number.
	RefRequired
	// RefGuaranteeScale, RefGuaranteeOffset and RefGuaranteeNone are the
	// Scale, Offset and None of Profile's Guaranteed value function for
	// issue Index.
	RefGuaranteeScale
	RefGuaranteeOffset
	RefGuaranteeNone
	// RefCentre is the centre of the spread of walk-away values within the
	// voter group Profile (a VoterProfile): its Reservation, as a number
	// whose uncertainty robustness analyses sample (unlike RefReservation,
	// whose distribution is the spread itself).
	RefCentre
	// RefSpread is the standard deviation of that spread (the SD of the
	// group's normal reservation distribution).
	RefSpread
	// RefAlone is the probability that guarantor Index acts when none of
	// the guarantors it follows does (Guarantor.Alone).
	RefAlone
)

var refKinds = [...]string{"", "weight", "table value", "constant value", "linear offset", "linear slope", "piecewise value",
	"interaction value", "reservation value", "discount factor", "credibility", "approval threshold", "voter share",
	"member weight", "bloc threshold", "guarantors required", "guarantee scale", "guarantee offset", "guarantee value without one",
	"walk-away centre", "walk-away spread", "credibility alone"}

// String names the kind of number for messages and reports.
func (k RefKind) String() string {
	if int(k) < len(refKinds) && k != 0 {
		return refKinds[k]
	}
	return fmt.Sprintf("RefKind(%d)", uint8(k))
}

// Domain returns the interval every value of this kind of number must lie
// in (possibly infinite): [0,1] for probabilities, shares, thresholds and
// discount factors, [0,∞) for weights and table values.
func (k RefKind) Domain() (lo, hi float64) {
	switch k {
	case RefWeight, RefTableValue, RefMemberWeight, RefSpread:
		return 0, math.Inf(1)
	case RefDiscount, RefCredibility, RefThreshold, RefShare, RefBlocThreshold, RefAlone:
		return 0, 1
	case RefRequired:
		return 1, math.Inf(1)
	}
	return math.Inf(-1), math.Inf(1)
}

// Structural reports whether this kind of number shapes the model's
// structure (how many guarantors a guarantee needs, how a guarantee's
// probability becomes a value, how walk-away values spread within a voter
// group, the thresholds of constituencies and blocs) rather than a party's
// preferences or a guarantor's credibility. Robustness analyses report the
// two kinds of sensitivity separately.
func (k RefKind) Structural() bool {
	switch k {
	case RefRequired, RefGuaranteeScale, RefGuaranteeOffset, RefGuaranteeNone, RefCentre, RefSpread, RefThreshold, RefBlocThreshold:
		return true
	}
	return false
}

// Integer reports whether numbers of this kind are whole numbers (drawn as
// whole numbers, see Param.Sample).
func (k RefKind) Integer() bool { return k == RefRequired }

// ProfileKind says whose preference profile a ProfileRef locates.
type ProfileKind uint8

const (
	// PartyProfile is party Index's preferences.
	PartyProfile ProfileKind = iota
	// VoterProfile is voter group Sub of constituency Index.
	VoterProfile
	// MemberProfile is member Sub of the bloc of party Index.
	MemberProfile
)

// ProfileRef locates one preference profile of a scenario.
type ProfileRef struct {
	Kind       ProfileKind
	Index, Sub int
}

// Ref locates one number of a scenario: cheap to copy and compare, so that
// analyses can vary numbers with Scenario.Get and Scenario.Set. Which
// fields count depends on Kind (see the RefKind constants).
type Ref struct {
	Kind RefKind
	// Profile is the profile the number belongs to (profile numbers,
	// voter shares and member weights).
	Profile ProfileRef
	// Index and Sub locate the number within its owner.
	Index, Sub int
}

// Population reports whether the distribution of the number this Ref
// locates describes a population rather than uncertainty: a voter group's
// reservation, whose distribution is the spread of the group's voters (see
// Constituency). Robustness analyses do not sample such numbers.
func (r Ref) Population() bool {
	return r.Kind == RefReservation && r.Profile.Kind == VoterProfile
}

// Dist is the shape of a number's distribution.
type Dist uint8

const (
	// DistPoint is no distribution: the number is its Value.
	DistPoint Dist = iota
	// DistUniform is uniform over [Low, High].
	DistUniform
	// DistTriangular is triangular over [Low, High] with its mode at Value.
	DistTriangular
	// DistNormal is normal with mean Value and standard deviation SD, truncated to
	// [Low, High] when a range is given (and always to the number's
	// domain, see RefKind.Domain).
	DistNormal
)

var dists = [...]string{"point", "uniform", "triangular", "normal"}

// String returns the distribution's name as used in files.
func (d Dist) String() string {
	if int(d) < len(dists) {
		return dists[d]
	}
	return fmt.Sprintf("Dist(%d)", uint8(d))
}

// ParseDist is the inverse of Dist.String for uniform, triangular and
// normal (point is never written).
func ParseDist(s string) (Dist, bool) {
	for i, n := range dists[1:] {
		if n == s {
			return Dist(i + 1), true
		}
	}
	return 0, false
}

// Confidence is how sure the author is of a number.
type Confidence uint8

const (
	// ConfidenceUnset: not said.
	ConfidenceUnset Confidence = iota
	// ConfidenceLow, ConfidenceMedium and ConfidenceHigh are the author's
	// words.
	ConfidenceLow
	ConfidenceMedium
	ConfidenceHigh
)

var confidences = [...]string{"", "low", "medium", "high"}

// String returns the word used in files ("" when unset).
func (c Confidence) String() string {
	if int(c) < len(confidences) {
		return confidences[c]
	}
	return fmt.Sprintf("Confidence(%d)", uint8(c))
}

// ParseConfidence is the inverse of Confidence.String for low, medium and
// high.
func ParseConfidence(s string) (Confidence, bool) {
	for i, n := range confidences[1:] {
		if n == s {
			return Confidence(i + 1), true
		}
	}
	return 0, false
}

// Param annotates one number of a scenario with where it comes from and how
// uncertain it is. The number itself lives in the model (Get and Set read
// and write it); Value is the number as written.
type Param struct {
	// Ref locates the number.
	Ref Ref
	// Field is its path in the native format, for messages and reports
	// ("parties[0].weights.price").
	Field string
	// Value is the number as written: the point estimate, the mode of a
	// triangular and the mean of a normal distribution.
	Value float64
	// Low and High bound the plausible values when Ranged.
	Low, High float64
	Ranged    bool
	// Dist is the distribution's shape (DistUniform when a range is given
	// without one).
	Dist Dist
	// SD is the standard deviation of a normal distribution.
	SD float64
	// Source says where the number comes from, Note why it is what it is.
	Source, Note string
	// Confidence is how sure the author is.
	Confidence Confidence
}

// Uncertain reports whether the number has a distribution to sample.
func (p *Param) Uncertain() bool { return p.Dist != DistPoint }

// bounds is the interval draws lie in: the range (if any) within the
// number's domain.
func (p *Param) bounds() (lo, hi float64) {
	lo, hi = p.Ref.Kind.Domain()
	if p.Ranged {
		lo, hi = math.Max(lo, p.Low), math.Min(hi, p.High)
	}
	return lo, hi
}

// Sample draws a value from the number's distribution, with exactly one
// draw from rng (none for a point): uniform and triangular by inverting
// their CDF, normal by inverting the CDF truncated to the range and the
// number's domain (an untruncated normal uses rng.NormFloat64).
//
// A whole-number kind (RefKind.Integer) with a uniform distribution draws
// each whole number of its range with the same probability.
func (p *Param) Sample(rng *rand.Rand) float64 {
	switch p.Dist {
	case DistUniform:
		if p.Ref.Kind.Integer() {
			lo, hi := math.Ceil(p.Low), math.Floor(p.High)
			if !(hi > lo) {
				return lo
			}
			return math.Min(hi, lo+math.Floor(rng.Float64()*(hi-lo+1)))
		}
		return p.Low + rng.Float64()*(p.High-p.Low)
	case DistTriangular:
		a, b, c := p.Low, p.High, p.Value
		if !(b > a) {
			return a
		}
		u := rng.Float64()
		if u < (c-a)/(b-a) {
			return a + math.Sqrt(u*(b-a)*(c-a))
		}
		return b - math.Sqrt((1-u)*(b-a)*(b-c))
	case DistNormal:
		lo, hi := p.bounds()
		if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
			return p.Value + p.SD*rng.NormFloat64()
		}
		fa, fb := phi((lo-p.Value)/p.SD), phi((hi-p.Value)/p.SD)
		u := fa + rng.Float64()*(fb-fa)
		x := p.Value + p.SD*phiInv(u)
		if math.IsNaN(x) || !(fb > fa) {
			x = p.Value
		}
		return math.Max(lo, math.Min(hi, x))
	}
	return p.Value
}

// CDF returns P(X <= x) under the number's distribution (a step at Value
// for a point). For a voter group's reservation it is the part of the group
// that approves a package of utility x.
func (p *Param) CDF(x float64) float64 {
	switch p.Dist {
	case DistUniform:
		if !(p.High > p.Low) {
			return step(x, p.Low)
		}
		return clamp01((x - p.Low) / (p.High - p.Low))
	case DistTriangular:
		a, b, c := p.Low, p.High, p.Value
		switch {
		case !(b > a):
			return step(x, a)
		case x <= a:
			return 0
		case x >= b:
			return 1
		case x <= c:
			return (x - a) * (x - a) / ((b - a) * (c - a))
		}
		return 1 - (b-x)*(b-x)/((b-a)*(b-c))
	case DistNormal:
		lo, hi := p.bounds()
		if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
			return phi((x - p.Value) / p.SD)
		}
		fa, fb := phi((lo-p.Value)/p.SD), phi((hi-p.Value)/p.SD)
		if !(fb > fa) {
			return step(x, math.Max(lo, math.Min(hi, p.Value)))
		}
		x = math.Max(lo, math.Min(hi, x))
		return clamp01((phi((x-p.Value)/p.SD) - fa) / (fb - fa))
	}
	return step(x, p.Value)
}

func step(x, at float64) float64 {
	if x >= at {
		return 1
	}
	return 0
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// phi is the standard normal CDF.
func phi(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// phiInv is the standard normal quantile function.
func phiInv(u float64) float64 { return math.Sqrt2 * math.Erfinv(2*u-1) }

// Param returns the annotation of the number r locates, or nil.
func (s *Scenario) Param(r Ref) *Param {
	for k := range s.Params {
		if s.Params[k].Ref == r {
			return &s.Params[k]
		}
	}
	return nil
}

// Profile returns the preference profile r locates, or nil when there is
// none.
func (s *Scenario) Profile(r ProfileRef) *Preferences {
	switch r.Kind {
	case PartyProfile:
		if r.Index >= 0 && r.Index < len(s.Parties) {
			return &s.Parties[r.Index].Preferences
		}
	case VoterProfile:
		if r.Index >= 0 && r.Index < len(s.Constituencies) {
			v := s.Constituencies[r.Index].Voters
			if r.Sub >= 0 && r.Sub < len(v) {
				return &v[r.Sub].Preferences
			}
		}
	case MemberProfile:
		if r.Index >= 0 && r.Index < len(s.Parties) {
			if b := s.Parties[r.Index].Bloc; b != nil && r.Sub >= 0 && r.Sub < len(b.Members) {
				return &b.Members[r.Sub].Preferences
			}
		}
	}
	return nil
}

// ProfileField returns the native field path of a profile:
// "parties[0]", "constituencies[1].voters[2]" (or "constituencies[1]" for
// a unitary constituency), "parties[0].bloc.members[1]".
func (s *Scenario) ProfileField(r ProfileRef) string {
	switch r.Kind {
	case VoterProfile:
		if r.Index >= 0 && r.Index < len(s.Constituencies) && s.Constituencies[r.Index].Unitary {
			return fmt.Sprintf("constituencies[%d]", r.Index)
		}
		return fmt.Sprintf("constituencies[%d].voters[%d]", r.Index, r.Sub)
	case MemberProfile:
		return fmt.Sprintf("parties[%d].bloc.members[%d]", r.Index, r.Sub)
	}
	return fmt.Sprintf("parties[%d]", r.Index)
}

// Locate reports whether r names a number of the scenario, so that Get and
// Set may use it.
func (s *Scenario) Locate(r Ref) bool {
	switch r.Kind {
	case RefCredibility:
		return r.Index >= 0 && r.Index < len(s.Guarantors)
	case RefThreshold:
		return r.Index >= 0 && r.Index < len(s.Constituencies)
	case RefBlocThreshold:
		return r.Index >= 0 && r.Index < len(s.Parties) && s.Parties[r.Index].Bloc != nil
	case RefAlone:
		return r.Index >= 0 && r.Index < len(s.Guarantors)
	case RefRequired:
		return r.Index >= 0 && r.Index < len(s.Issues) && r.Sub >= 0 && r.Sub < len(s.Issues[r.Index].Guarantees)
	case RefSpread:
		p := s.Profile(r.Profile)
		if p == nil || r.Profile.Kind != VoterProfile || p.ReservationOutcome != nil {
			return false
		}
		sp := s.Param(Ref{Kind: RefReservation, Profile: r.Profile})
		return sp != nil && sp.Dist == DistNormal
	}
	p := s.Profile(r.Profile)
	if p == nil {
		return false
	}
	var vf ValueFunc
	if r.Index >= 0 && r.Index < len(p.Values) {
		vf = p.Values[r.Index]
	}
	switch r.Kind {
	case RefWeight:
		return r.Index >= 0 && r.Index < len(p.Weights)
	case RefTableValue:
		t, ok := vf.(Table)
		return ok && r.Sub >= 0 && r.Sub < len(t.Values)
	case RefConstant:
		_, ok := vf.(Constant)
		return ok
	case RefLinearOffset, RefLinearSlope:
		_, ok := vf.(Linear)
		return ok
	case RefPiecewiseY:
		pw, ok := vf.(Piecewise)
		return ok && r.Sub >= 0 && r.Sub < len(pw.Y)
	case RefInteraction:
		return r.Index >= 0 && r.Index < len(p.Interactions)
	case RefReservation, RefDiscount:
		return true
	case RefGuaranteeScale, RefGuaranteeOffset, RefGuaranteeNone:
		_, ok := vf.(Guaranteed)
		return ok
	case RefCentre:
		return r.Profile.Kind == VoterProfile && p.ReservationOutcome == nil
	case RefShare:
		return r.Profile.Kind == VoterProfile
	case RefMemberWeight:
		return r.Profile.Kind == MemberProfile
	}
	return false
}

// Get returns the number r locates. r must locate a number of s (see
// Locate); the Refs of s.Params do.
func (s *Scenario) Get(r Ref) float64 {
	switch r.Kind {
	case RefCredibility:
		return s.Guarantors[r.Index].Credibility
	case RefThreshold:
		return s.Constituencies[r.Index].Threshold
	case RefBlocThreshold:
		return s.Parties[r.Index].Bloc.Threshold
	case RefShare:
		return s.Constituencies[r.Profile.Index].Voters[r.Profile.Sub].Share
	case RefMemberWeight:
		return s.Parties[r.Profile.Index].Bloc.Members[r.Profile.Sub].Weight
	case RefAlone:
		return s.Guarantors[r.Index].Alone
	case RefRequired:
		return float64(s.Issues[r.Index].Guarantees[r.Sub].Required)
	case RefSpread:
		return s.Param(Ref{Kind: RefReservation, Profile: r.Profile}).SD
	}
	p := s.Profile(r.Profile)
	switch r.Kind {
	case RefWeight:
		return p.Weights[r.Index]
	case RefTableValue:
		return p.Values[r.Index].(Table).Values[r.Sub]
	case RefConstant:
		return p.Values[r.Index].(Constant).V
	case RefLinearOffset:
		return p.Values[r.Index].(Linear).Offset
	case RefLinearSlope:
		return p.Values[r.Index].(Linear).Slope
	case RefPiecewiseY:
		return p.Values[r.Index].(Piecewise).Y[r.Sub]
	case RefInteraction:
		return p.Interactions[r.Index].Value
	case RefReservation, RefCentre:
		return p.Reservation
	case RefDiscount:
		return p.Discount
	case RefGuaranteeScale:
		return p.Values[r.Index].(Guaranteed).Scale
	case RefGuaranteeOffset:
		return p.Values[r.Index].(Guaranteed).Offset
	case RefGuaranteeNone:
		return p.Values[r.Index].(Guaranteed).None
	}
	panic(fmt.Sprintf("entente: Get of an unknown %v", r.Kind))
}

// Set changes the number r locates to v, in place. It allocates nothing,
// except for the numbers of linear, constant and guarantee value functions
// (whose interface value is replaced). Setting a credibility, an Alone
// probability or a guarantee's Required (rounded to a whole number from 1
// to its number of guarantors) updates the derived values of the
// guarantees (UpdateGuarantees). Setting a voter group's RefSpread changes
// the SD of its reservation's Param. Compiled utility functions
// do not see the change: compile again. r must locate a number of s (see
// Locate). Weights and shares are not renormalised (see
// Preferences.NormalizeWeights and Constituency.NormalizeShares).
func (s *Scenario) Set(r Ref, v float64) {
	if s.set(r, v) {
		s.UpdateGuarantees()
	}
}

// SetAll sets the number refs[j] locates to vals[j] for every j, in order,
// as Set does, but works out the guarantees' derived values once, at the
// end (the result is the same as setting them one at a time).
func (s *Scenario) SetAll(refs []Ref, vals []float64) {
	update := false
	for j, r := range refs {
		update = s.set(r, vals[j]) || update
	}
	if update {
		s.UpdateGuarantees()
	}
}

// set is Set without the update of the guarantees; it reports whether
// they need one.
func (s *Scenario) set(r Ref, v float64) bool {
	switch r.Kind {
	case RefCredibility:
		s.Guarantors[r.Index].Credibility = v
		return true
	case RefThreshold:
		s.Constituencies[r.Index].Threshold = v
		return false
	case RefBlocThreshold:
		s.Parties[r.Index].Bloc.Threshold = v
		return false
	case RefShare:
		s.Constituencies[r.Profile.Index].Voters[r.Profile.Sub].Share = v
		return false
	case RefMemberWeight:
		s.Parties[r.Profile.Index].Bloc.Members[r.Profile.Sub].Weight = v
		return false
	case RefAlone:
		s.Guarantors[r.Index].Alone = v
		return true
	case RefRequired:
		g := &s.Issues[r.Index].Guarantees[r.Sub]
		g.Required = int(math.Max(1, math.Min(float64(len(g.Guarantors)), math.Round(v))))
		return true
	case RefSpread:
		s.Param(Ref{Kind: RefReservation, Profile: r.Profile}).SD = v
		return false
	}
	p := s.Profile(r.Profile)
	switch r.Kind {
	case RefWeight:
		p.Weights[r.Index] = v
	case RefTableValue:
		p.Values[r.Index].(Table).Values[r.Sub] = v
	case RefConstant:
		p.Values[r.Index] = Constant{V: v}
	case RefLinearOffset:
		l := p.Values[r.Index].(Linear)
		l.Offset = v
		p.Values[r.Index] = l
	case RefLinearSlope:
		l := p.Values[r.Index].(Linear)
		l.Slope = v
		p.Values[r.Index] = l
	case RefPiecewiseY:
		p.Values[r.Index].(Piecewise).Y[r.Sub] = v
	case RefInteraction:
		p.Interactions[r.Index].Value = v
	case RefReservation, RefCentre:
		p.Reservation = v
	case RefDiscount:
		p.Discount = v
	case RefGuaranteeScale, RefGuaranteeOffset, RefGuaranteeNone:
		g := p.Values[r.Index].(Guaranteed)
		switch r.Kind {
		case RefGuaranteeScale:
			g.Scale = v
		case RefGuaranteeOffset:
			g.Offset = v
		default:
			g.None = v
		}
		p.Values[r.Index] = g
	default:
		panic(fmt.Sprintf("entente: Set of an unknown %v", r.Kind))
	}
	return false
}

// NormalizeWeights rescales the weights to sum to 1 when their sum is
// positive (ScaleWeights(1)).
func (p *Preferences) NormalizeWeights() { p.ScaleWeights(1) }

// ScaleWeights rescales the weights to sum to sum, when their sum is
// positive. An analysis that draws weights independently from their
// ranges calls it with the sum the weights are written with (unless the
// profile has FreeWeights), so that the ranges describe the weights before
// rescaling, only their ratios matter, and a drawn profile stays on the
// scale of its walk-away value: weights written to sum to 1 sum to 1 in
// every draw, interaction terms or not.
func (p *Preferences) ScaleWeights(sum float64) {
	t := 0.0
	for _, w := range p.Weights {
		t += w
	}
	if t > 0 && t != sum {
		for i := range p.Weights {
			p.Weights[i] *= sum / t
		}
	}
}

// Clone returns a deep copy of the profile: nothing is shared with p.
func (p *Preferences) Clone() Preferences {
	c := *p
	c.Weights = cloneSlice(p.Weights)
	if p.Values != nil {
		c.Values = make([]ValueFunc, len(p.Values))
		for i, vf := range p.Values {
			switch f := vf.(type) {
			case Table:
				f.Values = cloneSlice(f.Values)
				c.Values[i] = f
			case Piecewise:
				f.X, f.Y = cloneSlice(f.X), cloneSlice(f.Y)
				c.Values[i] = f
			case Guaranteed:
				f.P = cloneSlice(f.P)
				c.Values[i] = f
			default:
				c.Values[i] = vf
			}
		}
	}
	if p.Interactions != nil {
		c.Interactions = make([]Interaction, len(p.Interactions))
		for k, in := range p.Interactions {
			in.Boxes = cloneBoxes(in.Boxes)
			c.Interactions[k] = in
		}
	}
	c.ReservationOutcome = Outcome(cloneSlice(p.ReservationOutcome))
	return c
}

// Clone returns a deep copy of the scenario: analyses can Set numbers of
// the copy without touching s.
func (s *Scenario) Clone() *Scenario {
	c := *s
	if s.Issues != nil {
		c.Issues = make([]Issue, len(s.Issues))
		for i := range s.Issues {
			c.Issues[i] = s.Issues[i].Clone()
		}
	}
	if s.Parties != nil {
		c.Parties = make([]Party, len(s.Parties))
		for p, pa := range s.Parties {
			pa.Preferences = pa.Preferences.Clone()
			pa.RedLines = cloneRedLines(pa.RedLines)
			if pa.Bloc != nil {
				b := *pa.Bloc
				if b.Members != nil {
					b.Members = make([]Member, len(pa.Bloc.Members))
					for m, mem := range pa.Bloc.Members {
						mem.Preferences = mem.Preferences.Clone()
						b.Members[m] = mem
					}
				}
				pa.Bloc = &b
			}
			c.Parties[p] = pa
		}
	}
	if s.Rules != nil {
		c.Rules = make([]Rule, len(s.Rules))
		for r, ru := range s.Rules {
			ru.Parties, ru.Issues = cloneSlice(ru.Parties), cloneSlice(ru.Issues)
			c.Rules[r] = ru
		}
	}
	c.Guarantors = cloneSlice(s.Guarantors)
	for g := range c.Guarantors {
		c.Guarantors[g].Follows = cloneSlice(c.Guarantors[g].Follows)
	}
	if s.Constituencies != nil {
		c.Constituencies = make([]Constituency, len(s.Constituencies))
		for k, co := range s.Constituencies {
			co.Applies = cloneBoxes(co.Applies)
			co.RedLines = cloneRedLines(co.RedLines)
			if co.Voters != nil {
				vs := make([]VoterGroup, len(co.Voters))
				for g, v := range co.Voters {
					v.Preferences = v.Preferences.Clone()
					vs[g] = v
				}
				co.Voters = vs
			}
			c.Constituencies[k] = co
		}
	}
	c.Params = cloneSlice(s.Params)
	c.Limits = cloneSlice(s.Limits)
	return &c
}

func cloneRedLines(lines []RedLine) []RedLine {
	if lines == nil {
		return nil
	}
	out := make([]RedLine, len(lines))
	for k, l := range lines {
		l.Boxes = cloneBoxes(l.Boxes)
		out[k] = l
	}
	return out
}

// cloneSlice copies a slice, keeping nil nil.
func cloneSlice[T any](x []T) []T {
	if x == nil {
		return nil
	}
	return append(make([]T, 0, len(x)), x...)
}

func cloneBoxes(boxes []Box) []Box {
	if boxes == nil {
		return nil
	}
	out := make([]Box, len(boxes))
	for b, box := range boxes {
		if box != nil {
			nb := make(Box, len(box))
			for k, cond := range box {
				cond.Options = cloneSlice(cond.Options)
				nb[k] = cond
			}
			out[b] = nb
		}
	}
	return out
}

// Label names the number r locates in words, for reports and charts:
// whose number it is and what it is ("Russia: weight of NATO",
// "Ukraine: Donbas = line frozen", "Ukrainian referendum / peace first:
// walk-away centre"). r must locate a number of s (see Locate).
func (s *Scenario) Label(r Ref) string {
	issue := func(i int) string {
		if i >= 0 && i < len(s.Issues) {
			return s.Issues[i].Name
		}
		return fmt.Sprintf("issue %d", i)
	}
	switch r.Kind {
	case RefCredibility:
		return s.Guarantors[r.Index].Name + ": credibility"
	case RefAlone:
		return s.Guarantors[r.Index].Name + ": credibility acting alone"
	case RefThreshold:
		return s.Constituencies[r.Index].Name + ": approval threshold"
	case RefBlocThreshold:
		return s.Parties[r.Index].Name + ": bloc threshold"
	case RefRequired:
		g := &s.Issues[r.Index].Guarantees[r.Sub]
		return fmt.Sprintf("%s = %s: guarantors needed", issue(r.Index), s.Issues[r.Index].Options[g.Option])
	}
	owner := s.ProfileName(r.Profile)
	switch r.Kind {
	case RefWeight:
		return owner + ": weight of " + issue(r.Index)
	case RefTableValue:
		is := &s.Issues[r.Index]
		return owner + ": " + is.Name + " = " + is.Format(float64(r.Sub))
	case RefConstant:
		return owner + ": value of " + issue(r.Index)
	case RefLinearOffset:
		return owner + ": " + issue(r.Index) + " (offset)"
	case RefLinearSlope:
		return owner + ": " + issue(r.Index) + " (slope)"
	case RefPiecewiseY:
		return fmt.Sprintf("%s: %s (point %d)", owner, issue(r.Index), r.Sub+1)
	case RefInteraction:
		if p := s.Profile(r.Profile); p != nil && r.Index < len(p.Interactions) && p.Interactions[r.Index].Name != "" {
			return owner + ": " + p.Interactions[r.Index].Name
		}
		return fmt.Sprintf("%s: interaction %d", owner, r.Index+1)
	case RefReservation:
		return owner + ": walk-away value"
	case RefCentre:
		return owner + ": walk-away centre"
	case RefSpread:
		return owner + ": walk-away spread"
	case RefDiscount:
		return owner + ": discount factor"
	case RefShare:
		return owner + ": share of voters"
	case RefMemberWeight:
		return owner + ": voting weight"
	case RefGuaranteeScale:
		return owner + ": " + issue(r.Index) + " (scale of a guarantee's worth)"
	case RefGuaranteeOffset:
		return owner + ": " + issue(r.Index) + " (offset of a guarantee's worth)"
	case RefGuaranteeNone:
		return owner + ": " + issue(r.Index) + " (worth without a guarantee)"
	}
	return owner + ": " + r.Kind.String()
}

// ProfileName names the owner of a profile: the party, "bloc party /
// member", "constituency / voter group" (the constituency alone for a
// single ratifier).
func (s *Scenario) ProfileName(r ProfileRef) string {
	switch r.Kind {
	case VoterProfile:
		if r.Index >= 0 && r.Index < len(s.Constituencies) {
			c := &s.Constituencies[r.Index]
			if c.Unitary || r.Sub < 0 || r.Sub >= len(c.Voters) {
				return c.Name
			}
			return c.Name + " / " + c.Voters[r.Sub].Name
		}
	case MemberProfile:
		if r.Index >= 0 && r.Index < len(s.Parties) {
			if b := s.Parties[r.Index].Bloc; b != nil && r.Sub >= 0 && r.Sub < len(b.Members) {
				return s.Parties[r.Index].Name + " / " + b.Members[r.Sub].Name
			}
		}
	default:
		if r.Index >= 0 && r.Index < len(s.Parties) {
			return s.Parties[r.Index].Name
		}
	}
	return s.ProfileField(r)
}
