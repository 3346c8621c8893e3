package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/entente/entente/report/plot"
	"github.com/entente/entente/wire"
)

// writeForecastPlots draws the model comparison to path and, for each
// round-based model and issue, the actors' positions over the rounds to
// path's name with "-MODEL-ISSUE" before its extension. It returns the
// files written.
func writeForecastPlots(path string, res *wire.ForecastDoc) ([]string, error) {
	format, err := plot.FormatOf(path)
	if err != nil {
		return nil, err
	}
	c := &plot.Comparison{Title: res.Name}
	if c.Title == "" {
		c.Title = "forecasts"
	}
	withIntervals := false
	for _, is := range res.Issues {
		ci := plot.ComparisonIssue{Name: is.Issue, Min: is.Min, Max: is.Max}
		for _, n := range res.Models {
			f := plot.ModelForecast{Model: n, Value: is.Forecasts[n]}
			if iv, ok := is.Intervals[n]; ok {
				lo, hi := iv.Low, iv.High
				f.Low, f.High = &lo, &hi
				withIntervals = true
			}
			ci.Forecasts = append(ci.Forecasts, f)
		}
		c.Issues = append(c.Issues, ci)
	}
	if withIntervals {
		c.Subtitle = fmt.Sprintf("bars: 90%% intervals over %d Monte Carlo runs", res.Runs)
	}
	var written []string
	var buf bytes.Buffer
	if err := plot.RenderComparison(&buf, c, format); err != nil {
		return nil, err
	}
	if err := writeFile(path, buf.Bytes()); err != nil {
		return nil, err
	}
	written = append(written, path)
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	for _, is := range res.Issues {
		for _, n := range res.Models {
			rj := is.Rounds[n]
			if rj == nil || len(rj.Rounds) == 0 {
				continue
			}
			r := &plot.Rounds{Title: n + ": " + is.Issue, Issue: is.Issue, Min: is.Min, Max: is.Max, Actors: res.Actors}
			if !rj.Converged {
				r.Subtitle = "not converged"
			}
			for _, round := range rj.Rounds {
				r.Positions = append(r.Positions, round.Positions)
				r.Median = append(r.Median, round.Median)
				r.Mean = append(r.Mean, round.Mean)
			}
			buf.Reset()
			if err := plot.RenderRounds(&buf, r, format); err != nil {
				return written, err
			}
			name := base + "-" + safeName(n) + "-" + safeName(is.Issue) + ext
			if err := writeFile(name, buf.Bytes()); err != nil {
				return written, err
			}
			written = append(written, name)
		}
	}
	return written, nil
}
