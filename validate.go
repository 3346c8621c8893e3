package entente

import (
	"fmt"
	"math"
)

// maxExactInteger is the largest whole number every smaller whole number
// of which a float64 holds exactly (2^53).
const maxExactInteger = 1 << 53

// Validate checks that the scenario is internally consistent: issues are
// well defined and uniquely named, every party's preferences fit the issues,
// and rules refer to existing parties and issues. It does not evaluate
// utilities (package utility checks their range).
//
// Problems carry a Field path in the native format's terms, such as
// "issues[2].options" or "parties[0].weights.price", so that a loader can
// attach the file position of that field.
func (s *Scenario) Validate() ErrorList {
	var errs ErrorList
	bad := func(field, format string, args ...any) {
		errs.Add(Errorf(EInvalid, "", 0, 0, field, format, args...))
	}
	if len(s.Issues) == 0 {
		bad("issues", "a scenario needs at least one issue")
	}
	seen := map[string]int{}
	for i := range s.Issues {
		is := &s.Issues[i]
		f := fmt.Sprintf("issues[%d]", i)
		uniqueName(bad, seen, is.Name, "issues", "issue", "an issue", i)
		switch is.Kind {
		case Discrete:
			if len(is.Options) == 0 {
				bad(f+".options", "issue %q has no options; a discrete issue needs at least one", is.Name)
			}
			opts := map[string]int{}
			for k, o := range is.Options {
				if j, dup := opts[o]; dup {
					bad(fmt.Sprintf("%s.options[%d]", f, k), "duplicate option %q (also options[%d])", o, j)
				}
				opts[o] = k
			}
			if _, ok := opts[is.Unsettled]; is.Unsettled != "" && !ok {
				bad(f+".unsettled", "issue %q has no option %q; unsettled names one of its options", is.Name, is.Unsettled)
			}
		case Integer, Real:
			if is.Unsettled != "" {
				bad(f+".unsettled", "issue %q is numeric; only a discrete issue can have an unsettled option", is.Name)
			}
			if math.IsNaN(is.Min) || math.IsNaN(is.Max) || math.IsInf(is.Min, 0) || math.IsInf(is.Max, 0) {
				bad(f+".range", "issue %q needs finite bounds", is.Name)
			} else if is.Min > is.Max {
				bad(f+".range", "issue %q: lower bound %v is above upper bound %v", is.Name, is.Min, is.Max)
			}
			if is.Kind == Integer && (is.Min != math.Trunc(is.Min) || is.Max != math.Trunc(is.Max)) {
				bad(f+".range", "issue %q: integer bounds must be whole numbers, got %v..%v", is.Name, is.Min, is.Max)
			} else if is.Kind == Integer && (math.Abs(is.Min) > maxExactInteger || math.Abs(is.Max) > maxExactInteger) {
				bad(f+".range", "issue %q: integer bounds must lie within ±2^53 (%d) to be exact, got %s..%s", is.Name, int64(maxExactInteger), FormatNumber(is.Min), FormatNumber(is.Max))
			}
		default:
			bad(f+".kind", "unknown issue kind %d", is.Kind)
		}
	}
	if len(s.Parties) == 0 {
		bad("parties", "a scenario needs at least one party")
	}
	names := map[string]int{}
	for p := range s.Parties {
		pa := &s.Parties[p]
		f := fmt.Sprintf("parties[%d]", p)
		uniqueName(bad, names, pa.Name, "parties", "party", "a party", p)
		for _, e := range s.validatePreferences(&pa.Preferences) {
			e.Field = joinField(f, e.Field)
			errs.Add(e)
		}
	}
	for r, ru := range s.Rules {
		f := fmt.Sprintf("rules[%d]", r)
		for _, p := range ru.Parties {
			if p < 0 || p >= len(s.Parties) {
				bad(f+".parties", "party index %d is out of range", p)
			}
		}
		for _, i := range ru.Issues {
			if i < 0 || i >= len(s.Issues) {
				bad(f+".issues", "issue index %d is out of range", i)
			}
		}
		if ru.Kind == Affected && (len(ru.Parties) == 0 || len(ru.Issues) == 0) {
			bad(f, "an affected rule needs at least one party and one issue")
		}
	}
	errs = append(errs, s.validatePolitics()...)
	return errs
}

// uniqueName checks the name of item i of a list (issues, parties, …):
// present, and not the name of an earlier item; seen maps the names met so
// far to their index. what names an item ("issue"), a the same with its
// article ("an issue").
func uniqueName(bad func(field, format string, args ...any), seen map[string]int, name, list, what, a string, i int) {
	f := fmt.Sprintf("%s[%d].name", list, i)
	switch j, dup := seen[name]; {
	case name == "":
		bad(f, "%s needs a name", a)
	case dup:
		bad(f, "duplicate %s %q (also %s[%d]); %s names must be unique", what, name, list, j, what)
	default:
		seen[name] = i
	}
}

func joinField(prefix, field string) string {
	if field == "" {
		return prefix
	}
	return prefix + "." + field
}

// validateBoxes checks the boxes of a region; Field paths are
// field.boxes[b][c].
func (s *Scenario) validateBoxes(field string, boxes []Box) ErrorList {
	var errs ErrorList
	bad := func(field, format string, args ...any) {
		errs.Add(Errorf(EInvalid, "", 0, 0, field, format, args...))
	}
	n := len(s.Issues)
	for b, box := range boxes {
		for c := range box {
			cond := &box[c]
			cf := fmt.Sprintf("%s.boxes[%d][%d]", field, b, c)
			if cond.Issue < 0 || cond.Issue >= n {
				bad(cf, "issue index %d is out of range", cond.Issue)
				continue
			}
			is := &s.Issues[cond.Issue]
			if is.Kind == Discrete {
				if cond.Options == nil {
					bad(cf, "issue %q is discrete: list the options the region covers", is.Name)
				}
				for _, o := range cond.Options {
					if o < 0 || o >= len(is.Options) {
						bad(cf, "option index %d is out of range for issue %q", o, is.Name)
					}
				}
			} else {
				if cond.Options != nil {
					bad(cf, "issue %q is %s: give a range, not options", is.Name, is.Kind)
				}
				if !(cond.Min <= cond.Max) {
					bad(cf, "range %v..%v is empty", cond.Min, cond.Max)
				}
			}
		}
	}
	return errs
}

// validatePreferences checks one profile against the scenario's issues.
// Field paths are relative to the party.
func (s *Scenario) validatePreferences(p *Preferences) ErrorList {
	var errs ErrorList
	bad := func(field, format string, args ...any) {
		errs.Add(Errorf(EInvalid, "", 0, 0, field, format, args...))
	}
	n := len(s.Issues)
	if p.Weights != nil && len(p.Weights) != n {
		bad("weights", "%d weights for %d issues; give one weight per issue", len(p.Weights), n)
	}
	if p.Values != nil && len(p.Values) != n {
		bad("values", "%d value functions for %d issues; give one per issue", len(p.Values), n)
	}
	if (p.Weights == nil) != (p.Values == nil) {
		bad("weights", "weights and values go together: give both or neither")
	}
	if p.Weights == nil && len(p.Interactions) == 0 {
		bad("", "preferences need weights and values, or interaction terms")
	}
	for i := 0; i < n && i < len(p.Weights); i++ {
		name := s.Issues[i].Name
		w := p.Weights[i]
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			bad("weights."+name, "weight %v is not allowed; expected a finite number >= 0", w)
		}
		if i >= len(p.Values) {
			continue
		}
		vf := p.Values[i]
		if vf == nil {
			if w != 0 {
				bad("values."+name, "issue %q has weight %v but no value function", name, w)
			}
			continue
		}
		for _, e := range validateValueFunc(&s.Issues[i], vf, p.Normalization) {
			e.Field = joinField("values."+name, e.Field)
			errs.Add(e)
		}
	}
	for k := range p.Interactions {
		in := &p.Interactions[k]
		f := fmt.Sprintf("interactions[%d]", k)
		if math.IsNaN(in.Value) || math.IsInf(in.Value, 0) {
			bad(f+".value", "expected a finite number, got %v", in.Value)
		}
		if len(in.Boxes) == 0 {
			bad(f, "an interaction needs a region (at least one box)")
		}
		for _, e := range s.validateBoxes(f, in.Boxes) {
			errs.Add(e)
		}
	}
	if math.IsNaN(p.MaxUtility) || math.IsInf(p.MaxUtility, 0) || p.MaxUtility < 0 {
		bad("max_utility", "expected a finite number > 0, got %v", p.MaxUtility)
	}
	if math.IsNaN(p.Reservation) || math.IsInf(p.Reservation, 0) {
		bad("reservation", "expected a finite number, got %v", p.Reservation)
	}
	if p.ReservationOutcome != nil {
		if len(p.ReservationOutcome) != n {
			bad("reservation_outcome", "the reservation package has %d values for %d issues", len(p.ReservationOutcome), n)
		} else {
			for i, v := range p.ReservationOutcome {
				if !s.Issues[i].Valid(v) {
					bad("reservation_outcome."+s.Issues[i].Name, "%v is not a value of issue %q", v, s.Issues[i].Name)
				}
			}
		}
	}
	if math.IsNaN(p.Discount) || math.IsInf(p.Discount, 0) {
		bad("discount", "expected a number in (0,1], got %v", p.Discount)
	}
	return errs
}

func validateValueFunc(is *Issue, vf ValueFunc, norm Normalization) ErrorList {
	var errs ErrorList
	bad := func(field, format string, args ...any) {
		errs.Add(Errorf(EInvalid, "", 0, 0, field, format, args...))
	}
	finite := func(field string, vs ...float64) {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bad(field, "expected a finite number, got %v", v)
				return
			}
		}
	}
	switch f := vf.(type) {
	case Table:
		switch is.Kind {
		case Discrete:
			if len(f.Values) != len(is.Options) || f.Base != 0 {
				bad("", "the table has %d entries for %d options of issue %q", len(f.Values), len(is.Options), is.Name)
			}
		case Integer:
			if size, ok := is.Size(); !ok || int64(len(f.Values)) != size || f.Base != is.Min {
				bad("", "the table must give a value for every integer %v..%v of issue %q", is.Min, is.Max, is.Name)
			}
		case Real:
			bad("", "issue %q is real-valued: a table cannot cover a continuum; use linear or piecewise", is.Name)
		}
		finite("", f.Values...)
		for k, v := range f.Values {
			if v < 0 {
				bad("", "value %v for %s is negative; expected a number >= 0", v, is.Format(float64(k)+f.Base))
			}
			if norm == AsWritten && v > 1 {
				bad("", "value %v for %s is above 1; use values in [0,1] or set normalization: genius to divide by the best", v, is.Format(float64(k)+f.Base))
			}
		}
	case Linear:
		if is.Kind == Discrete {
			bad("", "issue %q is discrete: give a table of option values", is.Name)
		}
		finite("", f.Offset, f.Slope, f.Origin)
	case Piecewise:
		if is.Kind == Discrete {
			bad("", "issue %q is discrete: give a table of option values", is.Name)
		}
		if len(f.X) == 0 || len(f.X) != len(f.Y) {
			bad("", "a piecewise function needs at least one point, each with x and y")
		}
		finite("", f.X...)
		finite("", f.Y...)
		for k := 1; k < len(f.X); k++ {
			if !(f.X[k] > f.X[k-1]) {
				bad("", "points must have strictly increasing x, but %v follows %v", f.X[k], f.X[k-1])
				break
			}
		}
	case Triangular:
		if is.Kind == Discrete {
			bad("", "issue %q is discrete: give a table of option values", is.Name)
		}
		finite("", f.Low, f.Top, f.High)
		if !(f.Low <= f.Top && f.Top <= f.High) {
			bad("", "triangular needs low <= top <= high, got %v, %v, %v", f.Low, f.Top, f.High)
		}
	case Constant:
		finite("", f.V)
	case Guaranteed:
		if is.Kind != Discrete || len(is.Guarantees) == 0 {
			bad("", "issue %q has no guarantees; a guarantee value function needs an issue whose options list guarantors", is.Name)
		} else if len(f.P) != len(is.Options) {
			bad("", "the derived guarantee values of issue %q are missing; call Scenario.UpdateGuarantees", is.Name)
		}
		finite("", f.Scale, f.Offset, f.None)
		if f.None < 0 {
			bad("", "none %v is negative; expected a number >= 0", f.None)
		}
	default:
		bad("", "unknown value function %T", vf)
	}
	return errs
}
