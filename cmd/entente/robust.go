package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente"
	"github.com/entente/entente/robust"
	"github.com/entente/entente/wire"
)

// writeRobustness prints a robustness analysis (robust.Run) as a table for
// people or, with asJSON, as its document (wire.RobustnessDoc).
func writeRobustness(w io.Writer, s *entente.Scenario, r *robust.Result, asJSON bool) error {
	if asJSON {
		return wire.Encode(w, wire.Robustness(s, r))
	}
	return robustTable(w, s, r)
}

// frac is k/n, 0 when n is 0.
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
