package utility

import (
	"fmt"
	"math"
	"slices"

	"github.com/entente/entente"
)

// TableLimit is the largest number of values of an integer issue that New
// tabulates; larger issues are evaluated through their value function, as
// real issues are.
const TableLimit = 1 << 16

// Func is a compiled utility function. It is safe for concurrent use.
type Func struct {
	issues []entente.Issue
	// tables[i][k] is issue i's weighted contribution for value index k
	// (option index, or integer minus the issue's Min); nil when the issue
	// is real-valued or has no additive term.
	tables [][]float64
	base   []float64
	real   []entente.ValueFunc // value function of a real issue, by issue
	realW  []float64
	inter  []term
	// byIssue indexes the interaction terms by issue: the terms with a
	// box that conditions issue i, and the work of evaluating them
	// (issueCost[i]), so that a search changing one issue re-evaluates
	// those terms only.
	byIssue   [][]int32
	issueCost []int
	scale     float64 // multiplies the total: 1/MaxUtility, or 1
	cap       bool
	rv        float64
	pref      *entente.Preferences
	// disc holds the discount factor as compiled: the function never reads
	// its preferences again, so neither a later edit of the scenario nor
	// code holding the function can change how it discounts.
	disc entente.Preferences
	tol  float64 // the acceptance tolerance, as compiled
}

// term is a compiled interaction.
type term struct {
	boxes   []box
	outside bool
	value   float64
}

type box []cond

// cond is a compiled condition: for finite issues a membership table by
// value index, for real issues a range.
type cond struct {
	issue    int
	in       []bool
	base     float64
	min, max float64
}

// New compiles preferences over the given issues. The preferences must be
// valid for the issues (see entente.Scenario.Validate).
func New(issues []entente.Issue, p *entente.Preferences) (*Func, error) {
	f := &Func{
		issues: issues,
		tables: make([][]float64, len(issues)),
		base:   make([]float64, len(issues)),
		real:   make([]entente.ValueFunc, len(issues)),
		realW:  make([]float64, len(issues)),
		scale:  1,
		cap:    p.Normalization == entente.Genius,
		pref:   p,
		disc:   entente.Preferences{Discount: p.Discount},
		tol:    p.AcceptTolerance(),
	}
	if p.MaxUtility > 0 {
		f.scale = 1 / p.MaxUtility
	}
	for i := range issues {
		if issues[i].Kind == entente.Integer {
			f.base[i] = issues[i].Min
		}
	}
	if len(p.Weights) != 0 && (len(p.Weights) != len(issues) || len(p.Values) != len(issues)) {
		return nil, fmt.Errorf("utility: %d weights and %d value functions for %d issues", len(p.Weights), len(p.Values), len(issues))
	}
	for i, w := range p.Weights {
		vf := p.Values[i]
		if vf == nil {
			continue
		}
		is := &issues[i]
		n, ok := is.Size()
		if !is.Finite() || !ok || n > TableLimit {
			// A continuum, or too many integers to tabulate: evaluate the
			// function itself.
			f.real[i], f.realW[i] = vf, w
			continue
		}
		norm := 1.0
		if t, isTable := vf.(entente.Table); isTable && p.Normalization == entente.Genius {
			// GENIUS divides every evaluation by the largest one listed.
			norm = t.Max()
			if norm < entente.GeniusZeroMax {
				norm = 0
			}
		}
		tab := make([]float64, n)
		for k := range tab {
			x := float64(k) + f.base[i]
			switch {
			case norm == 0:
				tab[k] = 0
			case norm == 1:
				tab[k] = w * vf.Value(x)
			default:
				tab[k] = w * (vf.Value(x) / norm)
			}
			if math.IsNaN(tab[k]) {
				return nil, fmt.Errorf("utility: issue %q has no value for %s", is.Name, is.Format(x))
			}
		}
		f.tables[i] = tab
	}
	for _, in := range p.Interactions {
		t := term{outside: in.Outside, value: in.Value}
		for _, b := range in.Boxes {
			var cb box
			for _, c := range b {
				if c.Issue < 0 || c.Issue >= len(issues) {
					return nil, fmt.Errorf("utility: interaction %q refers to issue %d of %d", in.Name, c.Issue, len(issues))
				}
				is := &issues[c.Issue]
				cc := cond{issue: c.Issue, base: f.base[c.Issue], min: c.Min, max: c.Max}
				if is.Kind == entente.Discrete {
					// Option sets become a lookup by option index; numeric
					// conditions stay ranges.
					n, _ := is.Size()
					cc.in = make([]bool, n)
					for k := range cc.in {
						cc.in[k] = c.Holds(float64(k) + f.base[c.Issue])
					}
				}
				cb = append(cb, cc)
			}
			t.boxes = append(t.boxes, cb)
		}
		f.inter = append(f.inter, t)
	}
	f.index()
	if p.ReservationOutcome != nil {
		if len(p.ReservationOutcome) != len(issues) {
			return nil, fmt.Errorf("utility: reservation outcome has %d values for %d issues", len(p.ReservationOutcome), len(issues))
		}
		f.rv = f.Utility(p.ReservationOutcome)
	} else {
		f.rv = p.Reservation
	}
	return f, nil
}

// Compile compiles every party of the scenario, in party order.
func Compile(s *entente.Scenario) ([]*Func, error) {
	fs := make([]*Func, len(s.Parties))
	for i := range s.Parties {
		f, err := New(s.Issues, &s.Parties[i].Preferences)
		if err != nil {
			return nil, fmt.Errorf("party %q: %w", s.Parties[i].Name, err)
		}
		fs[i] = f
	}
	return fs, nil
}

// Preferences returns a deep copy of the preferences the function was
// compiled from: changing it changes neither the function nor the
// scenario.
func (f *Func) Preferences() *entente.Preferences {
	c := f.pref.Clone()
	return &c
}

// Utility returns the undiscounted utility of a complete outcome.
func (f *Func) Utility(o entente.Outcome) float64 {
	return f.finish(f.Total(o))
}

// Total returns the raw total before scaling and capping: the weighted sum
// plus the interaction terms that apply.
func (f *Func) Total(o entente.Outcome) float64 {
	t := 0.0
	// Issue order, as GENIUS sums: the same bits whatever the issue kinds.
	for i, tab := range f.tables {
		if tab != nil {
			t += tab[int(o[i]-f.base[i])]
		} else if r := f.real[i]; r != nil {
			t += f.realW[i] * r.Value(o[i])
		}
	}
	for k := range f.inter {
		if f.inter[k].applies(o) {
			t += f.inter[k].value
		}
	}
	return t
}

// finish turns a raw total into a utility: scale, then cap at 1 under the
// GENIUS convention.
func (f *Func) finish(t float64) float64 {
	u := t * f.scale
	if f.cap && u > 1 {
		return 1
	}
	return u
}

func (t *term) applies(o entente.Outcome) bool {
	inside := false
	for _, b := range t.boxes {
		if b.contains(o) {
			inside = true
			break
		}
	}
	return inside != t.outside
}

// holdsAt reports whether value x of the condition's issue satisfies it.
func (c *cond) holdsAt(x float64) bool {
	if c.in != nil {
		i := int(x - c.base)
		return i >= 0 && i < len(c.in) && c.in[i]
	}
	return x >= c.min && x <= c.max
}

func (b box) contains(o entente.Outcome) bool {
	for k := range b {
		c := &b[k]
		x := o[c.issue]
		if c.in != nil {
			i := int(x - c.base)
			if i < 0 || i >= len(c.in) || !c.in[i] {
				return false
			}
		} else if x < c.min || x > c.max {
			return false
		}
	}
	return true
}

// Reservation returns the undiscounted reservation value.
func (f *Func) Reservation() float64 { return f.rv }

// AcceptTolerance returns the tolerance of the profile's acceptance
// comparisons, as compiled (entente.Preferences.AcceptTolerance).
func (f *Func) AcceptTolerance() float64 { return f.tol }

// Reaches reports whether utility u reaches the reservation value within
// the profile's tolerance (entente.ReachesWithin).
func (f *Func) Reaches(u float64) bool { return entente.ReachesWithin(u, f.rv, f.tol) }

// Discounted returns utility u at normalised time t under the profile's
// discount factor, as compiled.
func (f *Func) Discounted(u, t float64) float64 { return f.disc.Discounted(u, t) }

// DiscountFactor returns the effective discount factor, as compiled (see
// entente.Preferences.DiscountFactor).
func (f *Func) DiscountFactor() float64 { return f.disc.DiscountFactor() }

// Linear reports whether the function is additive (no interaction terms),
// so that it decomposes by issue.
func (f *Func) Linear() bool { return len(f.inter) == 0 }

// IssueTable returns a copy of issue i's weighted contribution by value
// index (option index, or integer minus the issue's lower bound), or nil
// when the issue is real-valued or not in the additive part.
func (f *Func) IssueTable(i int) []float64 { return slices.Clone(f.tables[i]) }

// Finish maps a raw additive total (a sum of IssueTable entries) to a
// utility, as Utility would.
func (f *Func) Finish(total float64) float64 { return f.finish(total) }

// index builds the per-issue index of the interaction terms.
func (f *Func) index() {
	f.byIssue = make([][]int32, len(f.issues))
	f.issueCost = make([]int, len(f.issues))
	for k := range f.inter {
		cost := 1
		for _, b := range f.inter[k].boxes {
			cost += len(b) + 1
		}
		for _, b := range f.inter[k].boxes {
			for _, c := range b {
				ts := f.byIssue[c.issue]
				if len(ts) == 0 || ts[len(ts)-1] != int32(k) {
					f.byIssue[c.issue] = append(ts, int32(k))
					f.issueCost[c.issue] += cost
				}
			}
		}
	}
}

// termsOf returns the raw sum of the interaction terms ts (indices into
// f.inter) that apply to o.
func (f *Func) termsOf(ts []int32, o entente.Outcome) float64 {
	t := 0.0
	for _, k := range ts {
		if f.inter[k].applies(o) {
			t += f.inter[k].value
		}
	}
	return t
}

// Scale returns how Finish maps a raw total t to a utility: t*scale, then
// capped at 1 when capped is set (the GENIUS convention). Finish is
// monotone, so an analysis can bound how much it changes a difference.
func (f *Func) Scale() (scale float64, capped bool) { return f.scale, f.cap }

// AddTerms adds to the raw total t, in order, the values of the
// interaction terms that apply at outcome o: Total(o) is AddTerms of the
// additive part, bit for bit, so a caller that sums IssueTable entries in
// issue order gets Utility(o) as Finish(AddTerms(sum, o)).
func (f *Func) AddTerms(t float64, o entente.Outcome) float64 {
	for k := range f.inter {
		if f.inter[k].applies(o) {
			t += f.inter[k].value
		}
	}
	return t
}

// TermBound returns the largest amount the interaction terms can add to
// the raw total: the sum of their positive values.
func (f *Func) TermBound() float64 {
	b := 0.0
	for k := range f.inter {
		b += max(0, f.inter[k].value)
	}
	return b
}
