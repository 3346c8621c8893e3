package plot

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/entente/entente"
)

// Mark is a labelled point such as the Nash solution.
type Mark struct {
	// Name is shown in the legend, e.g. "Nash".
	Name string
	// Utilities holds one utility per party, in party order.
	Utilities []float64
}

// Path is a sequence of utility vectors drawn as a line with a dot at each,
// such as one party's offers during a negotiation.
type Path struct {
	// Name is shown in the legend, e.g. "offers of buyer".
	Name string
	// Points hold one utility per party each, in order.
	Points [][]float64
}

// Panel is one projection onto two parties' utilities.
type Panel struct {
	// X and Y are the party indices for the horizontal and vertical axes.
	X, Y int
	// Cloud holds outcomes outside the agreement zone as (x, y) utilities,
	// already thinned by the caller (e.g. the centres of occupied grid
	// cells).
	Cloud [][2]float64
	// ZoneCloud holds outcomes inside the agreement zone, in the same form.
	// They are drawn as a shaded region: the zone is where its packages
	// are, not the quadrant above the two reservation values (other
	// parties, rules and blocs decide too).
	ZoneCloud [][2]float64
	// RatifiableCloud holds the outcomes of the ratifiable zone (those of
	// the agreement zone every constituency lets pass), drawn on top.
	RatifiableCloud [][2]float64
}

// Figure is a utility-space plot of a scenario.
type Figure struct {
	// Title is shown on top, e.g. the scenario name.
	Title string
	// Parties holds the party names, in party order.
	Parties []string
	// Reservation holds each party's reservation value; each panel shows
	// them as dashed lines bounding the shaded agreement zone.
	Reservation []float64
	// Frontier holds the Pareto frontier's utility vectors (one utility per
	// party). Each panel marks every projected point and joins, sorted by
	// X, those that no other projected point beats on both axes: with two
	// parties the whole frontier, with more its outer edge in that pair.
	Frontier [][]float64
	// Marks are drawn with a distinct shape and colour each and named in
	// the legend.
	Marks []Mark
	// Paths are drawn over the frontier, each in its own colour and named
	// in the legend.
	Paths []Path
	// Panels are the projections to draw. One panel fills the figure; the
	// k(k-1)/2 pairs of k parties are laid out as the lower triangle of a
	// (k-1) x (k-1) matrix; any other set goes into a near-square grid.
	Panels []Panel
	// Subtitle is an optional second line under the title, e.g. "real
	// issues discretised at 11 points".
	Subtitle string
}

// Formats accepted by Render and FormatOf.
const (
	SVG = "svg"
	PNG = "png"
)

// FormatOf returns "svg" or "png" from a file name's extension (in any
// case), or an error naming the accepted extensions.
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".svg":
		return SVG, nil
	case ".png":
		return PNG, nil
	case "":
		return "", &entente.Error{Code: entente.EUnsupported, File: path,
			Message: "the file name has no extension; expected .svg or .png"}
	}
	return "", &entente.Error{Code: entente.EUnsupported, File: path,
		Message: fmt.Sprintf("cannot plot to a %q file; expected .svg or .png", ext)}
}

// Render writes the figure as "svg" or "png". It checks the figure first
// and returns an *entente.Error (code EInvalid) naming the offending field
// for fewer than two parties, mismatched lengths, panel indices out of
// range or utilities that are not finite numbers, and an error with code
// EUnsupported for any other format.
func Render(w io.Writer, f *Figure, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	if err := validate(f); err != nil {
		return err
	}
	return safely(w, func(buf io.Writer) error { return renderTo(buf, f, format) })
}

// safely runs draw into a buffer and copies the result to w only when
// drawing succeeds. gonum/plot reports some impossible states by
// panicking; the input has been checked, so one reaching here is our bug,
// not the user's input, and comes back as an EInternal error.
func safely(w io.Writer, draw func(io.Writer) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &entente.Error{Code: entente.EInternal, Message: fmt.Sprintf("drawing the plot failed: %v", r)}
		}
	}()
	var buf bytes.Buffer
	if err := draw(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// checkFormat returns an EUnsupported error unless format is SVG or PNG.
func checkFormat(format string) error {
	if format != SVG && format != PNG {
		return &entente.Error{Code: entente.EUnsupported, Field: "format",
			Message: fmt.Sprintf("unknown plot format %q; expected %q or %q", format, SVG, PNG)}
	}
	return nil
}

// maxAbs bounds every coordinate so that axis ranges and their tick
// arithmetic stay finite; utilities are normally within [-1, 1].
const maxAbs = 1e6

func validate(f *Figure) error {
	bad := func(field, format string, args ...any) error {
		return &entente.Error{Code: entente.EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	num := func(field string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad(field, "utility is %v; expected a finite number", v)
		}
		if math.Abs(v) > maxAbs {
			return bad(field, "utility %g is out of range; expected a value between %g and %g", v, -maxAbs, maxAbs)
		}
		return nil
	}
	if f == nil {
		return bad("", "no figure to plot")
	}
	k := len(f.Parties)
	if k < 2 {
		return bad("parties", "%d parties; expected at least 2", k)
	}
	if len(f.Reservation) != k {
		return bad("reservation", "%d reservation values for %d parties; expected one per party", len(f.Reservation), k)
	}
	for i, v := range f.Reservation {
		if err := num(fmt.Sprintf("reservation[%d]", i), v); err != nil {
			return err
		}
	}
	for i, u := range f.Frontier {
		if len(u) != k {
			return bad(fmt.Sprintf("frontier[%d]", i), "%d utilities for %d parties; expected one per party", len(u), k)
		}
		for j, v := range u {
			if err := num(fmt.Sprintf("frontier[%d][%d]", i, j), v); err != nil {
				return err
			}
		}
	}
	for i, m := range f.Marks {
		if strings.TrimSpace(m.Name) == "" {
			return bad(fmt.Sprintf("marks[%d].name", i), "empty name; expected a label for the legend")
		}
		if len(m.Utilities) != k {
			return bad(fmt.Sprintf("marks[%d].utilities", i), "%d utilities for %d parties; expected one per party", len(m.Utilities), k)
		}
		for j, v := range m.Utilities {
			if err := num(fmt.Sprintf("marks[%d].utilities[%d]", i, j), v); err != nil {
				return err
			}
		}
	}
	for i, pa := range f.Paths {
		if strings.TrimSpace(pa.Name) == "" {
			return bad(fmt.Sprintf("paths[%d].name", i), "empty name; expected a label for the legend")
		}
		for j, u := range pa.Points {
			if len(u) != k {
				return bad(fmt.Sprintf("paths[%d].points[%d]", i, j), "%d utilities for %d parties; expected one per party", len(u), k)
			}
			for q, v := range u {
				if err := num(fmt.Sprintf("paths[%d].points[%d][%d]", i, j, q), v); err != nil {
					return err
				}
			}
		}
	}
	if len(f.Panels) == 0 {
		return bad("panels", "no panels; expected at least one pair of parties to draw")
	}
	for i, p := range f.Panels {
		for _, a := range []struct {
			name string
			v    int
		}{{"x", p.X}, {"y", p.Y}} {
			if a.v < 0 || a.v >= k {
				return bad(fmt.Sprintf("panels[%d].%s", i, a.name), "party index %d out of range; expected 0 to %d", a.v, k-1)
			}
		}
		if p.X == p.Y {
			return bad(fmt.Sprintf("panels[%d]", i), "both axes show party %d; expected two different parties", p.X)
		}
		for _, c := range []struct {
			name string
			pts  [][2]float64
		}{{"cloud", p.Cloud}, {"zoneCloud", p.ZoneCloud}} {
			for j, pt := range c.pts {
				for d, v := range pt {
					if err := num(fmt.Sprintf("panels[%d].%s[%d][%d]", i, c.name, j, d), v); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
