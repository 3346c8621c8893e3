package native

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entente/entente"
	"go.yaml.in/yaml/v3"
)

// Format is a syntax Encode can write.
type Format uint8

const (
	// YAML is the native format as YAML, with a header comment.
	YAML Format = iota
	// JSON is the same structure as JSON.
	JSON
)

// String returns "yaml" or "json".
func (f Format) String() string {
	if f == JSON {
		return "json"
	}
	return "yaml"
}

// Encode writes a valid scenario in the native format: issues first, then
// parties (preferences always inline), then rules. Weights are written as a
// mapping by issue name in issue order; numbers in their shortest form that
// reads back to the same bits (strconv.FormatFloat with precision -1); option
// names quoted whenever YAML would otherwise read them as something else
// (numbers, booleans, text with trailing spaces, quotes or commas). The
// normalization shared by most parties is written once at the top, and
// parties that differ say so. A party's Reservation is not written when it
// has a ReservationOutcome (which takes its place). Guarantors come before
// the issues and constituencies after the parties; a number annotated by a
// Param is written as {value, range, dist, sd, confidence, source, note},
// with the number the model holds as value.
//
// Encode fails when the scenario does not validate, or holds what the
// format cannot express: numbers that are not finite, text that is not
// valid UTF-8, two conditions on one issue in a box, empty or repeated
// options in a condition, issues named in a unanimity rule.
func Encode(s *entente.Scenario, f Format) ([]byte, error) {
	if errs := s.Validate(); len(errs) > 0 {
		return nil, errs
	}
	b := &builder{s: s, params: make(map[entente.Ref]*entente.Param, len(s.Params))}
	for k := range s.Params {
		b.params[s.Params[k].Ref] = &s.Params[k]
	}
	root := b.scenario()
	if b.err != nil {
		return nil, b.err
	}
	if f == JSON {
		var out bytes.Buffer
		writeJSON(&out, root, "", false)
		out.WriteByte('\n')
		return out.Bytes(), nil
	}
	return writeYAML(root, b.header())
}

// tkind is the kind of a node of the output tree.
type tkind uint8

const (
	tMap tkind = iota
	tSeq
	tStr
	tNum
	tBool
)

// tnode is the output tree, written out as YAML or JSON.
type tnode struct {
	kind  tkind
	keys  []tnode // tMap: keys (tStr, or tNum for integer tables)
	items []*tnode
	text  string
	// block forces one entry per line.
	block bool
}

func (n *tnode) add(key string, v *tnode) *tnode {
	n.keys = append(n.keys, tnode{kind: tStr, text: key})
	n.items = append(n.items, v)
	return n
}

func mapping(block bool) *tnode { return &tnode{kind: tMap, block: block} }
func sequence(block bool) *tnode {
	return &tnode{kind: tSeq, block: block}
}
func str(s string) *tnode { return &tnode{kind: tStr, text: s} }

// builder turns a scenario into a tree, remembering the first problem.
type builder struct {
	s    *entente.Scenario
	err  error
	norm entente.Normalization
	// params finds the annotation of a number.
	params map[entente.Ref]*entente.Param
}

func (b *builder) fail(field, format string, args ...any) {
	if b.err == nil {
		b.err = entente.Errorf(entente.EUnsupported, "", 0, 0, field, format, args...)
	}
}

// num writes a number in its shortest exact form.
func (b *builder) num(field string, v float64) *tnode {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		b.fail(field, "cannot write %v; the format holds finite numbers only", v)
	}
	return &tnode{kind: tNum, text: entente.FormatNumber(v)}
}

// text writes a string, which must be valid UTF-8.
func (b *builder) text(field, s string) *tnode {
	if !utf8.ValidString(s) {
		b.fail(field, "text %q is not valid UTF-8; the format holds Unicode text only", s)
	}
	return str(s)
}

// zero reports positive zero: the value a field left out reads back as.
func zero(v float64) bool { return math.Float64bits(v) == 0 }

func (b *builder) scenario() *tnode {
	s := b.s
	b.norm = b.defaultNormalization()
	root := mapping(true)
	root.add("entente", &tnode{kind: tNum, text: strconv.Itoa(Version)})
	if s.Name != "" {
		root.add("name", b.text("name", s.Name))
	}
	if s.Description != "" {
		root.add("description", b.text("description", s.Description))
	}
	root.add("normalization", str(b.norm.String()))
	if len(s.Guarantors) > 0 {
		gs := sequence(true)
		for g := range s.Guarantors {
			gs.items = append(gs.items, b.guarantor(g))
		}
		root.add("guarantors", gs)
	}
	issues := sequence(true)
	for i := range s.Issues {
		issues.items = append(issues.items, b.issue(i))
	}
	root.add("issues", issues)
	parties := sequence(true)
	for p := range s.Parties {
		parties.items = append(parties.items, b.party(p))
	}
	root.add("parties", parties)
	if len(s.Constituencies) > 0 {
		cs := sequence(true)
		for c := range s.Constituencies {
			cs.items = append(cs.items, b.constituency(c))
		}
		root.add("constituencies", cs)
	}
	if len(s.Rules) > 0 {
		rules := sequence(true)
		for r := range s.Rules {
			rules.items = append(rules.items, b.rule(r))
		}
		root.add("rules", rules)
	}
	if len(s.Limits) > 0 {
		ls := sequence(true)
		for k, l := range s.Limits {
			ls.items = append(ls.items, b.text(fmt.Sprintf("limits[%d]", k), l))
		}
		root.add("limits", ls)
	}
	return root
}

// defaultNormalization is the convention most parties use (the first
// party's on a tie).
func (b *builder) defaultNormalization() entente.Normalization {
	count := map[entente.Normalization]int{}
	for p := range b.s.Parties {
		count[b.s.Parties[p].Preferences.Normalization]++
	}
	if len(b.s.Parties) == 0 {
		return entente.AsWritten
	}
	first := b.s.Parties[0].Preferences.Normalization
	best := first
	for n, c := range count {
		if c > count[best] {
			best = n
		}
	}
	return best
}

// header is the comment at the top of a YAML file.
func (b *builder) header() string {
	var h strings.Builder
	fmt.Fprintf(&h, "Written by entente: native scenario format, version %d (see docs/format.md).\n", Version)
	if b.norm == entente.Genius {
		h.WriteString("Normalization genius (GENIUS 10.4): each discrete table is divided by its\nlargest value, the total by max_utility when given, and capped at 1.")
	} else {
		h.WriteString("Normalization as-written: utilities are the weighted sums and interaction\nterms exactly as written, with no rescaling and no cap.")
	}
	var other []string
	for p := range b.s.Parties {
		if b.s.Parties[p].Preferences.Normalization != b.norm {
			other = append(other, b.s.Parties[p].Name)
		}
	}
	if len(other) > 0 {
		fmt.Fprintf(&h, "\nParties with their own normalization: %s.", strings.Join(other, ", "))
	}
	return h.String()
}

func (b *builder) issue(i int) *tnode {
	is := &b.s.Issues[i]
	f := fmt.Sprintf("issues[%d]", i)
	n := mapping(true)
	b.named(n, f, is.Name, is.Description)
	if is.Kind == entente.Discrete {
		opts := sequence(false)
		for k, o := range is.Options {
			opts.items = append(opts.items, b.text(fmt.Sprintf("%s.options[%d]", f, k), o))
		}
		n.add("options", opts)
		if is.Unsettled != "" {
			n.add("unsettled", b.text(f+".unsettled", is.Unsettled))
		}
		if len(is.Guarantees) > 0 {
			n.add("guarantees", b.guarantees(f+".guarantees", is, i))
		}
		return n
	}
	if is.Unsettled != "" {
		b.fail(f+".unsettled", "only a discrete issue can have an unsettled option")
	}
	n.add("kind", str(is.Kind.String()))
	n.add("range", b.pair(f+".range", is.Min, is.Max))
	return n
}

// named writes a named item's name and, when it has one, its description.
func (b *builder) named(n *tnode, field, name, description string) {
	n.add("name", b.text(field+".name", name))
	if description != "" {
		n.add("description", b.text(field+".description", description))
	}
}

func (b *builder) pair(field string, x, y float64) *tnode {
	p := sequence(false)
	p.items = []*tnode{b.num(field, x), b.num(field, y)}
	return p
}

func (b *builder) party(p int) *tnode {
	pa := &b.s.Parties[p]
	f := fmt.Sprintf("parties[%d]", p)
	n := mapping(true)
	b.named(n, f, pa.Name, pa.Description)
	b.preferences(n, f, &pa.Preferences, entente.ProfileRef{Kind: entente.PartyProfile, Index: p})
	if pa.Bloc != nil {
		n.add("bloc", b.bloc(f+".bloc", p, pa.Bloc))
	}
	if len(pa.RedLines) > 0 {
		n.add("red_lines", b.redLines(f+".red_lines", pa.RedLines))
	}
	return n
}

// preferences adds a profile's keys to n.
func (b *builder) preferences(n *tnode, f string, pr *entente.Preferences, prof entente.ProfileRef) {
	if pr.Normalization != b.norm {
		n.add("normalization", str(pr.Normalization.String()))
	}
	if pr.Weights != nil {
		w := mapping(false)
		for i, x := range pr.Weights {
			name := b.s.Issues[i].Name
			w.add(name, b.rich(f+".weights."+name, entente.Ref{Kind: entente.RefWeight, Profile: prof, Index: i}, x))
		}
		n.add("weights", w)
	}
	if pr.Values != nil {
		vs := mapping(true)
		for i, vf := range pr.Values {
			if vf != nil {
				name := b.s.Issues[i].Name
				vs.add(name, b.valueFunc(f+".values."+name, &b.s.Issues[i], vf, entente.Ref{Profile: prof, Index: i}))
			}
		}
		n.add("values", vs)
	}
	if len(pr.Interactions) > 0 {
		ins := sequence(true)
		for k := range pr.Interactions {
			ins.items = append(ins.items, b.interaction(fmt.Sprintf("%s.interactions[%d]", f, k), &pr.Interactions[k], entente.Ref{Kind: entente.RefInteraction, Profile: prof, Index: k}))
		}
		n.add("interactions", ins)
	}
	if !zero(pr.MaxUtility) {
		n.add("max_utility", b.num(f+".max_utility", pr.MaxUtility))
	}
	res := entente.Ref{Kind: entente.RefReservation, Profile: prof}
	switch {
	case pr.ReservationOutcome != nil:
		pkg := mapping(false)
		for i, v := range pr.ReservationOutcome {
			is := &b.s.Issues[i]
			if is.Kind == entente.Discrete {
				pkg.add(is.Name, b.text(f+".reservation."+is.Name, is.Options[int(v)]))
			} else {
				pkg.add(is.Name, b.num(f+".reservation."+is.Name, v))
			}
		}
		n.add("reservation", pkg)
	case !zero(pr.Reservation) || b.params[res] != nil:
		n.add("reservation", b.rich(f+".reservation", res, pr.Reservation))
	}
	if dr := (entente.Ref{Kind: entente.RefDiscount, Profile: prof}); !zero(pr.Discount) || b.params[dr] != nil {
		n.add("discount", b.rich(f+".discount", dr, pr.Discount))
	}
	if pr.FreeWeights {
		n.add("free_weights", &tnode{kind: tBool, text: "true"})
	}
}

func (b *builder) valueFunc(field string, is *entente.Issue, vf entente.ValueFunc, ref entente.Ref) *tnode {
	at := func(kind entente.RefKind, sub int) entente.Ref {
		r := ref
		r.Kind, r.Sub = kind, sub
		return r
	}
	switch v := vf.(type) {
	case entente.Constant:
		return b.rich(field, at(entente.RefConstant, 0), v.V)
	case entente.Table:
		t := mapping(false)
		for k, x := range v.Values {
			if is.Kind == entente.Discrete {
				t.add(is.Options[k], b.rich(field+"."+is.Options[k], at(entente.RefTableValue, k), x))
				continue
			}
			key := b.num(field, v.Base+float64(k))
			t.keys = append(t.keys, *key)
			t.items = append(t.items, b.rich(field+"."+key.text, at(entente.RefTableValue, k), x))
		}
		return t
	case entente.Guaranteed:
		g := mapping(false)
		if r := at(entente.RefGuaranteeScale, 0); math.Float64bits(v.Scale) != math.Float64bits(1) || b.params[r] != nil {
			g.add("scale", b.rich(field+".guarantee.scale", r, v.Scale))
		}
		if r := at(entente.RefGuaranteeOffset, 0); !zero(v.Offset) || b.params[r] != nil {
			g.add("offset", b.rich(field+".guarantee.offset", r, v.Offset))
		}
		if r := at(entente.RefGuaranteeNone, 0); !zero(v.None) || b.params[r] != nil {
			g.add("none", b.rich(field+".guarantee.none", r, v.None))
		}
		return mapping(false).add("guarantee", g)
	case entente.Linear:
		l := mapping(false)
		l.add("offset", b.rich(field+".linear.offset", at(entente.RefLinearOffset, 0), v.Offset))
		l.add("slope", b.rich(field+".linear.slope", at(entente.RefLinearSlope, 0), v.Slope))
		if !zero(v.Origin) {
			l.add("origin", b.num(field+".linear.origin", v.Origin))
		}
		if v.Clamp {
			l.add("clamp", &tnode{kind: tBool, text: "true"})
		}
		return mapping(false).add("linear", l)
	case entente.Piecewise:
		pts := sequence(false)
		for k := range v.X {
			pf := fmt.Sprintf("%s.piecewise[%d]", field, k)
			pt := sequence(false)
			pt.items = []*tnode{b.num(pf, v.X[k]), b.rich(pf+"[1]", at(entente.RefPiecewiseY, k), v.Y[k])}
			pts.items = append(pts.items, pt)
		}
		return mapping(false).add("piecewise", pts)
	case entente.Triangular:
		t := mapping(false)
		t.add("low", b.num(field+".triangular.low", v.Low))
		t.add("top", b.num(field+".triangular.top", v.Top))
		t.add("high", b.num(field+".triangular.high", v.High))
		return mapping(false).add("triangular", t)
	}
	b.fail(field, "unknown value function %T", vf)
	return str("")
}

func (b *builder) interaction(field string, in *entente.Interaction, ref entente.Ref) *tnode {
	n := mapping(true)
	if in.Name != "" {
		n.add("name", b.text(field+".name", in.Name))
	}
	key := "when"
	if in.Outside {
		key = "unless"
	}
	n.add(key, b.region(field+"."+key, in.Boxes))
	n.add("value", b.rich(field+".value", ref, in.Value))
	return n
}

// region writes a box, or a list of boxes (their union).
func (b *builder) region(field string, boxes []entente.Box) *tnode {
	if len(boxes) == 1 {
		return b.box(field, boxes[0])
	}
	region := sequence(true)
	for k, box := range boxes {
		region.items = append(region.items, b.box(fmt.Sprintf("%s[%d]", field, k), box))
	}
	return region
}

func (b *builder) box(field string, box entente.Box) *tnode {
	n := mapping(false)
	seen := map[int]bool{}
	for _, c := range box {
		is := &b.s.Issues[c.Issue]
		f := field + "." + is.Name
		if seen[c.Issue] {
			b.fail(f, "a box has two conditions on issue %q; the format gives one per issue (intersect them)", is.Name)
		}
		seen[c.Issue] = true
		if is.Kind != entente.Discrete {
			n.add(is.Name, b.pair(f, c.Min, c.Max))
			continue
		}
		if len(c.Options) == 0 {
			b.fail(f, "the condition on issue %q lists no options, so it never holds; the format needs at least one", is.Name)
		}
		opts := sequence(false)
		used := map[int]bool{}
		for _, o := range c.Options {
			if used[o] {
				b.fail(f, "option %q is listed twice", is.Options[o])
			}
			used[o] = true
			opts.items = append(opts.items, b.text(f, is.Options[o]))
		}
		n.add(is.Name, opts)
	}
	return n
}

func (b *builder) rule(r int) *tnode {
	ru := &b.s.Rules[r]
	f := fmt.Sprintf("rules[%d]", r)
	n := mapping(true)
	n.add("kind", str(ru.Kind.String()))
	if len(ru.Parties) > 0 {
		ps := sequence(false)
		for _, p := range ru.Parties {
			ps.items = append(ps.items, b.text(f+".parties", b.s.Parties[p].Name))
		}
		n.add("parties", ps)
	}
	if len(ru.Issues) > 0 {
		if ru.Kind != entente.Affected {
			b.fail(f+".issues", "a %s rule names no issues; only affected rules do", ru.Kind)
		}
		is := sequence(false)
		for _, i := range ru.Issues {
			is.items = append(is.items, b.text(f+".issues", b.s.Issues[i].Name))
		}
		n.add("issues", is)
	}
	return n
}

// inlineWidth is the longest entry written on one line.
const inlineWidth = 72

// inline reports whether n is written on one line: a scalar, or a short
// mapping or list nested at most three deep (such as {piecewise: [[0, 1]]}).
func inline(n *tnode) bool {
	if n.kind != tMap && n.kind != tSeq {
		return true
	}
	if n.block || depth(n) > 3 {
		return false
	}
	var b bytes.Buffer
	writeJSON(&b, n, "", true)
	return b.Len() <= inlineWidth
}

// depth is how deep containers nest in n: 0 for a scalar.
func depth(n *tnode) int {
	d := 0
	for _, c := range n.items {
		d = max(d, depth(c))
	}
	if n.kind == tMap || n.kind == tSeq {
		d++
	}
	return d
}

// writeJSON writes n at the given indentation, all on one line when flat.
func writeJSON(b *bytes.Buffer, n *tnode, indent string, flat bool) {
	switch n.kind {
	case tStr:
		b.WriteString(jsonString(n.text))
		return
	case tNum, tBool:
		b.WriteString(n.text)
		return
	}
	open, end := "[", "]"
	if n.kind == tMap {
		open, end = "{", "}"
	}
	if len(n.items) == 0 {
		b.WriteString(open + end)
		return
	}
	oneLine := flat || inline(n)
	b.WriteString(open)
	inner := indent + "  "
	for k, c := range n.items {
		if k > 0 {
			b.WriteString(",")
			if oneLine {
				b.WriteString(" ")
			}
		}
		if !oneLine {
			b.WriteString("\n" + inner)
		}
		if n.kind == tMap {
			b.WriteString(jsonString(n.keys[k].text) + ": ")
		}
		writeJSON(b, c, inner, oneLine)
	}
	if !oneLine {
		b.WriteString("\n" + indent)
	}
	b.WriteString(end)
}

// jsonString quotes s as JSON, without escaping HTML characters.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// yaml11Words are plain words that YAML 1.1 readers (still common in
// editors and other tools) take for booleans or null: quote them.
var yaml11Words = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true, "~": true,
}

// yamlNode converts the tree to YAML nodes.
func yamlNode(n *tnode) *yaml.Node {
	switch n.kind {
	case tStr:
		y := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: n.text}
		if yaml11Words[strings.ToLower(n.text)] {
			y.Style = yaml.DoubleQuotedStyle
		}
		return y
	case tNum:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: n.text}
	case tBool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: n.text}
	}
	y := &yaml.Node{Kind: yaml.SequenceNode}
	if n.kind == tMap {
		y.Kind = yaml.MappingNode
	}
	if inline(n) {
		y.Style = yaml.FlowStyle
	}
	for k, c := range n.items {
		if n.kind == tMap {
			y.Content = append(y.Content, yamlNode(&n.keys[k]))
		}
		y.Content = append(y.Content, yamlNode(c))
	}
	return y
}

// writeYAML writes the tree as YAML with a header comment, and a blank
// line before each top-level list and between parties.
func writeYAML(root *tnode, header string) ([]byte, error) {
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: header, Content: []*yaml.Node{yamlNode(root)}}
	if err := enc.Encode(doc); err != nil {
		return nil, entente.Errorf(entente.EInternal, "", 0, 0, "", "writing YAML: %v", err)
	}
	if err := enc.Close(); err != nil {
		return nil, entente.Errorf(entente.EInternal, "", 0, 0, "", "writing YAML: %v", err)
	}
	var b bytes.Buffer
	section := ""
	items := 0
	for _, line := range strings.SplitAfter(out.String(), "\n") {
		if line != "" && line[0] != ' ' && line[0] != '#' && line[0] != '\n' {
			section = strings.SplitN(line, ":", 2)[0]
			items = 0
			if section == "guarantors" || section == "issues" || section == "parties" || section == "constituencies" || section == "rules" {
				b.WriteString("\n")
			}
		} else if (section == "parties" || section == "constituencies") && strings.HasPrefix(line, "  - ") {
			if items > 0 {
				b.WriteString("\n")
			}
			items++
		}
		b.WriteString(line)
	}
	return b.Bytes(), nil
}
