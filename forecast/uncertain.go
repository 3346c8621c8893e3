package forecast

import (
	"fmt"
	"math"
)

// Range is an interval of plausible values of an uncertain input, Low <=
// High.
type Range struct {
	Low, High float64
}

// Width returns High - Low.
func (r Range) Width() float64 { return r.High - r.Low }

// StanceRange holds the ranges of one stance's inputs; a nil field means
// the input is known exactly.
type StanceRange struct {
	Position, Salience, Capability *Range
}

// Uncertain holds the ranges given for a model's inputs, beside the point
// values in Model.Stances and Actor.Risk (which stay the inputs of every
// model; the forecast/montecarlo package draws from the ranges).
type Uncertain struct {
	// Stances[actor][issue], like Model.Stances.
	Stances [][]StanceRange
	// Risk[actor], nil where the actor's risk is exact or not given.
	Risk []*Range
}

// Ranged reports whether any input of m has a range of positive width.
func (m *Model) Ranged() bool {
	u := m.Uncertain
	if u == nil {
		return false
	}
	wide := func(r *Range) bool { return r != nil && r.High > r.Low }
	for _, row := range u.Stances {
		for _, s := range row {
			if wide(s.Position) || wide(s.Salience) || wide(s.Capability) {
				return true
			}
		}
	}
	for _, r := range u.Risk {
		if wide(r) {
			return true
		}
	}
	return false
}

// uncertain returns m.Uncertain, creating it (sized for the model) when
// needed.
func (m *Model) uncertain() *Uncertain {
	if m.Uncertain == nil {
		m.Uncertain = &Uncertain{Stances: make([][]StanceRange, len(m.Actors)), Risk: make([]*Range, len(m.Actors))}
		for a := range m.Uncertain.Stances {
			m.Uncertain.Stances[a] = make([]StanceRange, len(m.Issues))
		}
	}
	return m.Uncertain
}

// validateUncertain checks the ranges: the shape of Uncertain, finite
// ends, Low <= value <= High, positions within the scale and non-negative
// salience and capability.
func (m *Model) validateUncertain(add func(path, format string, args ...any)) {
	u := m.Uncertain
	if u == nil {
		return
	}
	if len(u.Stances) != len(m.Actors) || (u.Risk != nil && len(u.Risk) != len(m.Actors)) {
		add("uncertain", "ranges for %d actors (%d risks) in a model of %d actors; expected one row per actor", len(u.Stances), len(u.Risk), len(m.Actors))
		return
	}
	check := func(path, what, want string, r *Range, v, lo, hi float64) {
		switch {
		case r == nil:
		case !finite(r.Low) || !finite(r.High):
			add(path, "the range [%v, %v] has an end that is not a finite number; expected finite numbers", r.Low, r.High)
		case !(r.Low <= v && v <= r.High):
			add(path, "the value %v lies outside its range [%v, %v]; expected low <= value <= high", v, r.Low, r.High)
		case r.Low < lo || r.High > hi:
			add(path, "the range [%v, %v] reaches outside %s; expected %s", r.Low, r.High, what, want)
		}
	}
	inf := math.Inf(1)
	for a, row := range u.Stances {
		if a >= len(m.Stances) || len(row) != len(m.Stances[a]) {
			add(fmt.Sprintf("actors[%d].stances", a), "ranges for %d issues; expected one per issue", len(row))
			continue
		}
		for k, sr := range row {
			s := m.Stances[a][k]
			path := fmt.Sprintf("actors[%d].stances[%d].", a, k)
			if k < len(m.Issues) {
				is := &m.Issues[k]
				check(path+"position", fmt.Sprintf("the scale of issue %q", is.Name), fmt.Sprintf("a range from %v to %v", is.Min, is.Max), sr.Position, s.Position, is.Min, is.Max)
			}
			check(path+"salience", "the allowed values", "a range of numbers >= 0", sr.Salience, s.Salience, 0, inf)
			check(path+"capability", "the allowed values", "a range of numbers >= 0", sr.Capability, s.Capability, 0, inf)
		}
	}
	for a, r := range u.Risk {
		if r == nil {
			continue
		}
		if a < len(m.Actors) && m.Actors[a].Risk == nil {
			add(fmt.Sprintf("actors[%d].risk", a), "a risk range without a risk value; expected both")
			continue
		}
		check(fmt.Sprintf("actors[%d].risk", a), "the allowed values", "finite numbers", r, *m.Actors[a].Risk, -inf, inf)
	}
}
