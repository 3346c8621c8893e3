package entente

import (
	"fmt"
	"strings"
)

// Tolerance is the one slack of every acceptance comparison: a utility
// reaches a walk-away value, an approval share or an accepting weight
// share reaches its threshold, when it falls short by at most Tolerance.
// It absorbs the rounding of sums such as 1/3+1/3+1/3, so that whether a
// package is acceptable never depends on the last bit of a float64; it is
// far below any difference a modeller means (numbers are written with a
// few decimals). Analyses, ratification, blocs, explanations and
// robustness all compare through Reaches.
const Tolerance = 1e-9

// Reaches reports whether x reaches the bar: x >= bar − Tolerance.
func Reaches(x, bar float64) bool { return x >= bar-Tolerance }

// ReachesWithin reports whether x reaches the bar within tol:
// x >= bar − tol.
func ReachesWithin(x, bar, tol float64) bool { return x >= bar-tol }

// AcceptTolerance is the tolerance of the comparison of a utility of this
// profile (a party's, a bloc member's, a voter group's) with its walk-away
// value: Tolerance, except under the genius convention, which compares
// exactly (x >= bar in float64) as GENIUS does, so that scenarios imported
// from GENIUS keep GENIUS's zones to the last package. Shares compared
// with thresholds (approval, a bloc's accepting weight) always use
// Tolerance.
func (p *Preferences) AcceptTolerance() float64 {
	if p.Normalization == Genius {
		return 0
	}
	return Tolerance
}

// RedLine is a region of packages that a party or a constituency never
// accepts, whatever the compensation on other issues: a hard constraint,
// not a weight. A package in any of its boxes is refused (by a party) or
// not ratified (by a constituency), whatever the utilities say.
type RedLine struct {
	// Name says what the red line is, for explanations ("no legal
	// recognition of occupied land").
	Name string
	// Description is free text for people (its source and reasoning).
	Description string
	// Boxes is the region refused: a package in any box crosses the line.
	Boxes []Box
}

// Crosses reports whether package o lies in the red line's region.
func (r *RedLine) Crosses(o Outcome) bool {
	for _, b := range r.Boxes {
		if b.Contains(o) {
			return true
		}
	}
	return false
}

// Crossed returns the index of the first red line in lines that package o
// crosses, or -1.
func Crossed(lines []RedLine, o Outcome) int {
	for k := range lines {
		if lines[k].Crosses(o) {
			return k
		}
	}
	return -1
}

// HasRedLines reports whether any party or constituency of the scenario
// declares a red line.
func (s *Scenario) HasRedLines() bool {
	for p := range s.Parties {
		if len(s.Parties[p].RedLines) > 0 {
			return true
		}
	}
	for c := range s.Constituencies {
		if len(s.Constituencies[c].RedLines) > 0 {
			return true
		}
	}
	return false
}

// RedLineBlock names a red line that a package crosses.
type RedLineBlock struct {
	// Party is the index of the party whose red line it is, or -1.
	Party int
	// Constituency is the index of the constituency whose red line it
	// is, or -1.
	Constituency int
	// Owner is the name of that party or constituency.
	Owner string
	// Line is the red line.
	Line *RedLine
}

// String says whose red line it is and what it is.
func (b RedLineBlock) String() string {
	return fmt.Sprintf("%s's red line %q", b.Owner, b.Line.Name)
}

// RedLinesCrossed lists the red lines package o crosses: the parties' (of
// the parties whose acceptance o needs, marked in need; every party when
// need is nil) and the constituencies' whose region o lies in.
func (s *Scenario) RedLinesCrossed(o Outcome, need []bool) []RedLineBlock {
	var out []RedLineBlock
	for p := range s.Parties {
		if need != nil && !need[p] {
			continue
		}
		for k := range s.Parties[p].RedLines {
			if l := &s.Parties[p].RedLines[k]; l.Crosses(o) {
				out = append(out, RedLineBlock{Party: p, Constituency: -1, Owner: s.Parties[p].Name, Line: l})
			}
		}
	}
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		if !co.NeedsRatification(o) {
			continue
		}
		for k := range co.RedLines {
			if l := &co.RedLines[k]; l.Crosses(o) {
				out = append(out, RedLineBlock{Party: -1, Constituency: c, Owner: co.Name, Line: l})
			}
		}
	}
	return out
}

// RegionText writes a region in words: "border: ceded or frozen and
// guarantee: none; or capital: recognised" (each box's conditions joined by
// "and", the boxes by "; or"); "every package" for a nil region.
func (s *Scenario) RegionText(boxes []Box) string {
	if boxes == nil {
		return "every package"
	}
	var out []string
	for _, b := range boxes {
		var conds []string
		for _, c := range b {
			if c.Issue < 0 || c.Issue >= len(s.Issues) {
				continue
			}
			is := &s.Issues[c.Issue]
			if is.Kind == Discrete {
				var opts []string
				for _, o := range c.Options {
					opts = append(opts, is.Format(float64(o)))
				}
				conds = append(conds, is.Name+": "+strings.Join(opts, " or "))
			} else {
				conds = append(conds, fmt.Sprintf("%s: %s to %s", is.Name, is.Format(c.Min), is.Format(c.Max)))
			}
		}
		out = append(out, strings.Join(conds, " and "))
	}
	return strings.Join(out, "; or ")
}
