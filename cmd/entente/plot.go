package main

import (
	"bytes"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	document "github.com/entente/entente/report"
	"github.com/entente/entente/report/plot"
)

// maxPlotParties caps the pairwise matrix (15 panels).
const maxPlotParties = 6

func checkPlotPath(path string) error {
	if _, err := plot.FormatOf(path); err != nil {
		return usagef("--plot: %v", err)
	}
	return nil
}

// plotPairs lists the pairs of analysed parties to draw.
func plotPairs(k int) [][2]int {
	k = min(k, maxPlotParties)
	var pairs [][2]int
	for y := 1; y < k; y++ {
		for x := 0; x < y; x++ {
			pairs = append(pairs, [2]int{x, y})
		}
	}
	return pairs
}

// writePlot draws the analysed utility space to path.
func writePlot(path string, s *entente.Scenario, r *analysis.Result) error {
	format, err := plot.FormatOf(path)
	if err != nil {
		return err
	}
	f := document.SpaceFigure(s, r)
	if len(f.Parties) > maxPlotParties {
		f.Subtitle += fmt.Sprintf(" (first %d parties shown; choose with --parties)", maxPlotParties)
	}
	var buf bytes.Buffer
	if err := plot.Render(&buf, f, format); err != nil {
		return err
	}
	return writeFile(path, buf.Bytes())
}
