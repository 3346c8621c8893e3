package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/report/plot"
)

// maxPlotParties caps the pairwise matrix (15 panels).
const maxPlotParties = 6

// maxPlotFrontier caps the frontier points drawn.
const maxPlotFrontier = 2000

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
	f := &plot.Figure{Title: s.Name, Reservation: r.Reservation}
	if r.Resolution > 0 {
		f.Subtitle = fmt.Sprintf("real issues discretised at %d points", r.Resolution)
	}
	for _, p := range r.Parties {
		f.Parties = append(f.Parties, s.Parties[p].Name)
	}
	// The frontier is drawn through at most maxPlotFrontier points (every
	// m-th along the first party's utility), so the file stays small.
	step := (len(r.Pareto) + maxPlotFrontier - 1) / maxPlotFrontier
	for i, p := range r.Pareto {
		if i%max(step, 1) == 0 || i == len(r.Pareto)-1 {
			f.Frontier = append(f.Frontier, p.Utilities)
		}
	}
	if step > 1 {
		f.Subtitle = strings.TrimSpace(f.Subtitle + fmt.Sprintf(" frontier drawn through %d of its %d points", len(f.Frontier), len(r.Pareto)))
	}
	for _, m := range []struct {
		name string
		sol  *analysis.Solution
	}{{"Nash", r.Nash}, {"Kalai-Smorodinsky", r.KalaiSmorodinsky}, {"egalitarian", r.Egalitarian}, {"utilitarian", r.Utilitarian}} {
		if m.sol != nil {
			f.Marks = append(f.Marks, plot.Mark{Name: m.name, Utilities: m.sol.Utilities})
		}
	}
	for _, c := range r.Clouds {
		zone, other := c.Points()
		f.Panels = append(f.Panels, plot.Panel{X: c.X, Y: c.Y, Cloud: other, ZoneCloud: zone})
	}
	if len(f.Parties) > maxPlotParties {
		f.Subtitle += fmt.Sprintf(" (first %d parties shown; choose with --parties)", maxPlotParties)
	}
	var buf bytes.Buffer
	if err := plot.Render(&buf, f, format); err != nil {
		return err
	}
	return writeFile(path, buf.Bytes())
}
