package whatif

import (
	"fmt"
	"math"
	"slices"

	"github.com/entente/entente"
)

// Comparison sets the results of variants of one scenario side by side:
// every list below has one entry per variant, in the order given to
// Compare, and every row says whether its entries differ. Its JSON
// document is wire.ComparisonDoc (docs/whatif.md).
type Comparison struct {
	// Scenario names the scenario, Variants the variants, Parties the
	// parties.
	Scenario string
	Variants []string
	Parties  []string
	// Assumptions lists every number some variant changes, in the order
	// of Numbers.
	Assumptions []AssumptionRow
	// Outside reports, per variant, whether it sets a number outside its
	// stated range.
	Outside []bool
	// Zone and Ratifiable are the sizes of the zones.
	Zone       CountRow
	Ratifiable CountRow
	// Nash and RatifiableNash are the Nash packages over each zone.
	Nash           PackageRows
	RatifiableNash PackageRows
	// Margins are each constituency's margins for the Nash package over
	// the ratifiable zone, and ZoneMargins for the one over the agreement
	// zone.
	Margins     []MarginRow
	ZoneMargins []MarginRow
	// RedLines are the packages each red line alone keeps out of the
	// zones.
	RedLines []RedLineRow
}

// AssumptionRow is one number across the variants.
type AssumptionRow struct {
	Key     string
	Label   string
	Nominal float64
	// Values are the number in each variant (after rescaling), Set
	// whether the variant sets it (rather than leaving it or rescaling
	// it) and Assumption how each value stands against the stated range
	// (empty where the variant leaves the number as written).
	Values     []float64
	Set        []bool
	Assumption []Assumption
	Differs    bool
}

// CountRow is a count across the variants.
type CountRow struct {
	Values  []uint64
	Differs bool
}

// PackageRows is a bargaining solution across the variants: the package
// issue by issue, its index and its Nash product (nil, or an issue's value
// nil, where the zone is empty).
type PackageRows struct {
	Index   []*uint64
	Value   []*float64
	Issues  []IssueRow
	Utility []UtilityRow
	// Differs reports that the packages differ (or that a zone is empty in
	// some variants only).
	Differs bool
}

// IssueRow is how the packages of the variants settle one issue.
type IssueRow struct {
	Issue   string
	Values  []any
	Differs bool
}

// UtilityRow is one party's utility of the packages of the variants.
type UtilityRow struct {
	Party   string
	Values  []*float64
	Differs bool
}

// MarginRow is one constituency's verdict on the packages of the variants
// (nil where there is no package).
type MarginRow struct {
	Constituency string
	Threshold    []float64
	Approval     []*float64
	Margin       []*float64
	Ratifies     []*bool
	Differs      bool
}

// RedLineRow is one red line across the variants.
type RedLineRow struct {
	Owner      string
	Name       string
	Zone       []uint64
	Ratifiable []uint64
	Differs    bool
}

// Compare sets results of variants of the workspace's scenario side by
// side (the first is usually the scenario as written: the empty
// variant). Every result must come from Evaluate of this workspace.
func (ws *Workspace) Compare(rs ...*Result) (*Comparison, error) {
	s := ws.s
	n := len(rs)
	for v, r := range rs {
		if r == nil {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, fmt.Sprintf("results[%d]", v), "no result")
		}
		ok := r.Scenario == s.Name && len(r.Parties) == len(s.Parties) && len(r.RedLines) == len(ws.lines)
		for _, p := range []*Package{r.Nash, r.RatifiableNash} {
			ok = ok && (p == nil || len(p.Constituencies) == len(s.Constituencies) && len(p.Utilities) == len(s.Parties))
		}
		if !ok {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, fmt.Sprintf("results[%d]", v), "the result is not one of scenario %q's variants", s.Name)
		}
	}
	c := &Comparison{Scenario: s.Name, Outside: make([]bool, n), Assumptions: []AssumptionRow{}, RedLines: []RedLineRow{}}
	for p := range s.Parties {
		c.Parties = append(c.Parties, s.Parties[p].Name)
	}
	// The numbers any variant changes.
	var refs []entente.Ref
	byRef := make([]map[entente.Ref]*Change, n)
	for v, r := range rs {
		c.Variants = append(c.Variants, r.Variant)
		c.Outside[v] = r.Outside
		byRef[v] = map[entente.Ref]*Change{}
		for k := range r.Changes {
			ch := &r.Changes[k]
			if !slices.Contains(refs, ch.Ref) {
				refs = append(refs, ch.Ref)
			}
			byRef[v][ch.Ref] = ch
		}
	}
	slices.SortFunc(refs, func(a, b entente.Ref) int { return ws.order[a] - ws.order[b] })
	for _, ref := range refs {
		row := AssumptionRow{Key: Key(s, ref), Label: s.Label(ref), Nominal: s.Get(ref),
			Values: make([]float64, n), Set: make([]bool, n), Assumption: make([]Assumption, n)}
		for v := range rs {
			row.Values[v] = row.Nominal
			if ch := byRef[v][ref]; ch != nil {
				row.Values[v], row.Set[v], row.Assumption[v] = ch.Value, ch.Set, ch.Assumption
			}
			row.Differs = row.Differs || math.Float64bits(row.Values[v]) != math.Float64bits(row.Values[0])
		}
		c.Assumptions = append(c.Assumptions, row)
	}
	c.Zone.Values, c.Ratifiable.Values = make([]uint64, n), make([]uint64, n)
	for v, r := range rs {
		c.Zone.Values[v], c.Ratifiable.Values[v] = r.Zone, r.Ratifiable
	}
	c.Zone.Differs, c.Ratifiable.Differs = differs(c.Zone.Values), differs(c.Ratifiable.Values)
	pick := func(f func(*Result) *Package) []*Package {
		ps := make([]*Package, n)
		for v, r := range rs {
			ps[v] = f(r)
		}
		return ps
	}
	zoneNash := pick(func(r *Result) *Package { return r.Nash })
	ratNash := pick(func(r *Result) *Package { return r.RatifiableNash })
	c.Nash, c.RatifiableNash = ws.packageRows(zoneNash), ws.packageRows(ratNash)
	// The thresholds of the variants, whether or not they have packages.
	thresholds := make([][]float64, len(s.Constituencies))
	for ci := range thresholds {
		ref := entente.Ref{Kind: entente.RefThreshold, Index: ci}
		thresholds[ci] = make([]float64, n)
		for v := range rs {
			thresholds[ci][v] = s.Constituencies[ci].Threshold
			if ch := byRef[v][ref]; ch != nil {
				thresholds[ci][v] = ch.Value
			}
		}
	}
	c.Margins, c.ZoneMargins = ws.marginRows(ratNash, thresholds), ws.marginRows(zoneNash, thresholds)
	if n > 0 {
		for k, l := range rs[0].RedLines {
			row := RedLineRow{Owner: l.Owner, Name: l.Name, Zone: make([]uint64, n), Ratifiable: make([]uint64, n)}
			for v, r := range rs {
				row.Zone[v], row.Ratifiable[v] = r.RedLines[k].Zone, r.RedLines[k].Ratifiable
			}
			row.Differs = differs(row.Zone) || differs(row.Ratifiable)
			c.RedLines = append(c.RedLines, row)
		}
	}
	return c, nil
}

// packageRows sets packages (nil where a zone is empty) side by side.
func (ws *Workspace) packageRows(ps []*Package) PackageRows {
	s := ws.s
	n := len(ps)
	rows := PackageRows{Index: make([]*uint64, n), Value: make([]*float64, n)}
	for v, p := range ps {
		if p != nil {
			rows.Index[v], rows.Value[v] = &p.Index, &p.Value
		}
		if (p == nil) != (ps[0] == nil) || p != nil && p.Index != ps[0].Index {
			rows.Differs = true
		}
	}
	for i := range s.Issues {
		row := IssueRow{Issue: s.Issues[i].Name, Values: make([]any, n)}
		for v, p := range ps {
			if p != nil {
				row.Values[v] = p.Values[s.Issues[i].Name]
			}
			row.Differs = row.Differs || row.Values[v] != row.Values[0]
		}
		rows.Issues = append(rows.Issues, row)
	}
	for q := range s.Parties {
		row := UtilityRow{Party: s.Parties[q].Name, Values: make([]*float64, n)}
		for v, p := range ps {
			if p != nil {
				row.Values[v] = &p.Utilities[q]
			}
			row.Differs = row.Differs || !sameFloat(row.Values[v], row.Values[0])
		}
		rows.Utility = append(rows.Utility, row)
	}
	return rows
}

// marginRows sets the constituencies' verdicts on packages side by side.
func (ws *Workspace) marginRows(ps []*Package, thresholds [][]float64) []MarginRow {
	s := ws.s
	n := len(ps)
	rows := []MarginRow{}
	for ci := range s.Constituencies {
		row := MarginRow{Constituency: s.Constituencies[ci].Name, Threshold: thresholds[ci],
			Approval: make([]*float64, n), Margin: make([]*float64, n), Ratifies: make([]*bool, n)}
		for v, p := range ps {
			if p == nil {
				continue
			}
			cv := &p.Constituencies[ci]
			row.Approval[v], row.Margin[v], row.Ratifies[v] = &cv.Approval, &cv.Margin, &cv.Ratifies
		}
		for v := range ps {
			row.Differs = row.Differs || row.Threshold[v] != row.Threshold[0] || !sameFloat(row.Margin[v], row.Margin[0]) || !sameFloat(row.Approval[v], row.Approval[0]) ||
				(row.Ratifies[v] == nil) != (row.Ratifies[0] == nil) || row.Ratifies[v] != nil && *row.Ratifies[v] != *row.Ratifies[0]
		}
		rows = append(rows, row)
	}
	return rows
}

func differs(xs []uint64) bool {
	for _, x := range xs {
		if x != xs[0] {
			return true
		}
	}
	return false
}

// sameFloat reports whether two optional numbers are both absent or the
// same bits.
func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Float64bits(*a) == math.Float64bits(*b)
}
