package native

import (
	"fmt"
	"math"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// tableLimit is the largest number of values a finite issue may have for
// the range check to compile the profile with package utility (which
// tabulates every value and searches them all). Profiles over larger
// integer issues are checked by candidate points instead.
const tableLimit = 10000

// checkRanges proves that every party's utilities lie in [0,1]. Profiles
// over modest issues go to utility.Check: exact for additive profiles, and
// an exact branch-and-bound search (or a warning when its budget runs out)
// for profiles with interaction terms. Profiles over huge integer issues
// are checked here: the additive part exactly, by evaluating each value
// function at the points where a piecewise-linear function takes its
// extremes; interaction terms by a safe bound, with a warning when that
// bound leaves [0,1]. Field paths are model paths ("parties[1]").
func checkRanges(s *entente.Scenario) (errs, warns entente.ErrorList) {
	for p := range s.Parties {
		var e, w entente.ErrorList
		if huge := hugeIssue(s.Issues); huge < 0 {
			one := &entente.Scenario{Issues: s.Issues, Parties: []entente.Party{s.Parties[p]}}
			e, w = utility.Check(one)
		} else {
			e, w = checkHuge(s, p, huge)
		}
		prefix := fmt.Sprintf("parties[%d]", p)
		for _, x := range append(e, w...) {
			if strings.HasPrefix(x.Field, "parties[0]") {
				x.Field = prefix + strings.TrimPrefix(x.Field, "parties[0]")
			}
		}
		errs, warns = append(errs, e...), append(warns, w...)
	}
	return errs, warns
}

// hugeIssue returns the index of the first finite issue with more than
// tableLimit values, or -1.
func hugeIssue(issues []entente.Issue) int {
	for i := range issues {
		if n, ok := issues[i].Size(); issues[i].Finite() && (!ok || n > tableLimit) {
			return i
		}
	}
	return -1
}

// checkHuge checks party p of a scenario with a huge integer issue.
func checkHuge(s *entente.Scenario, p, huge int) (errs, warns entente.ErrorList) {
	pa := &s.Parties[p]
	pr := &pa.Preferences
	field := fmt.Sprintf("parties[%d]", p)
	scale := 1.0
	if pr.MaxUtility > 0 {
		scale = 1 / pr.MaxUtility
	}
	finish := func(t float64) float64 {
		u := t * scale
		if pr.Normalization == entente.Genius && u > 1 {
			return 1
		}
		return u
	}
	lo, hi := make(entente.Outcome, len(s.Issues)), make(entente.Outcome, len(s.Issues))
	tlo, thi := 0.0, 0.0
	for i := range s.Issues {
		bestLo, bestHi := math.Inf(1), math.Inf(-1)
		for _, x := range candidates(&s.Issues[i], pr, i) {
			c := contribution(pr, i, x)
			if c < bestLo {
				bestLo, lo[i] = c, x
			}
			if c > bestHi {
				bestHi, hi[i] = c, x
			}
		}
		tlo, thi = tlo+bestLo, thi+bestHi
	}
	const eps = 1e-9
	if len(pr.Interactions) == 0 {
		if u := finish(thi); u > 1+eps {
			errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field,
				"party %q: utility reaches %.6g at %s; utilities must lie in [0,1] (lower the weights or values, or use normalization: genius to cap at 1)", pa.Name, u, describeOutcome(s, hi)))
		}
		if u := finish(tlo); u < -eps {
			errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field,
				"party %q: utility falls to %.6g at %s; utilities must lie in [0,1]", pa.Name, u, describeOutcome(s, lo)))
		}
	} else {
		for _, in := range pr.Interactions {
			tlo += math.Min(0, in.Value)
			thi += math.Max(0, in.Value)
		}
		if ulo, uhi := finish(tlo), finish(thi); ulo < -eps || uhi > 1+eps {
			warns.Add(entente.Errorf(entente.EWarning, "", 0, 0, field,
				"party %q: utilities could not be checked exactly, because issue %q has too many values to search; a safe bound puts them within [%.6g, %.6g]", pa.Name, s.Issues[huge].Name, ulo, uhi))
		}
	}
	rv := pr.Reservation
	if pr.ReservationOutcome != nil {
		rv = finish(total(pr, pr.ReservationOutcome))
	}
	if rv < 0 || rv > 1 {
		warns.Add(entente.Errorf(entente.EWarning, "", 0, 0, field+".reservation",
			"party %q: reservation value %v lies outside [0,1]", pa.Name, rv))
	}
	return errs, warns
}

// contribution is issue i's weighted additive term at x, with GENIUS's
// division of tables by their largest entry.
func contribution(pr *entente.Preferences, i int, x float64) float64 {
	if pr.Weights == nil || pr.Values[i] == nil {
		return 0
	}
	vf := pr.Values[i]
	v := vf.Value(x)
	if t, ok := vf.(entente.Table); ok && pr.Normalization == entente.Genius {
		m := t.Max()
		if m < entente.GeniusZeroMax {
			return 0
		}
		v /= m
	}
	return pr.Weights[i] * v
}

// total is the raw total at an outcome: additive terms plus the
// interaction terms that apply.
func total(pr *entente.Preferences, o entente.Outcome) float64 {
	t := 0.0
	for i := range o {
		t += contribution(pr, i, o[i])
	}
	for k := range pr.Interactions {
		if pr.Interactions[k].Applies(o) {
			t += pr.Interactions[k].Value
		}
	}
	return t
}

// candidates returns values of issue i among which the issue's value
// function takes its smallest and largest value: every value of a modest
// finite issue or table; otherwise the bounds and the points around each
// breakpoint (every function here is piecewise linear between them).
func candidates(is *entente.Issue, pr *entente.Preferences, i int) []float64 {
	var vf entente.ValueFunc
	if pr.Values != nil {
		vf = pr.Values[i]
	}
	if n, ok := is.Size(); is.Kind == entente.Discrete || ok && n <= tableLimit {
		c := make([]float64, n)
		for k := range c {
			c[k] = is.Min + float64(k)
			if is.Kind == entente.Discrete {
				c[k] = float64(k)
			}
		}
		return c
	}
	var pts []float64
	switch v := vf.(type) {
	case entente.Table:
		// A table covers every integer of the range.
		c := make([]float64, len(v.Values))
		for k := range c {
			c[k] = v.Base + float64(k)
		}
		return c
	case entente.Linear:
		if v.Slope != 0 {
			pts = append(pts, v.Origin-v.Offset/v.Slope, v.Origin+(1-v.Offset)/v.Slope)
		}
	case entente.Piecewise:
		pts = append(pts, v.X...)
	case entente.Triangular:
		pts = append(pts, v.Low, v.Top, v.High)
	}
	out := []float64{is.Min, is.Max}
	for _, p := range pts {
		var near []float64
		if is.Kind == entente.Integer {
			f := math.Floor(p)
			near = []float64{f - 1, f, f + 1, f + 2}
		} else {
			near = []float64{p, math.Nextafter(p, math.Inf(-1))}
		}
		for _, x := range near {
			if x >= is.Min && x <= is.Max {
				out = append(out, x)
			}
		}
	}
	return out
}

// describeOutcome writes an outcome as issue=value pairs.
func describeOutcome(s *entente.Scenario, o entente.Outcome) string {
	parts := make([]string, len(s.Issues))
	for i := range s.Issues {
		parts[i] = s.Issues[i].Name + "=" + s.Issues[i].Format(o[i])
	}
	return strings.Join(parts, ", ")
}
