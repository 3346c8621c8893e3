package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente"
	"github.com/entente/entente/robust"
)

// writeRobustness prints a robustness analysis (robust.Run) as a table for
// people or, with asJSON, as the JSON object jsonRobustness documents.
func writeRobustness(w io.Writer, s *entente.Scenario, r *robust.Result, asJSON bool) error {
	if asJSON {
		b, err := json.MarshalIndent(robustJSON(s, r), "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	return robustTable(w, s, r)
}

// jsonRobustness is the --json contract of a robustness analysis, version
// 1. Shares are fractions of the draws; NaN is written as null.
type jsonRobustness struct {
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
	Nominal jsonZoneSizes `json:"nominal"`
	// Zone and Ratifiable are the shares of draws with a non-empty zone.
	Zone           jsonShare `json:"zone"`
	Ratifiable     jsonShare `json:"ratifiable"`
	Constituencies bool      `json:"constituencies"`
	// Counted is false when the space was too large to count every
	// package; then Candidates packages (those with the largest nominal
	// margin) were counted.
	Counted     bool              `json:"counted"`
	Candidates  int               `json:"candidates"`
	Parameters  []jsonParam       `json:"parameters"`
	Packages    []jsonRobustPkg   `json:"packages"`
	Tipping     []jsonTipping     `json:"tipping_points"`
	Sensitivity []jsonSensitivity `json:"sensitivity"`
}

type jsonZoneSizes struct {
	Zone       uint64 `json:"zone"`
	Ratifiable uint64 `json:"ratifiable"`
}

type jsonShare struct {
	Count int      `json:"count"`
	Draws int      `json:"draws"`
	Share *float64 `json:"share"`
	Low   *float64 `json:"low"`
	High  *float64 `json:"high"`
}

type jsonParam struct {
	Parameter string   `json:"parameter"`
	Kind      string   `json:"kind"`
	Nominal   float64  `json:"nominal"`
	Dist      string   `json:"dist"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	SD        *float64 `json:"sd"`
}

type jsonRobustPkg struct {
	Package         map[string]any `json:"package"`
	Index           uint64         `json:"index"`
	ZoneDraws       int            `json:"zone_draws"`
	ZoneShare       float64        `json:"zone_share"`
	RatifiableDraws int            `json:"ratifiable_draws"`
	RatifiableShare float64        `json:"ratifiable_share"`
	Utilities       []float64      `json:"nominal_utilities"`
}

type jsonTipping struct {
	Parameter string  `json:"parameter"`
	Zone      string  `json:"zone"`
	Change    string  `json:"change"`
	Value     float64 `json:"value"`
	Below     float64 `json:"below"`
	Above     float64 `json:"above"`
	Sentence  string  `json:"sentence"`
}

type jsonSensitivity struct {
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

func robustShare(s robust.Share) jsonShare {
	return jsonShare{Count: s.Count, Draws: s.Draws, Share: finite(s.P), Low: finite(s.Low), High: finite(s.High)}
}

func robustJSON(s *entente.Scenario, r *robust.Result) *jsonRobustness {
	j := &jsonRobustness{Version: 1, Scenario: s.Name, Samples: r.Samples, Seed: r.Seed, Outcomes: r.Outcomes,
		Resolution: r.Resolution, Nominal: jsonZoneSizes{r.NominalZone, r.NominalRatifiable},
		Zone: robustShare(r.Zone), Ratifiable: robustShare(r.Ratifiable), Constituencies: r.Constituencies, Counted: r.Counted, Candidates: r.Candidates,
		Parties: []string{}, Parameters: []jsonParam{}, Packages: []jsonRobustPkg{}, Tipping: []jsonTipping{}, Sensitivity: []jsonSensitivity{}}
	for p := range s.Parties {
		j.Parties = append(j.Parties, s.Parties[p].Name)
	}
	for i, p := range r.Params {
		jp := jsonParam{Parameter: p.Field, Kind: p.Ref.Kind.String(), Nominal: r.Nominal[i], Dist: p.Dist.String()}
		if p.Ranged {
			jp.Low, jp.High = finite(p.Low), finite(p.High)
		}
		if p.Dist == entente.DistNormal {
			jp.SD = finite(p.SD)
		}
		j.Parameters = append(j.Parameters, jp)
	}
	for _, p := range r.Packages {
		j.Packages = append(j.Packages, jsonRobustPkg{Package: jsonPackage(s, p.Outcome), Index: p.Index,
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
		j.Tipping = append(j.Tipping, jsonTipping{Parameter: t.Field, Zone: zone, Change: change, Value: t.Value,
			Below: t.Below, Above: t.Above, Sentence: t.String()})
	}
	for _, x := range r.Sensitivity {
		j.Sensitivity = append(j.Sensitivity, jsonSensitivity{Parameter: x.Field, Label: x.Label, Structural: x.Structural, PointBiserial: finite(x.PointBiserial),
			RatifiablePointBiserial: finite(x.RatifiablePointBiserial), Spearman: finite(x.Spearman), ZoneLow: x.ZoneLow, ZoneHigh: x.ZoneHigh,
			RatifiableLow: x.RatifiableLow, RatifiableHigh: x.RatifiableHigh})
	}
	return j
}

func frac(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

// corr writes a correlation for tables ("-" when undefined).
func corr(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

func robustTable(w io.Writer, s *entente.Scenario, r *robust.Result) error {
	fmt.Fprintf(w, "%s: %d draws (seed %d) of %d uncertain numbers, %d packages each\n", s.Name, r.Samples, r.Seed, len(r.Params), r.Outcomes)
	if r.Resolution > 0 {
		fmt.Fprintf(w, "(real issues discretised at %d points each)\n", r.Resolution)
	}
	fmt.Fprintf(w, "nominal scenario: %d packages in the agreement zone", r.NominalZone)
	if r.Constituencies {
		fmt.Fprintf(w, ", %d ratifiable", r.NominalRatifiable)
	}
	fmt.Fprintf(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "non-empty in\tdraws\tshare\t95%% interval\n")
	rows := []struct {
		name string
		sh   robust.Share
	}{{"agreement zone", r.Zone}}
	if r.Constituencies {
		rows = append(rows, struct {
			name string
			sh   robust.Share
		}{"ratifiable zone", r.Ratifiable})
	}
	for _, x := range rows {
		fmt.Fprintf(tw, "%s\t%d of %d\t%.3f\t[%.3f, %.3f]\n", x.name, x.sh.Count, x.sh.Draws, x.sh.P, x.sh.Low, x.sh.High)
	}
	tw.Flush()

	fmt.Fprintln(w)
	if !r.Counted {
		fmt.Fprintf(w, "(too many packages to count each: counted the %d with the largest nominal margin)\n", r.Candidates)
	}
	switch {
	case len(r.Packages) == 0:
		fmt.Fprintf(w, "No package is acceptable in any draw.\n")
	default:
		fmt.Fprintf(w, "Most robust packages (share of draws in which each is acceptable; utilities nominal)\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		names := make([]string, len(s.Parties))
		for p := range s.Parties {
			names[p] = s.Parties[p].Name
		}
		if r.Constituencies {
			fmt.Fprintf(tw, "zone\tratifiable\t%s\tpackage\n", strings.Join(names, "\t"))
		} else {
			fmt.Fprintf(tw, "zone\t%s\tpackage\n", strings.Join(names, "\t"))
		}
		for _, p := range r.Packages {
			cells := make([]string, len(p.Utilities))
			for i, u := range p.Utilities {
				cells[i] = strconv.FormatFloat(u, 'f', 4, 64)
			}
			fmt.Fprintf(tw, "%.3f\t", frac(p.Zone, r.Samples))
			if r.Constituencies {
				fmt.Fprintf(tw, "%.3f\t", frac(p.Ratifiable, r.Samples))
			}
			fmt.Fprintf(tw, "%s\t%s\n", strings.Join(cells, "\t"), packageText(s, p.Outcome))
		}
		tw.Flush()
	}
	if len(r.Params) == 0 {
		fmt.Fprintf(w, "\nNo number of the scenario is uncertain: every draw is the nominal scenario.\n")
		return nil
	}

	fmt.Fprintf(w, "\nTipping points (one number moved across its range, the others nominal)\n")
	if len(r.Tipping) == 0 {
		fmt.Fprintf(w, "  none: no single number changes whether the zone exists\n")
	}
	for _, t := range r.Tipping {
		fmt.Fprintf(w, "  %s\n", t)
	}

	zone := "agreement zone"
	if r.Constituencies {
		zone = "ratifiable zone"
	}
	for _, structural := range []bool{false, true} {
		list := r.Ranking(r.Constituencies, structural)
		kind := "preferences and credibilities"
		if structural {
			kind = "structure (guarantors needed, guarantee functions, thresholds, voters' spread)"
		}
		fmt.Fprintf(w, "\nWhat decides the %s: %s (most decisive first; r_pb: point-biserial correlation with a non-empty zone, signed; sizes with the number at the ends of its range, the others nominal)\n", zone, kind)
		if len(list) == 0 {
			fmt.Fprintf(w, "  none of these numbers moves the %s\n", zone)
			continue
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "number\tr_pb\tsize at low\tsize at high\n")
		for _, x := range list {
			lo, hi := x.Swing(r.Constituencies)
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", x.Label, corr(x.Correlation(r.Constituencies)), lo, hi)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
