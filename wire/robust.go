package wire

import (
	"github.com/entente/entente"
	"github.com/entente/entente/robust"
)

// RobustnessVersion is the version of RobustnessDoc.
const RobustnessVersion = 1

// RobustnessDoc is a robustness analysis (robust.Result) as analyze
// --samples --json writes it (docs/analyze.md). Shares are fractions of
// the draws; NaN is written as null.
type RobustnessDoc struct {
	Version  int    `json:"version"`
	Scenario string `json:"scenario"`
	Samples  int    `json:"samples"`
	Seed     uint64 `json:"seed"`
	// Outcomes is the number of packages walked per draw; Resolution the
	// grid size of real issues (0 when there is none).
	Outcomes   uint64   `json:"outcomes"`
	Resolution int      `json:"resolution"`
	Parties    []string `json:"parties"`
	// Nominal holds the zone sizes of the scenario as given.
	Nominal ZoneSizes `json:"nominal"`
	// Zone and Ratifiable are the shares of draws with a non-empty zone.
	Zone           Share `json:"zone"`
	Ratifiable     Share `json:"ratifiable"`
	Constituencies bool  `json:"constituencies"`
	// Counted is false when the space was too large to count every
	// package; then Candidates packages (those with the largest nominal
	// margin) were counted.
	Counted     bool            `json:"counted"`
	Candidates  int             `json:"candidates"`
	Parameters  []Parameter     `json:"parameters"`
	Packages    []RobustPackage `json:"packages"`
	Tipping     []TippingPoint  `json:"tipping_points"`
	Sensitivity []Sensitivity   `json:"sensitivity"`
}

// ZoneSizes are the sizes of the zones of the scenario as given.
type ZoneSizes struct {
	Zone       uint64 `json:"zone"`
	Ratifiable uint64 `json:"ratifiable"`
}

// Share is the share of draws with a non-empty zone, with its 95%
// interval (robust.Share).
type Share struct {
	Count int      `json:"count"`
	Draws int      `json:"draws"`
	Share *float64 `json:"share"`
	Low   *float64 `json:"low"`
	High  *float64 `json:"high"`
}

// Parameter is one uncertain number of the scenario: its nominal
// value, distribution and range (Low and High null when it has none,
// SD null unless normal).
type Parameter struct {
	Parameter string   `json:"parameter"`
	Kind      string   `json:"kind"`
	Nominal   float64  `json:"nominal"`
	Dist      string   `json:"dist"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	SD        *float64 `json:"sd"`
}

// RobustPackage is one of the most robust packages: how often it is
// acceptable over the draws.
type RobustPackage struct {
	Package         map[string]any `json:"package"`
	Index           uint64         `json:"index"`
	ZoneDraws       int            `json:"zone_draws"`
	ZoneShare       float64        `json:"zone_share"`
	RatifiableDraws int            `json:"ratifiable_draws"`
	RatifiableShare float64        `json:"ratifiable_share"`
	Utilities       []float64      `json:"nominal_utilities"`
}

// TippingPoint is a value of one number at which the zone vanishes or
// appears, the others nominal.
type TippingPoint struct {
	Parameter string  `json:"parameter"`
	Zone      string  `json:"zone"`
	Change    string  `json:"change"`
	Value     float64 `json:"value"`
	Below     float64 `json:"below"`
	Above     float64 `json:"above"`
	Sentence  string  `json:"sentence"`
}

// Sensitivity says how much one number decides whether the zone exists.
type Sensitivity struct {
	Parameter               string   `json:"parameter"`
	Label                   string   `json:"label"`
	Structural              bool     `json:"structural"`
	PointBiserial           *float64 `json:"point_biserial"`
	RatifiablePointBiserial *float64 `json:"ratifiable_point_biserial"`
	Spearman                *float64 `json:"spearman"`
	ZoneLow                 uint64   `json:"zone_at_low"`
	ZoneHigh                uint64   `json:"zone_at_high"`
	RatifiableLow           uint64   `json:"ratifiable_at_low"`
	RatifiableHigh          uint64   `json:"ratifiable_at_high"`
}

// share is the document of s.
func share(s robust.Share) Share {
	return Share{Count: s.Count, Draws: s.Draws, Share: finite(s.P), Low: finite(s.Low), High: finite(s.High)}
}

// Robustness returns the document of the robustness analysis r of s
// (robust.Run).
func Robustness(s *entente.Scenario, r *robust.Result) *RobustnessDoc {
	j := &RobustnessDoc{Version: RobustnessVersion, Scenario: s.Name, Samples: r.Samples, Seed: r.Seed, Outcomes: r.Outcomes,
		Resolution: r.Resolution, Nominal: ZoneSizes{r.NominalZone, r.NominalRatifiable},
		Zone: share(r.Zone), Ratifiable: share(r.Ratifiable), Constituencies: r.Constituencies, Counted: r.Counted, Candidates: r.Candidates,
		Parties: []string{}, Parameters: []Parameter{}, Packages: []RobustPackage{}, Tipping: []TippingPoint{}, Sensitivity: []Sensitivity{}}
	for p := range s.Parties {
		j.Parties = append(j.Parties, s.Parties[p].Name)
	}
	for i, p := range r.Params {
		jp := Parameter{Parameter: p.Field, Kind: p.Ref.Kind.String(), Nominal: r.Nominal[i], Dist: p.Dist.String()}
		if p.Ranged {
			jp.Low, jp.High = finite(p.Low), finite(p.High)
		}
		if p.Dist == entente.DistNormal {
			jp.SD = finite(p.SD)
		}
		j.Parameters = append(j.Parameters, jp)
	}
	for _, p := range r.Packages {
		j.Packages = append(j.Packages, RobustPackage{Package: pkg(s, p.Outcome), Index: p.Index,
			ZoneDraws: p.Zone, ZoneShare: frac(p.Zone, r.Samples), RatifiableDraws: p.Ratifiable,
			RatifiableShare: frac(p.Ratifiable, r.Samples), Utilities: p.Utilities})
	}
	for _, t := range r.Tipping {
		zone, change := "agreement", "vanishes"
		if t.Ratifiable {
			zone = "ratifiable"
		}
		if t.Appears {
			change = "appears"
		}
		j.Tipping = append(j.Tipping, TippingPoint{Parameter: t.Field, Zone: zone, Change: change, Value: t.Value,
			Below: t.Below, Above: t.Above, Sentence: t.String()})
	}
	for _, x := range r.Sensitivity {
		j.Sensitivity = append(j.Sensitivity, Sensitivity{Parameter: x.Field, Label: x.Label, Structural: x.Structural, PointBiserial: finite(x.PointBiserial),
			RatifiablePointBiserial: finite(x.RatifiablePointBiserial), Spearman: finite(x.Spearman), ZoneLow: x.ZoneLow, ZoneHigh: x.ZoneHigh,
			RatifiableLow: x.RatifiableLow, RatifiableHigh: x.RatifiableHigh})
	}
	return j
}
