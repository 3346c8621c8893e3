package forecast

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/csvcell"
)

// Read reads a model from a file's contents: KTAB's CSV layout or XML
// scenario when the content is one (IsKTABCSV, IsKTABXML), whatever the
// name; otherwise CSV when the name ends in .csv, YAML when it ends in
// .yaml or .yml, and otherwise CSV when the first line is a CSV header
// starting with "actor", else YAML.
func Read(name string, data []byte) (*Model, error) {
	if read := ktabReader(data); read != nil {
		return read(name, data)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return ReadCSV(name, data)
	case ".yaml", ".yml":
		return ReadYAML(name, data)
	}
	first, _, _ := bytes.Cut(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("\n"))
	if h := strings.ToLower(strings.TrimSpace(string(first))); strings.HasPrefix(h, "actor,") || strings.HasPrefix(h, `"actor",`) {
		return ReadCSV(name, data)
	}
	return ReadYAML(name, data)
}

// csvColumns are the columns of the CSV form; the first five are required.
var csvColumns = []string{"actor", "issue", "position", "salience", "capability", "description", "risk",
	"position_low", "position_high", "salience_low", "salience_high", "capability_low", "capability_high", "risk_low", "risk_high"}

// ReadCSV reads the CSV form: a header naming the columns actor, issue,
// position, salience, capability and optionally description and risk (in
// any order), then one row per actor and issue. The optional columns
// position_low, position_high, salience_low, salience_high, capability_low
// and capability_high give a range for the value (Model.Uncertain): both
// ends, or neither (empty cells), with low <= value <= high; risk_low and
// risk_high likewise for the risk, the same on every row of the actor that
// gives them. Actors and issues are
// taken in order of first appearance; every actor needs exactly one row per
// issue. Each issue's scale is the
// range of the positions on it. Problems are reported as an
// entente.ErrorList, located by line and column.
func ReadCSV(name string, data []byte) (*Model, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	var errs entente.ErrorList
	fail := func(line, col int, field, format string, args ...any) {
		errs.Add(entente.Errorf(entente.EInvalid, name, line, col, field, format, args...))
	}
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			fail(1, 1, "", "the file is empty; expected a header line: %s", strings.Join(csvColumns[:5], ","))
		} else {
			l, c := csvErrPos(err)
			fail(l, c, "", "malformed CSV: %v", csvErrMsg(err))
		}
		return nil, errs
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		line, c := r.FieldPos(i)
		switch {
		case !contains(csvColumns, h):
			fail(line, c, "", "unknown column %q; expected the columns %s", h, strings.Join(csvColumns[:5], ", ")+" and optionally description, risk, position_low, position_high, salience_low, salience_high, capability_low, capability_high, risk_low, risk_high")
		case col[h] > 0:
			fail(line, c, h, "column %q appears twice; expected it once", h)
		default:
			col[h] = i + 1
		}
	}
	for _, h := range csvColumns[:5] {
		if col[h] == 0 && len(errs) == 0 {
			fail(1, 1, "", "the header has no column %q; expected the columns %s", h, strings.Join(csvColumns[:5], ","))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	m := &Model{Name: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), src: &source{file: name, at: map[string]place{}}}
	type key struct{ a, k int }
	type cell struct {
		s         Stance
		line, col [3]int // position, salience, capability
		rng       [3]*Range
		rngCol    [3]int
		actorLine int
		actorCol  int
	}
	cells := map[key]*cell{}
	firstRow := map[int]int{}
	var riskAt []int // line of each actor's first risk value, 0 if none
	var riskRange []*Range
	var riskRangeAt []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l, c := csvErrPos(err)
			fail(l, c, "", "malformed CSV: %v", csvErrMsg(err))
			break
		}
		// Cells that entente's WriteCSV neutralized for spreadsheets.
		for i := range rec {
			rec[i] = csvcell.Restore(rec[i])
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			_, c := r.FieldPos(len(rec) - 1)
			fail(line, c, "", "%d fields; expected %d, one per header column", len(rec), len(header))
			continue
		}
		get := func(h string) (string, int) {
			i := col[h] - 1
			if i < 0 {
				return "", 0
			}
			_, c := r.FieldPos(i)
			return strings.TrimSpace(rec[i]), c
		}
		actor, ac := get("actor")
		issue, ic := get("issue")
		if actor == "" {
			fail(line, ac, "actor", "empty actor name; expected a name")
			continue
		}
		if issue == "" {
			fail(line, ic, "issue", "empty issue name; expected a name")
			continue
		}
		a := m.ActorIndex(actor)
		if a < 0 {
			a = len(m.Actors)
			m.Actors = append(m.Actors, Actor{Name: actor})
			riskAt = append(riskAt, 0)
			riskRange = append(riskRange, nil)
			riskRangeAt = append(riskRangeAt, 0)
			firstRow[a] = line
			m.src.mark(fmt.Sprintf("actors[%d]", a), line, ac, "actor")
		}
		k := m.IssueIndex(issue)
		if k < 0 {
			k = len(m.Issues)
			m.Issues = append(m.Issues, Issue{Name: issue})
			m.src.mark(fmt.Sprintf("issues[%d]", k), line, ic, "issue")
		}
		if prev := cells[key{a, k}]; prev != nil {
			fail(line, ac, "actor", "a second row for actor %q on issue %q (the first is on line %d); expected one row per actor and issue", actor, issue, prev.actorLine)
			continue
		}
		c := &cell{actorLine: line, actorCol: ac}
		ok := true
		for j, h := range []string{"position", "salience", "capability"} {
			text, tc := get(h)
			v, err := strconv.ParseFloat(text, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				fail(line, tc, h, "%q is not a finite number; expected the actor's %s on the issue", text, h)
				ok = false
			}
			c.line[j], c.col[j] = line, tc
			switch j {
			case 0:
				c.s.Position = v
			case 1:
				c.s.Salience = v
			case 2:
				c.s.Capability = v
			}
			lt, lc := get(h + "_low")
			ht, hc := get(h + "_high")
			switch {
			case lt == "" && ht == "":
			case lt == "":
				fail(line, lc, h+"_low", "empty, but %s_high is given; expected both ends of the range or neither", h)
				ok = false
			case ht == "":
				fail(line, hc, h+"_high", "empty, but %s_low is given; expected both ends of the range or neither", h)
				ok = false
			default:
				lo, err1 := strconv.ParseFloat(lt, 64)
				hi, err2 := strconv.ParseFloat(ht, 64)
				switch {
				case err1 != nil || !finite(lo):
					fail(line, lc, h+"_low", "%q is not a finite number; expected the low end of the %s's range", lt, h)
					ok = false
				case err2 != nil || !finite(hi):
					fail(line, hc, h+"_high", "%q is not a finite number; expected the high end of the %s's range", ht, h)
					ok = false
				default:
					c.rng[j], c.rngCol[j] = &Range{lo, hi}, lc
				}
			}
		}
		if d, dc := get("description"); d != "" {
			switch prev := m.Actors[a].Description; {
			case prev == "":
				m.Actors[a].Description = d
			case prev != d:
				fail(line, dc, "description", "actor %q has a different description on an earlier line; expected the same description on every row, or empty cells", actor)
			}
		}
		if t, rc := get("risk"); t != "" {
			v, err := strconv.ParseFloat(t, 64)
			switch {
			case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
				fail(line, rc, "risk", "%q is not a finite number; expected the actor's risk attitude or an empty cell", t)
			case m.Actors[a].Risk == nil:
				m.Actors[a].Risk = &v
				riskAt[a] = line
				m.src.mark(fmt.Sprintf("actors[%d].risk", a), line, rc, "risk")
			case *m.Actors[a].Risk != v:
				fail(line, rc, "risk", "actor %q has risk %v on line %d; expected the same risk on every row, or empty cells", actor, *m.Actors[a].Risk, riskAt[a])
			}
		}
		if lt, lc := get("risk_low"); lt != "" || col["risk_low"] > 0 {
			ht, hc := get("risk_high")
			lo, err1 := strconv.ParseFloat(lt, 64)
			hi, err2 := strconv.ParseFloat(ht, 64)
			switch {
			case lt == "" && ht == "":
			case col["risk_high"] == 0:
				fail(line, lc, "risk_low", "a risk_low column without risk_high; expected both")
			case lt == "" || ht == "":
				fail(line, lc, "risk_low", "only one end of the risk range; expected both ends or neither")
			case err1 != nil || !finite(lo):
				fail(line, lc, "risk_low", "%q is not a finite number; expected the low end of the risk's range", lt)
			case err2 != nil || !finite(hi):
				fail(line, hc, "risk_high", "%q is not a finite number; expected the high end of the risk's range", ht)
			case riskRange[a] == nil:
				riskRange[a], riskRangeAt[a] = &Range{lo, hi}, line
				m.src.mark(fmt.Sprintf("actors[%d].risk", a), line, lc, "risk_low")
			case *riskRange[a] != Range{lo, hi}:
				fail(line, lc, "risk_low", "actor %q has the risk range [%v, %v] on line %d; expected the same range on every row, or empty cells", actor, riskRange[a].Low, riskRange[a].High, riskRangeAt[a])
			}
		} else if ht, hc := get("risk_high"); ht != "" {
			fail(line, hc, "risk_high", "a risk_high column without risk_low; expected both")
		}
		if ok {
			cells[key{a, k}] = c
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(m.Actors) == 0 {
		fail(1, 1, "", "no rows after the header; expected one row per actor and issue")
		return nil, errs
	}
	m.Stances = make([][]Stance, len(m.Actors))
	for a := range m.Actors {
		m.Stances[a] = make([]Stance, len(m.Issues))
		for k := range m.Issues {
			c := cells[key{a, k}]
			if c == nil {
				fail(firstRow[a], 1, "", "actor %q has no row for issue %q; expected one row per actor and issue", m.Actors[a].Name, m.Issues[k].Name)
				continue
			}
			m.Stances[a][k] = c.s
			for j, f := range []string{"position", "salience", "capability"} {
				path := fmt.Sprintf("actors[%d].stances[%d].%s", a, k, f)
				m.src.mark(path, c.line[j], c.col[j], f)
				if r := c.rng[j]; r != nil {
					sr := &m.uncertain().Stances[a][k]
					switch j {
					case 0:
						sr.Position = r
					case 1:
						sr.Salience = r
					default:
						sr.Capability = r
					}
					// Range errors point at the low end's cell.
					m.src.mark(path, c.line[j], c.rngCol[j], f+"_low")
				}
			}
			m.src.mark(fmt.Sprintf("actors[%d].name", a), c.actorLine, c.actorCol, "actor")
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for a, r := range riskRange {
		if r != nil {
			m.uncertain().Risk[a] = r
		}
	}
	m.defaultScales(nil)
	if errs := m.Validate(); len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

// defaultScales sets each issue's Min and Max, where not given (set[k][0]
// and set[k][1] false or set nil), to the range of the positions on it,
// clipped so that Min <= Max when one end is given.
func (m *Model) defaultScales(set [][2]bool) {
	for k := range m.Issues {
		lo, hi := math.Inf(1), math.Inf(-1)
		for a := range m.Stances {
			if k < len(m.Stances[a]) {
				lo, hi = math.Min(lo, m.Stances[a][k].Position), math.Max(hi, m.Stances[a][k].Position)
			}
			if u := m.Uncertain; u != nil && a < len(u.Stances) && k < len(u.Stances[a]) {
				if r := u.Stances[a][k].Position; r != nil {
					lo, hi = math.Min(lo, r.Low), math.Max(hi, r.High)
				}
			}
		}
		if lo > hi {
			continue
		}
		// A missing end never makes the scale empty: it stops at the given
		// other end if the positions lie beyond it (Validate reports them).
		switch {
		case set == nil || (!set[k][0] && !set[k][1]):
			m.Issues[k].Min, m.Issues[k].Max = lo, hi
		case !set[k][0]:
			m.Issues[k].Min = math.Min(lo, m.Issues[k].Max)
		case !set[k][1]:
			m.Issues[k].Max = math.Max(hi, m.Issues[k].Min)
		}
	}
}

func csvErrPos(err error) (int, int) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return max(pe.Line, 1), max(pe.Column, 1)
	}
	return 1, 1
}

func csvErrMsg(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// WriteCSV writes the model in the CSV form ReadCSV reads (issue scales,
// labels and anchors are not part of that form; ranges are, in the _low
// and _high columns when m.Uncertain is set). Numbers are written in
// their shortest exact form, so reading the output back gives the same
// stances. Names and descriptions that a spreadsheet would run as formulas
// get an apostrophe before them (see internal/csvcell), which ReadCSV
// removes.
func WriteCSV(w io.Writer, m *Model) error {
	cw := csvcell.NewWriter(w)
	header := csvColumns[:7]
	if m.Uncertain != nil {
		header = csvColumns
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for a := range m.Actors {
		risk := ""
		if m.Actors[a].Risk != nil {
			risk = f(*m.Actors[a].Risk)
		}
		for k := range m.Issues {
			s := m.Stances[a][k]
			rec := []string{m.Actors[a].Name, m.Issues[k].Name, f(s.Position), f(s.Salience), f(s.Capability), m.Actors[a].Description, risk}
			if m.Uncertain != nil {
				sr := m.Uncertain.Stances[a][k]
				var rr *Range
				if a < len(m.Uncertain.Risk) {
					rr = m.Uncertain.Risk[a]
				}
				for _, r := range []*Range{sr.Position, sr.Salience, sr.Capability, rr} {
					if r == nil {
						rec = append(rec, "", "")
					} else {
						rec = append(rec, f(r.Low), f(r.High))
					}
				}
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
