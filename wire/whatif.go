package wire

import (
	"github.com/entente/entente"
	"github.com/entente/entente/whatif"
)

// The versions of the what-if workspace's documents (docs/whatif.md).
const (
	WhatIfVersion     = 1
	ComparisonVersion = 1
	ControlsVersion   = 1
	VariantVersion    = 1
)

// VariantDoc is a variant of a scenario (whatif.Variant): a name and the
// numbers it sets, by key. It is what a client sends to ask for a
// variant, and what a page saves.
type VariantDoc struct {
	Version      int           `json:"version"`
	Name         string        `json:"name"`
	Set          []OverrideDoc `json:"set"`
	AllowOutside bool          `json:"allow_outside"`
}

// OverrideDoc sets one number, named by its key (whatif.Key).
type OverrideDoc struct {
	Key   string  `json:"key"`
	Value float64 `json:"value"`
}

// Variant returns the document of variant v of scenario s (whose keys
// name the numbers v locates by Ref only).
func Variant(s *entente.Scenario, v whatif.Variant) *VariantDoc {
	d := &VariantDoc{Version: VariantVersion, Name: v.Name, Set: []OverrideDoc{}, AllowOutside: v.AllowOutside}
	for _, o := range v.Set {
		key := o.Key
		if key == "" {
			key = whatif.Key(s, o.Ref)
		}
		d.Set = append(d.Set, OverrideDoc{Key: key, Value: o.Value})
	}
	return d
}

// Variant returns the variant the document describes. The workspace that
// evaluates it checks its keys and values (a client is not trusted).
func (d *VariantDoc) Variant() whatif.Variant {
	v := whatif.Variant{Name: d.Name, AllowOutside: d.AllowOutside}
	for _, o := range d.Set {
		v.Set = append(v.Set, whatif.Override{Key: o.Key, Value: o.Value})
	}
	return v
}

// ControlsDoc lists the annotated numbers of a scenario as controls
// (whatif.Control): what the what-if workspace shows.
type ControlsDoc struct {
	Version  int       `json:"version"`
	Scenario string    `json:"scenario"`
	Controls []Control `json:"controls"`
}

// Control is one annotated number (whatif.Control).
type Control struct {
	Key        string  `json:"key"`
	Label      string  `json:"label"`
	Owner      string  `json:"owner"`
	Party      string  `json:"party"`
	Issue      string  `json:"issue"`
	Option     string  `json:"option"`
	Quantity   string  `json:"quantity"`
	Value      float64 `json:"value"`
	Range      *Range  `json:"range"`
	Dist       string  `json:"dist"`
	SD         float64 `json:"sd"`
	Confidence string  `json:"confidence"`
	Source     string  `json:"source"`
	Note       string  `json:"note"`
	Structural bool    `json:"structural"`
	Rescales   string  `json:"rescales"`
	Widget     Widget  `json:"widget"`
}

// Range is a stated range [Low, High].
type Range struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Widget says how to present a number (whatif.Widget); LimitMin and
// LimitMax are null when unbounded.
type Widget struct {
	Kind     string   `json:"kind"`
	Min      float64  `json:"min"`
	Max      float64  `json:"max"`
	Step     float64  `json:"step"`
	LimitMin *float64 `json:"limit_min"`
	LimitMax *float64 `json:"limit_max"`
}

// Controls returns the document of the controls cs of scenario s
// (whatif.Controls, whatif.Workspace.Controls).
func Controls(s *entente.Scenario, cs []whatif.Control) *ControlsDoc {
	d := &ControlsDoc{Version: ControlsVersion, Scenario: s.Name, Controls: []Control{}}
	for _, c := range cs {
		w := c.Widget
		d.Controls = append(d.Controls, Control{Key: c.Key, Label: c.Label, Owner: c.Owner, Party: c.Party, Issue: c.Issue,
			Option: c.Option, Quantity: c.Quantity, Value: c.Value, Range: rangeDoc(c.Range), Dist: c.Dist, SD: c.SD,
			Confidence: c.Confidence, Source: c.Source, Note: c.Note, Structural: c.Structural, Rescales: c.Rescales,
			Widget: Widget{Kind: w.Kind, Min: w.Min, Max: w.Max, Step: w.Step, LimitMin: finite(w.LimitMin), LimitMax: finite(w.LimitMax)}})
	}
	return d
}

func rangeDoc(r *whatif.Range) *Range {
	if r == nil {
		return nil
	}
	return &Range{Low: r.Low, High: r.High}
}

// WhatIfDoc is the evaluation of a variant (whatif.Result).
type WhatIfDoc struct {
	Version        int             `json:"version"`
	Variant        string          `json:"variant"`
	Scenario       string          `json:"scenario"`
	Parties        []string        `json:"parties"`
	Changes        []Change        `json:"changes"`
	Outside        bool            `json:"outside_assumptions"`
	Warnings       []string        `json:"warnings"`
	Outcomes       uint64          `json:"outcomes"`
	Resolution     int             `json:"resolution"`
	Zone           uint64          `json:"agreement_zone"`
	Ratifiable     uint64          `json:"ratifiable_zone"`
	Constituencies bool            `json:"constituencies"`
	Nash           *WhatIfPackage  `json:"nash"`
	RatifiableNash *WhatIfPackage  `json:"ratifiable_nash"`
	RedLines       []RedLineEffect `json:"red_lines"`
}

// Change is one number that differs from the scenario as written
// (whatif.Change); Range is null when the number has none.
type Change struct {
	Key        string  `json:"key"`
	Label      string  `json:"label"`
	Nominal    float64 `json:"nominal"`
	Value      float64 `json:"value"`
	Set        bool    `json:"set"`
	Asked      float64 `json:"asked"`
	Assumption string  `json:"assumption"`
	Range      *Range  `json:"range"`
}

// WhatIfPackage is a Nash package of a variant with the verdicts on it
// (whatif.Package).
type WhatIfPackage struct {
	Index          uint64                `json:"index"`
	Package        map[string]any        `json:"package"`
	Utilities      []float64             `json:"utilities"`
	Value          float64               `json:"value"`
	Ties           uint64                `json:"ties"`
	Ratified       bool                  `json:"ratified"`
	Parties        []PartyVerdict        `json:"parties"`
	Constituencies []ConstituencyVerdict `json:"constituencies"`
}

// PartyVerdict is a party's verdict on a package (whatif.PartyVerdict);
// Bloc is null for a party that is not a bloc, RedLine empty when the
// package crosses none of its red lines.
type PartyVerdict struct {
	Party       string    `json:"party"`
	Needed      bool      `json:"needed"`
	Accepts     bool      `json:"accepts"`
	Utility     float64   `json:"utility"`
	Reservation float64   `json:"reservation"`
	Margin      float64   `json:"margin"`
	Bloc        *BlocVote `json:"bloc"`
	RedLine     string    `json:"red_line"`
}

// BlocVote is a bloc's vote on a package (whatif.BlocVote).
type BlocVote struct {
	Rule      string  `json:"rule"`
	Threshold float64 `json:"threshold"`
	Members   int     `json:"members"`
	Accepting int     `json:"accepting"`
	Weight    float64 `json:"accepting_weight"`
}

// ConstituencyVerdict is a constituency's verdict on a package
// (whatif.ConstituencyVerdict).
type ConstituencyVerdict struct {
	Constituency string  `json:"constituency"`
	Party        string  `json:"party"`
	Applies      bool    `json:"applies"`
	Approval     float64 `json:"approval"`
	Threshold    float64 `json:"threshold"`
	Margin       float64 `json:"margin"`
	Ratifies     bool    `json:"ratifies"`
	RedLine      string  `json:"red_line"`
}

// RedLineEffect is what one red line alone keeps out of the zones
// (whatif.RedLineEffect).
type RedLineEffect struct {
	Owner      string `json:"owner"`
	Party      bool   `json:"party"`
	Index      int    `json:"index"`
	Line       int    `json:"line"`
	Name       string `json:"name"`
	Zone       uint64 `json:"agreement_zone_removed"`
	Ratifiable uint64 `json:"ratifiable_zone_removed"`
}

// WhatIf returns the document of the evaluation r of a variant
// (whatif.Workspace.Evaluate).
func WhatIf(r *whatif.Result) *WhatIfDoc {
	d := &WhatIfDoc{Version: WhatIfVersion, Variant: r.Variant, Scenario: r.Scenario, Parties: nonNil(r.Parties),
		Changes: []Change{}, Outside: r.Outside, Warnings: nonNil(r.Warnings), Outcomes: r.Outcomes, Resolution: r.Resolution,
		Zone: r.Zone, Ratifiable: r.Ratifiable, Constituencies: r.Constituencies,
		Nash: whatIfPackage(r.Nash), RatifiableNash: whatIfPackage(r.RatifiableNash), RedLines: []RedLineEffect{}}
	for _, c := range r.Changes {
		d.Changes = append(d.Changes, Change{Key: c.Key, Label: c.Label, Nominal: c.Nominal, Value: c.Value, Set: c.Set,
			Asked: c.Asked, Assumption: string(c.Assumption), Range: rangeDoc(c.Range)})
	}
	for _, l := range r.RedLines {
		d.RedLines = append(d.RedLines, RedLineEffect(l))
	}
	return d
}

func whatIfPackage(p *whatif.Package) *WhatIfPackage {
	if p == nil {
		return nil
	}
	d := &WhatIfPackage{Index: p.Index, Package: p.Values, Utilities: nonNil(p.Utilities), Value: p.Value, Ties: p.Ties,
		Ratified: p.Ratified, Parties: []PartyVerdict{}, Constituencies: []ConstituencyVerdict{}}
	for _, v := range p.Parties {
		pv := PartyVerdict{Party: v.Party, Needed: v.Needed, Accepts: v.Accepts, Utility: v.Utility, Reservation: v.Reservation,
			Margin: v.Margin, RedLine: v.RedLine}
		if b := v.Bloc; b != nil {
			pv.Bloc = &BlocVote{Rule: b.Rule, Threshold: b.Threshold, Members: b.Members, Accepting: b.Accepting, Weight: b.Weight}
		}
		d.Parties = append(d.Parties, pv)
	}
	for _, c := range p.Constituencies {
		d.Constituencies = append(d.Constituencies, ConstituencyVerdict(c))
	}
	return d
}

// ComparisonDoc sets the evaluations of variants side by side
// (whatif.Comparison): every list of a row has one entry per variant, in
// the order of Variants, and the row says whether they differ.
type ComparisonDoc struct {
	Version        int             `json:"version"`
	Scenario       string          `json:"scenario"`
	Variants       []string        `json:"variants"`
	Parties        []string        `json:"parties"`
	Assumptions    []AssumptionRow `json:"assumptions"`
	Outside        []bool          `json:"outside_assumptions"`
	Zone           CountRow        `json:"agreement_zone"`
	Ratifiable     CountRow        `json:"ratifiable_zone"`
	Nash           PackageRows     `json:"nash"`
	RatifiableNash PackageRows     `json:"ratifiable_nash"`
	Margins        []MarginRow     `json:"margins"`
	ZoneMargins    []MarginRow     `json:"zone_margins"`
	RedLines       []RedLineRow    `json:"red_lines"`
}

// AssumptionRow is one number across the variants (whatif.AssumptionRow);
// an assumption is empty where the variant leaves the number as written.
type AssumptionRow struct {
	Key        string    `json:"key"`
	Label      string    `json:"label"`
	Nominal    float64   `json:"nominal"`
	Values     []float64 `json:"values"`
	Set        []bool    `json:"set"`
	Assumption []string  `json:"assumption"`
	Differs    bool      `json:"differs"`
}

// CountRow is a zone's size across the variants.
type CountRow struct {
	Values  []uint64 `json:"values"`
	Differs bool     `json:"differs"`
}

// PackageRows is a Nash package across the variants
// (whatif.PackageRows); null where a variant's zone is empty.
type PackageRows struct {
	Index     []*uint64    `json:"index"`
	Value     []*float64   `json:"value"`
	Issues    []IssueRow   `json:"issues"`
	Utilities []UtilityRow `json:"utilities"`
	Differs   bool         `json:"differs"`
}

// IssueRow is how the packages settle one issue (null where there is
// none).
type IssueRow struct {
	Issue   string `json:"issue"`
	Values  []any  `json:"values"`
	Differs bool   `json:"differs"`
}

// UtilityRow is one party's utility of the packages.
type UtilityRow struct {
	Party   string     `json:"party"`
	Values  []*float64 `json:"values"`
	Differs bool       `json:"differs"`
}

// MarginRow is one constituency's verdict on the packages.
type MarginRow struct {
	Constituency string     `json:"constituency"`
	Threshold    []float64  `json:"threshold"`
	Approval     []*float64 `json:"approval"`
	Margin       []*float64 `json:"margin"`
	Ratifies     []*bool    `json:"ratifies"`
	Differs      bool       `json:"differs"`
}

// RedLineRow is one red line across the variants.
type RedLineRow struct {
	Owner      string   `json:"owner"`
	Name       string   `json:"name"`
	Zone       []uint64 `json:"agreement_zone_removed"`
	Ratifiable []uint64 `json:"ratifiable_zone_removed"`
	Differs    bool     `json:"differs"`
}

// Comparison returns the document of the comparison c
// (whatif.Workspace.Compare).
func Comparison(c *whatif.Comparison) *ComparisonDoc {
	d := &ComparisonDoc{Version: ComparisonVersion, Scenario: c.Scenario, Variants: nonNil(c.Variants), Parties: nonNil(c.Parties),
		Assumptions: []AssumptionRow{}, Outside: nonNil(c.Outside), Zone: CountRow(c.Zone), Ratifiable: CountRow(c.Ratifiable),
		Nash: packageRows(c.Nash), RatifiableNash: packageRows(c.RatifiableNash), Margins: []MarginRow{}, ZoneMargins: []MarginRow{},
		RedLines: []RedLineRow{}}
	for _, a := range c.Assumptions {
		row := AssumptionRow{Key: a.Key, Label: a.Label, Nominal: a.Nominal, Values: a.Values, Set: a.Set, Differs: a.Differs}
		for _, as := range a.Assumption {
			row.Assumption = append(row.Assumption, string(as))
		}
		d.Assumptions = append(d.Assumptions, row)
	}
	for _, m := range c.Margins {
		d.Margins = append(d.Margins, MarginRow(m))
	}
	for _, m := range c.ZoneMargins {
		d.ZoneMargins = append(d.ZoneMargins, MarginRow(m))
	}
	for _, l := range c.RedLines {
		d.RedLines = append(d.RedLines, RedLineRow(l))
	}
	return d
}

func packageRows(p whatif.PackageRows) PackageRows {
	d := PackageRows{Index: p.Index, Value: p.Value, Issues: []IssueRow{}, Utilities: []UtilityRow{}, Differs: p.Differs}
	for _, r := range p.Issues {
		d.Issues = append(d.Issues, IssueRow(r))
	}
	for _, r := range p.Utility {
		d.Utilities = append(d.Utilities, UtilityRow(r))
	}
	return d
}

// nonNil returns xs, or an empty slice (written []) for nil.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
