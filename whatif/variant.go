package whatif

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/zonewalk"
)

// Variant is a named set of numbers to change in a scenario: "US out",
// "threshold 55%". The empty variant is the scenario as written.
type Variant struct {
	// Name names the variant for people.
	Name string
	// Set lists the numbers to change, each once.
	Set []Override
	// AllowOutside lets a value leave the range its number is stated with
	// (never the limits the model accepts); the result then says it lies
	// outside the stated assumptions (Result.Outside).
	AllowOutside bool
}

// ErrOutside is the error a value outside its number's stated range
// wraps, when the variant does not allow it (Variant.AllowOutside).
var ErrOutside = errors.New("outside the stated range")

// Override sets one number: the one Key names (see Key), or, when Key is
// empty, the one Ref locates.
type Override struct {
	Key   string
	Ref   entente.Ref
	Value float64
}

// Assumption says how a changed number stands against what the author
// stated about it.
type Assumption string

const (
	// Within: the value lies in the number's stated range.
	Within Assumption = "within"
	// Outside: the value lies outside the number's stated range (the
	// variant allows it, Variant.AllowOutside).
	Outside Assumption = "outside"
	// Unranged: the number is stated without a range, as a point; any
	// other value departs from what the author stated, though no range
	// says how far is plausible.
	Unranged Assumption = "unranged"
	// Rescaled: the number was not set; it moved because another number
	// of its profile or constituency was, and the weights or shares were
	// rescaled to keep their sum.
	Rescaled Assumption = "rescaled"
)

// Change is one number that differs between a variant and the scenario as
// written.
type Change struct {
	// Key and Label name the number (see Key and Control.Label).
	Key   string
	Ref   entente.Ref
	Label string
	// Nominal is the number as written, Value the number in the variant,
	// after any rescaling.
	Nominal float64
	Value   float64
	// Set reports a number the variant sets, and Asked the value it asks
	// for, before rescaling (Value differs from it when the number's
	// weights or shares were rescaled).
	Set   bool
	Asked float64
	// Assumption is how the value stands against the stated range.
	Assumption Assumption
	// Range is the stated range, nil when there is none.
	Range *Range
}

// override is an Override resolved against the workspace's scenario.
type override struct {
	ref   entente.Ref
	key   string
	value float64
	as    Assumption
}

// resolve checks a variant's overrides against the nominal scenario:
// every key names a number, none twice, every value is a number the model
// accepts (finite, within the number's limits, whole for a whole number),
// and within the stated range unless the variant allows otherwise. The
// overrides come back in a canonical order (that of Numbers).
func (ws *Workspace) resolve(v Variant) ([]override, error) {
	out := make([]override, 0, len(v.Set))
	seen := map[entente.Ref]string{}
	for k, o := range v.Set {
		field := fmt.Sprintf("set[%d]", k)
		r := o.Ref
		key := o.Key
		if key != "" {
			var err error
			if r, err = ws.Ref(key); err != nil {
				return nil, err
			}
		} else if !ws.s.Locate(r) {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, field, "the %v the override locates is not a number of scenario %q", r.Kind, ws.s.Name)
		}
		if spread(ws.s, r) {
			r = entente.Ref{Kind: entente.RefCentre, Profile: r.Profile}
		}
		if _, ok := ws.order[r]; !ok {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, field, "%s cannot be set: it is not one of the numbers a variant changes (Numbers)", ws.s.Label(r))
		}
		key = Key(ws.s, r)
		if prev, dup := seen[r]; dup {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, field, "%s (%s) is set twice, also by %s", ws.s.Label(r), key, prev)
		}
		seen[r] = field
		as, err := ws.check(r, key, o.Value, v.AllowOutside)
		if err != nil {
			return nil, err
		}
		out = append(out, override{ref: r, key: key, value: o.Value, as: as})
	}
	slices.SortFunc(out, func(a, b override) int { return ws.order[a.ref] - ws.order[b.ref] })
	return out, nil
}

// check checks the value x for the number r (of key key) and says how it
// stands against the number's stated range.
func (ws *Workspace) check(r entente.Ref, key string, x float64, allowOutside bool) (Assumption, error) {
	s := ws.s
	lo, hi := limits(s, r)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "", entente.Errorf(entente.EInvalid, "", 0, 0, key, "%s: %v is not a number the model can hold; expected a finite number", s.Label(r), x)
	case x < lo || x > hi:
		return "", entente.Errorf(entente.EInvalid, "", 0, 0, key, "%s: %s lies outside [%s, %s], the values a %v can take", s.Label(r), entente.FormatNumber(x), entente.FormatNumber(lo), entente.FormatNumber(hi), r.Kind)
	case r.Kind.Integer() && x != math.Trunc(x):
		return "", entente.Errorf(entente.EInvalid, "", 0, 0, key, "%s: %s is not a whole number; a %v is one", s.Label(r), entente.FormatNumber(x), r.Kind)
	case r.Kind == entente.RefSpread && !(x > 0):
		return "", entente.Errorf(entente.EInvalid, "", 0, 0, key, "%s: the spread of walk-away values is a standard deviation, above 0; got %s", s.Label(r), entente.FormatNumber(x))
	}
	p := s.Param(r)
	switch {
	case p == nil || !p.Ranged:
		if x == s.Get(r) {
			return Within, nil
		}
		return Unranged, nil
	case x >= p.Low && x <= p.High:
		return Within, nil
	case !allowOutside:
		e := entente.Errorf(entente.EInvalid, "", 0, 0, key, "%s: %s lies outside the stated range [%s, %s]; allow values outside the stated assumptions to use it", s.Label(r), entente.FormatNumber(x), entente.FormatNumber(p.Low), entente.FormatNumber(p.High))
		e.Err = ErrOutside
		return "", e
	}
	return Outside, nil
}

// apply sets the overrides into c, a copy of nominal (or a copy that only
// apply ever changed, with overrides prev), and returns the numbers whose
// values changed from prev to ov. Numbers outside ov and prev keep their
// nominal values; weights and shares are rescaled as robustness draws
// rescale them (zonewalk.Mutator).
func apply(nominal, c *entente.Scenario, prev, ov []override) []entente.Ref {
	var refs []entente.Ref
	var vals []float64
	idx := map[entente.Ref]int{}
	for _, o := range ov {
		idx[o.ref] = len(refs)
		refs = append(refs, o.ref)
		vals = append(vals, o.value)
	}
	var changed []entente.Ref
	for _, o := range prev {
		j, kept := idx[o.ref]
		if !kept {
			// Back to nominal.
			refs = append(refs, o.ref)
			vals = append(vals, nominal.Get(o.ref))
			changed = append(changed, o.ref)
		} else if math.Float64bits(vals[j]) != math.Float64bits(o.value) {
			changed = append(changed, o.ref)
		}
	}
	was := map[entente.Ref]bool{}
	for _, o := range prev {
		was[o.ref] = true
	}
	for _, o := range ov {
		if !was[o.ref] {
			changed = append(changed, o.ref)
		}
	}
	zonewalk.NewMutator(nominal, refs).ApplyAll(c, vals)
	return changed
}

// changes lists the numbers of c (the variant of ov) that differ from the
// nominal scenario: the numbers ov sets, and those rescaling moved.
func (ws *Workspace) changes(c *entente.Scenario, ov []override) []Change {
	s := ws.s
	out := []Change{}
	set := map[entente.Ref]*override{}
	var profs []entente.ProfileRef
	var cons []int
	for k := range ov {
		o := &ov[k]
		set[o.ref] = o
		switch o.ref.Kind {
		case entente.RefWeight:
			if !slices.Contains(profs, o.ref.Profile) {
				profs = append(profs, o.ref.Profile)
			}
		case entente.RefShare:
			if !slices.Contains(cons, o.ref.Profile.Index) {
				cons = append(cons, o.ref.Profile.Index)
			}
		}
	}
	// Candidates: the numbers set, and every weight and share they may
	// have rescaled; in the order of Numbers.
	cand := map[entente.Ref]bool{}
	for r := range set {
		cand[r] = true
	}
	for _, pr := range profs {
		for i := range s.Profile(pr).Weights {
			cand[entente.Ref{Kind: entente.RefWeight, Profile: pr, Index: i}] = true
		}
	}
	for _, ci := range cons {
		for g := range s.Constituencies[ci].Voters {
			cand[entente.Ref{Kind: entente.RefShare, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Index: ci, Sub: g}}] = true
		}
	}
	refs := make([]entente.Ref, 0, len(cand))
	for r := range cand {
		refs = append(refs, r)
	}
	slices.SortFunc(refs, func(a, b entente.Ref) int { return ws.order[a] - ws.order[b] })
	for _, r := range refs {
		nom, val := s.Get(r), c.Get(r)
		o := set[r]
		if o == nil && math.Float64bits(nom) == math.Float64bits(val) {
			continue
		}
		if o != nil && math.Float64bits(nom) == math.Float64bits(val) && math.Float64bits(o.value) == math.Float64bits(nom) {
			continue // set to its own value
		}
		ch := Change{Key: Key(s, r), Ref: r, Label: s.Label(r), Nominal: nom, Value: val, Asked: val, Assumption: Rescaled}
		if o != nil {
			ch.Set, ch.Asked, ch.Assumption = true, o.value, o.as
		}
		if p := s.Param(r); p != nil && p.Ranged {
			ch.Range = &Range{Low: p.Low, High: p.High}
		}
		out = append(out, ch)
	}
	return out
}
