package entente

import (
	"fmt"
	"math"
)

// ShareTolerance is how far from 1 the voter shares of a constituency may
// sum.
const ShareTolerance = 1e-9

// validatePolitics checks guarantors and guarantees, constituencies, blocs
// and the annotations of numbers (Params).
func (s *Scenario) validatePolitics() ErrorList {
	var errs ErrorList
	bad := func(field, format string, args ...any) {
		errs.Add(Errorf(EInvalid, "", 0, 0, field, format, args...))
	}
	unit := func(field, what string, v float64) {
		if !(v >= 0 && v <= 1) {
			bad(field, "%s %v is not allowed; expected a number in [0,1]", what, v)
		}
	}
	names := map[string]int{}
	for g := range s.Guarantors {
		gu := &s.Guarantors[g]
		f := fmt.Sprintf("guarantors[%d]", g)
		uniqueName(bad, names, gu.Name, "guarantors", "guarantor", "a guarantor", g)
		unit(f+".credibility", "credibility", gu.Credibility)
		unit(f+".alone", "alone", gu.Alone)
		if len(gu.Follows) == 0 && gu.Alone != 0 {
			bad(f+".alone", "only a guarantor that follows others acts alone with its own probability; give follows, or leave alone out")
		}
		seen := map[int]bool{}
		for _, l := range gu.Follows {
			switch {
			case l < 0 || l >= len(s.Guarantors):
				bad(f+".follows", "guarantor index %d is out of range", l)
			case l == g:
				bad(f+".follows", "guarantor %q follows itself", gu.Name)
			case seen[l]:
				bad(f+".follows", "guarantor %q is listed twice; list each once", s.Guarantors[l].Name)
			case len(s.Guarantors[l].Follows) > 0:
				bad(f+".follows", "guarantor %q follows others itself; a followed guarantor must act on its own (one level of dependence)", s.Guarantors[l].Name)
			}
			seen[l] = true
		}
	}
	for i := range s.Issues {
		is := &s.Issues[i]
		if len(is.Guarantees) > 0 && is.Kind != Discrete {
			bad(fmt.Sprintf("issues[%d].guarantees", i), "issue %q is %s; only the options of a discrete issue carry guarantees", is.Name, is.Kind)
			continue
		}
		seen := map[int]bool{}
		for k := range is.Guarantees {
			g := &is.Guarantees[k]
			if g.Option < 0 || g.Option >= len(is.Options) {
				bad(fmt.Sprintf("issues[%d].guarantees", i), "option index %d is out of range for issue %q", g.Option, is.Name)
				continue
			}
			f := fmt.Sprintf("issues[%d].guarantees.%s", i, is.Options[g.Option])
			if seen[g.Option] {
				bad(f, "option %q has two guarantees; give one (with all its guarantors)", is.Options[g.Option])
			}
			seen[g.Option] = true
			if len(g.Guarantors) == 0 {
				bad(f+".guarantors", "the guarantee lists no guarantors; expected at least one")
			}
			used := map[int]bool{}
			for _, gi := range g.Guarantors {
				switch {
				case gi < 0 || gi >= len(s.Guarantors):
					bad(f+".guarantors", "guarantor index %d is out of range", gi)
				case used[gi]:
					bad(f+".guarantors", "guarantor %q is listed twice; list each once", s.Guarantors[gi].Name)
				}
				used[gi] = true
			}
			if g.Required < 1 || g.Required > len(g.Guarantors) {
				bad(f+".required", "required %d is not allowed; expected a whole number from 1 to the number of guarantors (%d)", g.Required, len(g.Guarantors))
			}
			leaders := 0
			for _, gi := range g.Guarantors {
				if gi >= 0 && gi < len(s.Guarantors) && s.guaranteeOK(g) && s.followed(gi, g) {
					leaders++
				}
			}
			if leaders > MaxLeaders {
				bad(f+".guarantors", "%d of the guarantors are followed by others; at most %d can be", leaders, MaxLeaders)
			}
		}
	}
	cnames := map[string]int{}
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		f := fmt.Sprintf("constituencies[%d]", c)
		uniqueName(bad, cnames, co.Name, "constituencies", "constituency", "a constituency", c)
		if co.Party < 0 || co.Party >= len(s.Parties) {
			bad(f+".party", "party index %d is out of range", co.Party)
		}
		if !(co.Threshold > 0 && co.Threshold <= 1) {
			bad(f+".threshold", "threshold %v is not allowed; expected the approval share needed, in (0,1]", co.Threshold)
		}
		if co.Applies != nil && len(co.Applies) == 0 {
			bad(f+".applies", "the region lists no boxes, so no package would need this ratification; leave applies out to need it always")
		}
		errs = append(errs, s.validateBoxes(f, co.Applies)...)
		errs = append(errs, s.validateRedLines(f, co.RedLines)...)
		if len(co.Voters) == 0 {
			bad(f, "constituency %q has no voters; give voters, or weights and values for a single ratifier", co.Name)
		}
		if co.Unitary && (len(co.Voters) != 1 || co.Voters[0].Share != 1) {
			bad(f, "a single ratifier is one voter group with share 1")
		}
		sum := 0.0
		vnames := map[string]int{}
		for g := range co.Voters {
			v := &co.Voters[g]
			vf := s.ProfileField(ProfileRef{VoterProfile, c, g})
			if !co.Unitary {
				if v.Name == "" {
					bad(vf+".name", "a voter group needs a name")
				} else if j, dup := vnames[v.Name]; dup {
					bad(vf+".name", "duplicate voter group %q (also voters[%d])", v.Name, j)
				} else {
					vnames[v.Name] = g
				}
				unit(vf+".share", "share", v.Share)
			}
			sum += v.Share
			for _, e := range s.validatePreferences(&v.Preferences) {
				e.Field = joinField(vf, e.Field)
				errs.Add(e)
			}
		}
		if len(co.Voters) > 0 && !(math.Abs(sum-1) <= ShareTolerance) {
			bad(f+".voters", "the voter shares sum to %v; they must sum to 1", sum)
		}
	}
	for p := range s.Parties {
		errs = append(errs, s.validateRedLines(fmt.Sprintf("parties[%d]", p), s.Parties[p].RedLines)...)
	}
	for k, l := range s.Limits {
		if l == "" {
			bad(fmt.Sprintf("limits[%d]", k), "a limit is a sentence saying what the scenario cannot tell; this one is empty")
		}
	}
	for p := range s.Parties {
		b := s.Parties[p].Bloc
		if b == nil {
			continue
		}
		f := fmt.Sprintf("parties[%d].bloc", p)
		if int(b.Rule) >= len(blocRules) {
			bad(f+".rule", "unknown bloc rule %d", b.Rule)
		}
		if b.Rule == BlocQualified {
			if !(b.Threshold > 0 && b.Threshold <= 1) {
				bad(f+".threshold", "threshold %v is not allowed; expected the share of the members' weight needed, in (0,1]", b.Threshold)
			}
		} else if b.Threshold != 0 {
			bad(f+".threshold", "only a qualified bloc has a threshold; the rule is %s", b.Rule)
		}
		if b.Rule == BlocLeader {
			if b.Leader < 0 || b.Leader >= len(b.Members) {
				bad(f+".leader", "leader index %d is out of range", b.Leader)
			}
		} else if b.Leader != 0 {
			bad(f+".leader", "only a bloc with rule leader has a leader; the rule is %s", b.Rule)
		}
		if len(b.Members) == 0 {
			bad(f+".members", "a bloc needs at least one member")
		}
		total := 0.0
		mnames := map[string]int{}
		for m := range b.Members {
			mem := &b.Members[m]
			mf := fmt.Sprintf("%s.members[%d]", f, m)
			if mem.Name == "" {
				bad(mf+".name", "a member needs a name")
			} else if j, dup := mnames[mem.Name]; dup {
				bad(mf+".name", "duplicate member %q (also members[%d])", mem.Name, j)
			} else {
				mnames[mem.Name] = m
			}
			if math.IsNaN(mem.Weight) || math.IsInf(mem.Weight, 0) || mem.Weight < 0 {
				bad(mf+".weight", "weight %v is not allowed; expected a finite number >= 0", mem.Weight)
			} else {
				total += mem.Weight
			}
			for _, e := range s.validatePreferences(&mem.Preferences) {
				e.Field = joinField(mf, e.Field)
				errs.Add(e)
			}
		}
		if len(b.Members) > 0 && !(total > 0) && b.Rule != BlocLeader && b.Rule != BlocUnanimity {
			bad(f+".members", "the members' weights sum to 0; a %s vote needs some weight", b.Rule)
		}
	}
	refs := map[Ref]int{}
	for k := range s.Params {
		pa := &s.Params[k]
		f := pa.Field
		if f == "" {
			f = fmt.Sprintf("params[%d]", k)
		}
		if !s.Locate(pa.Ref) {
			bad(f, "the annotated %v is not in the scenario", pa.Ref.Kind)
			continue
		}
		if j, dup := refs[pa.Ref]; dup {
			bad(f, "the number is annotated twice (also params[%d])", j)
		}
		refs[pa.Ref] = k
		lo, hi := pa.Ref.Kind.Domain()
		if math.IsNaN(pa.Value) || math.IsInf(pa.Value, 0) {
			bad(f+".value", "expected a finite number, got %v", pa.Value)
		}
		if pa.Ranged {
			switch {
			case math.IsNaN(pa.Low) || math.IsNaN(pa.High) || math.IsInf(pa.Low, 0) || math.IsInf(pa.High, 0):
				bad(f+".range", "expected finite bounds, got [%v, %v]", pa.Low, pa.High)
			case !(pa.Low <= pa.Value && pa.Value <= pa.High):
				bad(f+".range", "range [%s, %s] does not contain the value %s", FormatNumber(pa.Low), FormatNumber(pa.High), FormatNumber(pa.Value))
			case pa.Low < lo || pa.High > hi:
				bad(f+".range", "range [%s, %s] leaves [%s, %s], where a %v lies", FormatNumber(pa.Low), FormatNumber(pa.High), FormatNumber(lo), FormatNumber(hi), pa.Ref.Kind)
			}
		}
		if prof := s.Profile(pa.Ref.Profile); prof != nil && pa.Ranged {
			switch {
			case pa.Ref.Kind == RefTableValue && prof.Normalization == AsWritten && pa.High > 1:
				bad(f+".range", "range [%s, %s] reaches above 1; table values under normalization as-written lie in [0,1]", FormatNumber(pa.Low), FormatNumber(pa.High))
			case pa.Ref.Kind == RefReservation && prof.ReservationOutcome != nil:
				bad(f, "the reservation is a package; only a numeric reservation takes a range")
			}
		}
		switch pa.Dist {
		case DistPoint:
			if pa.Ranged {
				bad(f+".dist", "a number with a range has a distribution (uniform by default)")
			}
		case DistUniform, DistTriangular:
			if !pa.Ranged {
				bad(f+".dist", "a %v distribution needs a range [low, high]", pa.Dist)
			}
		case DistNormal:
			if !(pa.SD > 0) || math.IsInf(pa.SD, 0) {
				bad(f+".sd", "a normal distribution needs a standard deviation sd > 0, got %v", pa.SD)
			}
		default:
			bad(f+".dist", "unknown distribution %d", pa.Dist)
		}
		if pa.Dist != DistNormal && pa.SD != 0 {
			bad(f+".sd", "only a normal distribution has an sd")
		}
		if pa.Ref.Kind.Integer() {
			if pa.Value != math.Trunc(pa.Value) {
				bad(f+".value", "a %v is a whole number, got %s", pa.Ref.Kind, FormatNumber(pa.Value))
			}
			if pa.Ref.Kind == RefRequired && pa.Ranged {
				if n := len(s.Issues[pa.Ref.Index].Guarantees[pa.Ref.Sub].Guarantors); pa.High > float64(n) {
					bad(f+".range", "range [%s, %s] reaches above the %d guarantors the guarantee lists", FormatNumber(pa.Low), FormatNumber(pa.High), n)
				}
			}
			if pa.Dist != DistPoint && pa.Dist != DistUniform {
				bad(f+".dist", "a %v is drawn uniformly from the whole numbers of its range; a %v distribution does not apply", pa.Ref.Kind, pa.Dist)
			}
		}
		if int(pa.Confidence) >= len(confidences) {
			bad(f+".confidence", "unknown confidence %d", pa.Confidence)
		}
	}
	return errs
}

// validateRedLines checks red lines: a name and a non-empty region each;
// Field paths are field.red_lines[k].
func (s *Scenario) validateRedLines(field string, lines []RedLine) ErrorList {
	var errs ErrorList
	for k := range lines {
		l := &lines[k]
		f := fmt.Sprintf("%s.red_lines[%d]", field, k)
		if l.Name == "" {
			errs.Add(Errorf(EInvalid, "", 0, 0, f+".name", "a red line needs a name, so that explanations can say which one blocks a package"))
		}
		if len(l.Boxes) == 0 {
			errs.Add(Errorf(EInvalid, "", 0, 0, f+".when", "the red line covers no packages; give the options (or region) never accepted"))
		}
		errs = append(errs, s.validateBoxes(f, l.Boxes)...)
	}
	return errs
}
