package whatif

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/entente/entente"
)

// Key returns the stable textual key of the number r locates in s: its
// path in the native format, as the file writes it and as messages name it
// (entente.Param.Field): "guarantors[0].credibility",
// "constituencies[0].threshold", "parties[2].weights.Donbas",
// "parties[0].values.Donbas.line frozen",
// "parties[3].bloc.members[1].reservation",
// "issues[5].guarantees.Art5 Europeans only.required". The centre and the
// spread of a voter group's walk-away values are the fields that give
// their ranges: "constituencies[0].voters[0].reservation.centre_range" and
// ".sd_range".
//
// A key holds the issue and option names of s and the positions of
// parties, guarantors and constituencies in it: it stays the same for the
// same file, and Workspace.Ref reads it back. r must locate a number of s
// (entente.Scenario.Locate).
func Key(s *entente.Scenario, r entente.Ref) string {
	switch r.Kind {
	case entente.RefCredibility:
		return fmt.Sprintf("guarantors[%d].credibility", r.Index)
	case entente.RefAlone:
		return fmt.Sprintf("guarantors[%d].alone", r.Index)
	case entente.RefThreshold:
		return fmt.Sprintf("constituencies[%d].threshold", r.Index)
	case entente.RefBlocThreshold:
		return fmt.Sprintf("parties[%d].bloc.threshold", r.Index)
	case entente.RefRequired:
		is := &s.Issues[r.Index]
		return fmt.Sprintf("issues[%d].guarantees.%s.required", r.Index, is.Options[is.Guarantees[r.Sub].Option])
	}
	prof := s.ProfileField(r.Profile)
	issue := func() string { return s.Issues[r.Index].Name }
	switch r.Kind {
	case entente.RefWeight:
		return prof + ".weights." + issue()
	case entente.RefTableValue:
		is := &s.Issues[r.Index]
		if is.Kind == entente.Discrete {
			return prof + ".values." + is.Name + "." + is.Options[r.Sub]
		}
		t := s.Profile(r.Profile).Values[r.Index].(entente.Table)
		return prof + ".values." + is.Name + "." + entente.FormatNumber(t.Base+float64(r.Sub))
	case entente.RefConstant:
		return prof + ".values." + issue()
	case entente.RefLinearOffset:
		return prof + ".values." + issue() + ".linear.offset"
	case entente.RefLinearSlope:
		return prof + ".values." + issue() + ".linear.slope"
	case entente.RefPiecewiseY:
		return fmt.Sprintf("%s.values.%s.piecewise[%d][1]", prof, issue(), r.Sub)
	case entente.RefGuaranteeScale:
		return prof + ".values." + issue() + ".guarantee.scale"
	case entente.RefGuaranteeOffset:
		return prof + ".values." + issue() + ".guarantee.offset"
	case entente.RefGuaranteeNone:
		return prof + ".values." + issue() + ".guarantee.none"
	case entente.RefInteraction:
		return fmt.Sprintf("%s.interactions[%d].value", prof, r.Index)
	case entente.RefReservation:
		return prof + ".reservation"
	case entente.RefCentre:
		return prof + ".reservation.centre_range"
	case entente.RefSpread:
		return prof + ".reservation.sd_range"
	case entente.RefDiscount:
		return prof + ".discount"
	case entente.RefShare:
		return prof + ".share"
	case entente.RefMemberWeight:
		return prof + ".weight"
	}
	return fmt.Sprintf("%s.<%v>", prof, r.Kind)
}

// Numbers lists every number of s that a variant can set, in a fixed
// order (guarantors, issues' guarantees, then each party with its bloc,
// then each constituency): every number entente.Scenario.Locate accepts,
// except a walk-away value given as a package and the walk-away value of
// a voter group whose voters' walk-away values spread (set its centre,
// entente.RefCentre, instead).
func Numbers(s *entente.Scenario) []entente.Ref {
	var out []entente.Ref
	add := func(r entente.Ref) {
		if s.Locate(r) {
			out = append(out, r)
		}
	}
	for g := range s.Guarantors {
		add(entente.Ref{Kind: entente.RefCredibility, Index: g})
		if len(s.Guarantors[g].Follows) > 0 {
			add(entente.Ref{Kind: entente.RefAlone, Index: g})
		}
	}
	for i := range s.Issues {
		for k := range s.Issues[i].Guarantees {
			add(entente.Ref{Kind: entente.RefRequired, Index: i, Sub: k})
		}
	}
	profile := func(pr entente.ProfileRef) {
		p := s.Profile(pr)
		for i := range p.Weights {
			add(entente.Ref{Kind: entente.RefWeight, Profile: pr, Index: i})
		}
		for i, vf := range p.Values {
			at := func(k entente.RefKind, sub int) { add(entente.Ref{Kind: k, Profile: pr, Index: i, Sub: sub}) }
			switch f := vf.(type) {
			case entente.Table:
				for k := range f.Values {
					at(entente.RefTableValue, k)
				}
			case entente.Constant:
				at(entente.RefConstant, 0)
			case entente.Linear:
				at(entente.RefLinearOffset, 0)
				at(entente.RefLinearSlope, 0)
			case entente.Piecewise:
				for k := range f.Y {
					at(entente.RefPiecewiseY, k)
				}
			case entente.Guaranteed:
				at(entente.RefGuaranteeScale, 0)
				at(entente.RefGuaranteeOffset, 0)
				at(entente.RefGuaranteeNone, 0)
			}
		}
		for k := range p.Interactions {
			add(entente.Ref{Kind: entente.RefInteraction, Profile: pr, Index: k})
		}
		if p.ReservationOutcome == nil {
			res := entente.Ref{Kind: entente.RefReservation, Profile: pr}
			if spread(s, res) {
				add(entente.Ref{Kind: entente.RefCentre, Profile: pr})
				add(entente.Ref{Kind: entente.RefSpread, Profile: pr})
			} else {
				add(res)
			}
		}
		add(entente.Ref{Kind: entente.RefDiscount, Profile: pr})
		switch pr.Kind {
		case entente.VoterProfile:
			add(entente.Ref{Kind: entente.RefShare, Profile: pr})
		case entente.MemberProfile:
			add(entente.Ref{Kind: entente.RefMemberWeight, Profile: pr})
		}
	}
	for p := range s.Parties {
		profile(entente.ProfileRef{Kind: entente.PartyProfile, Index: p})
		if b := s.Parties[p].Bloc; b != nil {
			if b.Rule == entente.BlocQualified {
				add(entente.Ref{Kind: entente.RefBlocThreshold, Index: p})
			}
			for m := range b.Members {
				profile(entente.ProfileRef{Kind: entente.MemberProfile, Index: p, Sub: m})
			}
		}
	}
	for c := range s.Constituencies {
		add(entente.Ref{Kind: entente.RefThreshold, Index: c})
		for g := range s.Constituencies[c].Voters {
			profile(entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g})
		}
	}
	return out
}

// spread reports whether r is a voter group's walk-away value whose
// distribution describes how its voters' walk-away values spread (the
// number itself is then the spread's centre, entente.RefCentre).
func spread(s *entente.Scenario, r entente.Ref) bool {
	if !r.Population() {
		return false
	}
	p := s.Param(r)
	return p != nil && p.Uncertain()
}

// keyIndex maps every key of s to the number it names (Numbers), and the
// walk-away value of a voter group with a spread to its centre.
type keyIndex map[string]entente.Ref

func newKeyIndex(s *entente.Scenario) (keyIndex, error) {
	idx := keyIndex{}
	for _, r := range Numbers(s) {
		k := Key(s, r)
		if q, dup := idx[k]; dup {
			return nil, fmt.Errorf("whatif: two numbers of the scenario have the key %q (%s and %s): rename the issue or option whose name makes them alike", k, s.Label(q), s.Label(r))
		}
		idx[k] = r
		if r.Kind == entente.RefCentre {
			// The file writes the centre as the walk-away value.
			idx[s.ProfileField(r.Profile)+".reservation"] = r
		}
	}
	return idx, nil
}

// ref reads a key back; examples are keys to quote when it cannot.
func (idx keyIndex) ref(s *entente.Scenario, key string, examples []string) (entente.Ref, error) {
	if r, ok := idx[key]; ok {
		return r, nil
	}
	if r, ok := idx[strings.TrimSpace(key)]; ok {
		return r, nil
	}
	if len(examples) == 0 {
		for k := range idx {
			examples = append(examples, k)
		}
		sortKeys(examples)
	}
	quoted := make([]string, 0, 3)
	for _, k := range examples[:min(3, len(examples))] {
		quoted = append(quoted, fmt.Sprintf("%q", k))
	}
	e := entente.Errorf(entente.ENotFound, "", 0, 0, key, "no number of scenario %q has the key %q; keys are paths in the scenario file, such as %s", s.Name, key, strings.Join(quoted, ", "))
	e.Err = ErrNoKey
	return entente.Ref{}, e
}

// ErrNoKey is the error a key that names no number wraps.
var ErrNoKey = errors.New("no such key")

// sortKeys sorts keys shortest first, then alphabetically.
func sortKeys(ks []string) {
	slices.SortFunc(ks, func(a, b string) int {
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
}
