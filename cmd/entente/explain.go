package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/entente/entente/explain"
)

// writeExplanation writes the explanation's sentences, then the effect of
// each constraint as a table.
func (rep *report) writeExplanation(w io.Writer, e *explain.Explanation) {
	fmt.Fprintf(w, "Explanation (%s)\n", e.Target)
	for _, t := range e.Sentences {
		fmt.Fprintf(w, "  %s\n", t)
	}
	if len(e.Effects) == 0 {
		return
	}
	fmt.Fprintf(w, "\nPackages each constraint alone keeps out of the %s\n", e.Target)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "constraint\tkind\tpackages\n")
	for _, f := range e.Effects {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", f.Name, f.Kind, f.Removed)
	}
	tw.Flush()
}
