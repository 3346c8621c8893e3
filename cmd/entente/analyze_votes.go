package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// writeVotes prints, for each package given with --package, how every
// constituency votes and which red lines it crosses.
func (rep *report) writeVotes(w io.Writer) error {
	if len(rep.queries) == 0 || (len(rep.s.Constituencies) == 0 && !rep.s.HasRedLines()) {
		return nil
	}
	for i, q := range rep.doc.Packages {
		fmt.Fprintf(w, "\nPackage %d: votes and red lines\n", i+1)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, v := range q.Votes {
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
		for _, t := range q.RedLines {
			fmt.Fprintf(w, "  crosses %s\n", t)
		}
	}
	return nil
}
