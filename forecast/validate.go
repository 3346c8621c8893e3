package forecast

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/entente/entente"
)

// source records where the fields of a model read from a file are: for
// each model path (such as "actors[2].stances[0].salience") the line and
// column and the field as the file's own format names it.
type source struct {
	file string
	at   map[string]place
}

type place struct {
	line, col int
	field     string
}

func (s *source) mark(path string, line, col int, field string) {
	s.at[path] = place{line, col, field}
}

// errorf builds an error about the model path, located in the source when
// the model was read from a file (the nearest enclosing path that has a
// place).
func (m *Model) errorf(path, format string, args ...any) *entente.Error {
	e := entente.Errorf(entente.EInvalid, "", 0, 0, path, format, args...)
	if m.src == nil {
		return e
	}
	e.File = m.src.file
	for p := path; ; {
		if pl, ok := m.src.at[p]; ok {
			e.Line, e.Col, e.Field = pl.line, pl.col, pl.field
			return e
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	e.Line, e.Col = 1, 1
	return e
}

// Validate checks the model and returns every problem: at least one issue
// and one actor, unique non-empty names, one stance per actor and issue,
// finite numbers, Min <= Max, positions and anchors within their issue's
// scale, non-negative salience and capability, and on every issue at least
// one actor with a positive weight (capability x salience), and ranges
// (Uncertain) with low <= value <= high, within the scale for positions
// and non-negative for salience and capability. Field paths
// are model paths ("actors[2].stances[0].salience"), or the file's own
// names when the model was read by ReadCSV, ReadYAML or Read.
func (m *Model) Validate() entente.ErrorList {
	var errs entente.ErrorList
	add := func(path, format string, args ...any) { errs.Add(m.errorf(path, format, args...)) }
	if len(m.Issues) == 0 {
		add("issues", "no issues; expected at least one")
	}
	if len(m.Actors) == 0 {
		add("actors", "no actors; expected at least one")
	}
	seen := map[string]int{}
	for k := range m.Issues {
		is := &m.Issues[k]
		path := fmt.Sprintf("issues[%d]", k)
		checkName(add, path+".name", "issue", is.Name, seen)
		okMin, okMax := finite(is.Min), finite(is.Max)
		if !okMin {
			add(path+".min", "%v is not a finite number; expected the low end of the scale", is.Min)
		}
		if !okMax {
			add(path+".max", "%v is not a finite number; expected the high end of the scale", is.Max)
		}
		switch {
		case okMin && okMax && is.Min > is.Max:
			add(path+".max", "the scale's high end %v is below its low end %v; expected min <= max", is.Max, is.Min)
		case okMin && okMax && math.IsInf(is.Max-is.Min, 0):
			add(path+".max", "the scale from %v to %v is too wide to compute with; expected a span below 1e308", is.Min, is.Max)
		}
		for a, an := range is.Anchors {
			if !finite(an.Position) || an.Position < is.Min || an.Position > is.Max {
				add(fmt.Sprintf("%s.anchors[%d].position", path, a), "anchor %v lies outside the scale; expected a number from %v to %v", an.Position, is.Min, is.Max)
			}
		}
	}
	seen = map[string]int{}
	for i := range m.Actors {
		a := &m.Actors[i]
		path := fmt.Sprintf("actors[%d]", i)
		checkName(add, path+".name", "actor", a.Name, seen)
		if a.Risk != nil && !finite(*a.Risk) {
			add(path+".risk", "%v is not a finite number; expected a risk attitude", *a.Risk)
		}
	}
	if len(m.Stances) != len(m.Actors) {
		add("stances", "%d rows of stances for %d actors; expected one row per actor", len(m.Stances), len(m.Actors))
		return errs
	}
	for i, row := range m.Stances {
		if len(row) != len(m.Issues) {
			add(fmt.Sprintf("actors[%d].stances", i), "%d stances for %d issues; expected one per issue", len(row), len(m.Issues))
			continue
		}
		for k, s := range row {
			path := fmt.Sprintf("actors[%d].stances[%d]", i, k)
			is := &m.Issues[k]
			switch {
			case !finite(s.Position):
				add(path+".position", "%v is not a finite number; expected a position on the issue's scale", s.Position)
			case s.Position < is.Min || s.Position > is.Max:
				add(path+".position", "%v lies outside the scale of issue %q; expected a number from %v to %v", s.Position, is.Name, is.Min, is.Max)
			}
			if !finite(s.Salience) || s.Salience < 0 {
				add(path+".salience", "%v is not allowed; expected a finite number >= 0", s.Salience)
			}
			if !finite(s.Capability) || s.Capability < 0 {
				add(path+".capability", "%v is not allowed; expected a finite number >= 0", s.Capability)
			}
		}
	}
	m.validateUncertain(add)
	if len(errs) > 0 {
		return errs
	}
	for k := range m.Issues {
		total, moment := 0.0, 0.0
		for i := range m.Actors {
			w := m.Stances[i][k].Salience * m.Stances[i][k].Capability
			total += w
			moment += w * math.Abs(m.Stances[i][k].Position)
		}
		switch {
		case !(total > 0) || math.IsInf(total, 0):
			add(fmt.Sprintf("issues[%d]", k), "on issue %q the actors' weights (capability x salience) sum to %v; expected a positive finite total (some actor must care and have capability)", m.Issues[k].Name, total)
		case math.IsInf(moment, 0):
			add(fmt.Sprintf("issues[%d]", k), "on issue %q the weighted positions (capability x salience x position) overflow; expected smaller numbers", m.Issues[k].Name)
		}
	}
	return errs
}

func checkName(add func(string, string, ...any), path, what, name string, seen map[string]int) {
	switch {
	case name == "":
		add(path, "empty %s name; expected a name", what)
	case strings.TrimSpace(name) != name:
		add(path, "%s name %q has leading or trailing spaces; expected them trimmed", what, name)
	case strings.ContainsFunc(name, unicode.IsControl):
		add(path, "%s name %q contains a control character (such as a line break); expected a name on one line", what, name)
	default:
		if _, dup := seen[name]; dup {
			add(path, "duplicate %s name %q; expected each %s once", what, name, what)
		}
		seen[name] = 1
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Locate fills in the file, line and column of errors about model paths
// (such as those a model package returns for "actors[2].stances[0].salience")
// from the file m was read from, and returns err. Errors that already name
// a file, and models not read from a file, are left as they are.
func (m *Model) Locate(err error) error {
	if m.src == nil || err == nil {
		return err
	}
	fix := func(e *entente.Error) {
		if e.File != "" || e.Field == "" {
			return
		}
		l := m.errorf(e.Field, "")
		e.File, e.Line, e.Col, e.Field = l.File, l.Line, l.Col, l.Field
	}
	var list entente.ErrorList
	var one *entente.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			fix(e)
		}
	case errors.As(err, &one):
		fix(one)
	}
	return err
}
