package whatif

import (
	"fmt"
	"math"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/zonewalk"
)

// Control is one annotated number of a scenario, described for a person
// who moves it: what it is in words, what the author says of it, and how
// to present it.
type Control struct {
	// Key is the number's stable key (see Key); Ref locates it.
	Key string
	Ref entente.Ref
	// Label names it in words (entente.Scenario.Label): "US executive:
	// credibility", "Ukraine: weight of Donbas".
	Label string
	// Owner is whose number it is: a party, "bloc / member",
	// "constituency / voter group", a guarantor or a constituency; empty
	// for the number of guarantors a guarantee needs.
	Owner string
	// Party is the party at the table the number belongs to, or speaks
	// for: the party itself, the bloc of a member, the party a
	// constituency ratifies for; empty for a guarantor.
	Party string
	// Issue and Option are the issue and the option (or integer) the
	// number is about, when it is about one.
	Issue  string
	Option string
	// Quantity is the kind of number (entente.RefKind.String): "weight",
	// "table value", "credibility", "approval threshold", ...
	Quantity string
	// Value is the nominal number, as the scenario holds it.
	Value float64
	// Range is the plausible range the author states; nil when the number
	// is stated without one.
	Range *Range
	// Dist is its distribution ("point", "uniform", "triangular",
	// "normal") and SD the standard deviation of a normal one.
	Dist string
	SD   float64
	// Confidence ("low", "medium", "high" or empty), Source and Note are
	// the author's.
	Confidence string
	Source     string
	Note       string
	// Structural reports a number that shapes the model's structure (a
	// threshold, the guarantors a guarantee needs, a guarantee's worth
	// function, a voter group's spread) rather than a preference or a
	// credibility (entente.RefKind.Structural).
	Structural bool
	// Rescales says what moves with the number (the other weights of its
	// profile, the other voter shares of its constituency), or is empty.
	Rescales string
	// Widget is how to present it.
	Widget Widget
}

// Range is an interval [Low, High].
type Range struct {
	Low  float64
	High float64
}

// Widget says how to present a number as a control.
type Widget struct {
	// Kind is "slider" for a real number and "integer" for a whole
	// number (a field, or a slider with steps of 1).
	Kind string
	// Min and Max bound the control: the stated range when there is one;
	// otherwise the number's limits when they are finite, and an extent
	// that holds the value and [0, 1] (the scale of utilities and
	// probabilities) where they are not.
	Min float64
	Max float64
	// Step is the control's step: about a hundredth of Max − Min, as
	// round as the number and the bounds are written (1 for an integer).
	Step float64
	// LimitMin and LimitMax are the values the model accepts at all (a
	// probability in [0, 1], a weight at least 0, a guarantee's required
	// guarantors from 1 to the number it lists), infinite when unbounded.
	// A variant may leave [Min, Max] up to these limits only when it says
	// so (Variant.AllowOutside).
	LimitMin, LimitMax float64
}

// Controls lists the annotated numbers of a valid scenario as controls,
// as Workspace.Controls does.
func Controls(s *entente.Scenario) []Control { return controls(s) }

// controls lists the annotated numbers of s in file order (see
// Workspace.Controls).
func controls(s *entente.Scenario) []Control {
	var out []Control
	seen := map[entente.Ref]bool{}
	for k := range s.Params {
		seen[s.Params[k].Ref] = true
	}
	for k := range s.Params {
		p := s.Params[k]
		if !s.Locate(p.Ref) {
			continue
		}
		if spread(s, p.Ref) {
			// A voter group's spread of walk-away values: its centre and
			// its standard deviation are the numbers to move, annotated
			// by the same mapping; their own ranges (centre_range,
			// sd_range) come as Params of their own when given.
			centre := entente.Ref{Kind: entente.RefCentre, Profile: p.Ref.Profile}
			sd := entente.Ref{Kind: entente.RefSpread, Profile: p.Ref.Profile}
			for _, r := range []entente.Ref{centre, sd} {
				if !seen[r] && s.Locate(r) {
					q := entente.Param{Ref: r, Value: s.Get(r), Source: p.Source, Note: p.Note, Confidence: p.Confidence}
					out = append(out, control(s, &q))
				}
			}
			continue
		}
		out = append(out, control(s, &p))
	}
	return out
}

// control describes the number p annotates.
func control(s *entente.Scenario, p *entente.Param) Control {
	r := p.Ref
	c := Control{Key: Key(s, r), Ref: r, Label: s.Label(r), Quantity: r.Kind.String(), Value: s.Get(r),
		Dist: p.Dist.String(), SD: p.SD, Confidence: p.Confidence.String(), Source: p.Source, Note: p.Note,
		Structural: r.Kind.Structural()}
	if p.Ranged {
		c.Range = &Range{Low: p.Low, High: p.High}
	}
	c.Owner, c.Party, c.Issue, c.Option = describe(s, r)
	c.Rescales = rescales(s, r)
	c.Widget = widget(s, r, c.Value, c.Range)
	return c
}

// describe returns whose number r locates and what it is about.
func describe(s *entente.Scenario, r entente.Ref) (owner, party, issue, option string) {
	partyName := func(p int) string {
		if p >= 0 && p < len(s.Parties) {
			return s.Parties[p].Name
		}
		return ""
	}
	switch r.Kind {
	case entente.RefCredibility, entente.RefAlone:
		return s.Guarantors[r.Index].Name, "", "", ""
	case entente.RefThreshold:
		co := &s.Constituencies[r.Index]
		return co.Name, partyName(co.Party), "", ""
	case entente.RefBlocThreshold:
		return s.Parties[r.Index].Name, s.Parties[r.Index].Name, "", ""
	case entente.RefRequired:
		is := &s.Issues[r.Index]
		return "", "", is.Name, is.Options[is.Guarantees[r.Sub].Option]
	}
	owner = s.ProfileName(r.Profile)
	switch r.Profile.Kind {
	case entente.VoterProfile:
		party = partyName(s.Constituencies[r.Profile.Index].Party)
	default:
		party = partyName(r.Profile.Index)
	}
	switch r.Kind {
	case entente.RefWeight, entente.RefConstant, entente.RefLinearOffset, entente.RefLinearSlope, entente.RefPiecewiseY,
		entente.RefGuaranteeScale, entente.RefGuaranteeOffset, entente.RefGuaranteeNone:
		issue = s.Issues[r.Index].Name
	case entente.RefTableValue:
		is := &s.Issues[r.Index]
		issue = is.Name
		if is.Kind == entente.Discrete {
			option = is.Options[r.Sub]
		} else {
			option = entente.FormatNumber(s.Profile(r.Profile).Values[r.Index].(entente.Table).Base + float64(r.Sub))
		}
	}
	return owner, party, issue, option
}

// rescales says what renormalising a set number r changes.
func rescales(s *entente.Scenario, r entente.Ref) string {
	switch r.Kind {
	case entente.RefWeight:
		if sum := zonewalk.StatedSum(s.Profile(r.Profile)); sum > 0 && len(s.Profile(r.Profile).Weights) > 1 {
			return fmt.Sprintf("the other weights of %s, so that they keep summing to %s", s.ProfileName(r.Profile), entente.FormatNumber(sum))
		}
	case entente.RefShare:
		co := &s.Constituencies[r.Profile.Index]
		if len(co.Voters) > 1 {
			return fmt.Sprintf("the other voter shares of %s, so that they keep summing to 1", co.Name)
		}
	}
	return ""
}

// limits returns the interval every value of the number r locates must
// lie in: its kind's domain (entente.RefKind.Domain), narrowed to the
// guarantors a guarantee lists, and to [0, 1] for the table values of a
// profile whose utilities are taken as written.
func limits(s *entente.Scenario, r entente.Ref) (lo, hi float64) {
	lo, hi = r.Kind.Domain()
	switch r.Kind {
	case entente.RefRequired:
		hi = float64(len(s.Issues[r.Index].Guarantees[r.Sub].Guarantors))
	case entente.RefTableValue:
		if s.Profile(r.Profile).Normalization == entente.AsWritten {
			hi = 1
		}
	}
	return lo, hi
}

// widget says how to present the number r locates, of nominal value v and
// stated range rg (nil when none).
func widget(s *entente.Scenario, r entente.Ref, v float64, rg *Range) Widget {
	lo, hi := limits(s, r)
	w := Widget{Kind: "slider", LimitMin: lo, LimitMax: hi}
	switch {
	case rg != nil:
		w.Min, w.Max = rg.Low, rg.High
	default:
		w.Min, w.Max = lo, hi
		if math.IsInf(lo, -1) {
			w.Min = math.Min(0, 2*v)
		}
		if math.IsInf(hi, 1) {
			w.Max = math.Max(1, 2*v)
		}
	}
	w.Min, w.Max = math.Min(w.Min, v), math.Max(w.Max, v)
	if r.Kind.Integer() {
		w.Kind, w.Step = "integer", 1
		return w
	}
	w.Step = step(w.Min, w.Max, v)
	return w
}

// step returns a round step for a slider over [lo, hi] through v: the
// power of ten nearest below a hundredth of the width, made finer when the
// bounds or the value are written with more decimals (down to 10^-6).
func step(lo, hi, v float64) float64 {
	st := 1e-6
	if w := hi - lo; w > 0 {
		st = math.Pow(10, math.Floor(math.Log10(w/100)))
	}
	for _, x := range []float64{lo, hi, v} {
		st = math.Min(st, decimals(x))
	}
	return math.Max(st, 1e-6)
}

// decimals returns 10^-d for the fewest decimals d (at most 6) that write
// x exactly, or 1 for an integer.
func decimals(x float64) float64 {
	for d := 0; d <= 6; d++ {
		p := math.Pow(10, float64(d))
		if y := x * p; math.Abs(y-math.Round(y)) <= 1e-9*math.Max(1, math.Abs(y)) {
			return 1 / p
		}
	}
	return 1e-6
}
