package forecast

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/xmltree"
)

// KTAB's scenario formats, as documented by the public KTAB repository
// (KAPSARC's Toolkit for Behavioral Analysis: examples/smp/doc/*.csv, the
// XML schema examples/smp/doc/smpSchema.xsd and the readers in
// examples/smp/libsrc/smpread.cpp). Positions and saliences are on 0..100;
// an actor's saliences sum to at most 100 (KTAB divides both by 100).

// KTABScale is the fixed scale of every KTAB dimension.
var KTABScale = [2]float64{0, 100}

// KTABSettings is what a KTAB scenario file carries besides the actors'
// stances. Model.KTAB holds it for a model read from a KTAB file.
type KTABSettings struct {
	// Description is the scenario's description (the CSV title row's
	// second field, or the XML desc element).
	Description string
	// Seed is the scenario's random seed (XML prngSeed); HasSeed is false
	// when the file gives none (the CSV layout never does).
	Seed    uint64
	HasSeed bool
	// Parameters are SMP's model parameters by KTAB's names, for example
	// "VotingRule": "Proportional" (XML ModelParameters); nil when the
	// file gives none, which means KTAB's defaults. Package smp turns
	// them into its Params.
	Parameters map[string]string
	// Accommodation is the ideal-adjustment matrix, [actor][actor] (XML
	// IdealAdjustment); nil for KTAB's default, the identity.
	Accommodation [][]float64
}

// IsKTABCSV reports whether data looks like KTAB's CSV layout: a title
// row, then a header row whose first field is "Actor". Entente's own CSV
// form starts with its header instead.
func IsKTABCSV(data []byte) bool {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	title, err1 := r.Read()
	header, err2 := r.Read()
	if err1 != nil || err2 != nil || len(title) < 4 || len(header) < 5 {
		return false
	}
	return !strings.EqualFold(strings.TrimSpace(title[0]), "actor") && strings.EqualFold(strings.TrimSpace(header[0]), "actor")
}

// IsKTABXML reports whether data is an XML document whose root element is
// KTAB's Scenario.
func IsKTABXML(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "Scenario"
		}
	}
}

// ReadKTAB reads KTAB's CSV scenario layout:
//
//	NAME,DESCRIPTION,ACTORS,DIMENSIONS,
//	Actor,Description,Influence,<Dim> Position,<Dim> Salience,...
//	XJ,Xi Jinping,100,30,24,20,48,
//
// one row per actor after the title and header rows, with a position and
// a salience per dimension. Each dimension becomes an issue named after
// its position column, on KTAB's scale 0..100 (KTABScale); saliences and
// the influence (the capability) are kept as written. As KTAB requires,
// positions and saliences lie in 0..100, an actor's saliences sum to at
// most 100 and influences are not negative. Fields may be padded with
// spaces and rows may end with an empty field. Problems are reported as an
// entente.ErrorList, located by line and column.
func ReadKTAB(name string, data []byte) (*Model, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var errs entente.ErrorList
	fail := func(line, col int, field, format string, args ...any) {
		errs.Add(entente.Errorf(entente.EInvalid, name, line, col, field, format, args...))
	}
	last := 0 // the line of the last record read
	read := func(what string) ([]string, bool) {
		rec, err := r.Read()
		switch {
		case errors.Is(err, io.EOF):
			fail(last+1, 1, "", "the file ends early; expected %s", what)
			return nil, false
		case err != nil:
			l, c := csvErrPos(err)
			fail(l, c, "", "malformed CSV: %v", csvErrMsg(err))
			return nil, false
		}
		last, _ = r.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		return rec, true
	}
	const titleWant = "the title row: scenario name, description, number of actors, number of dimensions"
	title, ok := read(titleWant)
	if !ok {
		return nil, errs
	}
	if len(title) < 4 {
		fail(1, 1, "", "%d fields; expected %s", len(title), titleWant)
		return nil, errs
	}
	count := func(i int, what string) int {
		n, err := strconv.Atoi(title[i])
		if err != nil || n < 1 {
			_, c := r.FieldPos(i)
			fail(1, c, what, "%q; expected the number of %s, a whole number >= 1", title[i], what)
			return 0
		}
		return n
	}
	nActors, nDims := count(2, "actors"), count(3, "dimensions")
	if len(errs) > 0 {
		return nil, errs
	}
	m := &Model{Name: title[0], KTAB: &KTABSettings{Description: title[1]}, src: &source{file: name, at: map[string]place{}}}
	header, ok := read("the header row: Actor, Description, Influence, then a position and a salience column per dimension")
	if !ok {
		return nil, errs
	}
	hline, _ := r.FieldPos(0)
	if want := 3 + 2*nDims; len(header) < want || !strings.EqualFold(header[0], "actor") {
		fail(hline, 1, "", "the header has %d fields; expected Actor, Description, Influence and a position and a salience column for each of the %d dimensions the title row declares (%d fields)", len(header), nDims, want)
		return nil, errs
	}
	for d := range nDims {
		is := Issue{Name: header[3+2*d], Min: KTABScale[0], Max: KTABScale[1]}
		if is.Name == "" {
			is.Name = fmt.Sprintf("Dim%d Position", d)
		}
		_, c := r.FieldPos(3 + 2*d)
		if m.IssueIndex(is.Name) >= 0 {
			fail(hline, c, "", "a second dimension named %q; expected a different name for each dimension", is.Name)
		}
		path := fmt.Sprintf("issues[%d]", d)
		m.src.mark(path, hline, c, is.Name)
		m.src.mark(path+".min", hline, c, is.Name)
		m.src.mark(path+".max", hline, c, is.Name)
		m.Issues = append(m.Issues, is)
	}
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
		line, _ := r.FieldPos(0)
		last = line
		if blank(rec) {
			continue
		}
		a := len(m.Actors)
		if a == nActors {
			fail(line, 1, "", "a row after the %d actors the title row declares; expected no more rows, or a larger count in the title row", nActors)
			break
		}
		if len(rec) < 3+2*nDims || (len(rec) > 3+2*nDims && !blank(rec[3+2*nDims:])) {
			_, c := r.FieldPos(len(rec) - 1)
			fail(line, c, "", "%d fields; expected name, description, influence and a position and a salience for each of the %d dimensions (%d fields)", len(rec), nDims, 3+2*nDims)
			continue
		}
		path := fmt.Sprintf("actors[%d]", a)
		actor := Actor{Name: strings.TrimSpace(rec[0]), Description: strings.TrimSpace(rec[1])}
		m.src.mark(path, line, 1, "actor")
		m.src.mark(path+".name", line, 1, "actor")
		num := func(i int, field, what string) float64 {
			text := strings.TrimSpace(rec[i])
			_, c := r.FieldPos(i)
			v, err := strconv.ParseFloat(text, 64)
			if err != nil || !finite(v) {
				fail(line, c, field, "%q is not a finite number; expected the actor's %s", text, what)
				return 0
			}
			return v
		}
		capa := num(2, "influence", "influence (capability), a number >= 0")
		if _, c := r.FieldPos(2); capa < 0 {
			fail(line, c, "influence", "%v; expected an influence (capability) >= 0", capa)
		}
		stances := make([]Stance, nDims)
		total := 0.0
		for d := range nDims {
			is := m.Issues[d].Name
			pos := num(3+2*d, is, "position on "+is+", from 0 to 100")
			sal := num(4+2*d, salienceColumn(is), "salience on "+is+", from 0 to 100")
			_, pc := r.FieldPos(3 + 2*d)
			_, sc := r.FieldPos(4 + 2*d)
			if pos < KTABScale[0] || pos > KTABScale[1] {
				fail(line, pc, is, "%v is outside KTAB's scale; expected a position from 0 to 100", pos)
			}
			if sal < 0 || sal > 100 {
				fail(line, sc, salienceColumn(is), "%v; expected a salience from 0 to 100", sal)
			}
			total += sal
			stances[d] = Stance{Position: pos, Salience: sal, Capability: capa}
			sp := fmt.Sprintf("%s.stances[%d]", path, d)
			m.src.mark(sp+".position", line, pc, is)
			m.src.mark(sp+".salience", line, sc, salienceColumn(is))
			_, cc := r.FieldPos(2)
			m.src.mark(sp+".capability", line, cc, "influence")
		}
		if total > 100+1e-9 {
			_, c := r.FieldPos(4)
			fail(line, c, "", "actor %q: saliences sum to %v; expected at most 100 (an actor's whole attention)", actor.Name, total)
		}
		m.Actors = append(m.Actors, actor)
		m.Stances = append(m.Stances, stances)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(m.Actors) < nActors {
		fail(last, 1, "", "%d actor rows; the title row declares %d", len(m.Actors), nActors)
		return nil, errs
	}
	if errs := m.Validate(); len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

// salienceColumn names the salience column of the dimension whose
// position column is pos ("Policy Position" -> "Policy Salience").
func salienceColumn(pos string) string {
	if base, ok := strings.CutSuffix(pos, " Position"); ok {
		return base + " Salience"
	}
	return pos + " Salience"
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// WriteKTAB writes m in KTAB's CSV layout (see ReadKTAB), so that KTAB can
// run it: the title row (the model's name, the KTAB description if any,
// the counts), the header, and a row per actor. Each issue is one
// dimension, its position column named after the issue and its salience
// column after the issue with "Salience" for a final "Position". Positions
// are mapped linearly from the issue's scale (Min..Max) to KTAB's 0..100;
// saliences are written in percent of an actor's attention: as they are
// for a model read from KTAB (m.KTAB set) or when some actor's saliences
// sum to more than 1, times 100 when all are on 0..1. An actor's influence is its capability, which KTAB keeps per actor:
// WriteKTAB fails when an actor's capability differs between issues, or
// when a salience sum exceeds 100, or a range (Model.Uncertain) is set.
func WriteKTAB(w io.Writer, m *Model) error {
	if m == nil || len(m.Actors) == 0 || len(m.Issues) == 0 {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "", "no actors or no issues; KTAB needs both")
	}
	if m.Uncertain != nil {
		return entente.Errorf(entente.EUnsupported, "", 0, 0, "", "the model has ranges (uncertain inputs); KTAB's CSV layout holds point values only")
	}
	salScale := 100.0
	if m.KTAB != nil {
		salScale = 1 // read from KTAB: already in percent
	}
	for a := range m.Actors {
		total := 0.0
		for k := range m.Issues {
			total += m.Stances[a][k].Salience
		}
		if total > 1+1e-9 {
			salScale = 1
		}
	}
	cw := csv.NewWriter(w)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	desc := ""
	if m.KTAB != nil {
		desc = m.KTAB.Description
	}
	if err := cw.Write([]string{m.Name, desc, strconv.Itoa(len(m.Actors)), strconv.Itoa(len(m.Issues))}); err != nil {
		return err
	}
	head := []string{"Actor", "Description", "Influence"}
	for _, is := range m.Issues {
		head = append(head, is.Name, salienceColumn(is.Name))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for a, act := range m.Actors {
		capa := m.Stances[a][0].Capability
		row := []string{act.Name, act.Description, f(capa)}
		total := 0.0
		for k, is := range m.Issues {
			s := m.Stances[a][k]
			if s.Capability != capa {
				return entente.Errorf(entente.EUnsupported, "", 0, 0, fmt.Sprintf("actors[%d].stances[%d].capability", a, k),
					"actor %q has capability %v on issue %q but %v on %q; KTAB keeps one influence per actor", act.Name, s.Capability, is.Name, capa, m.Issues[0].Name)
			}
			pos := s.Position
			if is.Max > is.Min && (is.Min != KTABScale[0] || is.Max != KTABScale[1]) {
				pos = KTABScale[0] + (s.Position-is.Min)/(is.Max-is.Min)*(KTABScale[1]-KTABScale[0])
			}
			sal := s.Salience * salScale
			total += sal
			row = append(row, f(round12(pos)), f(round12(sal)))
		}
		if total > 100+1e-9 {
			return entente.Errorf(entente.EInvalid, "", 0, 0, fmt.Sprintf("actors[%d]", a),
				"actor %q: saliences sum to %v in percent; KTAB needs at most 100", act.Name, total)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// round12 drops the last digits' noise of a rescaling (0.1*100 =
// 10.000000000000002), which KTAB's files never carry.
func round12(x float64) float64 {
	if x == 0 || !finite(x) {
		return x
	}
	p := math.Pow(10, 12-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

// xmlNode is an element of KTAB's XML file.
type xmlNode = xmltree.Node

// ReadKTABXML reads KTAB's XML scenario format (root element Scenario: name,
// desc, prngSeed, optional ModelParameters, Dimensions with a dName per
// dimension, Actors with an Actor per actor (name, description, capability,
// Position with a dCoord per dimension, Salience with a dSal per
// dimension), and an optional IdealAdjustment of iaPair elements
// (adjustingIdeal, referencePos, adjust)). Scales and checks are those of
// ReadKTAB; the seed, the model parameters and the ideal-adjustment matrix
// go to Model.KTAB.
func ReadKTABXML(name string, data []byte) (*Model, error) {
	doc, perr := xmltree.Parse(name, data, xmltree.Options{Text: true, Expected: "KTAB's XML scenario"})
	if perr != nil {
		return nil, entente.ErrorList{perr}
	}
	var errs entente.ErrorList
	fail := func(n *xmlNode, field, format string, args ...any) {
		errs.Add(doc.At(entente.EInvalid, n, field, format, args...))
	}
	root := doc.Root
	if root.Name != "Scenario" {
		fail(root, "", "root element %s; expected KTAB's Scenario", root.Name)
		return nil, errs
	}
	text := func(n *xmlNode) string { return strings.TrimSpace(n.Text) }
	need := func(p *xmlNode, child, what string) *xmlNode {
		c := p.Child(child)
		if c == nil {
			fail(p, child, "missing; expected %s", what)
		}
		return c
	}
	number := func(n *xmlNode, field, what string) float64 {
		v, err := strconv.ParseFloat(text(n), 64)
		if err != nil || !finite(v) {
			fail(n, field, "%q is not a finite number; expected %s", text(n), what)
			return 0
		}
		return v
	}
	m := &Model{KTAB: &KTABSettings{}, src: &source{file: name, at: map[string]place{}}}
	markAt := func(path string, n *xmlNode, field string) {
		line, col := doc.Pos(n.Off)
		m.src.mark(path, line, col, field)
	}
	if n := need(root, "name", "the scenario's name"); n != nil {
		m.Name = text(n)
	}
	if n := root.Child("desc"); n != nil {
		m.KTAB.Description = text(n)
	}
	if n := root.Child("prngSeed"); n != nil && text(n) != "" {
		s, err := strconv.ParseUint(text(n), 10, 64)
		if err != nil {
			fail(n, "prngSeed", "%q; expected a whole number from 0 to %d", text(n), uint64(math.MaxUint64))
		}
		m.KTAB.Seed, m.KTAB.HasSeed = s, err == nil
	}
	if mp := root.Child("ModelParameters"); mp != nil {
		m.KTAB.Parameters = map[string]string{}
		for _, p := range mp.Kids {
			if _, dup := m.KTAB.Parameters[p.Name]; dup {
				fail(p, "ModelParameters."+p.Name, "given twice; expected each parameter once")
			}
			m.KTAB.Parameters[p.Name] = text(p)
			markAt("ModelParameters."+p.Name, p, "ModelParameters."+p.Name)
		}
	}
	if dims := need(root, "Dimensions", "a Dimensions element with a dName per dimension"); dims != nil {
		for d, dn := range dims.Children("dName") {
			is := Issue{Name: text(dn), Min: KTABScale[0], Max: KTABScale[1]}
			if is.Name == "" {
				fail(dn, "dName", "empty; expected the dimension's name")
			}
			path := fmt.Sprintf("issues[%d]", d)
			for _, p := range []string{path, path + ".name", path + ".min", path + ".max"} {
				markAt(p, dn, "dName")
			}
			m.Issues = append(m.Issues, is)
		}
		if len(m.Issues) == 0 {
			fail(dims, "Dimensions", "no dName; expected one per dimension")
		}
	}
	actors := need(root, "Actors", "an Actors element with an Actor per actor")
	if len(errs) > 0 || actors == nil {
		return nil, errs
	}
	nd := len(m.Issues)
	for a, an := range actors.Children("Actor") {
		path := fmt.Sprintf("actors[%d]", a)
		markAt(path, an, "Actor")
		actor := Actor{}
		if n := need(an, "name", "the actor's name"); n != nil {
			actor.Name = text(n)
			markAt(path+".name", n, "name")
		}
		if n := an.Child("description"); n != nil {
			actor.Description = text(n)
		}
		capa := 0.0
		capNode := need(an, "capability", "the actor's capability (influence)")
		if capNode != nil {
			capa = number(capNode, "capability", "the actor's capability, a number >= 0")
			if capa < 0 {
				fail(capNode, "capability", "%v; expected a capability >= 0", capa)
			}
		}
		stances := make([]Stance, nd)
		vec := func(parent, item string, set func(d int, v float64, n *xmlNode)) {
			p := need(an, parent, fmt.Sprintf("a %s element with a %s per dimension", parent, item))
			if p == nil {
				return
			}
			items := p.Children(item)
			if len(items) != nd {
				fail(p, parent, "%d %s elements; expected one per dimension (%d)", len(items), item, nd)
				return
			}
			for d, n := range items {
				set(d, number(n, parent+"."+item, fmt.Sprintf("the actor's %s on %s", strings.ToLower(parent), m.Issues[d].Name)), n)
			}
		}
		vec("Position", "dCoord", func(d int, v float64, n *xmlNode) {
			if v < KTABScale[0] || v > KTABScale[1] {
				fail(n, "Position.dCoord", "%v is outside KTAB's scale; expected a position from 0 to 100", v)
			}
			stances[d].Position = v
			markAt(fmt.Sprintf("%s.stances[%d].position", path, d), n, "dCoord")
		})
		total := 0.0
		vec("Salience", "dSal", func(d int, v float64, n *xmlNode) {
			if v < 0 || v > 100 {
				fail(n, "Salience.dSal", "%v; expected a salience from 0 to 100", v)
			}
			total += v
			stances[d].Salience = v
			markAt(fmt.Sprintf("%s.stances[%d].salience", path, d), n, "dSal")
		})
		if total > 100+1e-9 {
			fail(an, "Salience", "actor %q: saliences sum to %v; expected at most 100 (an actor's whole attention)", actor.Name, total)
		}
		for d := range stances {
			stances[d].Capability = capa
			if capNode != nil {
				markAt(fmt.Sprintf("%s.stances[%d].capability", path, d), capNode, "capability")
			}
		}
		m.Actors = append(m.Actors, actor)
		m.Stances = append(m.Stances, stances)
	}
	if len(m.Actors) == 0 {
		fail(actors, "Actors", "no Actor; expected one per actor")
	}
	if ia := root.Child("IdealAdjustment"); ia != nil && len(errs) == 0 {
		n := len(m.Actors)
		acc := make([][]float64, n)
		for i := range acc {
			acc[i] = make([]float64, n)
			acc[i][i] = 1
		}
		for _, p := range ia.Children("iaPair") {
			idx := func(child string) int {
				c := need(p, child, "an actor's name")
				if c == nil {
					return -1
				}
				i := m.ActorIndex(text(c))
				if i < 0 {
					fail(c, "iaPair."+child, "no actor named %q", text(c))
				}
				return i
			}
			i, j := idx("adjustingIdeal"), idx("referencePos")
			adj := need(p, "adjust", "the adjustment, a number from 0 to 1")
			if i < 0 || j < 0 || adj == nil {
				continue
			}
			acc[i][j] = number(adj, "iaPair.adjust", "the adjustment, a number from 0 to 1")
		}
		m.KTAB.Accommodation = acc
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if errs := m.Validate(); len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

// ktabReader returns the reader of the KTAB format data is in, or nil.
func ktabReader(data []byte) func(string, []byte) (*Model, error) {
	switch {
	case IsKTABXML(data):
		return ReadKTABXML
	case IsKTABCSV(data):
		return ReadKTAB
	}
	return nil
}
