package entente

import "math"

// Normalization names the convention that turns the numbers written in a
// preference profile into utilities. Files say which one they use.
type Normalization uint8

const (
	// AsWritten uses every number as written: the utility of an outcome is
	// the weighted sum of its issue values plus the interaction terms that
	// apply. Nothing is rescaled or capped, so the author keeps the result
	// in [0,1]. GeniusWeb profiles and the native format use this by default.
	AsWritten Normalization = iota
	// Genius follows GENIUS 10.4: each discrete table is divided by its
	// largest entry (and is all 0 when that entry is below 1e-5), the total
	// is divided by MaxUtility when that is set, and the result is capped at
	// 1 (there is no lower cap).
	Genius
)

// String returns the convention's name as used in files: "as-written" or
// "genius".
func (n Normalization) String() string {
	if n == Genius {
		return "genius"
	}
	return "as-written"
}

// ParseNormalization is the inverse of Normalization.String.
func ParseNormalization(s string) (Normalization, bool) {
	switch s {
	case "as-written":
		return AsWritten, true
	case "genius":
		return Genius, true
	}
	return 0, false
}

// GeniusZeroMax is the largest discrete evaluation below which GENIUS
// treats a whole table as zero.
const GeniusZeroMax = 1e-5

// Preferences is one party's preference profile over a scenario's issues.
//
// The utility of an outcome x is
//
//	U(x) = T(x) / MaxUtility            (MaxUtility 0 counts as 1)
//	T(x) = sum_i Weights[i]*Values[i](x_i) + sum_k Interactions[k](x)
//
// with the adjustments of the Normalization (see Genius). A profile with
// no additive part (nil Weights and Values) is purely interaction-based,
// like GENIUS's non-linear hyper-rectangle profiles.
type Preferences struct {
	// Normalization says how the numbers below become utilities.
	Normalization Normalization
	// Weights holds one weight per issue, in issue order, or is nil.
	Weights []float64
	// Values holds one value function per issue, in issue order, or is nil.
	// An entry may be nil when that issue's weight is 0.
	Values []ValueFunc
	// Interactions are bonuses and penalties for outcomes in a region.
	Interactions []Interaction
	// MaxUtility, when positive, divides the total (GENIUS non-linear
	// profiles: the best achievable raw sum).
	MaxUtility float64
	// Reservation is the walk-away utility, on the same scale as U.
	Reservation float64
	// ReservationOutcome, when set, makes the reservation value the utility
	// of this outcome instead of Reservation (GeniusWeb's reservation bid).
	ReservationOutcome Outcome
	// Discount is the discount factor d: at normalised time t in [0,1] a
	// utility u is worth u*d^t. Values outside (0,1) mean no discounting.
	Discount float64
	// FreeWeights says the weights are free: analyses that draw weights
	// from their ranges use the drawn weights as they are. By default the
	// weights keep the sum they are written with (see
	// Preferences.ScaleWeights), so that only their ratios are uncertain.
	FreeWeights bool
}

// DiscountFactor returns the effective discount factor: Discount when it
// lies strictly between 0 and 1, and 1 (no discount) otherwise, as GENIUS
// validates it.
func (p *Preferences) DiscountFactor() float64 {
	if p.Discount > 0 && p.Discount < 1 {
		return p.Discount
	}
	return 1
}

// Discounted returns u discounted to normalised time t (clamped to [0,1]).
func (p *Preferences) Discounted(u, t float64) float64 {
	d := p.DiscountFactor()
	if d == 1 {
		return u
	}
	return u * math.Pow(d, math.Max(0, math.Min(1, t)))
}

// ValueFunc maps one issue's value to a raw value (before weighting). For a
// Discrete issue x is the option index. The implementations are Table,
// Linear, Piecewise, Triangular and Constant.
type ValueFunc interface {
	// Value returns the raw value at x.
	Value(x float64) float64
	isValueFunc()
}

// Table lists a value for each option of a Discrete issue (by option
// index), or for each whole number of an Integer issue from Base upwards.
type Table struct {
	// Values holds one entry per option, or per integer Base, Base+1, ...
	Values []float64
	// Base is the integer that Values[0] belongs to (0 for Discrete issues).
	Base float64
}

// Value returns the table entry for x, or NaN when x has no entry.
func (t Table) Value(x float64) float64 {
	i := x - t.Base
	if i < 0 || i >= float64(len(t.Values)) {
		return math.NaN()
	}
	return t.Values[int(i)]
}

// Max returns the largest entry (0 for an empty table).
func (t Table) Max() float64 {
	m := 0.0
	for i, v := range t.Values {
		if i == 0 || v > m {
			m = v
		}
	}
	return m
}

// Linear is Offset + Slope*(x - Origin), optionally clamped to [0,1]. GENIUS
// integer evaluators use Origin = the issue's lower bound and Clamp; GENIUS
// real linear evaluators use Origin 0 and Clamp.
type Linear struct {
	Offset, Slope, Origin float64
	Clamp                 bool
}

// Value implements ValueFunc.
func (l Linear) Value(x float64) float64 {
	v := l.Offset + l.Slope*(x-l.Origin)
	if l.Clamp {
		v = math.Max(0, math.Min(1, v))
	}
	return v
}

// Piecewise interpolates linearly between points (X[i], Y[i]), X strictly
// increasing, and is flat beyond the first and last point.
type Piecewise struct {
	X, Y []float64
}

// Value implements ValueFunc.
func (p Piecewise) Value(x float64) float64 {
	n := len(p.X)
	if n == 0 {
		return math.NaN()
	}
	if x <= p.X[0] {
		return p.Y[0]
	}
	if x >= p.X[n-1] {
		return p.Y[n-1]
	}
	lo, hi := 0, n-1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if p.X[mid] <= x {
			lo = mid
		} else {
			hi = mid
		}
	}
	f := (x - p.X[lo]) / (p.X[hi] - p.X[lo])
	return p.Y[lo] + f*(p.Y[hi]-p.Y[lo])
}

// Triangular is GENIUS's triangular evaluator: 0 below Low, rising to 1 at
// Top, falling back to 0 at High, and 0 from High on. It is not clamped.
type Triangular struct {
	Low, Top, High float64
}

// Value implements ValueFunc, exactly as GENIUS 10.4 computes it.
func (t Triangular) Value(x float64) float64 {
	switch {
	case x < t.Low:
		return 0
	case x < t.Top:
		return (x - t.Low) / (t.Top - t.Low)
	case x < t.High:
		return 1 - (x-t.Top)/(t.High-t.Top)
	}
	return 0
}

// Constant has the same value everywhere.
type Constant struct {
	V float64
}

// Value implements ValueFunc.
func (c Constant) Value(float64) float64 { return c.V }

func (Table) isValueFunc()      {}
func (Linear) isValueFunc()     {}
func (Piecewise) isValueFunc()  {}
func (Triangular) isValueFunc() {}
func (Constant) isValueFunc()   {}

// Interaction is a bonus (positive Value) or penalty (negative Value) that
// applies when an outcome lies in a region of the outcome space. It is what
// makes a profile non-linear: "a guarantee is worth little if it comes with
// army caps" is a penalty on the region {guarantee: strong, army: capped}.
type Interaction struct {
	// Name says what the term stands for; it never affects utilities.
	Name string
	// Boxes is the region: the union of these boxes. An outcome is inside
	// when it lies in at least one box.
	Boxes []Box
	// Outside inverts the region: the term applies when the outcome lies in
	// none of the boxes (GENIUS's EXCLUDES rectangles).
	Outside bool
	// Value is added to the total when the term applies.
	Value float64
}

// Box is a hyper-rectangle: an outcome lies in it when every condition holds.
// A box with no conditions holds everywhere.
type Box []Condition

// Condition restricts one issue: to a set of options (Discrete issues) or
// to an inclusive numeric range (Integer and Real issues).
type Condition struct {
	// Issue is the index of the issue in the scenario.
	Issue int
	// Options lists the option indices allowed (Discrete issues).
	Options []int
	// Min and Max bound the value, inclusive (Integer and Real issues).
	Min, Max float64
}

// Holds reports whether value x of the condition's issue satisfies it.
func (c *Condition) Holds(x float64) bool {
	if c.Options != nil {
		for _, o := range c.Options {
			if float64(o) == x {
				return true
			}
		}
		return false
	}
	return x >= c.Min && x <= c.Max
}

// Contains reports whether the outcome lies in the box.
func (b Box) Contains(o Outcome) bool {
	for i := range b {
		if !b[i].Holds(o[b[i].Issue]) {
			return false
		}
	}
	return true
}

// Applies reports whether the interaction term applies to the outcome.
func (in *Interaction) Applies(o Outcome) bool {
	inside := false
	for _, b := range in.Boxes {
		if b.Contains(o) {
			inside = true
			break
		}
	}
	return inside != in.Outside
}
