package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente"
)

// politicsDesc is the political part of show's description: guarantors and
// guarantees, blocs, constituencies, red lines and the scenario's limits.
type politicsDesc struct {
	Guarantors     []guarantorDesc    `json:"guarantors,omitempty"`
	Guarantees     []guaranteeDesc    `json:"guarantees,omitempty"`
	Blocs          []blocDesc         `json:"blocs,omitempty"`
	Constituencies []constituencyDesc `json:"constituencies,omitempty"`
	RedLines       []redLineDesc      `json:"red_lines,omitempty"`
	Limits         []string           `json:"limits,omitempty"`
}

type guarantorDesc struct {
	Name        string   `json:"name"`
	Credibility float64  `json:"credibility"`
	Follows     []string `json:"follows,omitempty"`
	Alone       *float64 `json:"alone,omitempty"`
}

type guaranteeDesc struct {
	Issue      string   `json:"issue"`
	Option     string   `json:"option"`
	Guarantors []string `json:"guarantors"`
	Required   int      `json:"required"`
	Honoured   float64  `json:"honoured"`
}

type blocDesc struct {
	Party     string       `json:"party"`
	Rule      string       `json:"rule"`
	Threshold float64      `json:"threshold,omitempty"`
	Leader    string       `json:"leader,omitempty"`
	Members   []memberDesc `json:"members"`
}

type memberDesc struct {
	Name        string  `json:"name"`
	Weight      float64 `json:"weight"`
	Reservation float64 `json:"reservation"`
}

type constituencyDesc struct {
	Name      string      `json:"name"`
	Party     string      `json:"party"`
	Threshold float64     `json:"threshold"`
	Applies   string      `json:"applies"`
	Voters    []voterDesc `json:"voters"`
}

type voterDesc struct {
	Name        string  `json:"name,omitempty"`
	Share       float64 `json:"share"`
	Reservation float64 `json:"reservation"`
	Spread      float64 `json:"spread,omitempty"`
}

type redLineDesc struct {
	Owner  string `json:"owner"`
	Name   string `json:"name"`
	Region string `json:"region"`
}

func describePolitics(s *entente.Scenario) *politicsDesc {
	d := &politicsDesc{Limits: s.Limits}
	for g := range s.Guarantors {
		gu := &s.Guarantors[g]
		gd := guarantorDesc{Name: gu.Name, Credibility: gu.Credibility}
		for _, l := range gu.Follows {
			gd.Follows = append(gd.Follows, s.Guarantors[l].Name)
		}
		if len(gu.Follows) > 0 {
			a := gu.Alone
			gd.Alone = &a
		}
		d.Guarantors = append(d.Guarantors, gd)
	}
	for i := range s.Issues {
		is := &s.Issues[i]
		for _, g := range is.Guarantees {
			gd := guaranteeDesc{Issue: is.Name, Option: is.Options[g.Option], Required: g.Required, Honoured: s.GuaranteeValue(i, g.Option)}
			for _, x := range g.Guarantors {
				gd.Guarantors = append(gd.Guarantors, s.Guarantors[x].Name)
			}
			d.Guarantees = append(d.Guarantees, gd)
		}
	}
	for p := range s.Parties {
		b := s.Parties[p].Bloc
		if b == nil {
			continue
		}
		bd := blocDesc{Party: s.Parties[p].Name, Rule: b.Rule.String(), Threshold: b.Threshold}
		if b.Rule == entente.BlocLeader {
			bd.Leader = b.Members[b.Leader].Name
		}
		for _, m := range b.Members {
			bd.Members = append(bd.Members, memberDesc{Name: m.Name, Weight: m.Weight, Reservation: m.Preferences.Reservation})
		}
		d.Blocs = append(d.Blocs, bd)
	}
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		cd := constituencyDesc{Name: co.Name, Party: s.Parties[co.Party].Name, Threshold: co.Threshold, Applies: s.RegionText(co.Applies)}
		for g, v := range co.Voters {
			vd := voterDesc{Share: v.Share, Reservation: v.Preferences.Reservation}
			if !co.Unitary {
				vd.Name = v.Name
			}
			if p := s.Param(entente.Ref{Kind: entente.RefReservation, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}}); p != nil && p.Dist == entente.DistNormal {
				vd.Spread = p.SD
			}
			cd.Voters = append(cd.Voters, vd)
		}
		d.Constituencies = append(d.Constituencies, cd)
		for _, l := range co.RedLines {
			d.RedLines = append(d.RedLines, redLineDesc{Owner: co.Name, Name: l.Name, Region: s.RegionText(l.Boxes)})
		}
	}
	for p := range s.Parties {
		for _, l := range s.Parties[p].RedLines {
			d.RedLines = append(d.RedLines, redLineDesc{Owner: s.Parties[p].Name, Name: l.Name, Region: s.RegionText(l.Boxes)})
		}
	}
	if d.Guarantors == nil && d.Blocs == nil && d.Constituencies == nil && d.RedLines == nil && d.Limits == nil {
		return nil
	}
	return d
}

func printPolitics(w io.Writer, d *politicsDesc) {
	if d == nil {
		return
	}
	if len(d.Guarantors) > 0 {
		fmt.Fprintf(w, "\nGuarantors (credibility: the probability of acting)\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, g := range d.Guarantors {
			line := fmt.Sprintf("  %s\t%s", g.Name, num(g.Credibility))
			if len(g.Follows) > 0 {
				line += fmt.Sprintf("\twhen %s acts; %s otherwise", strings.Join(g.Follows, " or "), num(*g.Alone))
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
	}
	if len(d.Guarantees) > 0 {
		fmt.Fprintf(w, "\nGuarantees (honoured: the probability that enough guarantors act)\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, g := range d.Guarantees {
			fmt.Fprintf(tw, "  %s=%s\thonoured %s\t%d of %s\n", g.Issue, g.Option, num(g.Honoured), g.Required, strings.Join(g.Guarantors, ", "))
		}
		tw.Flush()
	}
	for _, b := range d.Blocs {
		rule := b.Rule
		switch b.Rule {
		case "qualified":
			rule += fmt.Sprintf(" (%s of the weight)", num(b.Threshold))
		case "leader":
			rule += " (" + b.Leader + ")"
		}
		fmt.Fprintf(w, "\nBloc %s: decides by %s\n", b.Party, rule)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, m := range b.Members {
			fmt.Fprintf(tw, "  %s\tweight %s\treservation %s\n", m.Name, num(m.Weight), num(m.Reservation))
		}
		tw.Flush()
	}
	for _, c := range d.Constituencies {
		fmt.Fprintf(w, "\nConstituency %s: ratifies for %s, threshold %s; asked for %s\n", c.Name, c.Party, num(c.Threshold), c.Applies)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, v := range c.Voters {
			name := v.Name
			if name == "" {
				name = "(single ratifier)"
			}
			spread := ""
			if v.Spread > 0 {
				spread = fmt.Sprintf(", spread sd %s", num(v.Spread))
			}
			fmt.Fprintf(tw, "  %s\tshare %s\twalk-away %s%s\n", name, num(v.Share), num(v.Reservation), spread)
		}
		tw.Flush()
	}
	if len(d.RedLines) > 0 {
		fmt.Fprintf(w, "\nRed lines (never accepted, whatever the rest of the package)\n")
		for _, r := range d.RedLines {
			fmt.Fprintf(w, "  %s: %s: %s\n", r.Owner, r.Name, r.Region)
		}
	}
	if len(d.Limits) > 0 {
		fmt.Fprintf(w, "\nLimits the author states\n")
		for _, l := range d.Limits {
			fmt.Fprintf(w, "  - %s\n", l)
		}
	}
}
