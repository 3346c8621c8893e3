package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
)

// jsonVote is one constituency's vote on a package given with --package.
type jsonVote struct {
	Constituency string   `json:"constituency"`
	Asked        bool     `json:"asked"`
	Approval     *float64 `json:"approval,omitempty"`
	Threshold    float64  `json:"threshold"`
	Margin       *float64 `json:"margin,omitempty"`
	RedLine      string   `json:"red_line,omitempty"`
	Ratifies     bool     `json:"ratifies"`
}

// votes gives each constituency's approval share of package o, its
// threshold and margin, or that it is not asked; nil without
// constituencies.
func votes(s *entente.Scenario, set *ratify.Set, o entente.Outcome) []jsonVote {
	var out []jsonVote
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		v := jsonVote{Constituency: co.Name, Threshold: co.Threshold, Asked: set.Applies(c, o), Ratifies: set.Ratifies(c, o)}
		if v.Asked {
			a, m := set.Approval(c, o), set.Margin(c, o)
			v.Approval, v.Margin = &a, &m
			if k := set.RedLine(c, o); k >= 0 {
				v.RedLine = co.RedLines[k].Name
			}
		}
		out = append(out, v)
	}
	return out
}

// redLinesText lists the red lines package o crosses, for the parties it
// needs and the constituencies that are asked.
func redLinesText(s *entente.Scenario, o entente.Outcome) []string {
	var out []string
	for _, b := range s.RedLinesCrossed(o, s.Required(o, make([]bool, len(s.Parties)))) {
		out = append(out, b.String())
	}
	return out
}

// writeVotes prints, for each package given with --package, how every
// constituency votes and which red lines it crosses.
func (rep *report) writeVotes(w io.Writer) error {
	if len(rep.queries) == 0 || (len(rep.s.Constituencies) == 0 && !rep.s.HasRedLines()) {
		return nil
	}
	set, err := ratify.Compile(rep.s)
	if err != nil {
		return err
	}
	for i, o := range rep.queries {
		fmt.Fprintf(w, "\nPackage %d: votes and red lines\n", i+1)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, v := range votes(rep.s, set, o) {
			if !v.Asked {
				fmt.Fprintf(tw, "  %s\tnot asked (outside its region)\n", v.Constituency)
				continue
			}
			verdict := "ratifies"
			switch {
			case v.RedLine != "":
				verdict = fmt.Sprintf("rejects: red line %q", v.RedLine)
			case !v.Ratifies:
				verdict = "rejects"
			}
			fmt.Fprintf(tw, "  %s\tapproval %.3f\tthreshold %.3f\tmargin %+.3f\t%s\n", v.Constituency, *v.Approval, v.Threshold, *v.Margin, verdict)
		}
		tw.Flush()
		for _, t := range redLinesText(rep.s, o) {
			fmt.Fprintf(w, "  crosses %s\n", t)
		}
	}
	return nil
}
