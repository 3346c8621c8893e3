package forecast

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/tree"
	"go.yaml.in/yaml/v3"
)

// ReadYAML reads the YAML form, meant to be written by hand:
//
//	name: EU car emissions           # optional: default the file name
//	issues:
//	  - name: emission_year
//	    min: 4                       # optional: default the lowest position
//	    max: 10                      # optional: default the highest position
//	    low: "4 years"               # optional labels of the ends
//	    high: "10 years"
//	    anchors:                     # optional labelled points
//	      - {position: 7, label: "compromise"}
//	actors:
//	  - name: Netherlands
//	    description: optional text
//	    capability: 0.08             # default for the actor's stances
//	    risk: 1.2                    # optional, model-specific
//	    stances:                     # one per issue, by issue name
//	      emission_year: {position: 4, salience: 0.8}
//
// A stance may give its own capability, which overrides the actor's.
// Any position, salience or capability, and an actor's capability or
// risk, may be given as a range instead of a number (Model.Uncertain):
// {value: 40, range: [30, 50]}, where value is optional and defaults to
// the midpoint, and low <= value <= high.
// Problems are reported as an entente.ErrorList, located by line and
// column, with field paths such as actors[1].stances.emission_year.salience.
// Lists longer than the limits on actors and issues are refused before
// they are read.
func (rd Reader) ReadYAML(name string, data []byte) (*Model, error) {
	d := &yamlDecoder{Reader: tree.Reader{File: name}, lim: rd.Limits.Defaults()}
	root := d.parse(data)
	if root == nil {
		return nil, d.Errs.List()
	}
	if sub, isScenario := forecastSection(root); isScenario {
		// An entente scenario file keeps its forecasting model in a
		// top-level forecast section, in the same form.
		if sub == nil {
			d.Errorf(root, "forecast", "this scenario file has no forecast section; add one (issues and actors, as in a forecast file) or name a forecast file")
			return nil, d.Errs.List()
		}
		root = sub
	}
	m := &Model{src: &source{file: name, at: map[string]place{}}}
	d.m = m
	top := d.fields(root, "", "a mapping with name, issues and actors", []string{"name", "issues", "actors"})
	if top == nil {
		return nil, d.Errs.List()
	}
	if n := top["name"]; n != nil {
		m.Name = d.text(n, "name")
	}
	var set [][2]bool
	if n := top["issues"]; n == nil {
		d.Errorf(root, "issues", "missing; expected a list of issues, each with a name")
	} else {
		set = d.issues(n)
	}
	if n := top["actors"]; n == nil {
		d.Errorf(root, "actors", "missing; expected a list of actors, each with a name and stances")
	} else {
		d.actors(n)
	}
	if d.Errs.Len() > 0 {
		return nil, d.Errs.List()
	}
	if m.Name == "" {
		m.Name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	m.defaultScales(set)
	if errs := m.Validate(); len(errs) > 0 {
		return nil, tree.Cap(errs)
	}
	return m, nil
}

// InScenario reports whether data is an entente scenario file with a
// forecast section, which ReadYAML then reads.
func InScenario(data []byte) bool {
	root, err := tree.Parse("", data, tree.Options{})
	if err != nil {
		return false
	}
	sec, ok := forecastSection(root)
	return ok && sec != nil
}

// forecastSection reports whether root is an entente scenario (a mapping
// with an "entente" key) and returns its "forecast" value, if any.
func forecastSection(root *yaml.Node) (section *yaml.Node, isScenario bool) {
	if root.Kind != yaml.MappingNode {
		return nil, false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "entente":
			isScenario = true
		case "forecast":
			section = root.Content[i+1]
		}
	}
	return section, isScenario
}

// yamlDecoder reads the YAML form, recording every problem in its Reader.
type yamlDecoder struct {
	tree.Reader
	lim entente.Limits
	m   *Model
}

// parse reads the file (YAML, or JSON, which the YAML form may be written
// in) and refuses aliases.
func (d *yamlDecoder) parse(data []byte) *yaml.Node {
	root, err := tree.Parse(d.File, data, tree.Options{Nodes: d.lim.Nodes, Expected: "a mapping with issues and actors"})
	if err != nil {
		d.Errs.Add(err)
		return nil
	}
	if !d.RejectAliases(root) {
		return nil
	}
	if a := anchor(root); a != nil {
		d.Errorf(a, "", "YAML aliases and anchors (&%s) are not supported here; write the value out in full", a.Anchor)
		return nil
	}
	return root
}

// anchor returns the first node with an anchor (&name), which a forecast
// file has no use for.
func anchor(n *yaml.Node) *yaml.Node {
	if n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := anchor(c); a != nil {
			return a
		}
	}
	return nil
}

// fields reads a mapping with known keys (see tree.Reader.Fields),
// returning the values by key.
func (d *yamlDecoder) fields(n *yaml.Node, field, want string, known []string) map[string]*yaml.Node {
	f := d.Fields(n, field, want, known)
	if f == nil {
		return nil
	}
	out := make(map[string]*yaml.Node, len(f))
	for k, e := range f {
		out[k] = e.Val
	}
	return out
}

func (d *yamlDecoder) number(n *yaml.Node, field string) float64 {
	v, _ := d.Number(n, field)
	return v
}

// uncertain reads a number, or a range {value: v, range: [low, high]}
// (value optional: the midpoint), returning the value and the range (nil
// for a plain number).
func (d *yamlDecoder) uncertain(n *yaml.Node, field string) (float64, *Range) {
	if n.Kind != yaml.MappingNode {
		return d.number(n, field), nil
	}
	f := d.fields(n, field, "a number or {value, range: [low, high]}", []string{"value", "range"})
	if f == nil {
		return 0, nil
	}
	rn := f["range"]
	if rn == nil {
		d.Errorf(n, field+".range", "missing; expected the range [low, high] (or write the value as a plain number)")
		return 0, nil
	}
	ends := d.list(rn, field+".range", "a list [low, high]")
	if rn.Kind != yaml.SequenceNode {
		return 0, nil
	}
	if len(ends) != 2 {
		d.Errorf(rn, field+".range", "%d numbers; expected two, [low, high]", len(ends))
		return 0, nil
	}
	r := &Range{d.number(ends[0], field+".range[0]"), d.number(ends[1], field+".range[1]")}
	if r.Low > r.High {
		d.Errorf(rn, field+".range", "the low end %v is above the high end %v; expected [low, high] with low <= high", r.Low, r.High)
		return 0, nil
	}
	v := r.Low + (r.High-r.Low)/2
	if vn := f["value"]; vn != nil {
		v = d.number(vn, field+".value")
	}
	return v, r
}

// text reads trimmed text; null counts as none.
func (d *yamlDecoder) text(n *yaml.Node, field string) string {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return ""
	}
	t, _ := d.Text(n, field, "text")
	return strings.TrimSpace(t)
}

func (d *yamlDecoder) list(n *yaml.Node, field, want string) []*yaml.Node {
	l, _ := d.List(n, field, want)
	return l
}

func (d *yamlDecoder) mark(path string, n *yaml.Node, field string) {
	d.m.src.mark(path, n.Line, n.Column, field)
}

// issues reads the issue list and returns which scale ends were given.
func (d *yamlDecoder) issues(n *yaml.Node) [][2]bool {
	var set [][2]bool
	if len(n.Content) > d.lim.Issues && n.Kind == yaml.SequenceNode {
		d.Errs.Add(entente.TooMany(d.File, n.Line, n.Column, "issues", len(n.Content), d.lim.Issues, "issues", "--max-issues"))
		return nil
	}
	for k, in := range d.list(n, "issues", "a list of issues, each with a name") {
		field := fmt.Sprintf("issues[%d]", k)
		f := d.fields(in, field, "an issue: a mapping with name and optionally min, max, low, high, anchors", []string{"name", "min", "max", "low", "high", "anchors"})
		if f == nil {
			continue
		}
		is := Issue{}
		var given [2]bool
		d.mark(field, in, field)
		if v := f["name"]; v == nil {
			d.Errorf(in, field+".name", "missing; expected the issue's name")
		} else {
			is.Name = d.text(v, field+".name")
			d.mark(field+".name", v, field+".name")
		}
		if v := f["min"]; v != nil {
			is.Min, given[0] = d.number(v, field+".min"), true
			d.mark(field+".min", v, field+".min")
		}
		if v := f["max"]; v != nil {
			is.Max, given[1] = d.number(v, field+".max"), true
			d.mark(field+".max", v, field+".max")
		}
		if v := f["low"]; v != nil {
			is.Low = d.text(v, field+".low")
		}
		if v := f["high"]; v != nil {
			is.High = d.text(v, field+".high")
		}
		if v := f["anchors"]; v != nil {
			for a, an := range d.list(v, field+".anchors", "a list of {position, label}") {
				af := fmt.Sprintf("%s.anchors[%d]", field, a)
				g := d.fields(an, af, "an anchor: a mapping with position and label", []string{"position", "label"})
				if g == nil {
					continue
				}
				var x Anchor
				if p := g["position"]; p == nil {
					d.Errorf(an, af+".position", "missing; expected the anchor's position on the scale")
				} else {
					x.Position = d.number(p, af+".position")
					d.mark(af+".position", p, af+".position")
				}
				if l := g["label"]; l != nil {
					x.Label = d.text(l, af+".label")
				}
				is.Anchors = append(is.Anchors, x)
			}
		}
		d.m.Issues = append(d.m.Issues, is)
		set = append(set, given)
	}
	return set
}

func (d *yamlDecoder) actors(n *yaml.Node) {
	m := d.m
	if len(n.Content) > d.lim.Actors && n.Kind == yaml.SequenceNode {
		d.Errs.Add(entente.TooMany(d.File, n.Line, n.Column, "actors", len(n.Content), d.lim.Actors, "actors", "--max-actors"))
		return
	}
	for i, an := range d.list(n, "actors", "a list of actors, each with a name and stances") {
		field := fmt.Sprintf("actors[%d]", i)
		f := d.fields(an, field, "an actor: a mapping with name, stances and optionally description, capability, risk", []string{"name", "description", "capability", "risk", "stances"})
		if f == nil {
			continue
		}
		a := Actor{}
		d.mark(field, an, field)
		if v := f["name"]; v == nil {
			d.Errorf(an, field+".name", "missing; expected the actor's name")
		} else {
			a.Name = d.text(v, field+".name")
			d.mark(field+".name", v, field+".name")
		}
		if v := f["description"]; v != nil {
			a.Description = d.text(v, field+".description")
		}
		var riskRange *Range
		if v := f["risk"]; v != nil {
			r, rr := d.uncertain(v, field+".risk")
			a.Risk, riskRange = &r, rr
			d.mark(field+".risk", v, field+".risk")
		}
		capNode := f["capability"]
		var capability float64
		var capRange *Range
		if capNode != nil {
			capability, capRange = d.uncertain(capNode, field+".capability")
		}
		var ranges []StanceRange // nil until a range is given
		setRange := func(k, j int, r *Range) {
			if r == nil {
				return
			}
			if ranges == nil {
				ranges = make([]StanceRange, len(m.Issues))
			}
			switch j {
			case 0:
				ranges[k].Position = r
			case 1:
				ranges[k].Salience = r
			default:
				ranges[k].Capability = r
			}
		}
		row := make([]Stance, len(m.Issues))
		idx := len(m.Actors)
		st := f["stances"]
		if st == nil {
			d.Errorf(an, field+".stances", "missing; expected a mapping from each issue's name to {position, salience, capability}")
		} else if st.Kind != yaml.MappingNode {
			d.Errorf(st, field+".stances", "expected a mapping from each issue's name to {position, salience, capability}, got %s", tree.Describe(st))
		} else {
			given := make([]bool, len(m.Issues))
			for j := 0; j+1 < len(st.Content); j += 2 {
				kn, v := st.Content[j], st.Content[j+1]
				sf := field + ".stances." + kn.Value
				k := -1
				if kn.Kind == yaml.ScalarNode {
					k = m.IssueIndex(strings.TrimSpace(kn.Value))
				}
				switch {
				case k < 0:
					d.Errorf(kn, sf, "no issue %q; expected one of the issues: %s", kn.Value, issueNames(m))
					continue
				case given[k]:
					d.Errorf(kn, sf, "a second stance on issue %q; expected one per issue", kn.Value)
					continue
				}
				given[k] = true
				g := d.fields(v, sf, "a stance: a mapping with position, salience and capability", []string{"position", "salience", "capability"})
				if g == nil {
					continue
				}
				path := fmt.Sprintf("actors[%d].stances[%d]", idx, k)
				d.mark(path, v, sf)
				var s Stance
				for j, key := range []string{"position", "salience", "capability"} {
					x := g[key]
					if x == nil {
						if key == "capability" && capNode != nil {
							s.Capability = capability
							setRange(k, j, capRange)
							d.mark(path+".capability", capNode, field+".capability")
							continue
						}
						hint := ""
						if key == "capability" {
							hint = " (or give the actor a capability for all issues)"
						}
						d.Errorf(v, sf+"."+key, "missing; expected the actor's %s on the issue%s", key, hint)
						continue
					}
					val, r := d.uncertain(x, sf+"."+key)
					setRange(k, j, r)
					d.mark(path+"."+key, x, sf+"."+key)
					switch key {
					case "position":
						s.Position = val
					case "salience":
						s.Salience = val
					default:
						s.Capability = val
					}
				}
				row[k] = s
			}
			for k, ok := range given {
				if !ok {
					d.Errorf(st, field+".stances", "no stance on issue %q; expected one per issue", m.Issues[k].Name)
				}
			}
		}
		m.Actors = append(m.Actors, a)
		m.Stances = append(m.Stances, row)
		if ranges != nil || riskRange != nil || m.Uncertain != nil {
			u := m.Uncertain
			if u == nil {
				u = &Uncertain{Stances: make([][]StanceRange, idx), Risk: make([]*Range, idx)}
				for i := range u.Stances {
					u.Stances[i] = make([]StanceRange, len(m.Issues))
				}
				m.Uncertain = u
			}
			if ranges == nil {
				ranges = make([]StanceRange, len(m.Issues))
			}
			u.Stances = append(u.Stances, ranges)
			u.Risk = append(u.Risk, riskRange)
		}
	}
}

func issueNames(m *Model) string {
	names := make([]string, len(m.Issues))
	for i := range m.Issues {
		names[i] = strconv.Quote(m.Issues[i].Name)
	}
	return strings.Join(names, ", ")
}
