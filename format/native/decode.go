package native

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/tree"
	"github.com/entente/entente/utility"
	"go.yaml.in/yaml/v3"
)

// Version is the format version this package reads and writes, given in
// every file as "entente: 1".
const Version = 1

// WeightTolerance is how far from 1 the weights of an as-written profile
// without interaction terms may sum.
const WeightTolerance = 1e-9

// The keys each mapping of the format may hold, in the order Encode writes
// them.
var (
	topKeys          = []string{"entente", "$schema", "name", "description", "normalization", "guarantors", "issues", "parties", "constituencies", "rules", "limits", "forecast"}
	issueKeys        = []string{"name", "description", "kind", "options", "range", "unsettled", "guarantees"}
	prefKeys         = []string{"normalization", "weights", "values", "interactions", "max_utility", "reservation", "discount", "free_weights"}
	partyKeys        = append([]string{"name", "description", "file", "bloc", "red_lines"}, prefKeys...)
	prefFileKeys     = append([]string{"entente", "$schema"}, prefKeys...)
	interactionKeys  = []string{"name", "when", "unless", "value"}
	ruleKeys         = []string{"kind", "parties", "issues"}
	linearKeys       = []string{"offset", "slope", "origin", "clamp"}
	triangularKeys   = []string{"low", "top", "high"}
	functionKeys     = []string{"linear", "piecewise", "triangular", "guarantee"}
	richKeys         = []string{"value", "range", "dist", "sd", "source", "confidence", "note"}
	spreadKeys       = append(append([]string(nil), richKeys...), "centre_range", "sd_range")
	guarantorKeys    = []string{"name", "description", "credibility", "follows", "alone"}
	redLineKeys      = []string{"name", "description", "when"}
	guaranteeKeys    = []string{"guarantors", "required"}
	guaranteeFnKeys  = []string{"scale", "offset", "none"}
	blocKeys         = []string{"rule", "threshold", "leader", "members"}
	memberKeys       = append([]string{"name", "description", "weight"}, prefKeys...)
	voterKeys        = append([]string{"name", "description", "share"}, prefKeys...)
	constituencyKeys = append([]string{"name", "description", "party", "applies", "threshold", "red_lines", "voters"}, prefKeys...)
)

// Decode reads a native scenario, YAML or JSON (told apart by the file
// extension, else by content: a JSON scenario starts with "{"). open loads
// the party preference files the scenario refers to, by the name written in
// the file (callers resolve it relative to the scenario's folder); with a
// nil open such references are errors.
//
// The scenario is checked as it is read (unknown keys, wrong types, names
// that refer to nothing), then with entente.Scenario.Validate, and then
// every party's utilities are proven to lie in [0,1] with utility.Check.
// Every problem carries the file, line and column of its field. On failure the scenario is nil and the error is an
// entente.ErrorList. Warnings (a range that could not be proven, weights
// whose sum GENIUS caps, a discount outside [0,1]) come back separately.
func Decode(src entente.Source, open func(name string) ([]byte, error)) (*entente.Scenario, entente.ErrorList, error) {
	return Decoder{Open: open}.Decode(src)
}

// Opener reads a party's preferences file by the name written in the
// scenario. It returns an *OutsideError for a name it may not read.
type Opener func(name string) ([]byte, error)

// OutsideError is the error of an Opener for a file outside the folders
// it may read (see load.Loader.Allow).
type OutsideError struct {
	// Folder is the folder of the scenario file.
	Folder string
}

// Error implements error.
func (e *OutsideError) Error() string { return "the file lies outside the folder " + e.Folder }

// Decoder reads native scenarios within limits.
type Decoder struct {
	// Open reads party files; nil makes such references errors.
	Open Opener
	// Limits bound the counts of the file (zero fields: the defaults).
	Limits entente.Limits
}

// Decode reads a native scenario as the package-level Decode does, and
// refuses a file whose counts exceed the decoder's limits before it builds
// the scenario.
func (dc Decoder) Decode(src entente.Source) (*entente.Scenario, entente.ErrorList, error) {
	name := src.Name
	if name == "" {
		name = "<input>"
	}
	d := &decoder{Reader: tree.Reader{File: name, Hint: hint}, open: dc.Open, lim: dc.Limits.Defaults(), base: name, index: map[string]place{}}
	s := d.scenario(src.Data)
	if d.Errs.Len() > 0 {
		return nil, d.warns, d.Errs.List()
	}
	if errs := s.Validate(); len(errs) > 0 {
		d.locate(errs)
		return nil, d.warns, tree.Cap(errs)
	}
	errs, warns := utility.Check(s)
	d.locate(warns)
	d.warns = append(d.warns, warns...)
	if len(errs) > 0 {
		d.locate(errs)
		return nil, d.warns, tree.Cap(errs)
	}
	return s, d.warns, nil
}

// IsScenario reports whether data looks like a native scenario file: a
// mapping with an "entente" key that is not a party's preferences file. A
// file that starts like one but is malformed further on still counts, so
// that Decode can say where it breaks. A YAML file in block style is told
// by its unindented keys, without parsing it.
func IsScenario(data []byte) bool {
	data = tree.TrimBOM(data)
	keys := map[string]bool{}
	if !tree.IsJSON("", data) {
		blockKeys(data, keys)
		if keys["entente"] {
			return !isPrefsFile(keys)
		}
	}
	root, err := parse("", data, 0)
	if err == nil {
		if root.Kind != yaml.MappingNode {
			return false
		}
		for i := 0; i+1 < len(root.Content); i += 2 {
			keys[root.Content[i].Value] = true
		}
		return keys["entente"] && !isPrefsFile(keys)
	}
	// A malformed file: judge by the keys near its top.
	for _, m := range topKey.FindAllSubmatch(data[:min(len(data), 1<<20)], -1) {
		keys[string(m[1])] = true
	}
	return keys["entente"] && !isPrefsFile(keys)
}

// blockKeys records the keys of a YAML file's top-level block mapping
// that tell a scenario: unindented lines that start with one of them and a
// colon. It reads each line's first bytes only.
func blockKeys(data []byte, keys map[string]bool) {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' {
			continue
		}
		for _, k := range []string{"entente", "issues", "parties", "weights", "values", "interactions"} {
			rest, ok := bytes.CutPrefix(line, []byte(k))
			if !ok {
				if rest, ok = bytes.CutPrefix(line, []byte(`"`+k+`"`)); !ok {
					continue
				}
			}
			if rest = bytes.TrimLeft(rest, " \t"); len(rest) > 0 && rest[0] == ':' {
				keys[k] = true
			}
		}
	}
}

// isPrefsFile tells a party's preferences file from a scenario by its
// top-level keys.
func isPrefsFile(keys map[string]bool) bool {
	return !keys["issues"] && !keys["parties"] && (keys["weights"] || keys["values"] || keys["interactions"])
}

var topKey = regexp.MustCompile(`(?m)^[\s{]*"?(entente|issues|parties|weights|values|interactions)"?\s*:`)

// place is where a field of the model was written.
type place struct {
	file      string
	line, col int
	// field is the path shown to people, when it differs from the
	// model's path (interaction regions, reservation packages).
	field string
}

// decoder reads one scenario and the party files it refers to; its
// Reader's File is the file being read.
type decoder struct {
	tree.Reader
	open  Opener
	lim   entente.Limits
	base  string // the scenario file
	warns entente.ErrorList
	// index maps model paths (as entente.Scenario.Validate names fields)
	// to where they were written.
	index map[string]place
	s     *entente.Scenario
	// issueIdx finds an issue by name.
	issueIdx map[string]int
}

// entry is a key and its value in a mapping.
type entry = tree.Entry

func (d *decoder) warnf(n *yaml.Node, field, format string, args ...any) {
	d.warns.Add(entente.Errorf(entente.EWarning, d.File, n.Line, n.Column, field, format, args...))
}

// mark records where the model field path was written; display, when not
// empty, is the path to show instead.
func (d *decoder) mark(path string, n *yaml.Node, display string) {
	d.index[path] = place{d.File, n.Line, n.Column, display}
}

// locate attaches file positions to problems found on the model: the
// position of the field itself, or of its nearest recorded parent.
func (d *decoder) locate(errs entente.ErrorList) {
	for _, e := range errs {
		if e.Line > 0 {
			continue
		}
		path := e.Field
		for {
			if p, ok := d.index[path]; ok {
				e.File, e.Line, e.Col = p.file, p.line, p.col
				if path == e.Field && p.field != "" {
					e.Field = p.field
				}
				break
			}
			if path == "" {
				e.File, e.Line, e.Col = d.base, 1, 1
				break
			}
			path = parent(path)
		}
	}
}

// parent strips the last element of a field path: "a.b[2]" -> "a.b" -> "a".
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// named reads the name (required) and description of an issue, party,
// guarantor or other named item; what names the item in messages.
func (d *decoder) named(f map[string]entry, item *yaml.Node, field, what string) (name, description string) {
	if e, ok := f["name"]; ok {
		d.mark(field+".name", e.Val, "")
		name, _ = d.Text(e.Val, field+".name", "the "+what+"'s name")
	} else {
		d.Missing(item, "name", field+".name", "missing; every %s needs a name", what)
	}
	if e, ok := f["description"]; ok {
		description = d.description(e.Val, field+".description")
	}
	return name, description
}

// hint gives the message for an unknown key that belongs elsewhere.
func hint(field, key string) string {
	if key == "blocs" && field == "" {
		return `unknown key "blocs"; a bloc is a party with a bloc key (its rule and members), see docs/format.md`
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// number reads a finite number (see tree.Reader.Number).
func (d *decoder) number(n *yaml.Node, field string) (float64, bool) {
	if n.Kind == yaml.MappingNode && hasKey(n, "value") {
		d.Errorf(n, field, "this number cannot carry a range or a source; write the number alone (see \"Numbers with sources and ranges\" in docs/format.md)")
		return 0, false
	}
	return d.Number(n, field)
}

// description reads free text; an empty value counts as none.
func (d *decoder) description(n *yaml.Node, field string) string {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return ""
	}
	s, _ := d.Text(n, field, "text")
	return s
}

// version checks the "entente: 1" key of a file's root mapping.
func (d *decoder) version(root *yaml.Node, what string) bool {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "entente" {
			continue
		}
		v := root.Content[i+1]
		f, ok := 0.0, false
		if v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") {
			f, ok = tree.ParseNumber(v)
		}
		switch {
		case !ok || f != math.Trunc(f) || f < 1:
			d.Errorf(v, "entente", "expected the format version %d, got %s", Version, tree.Describe(v))
			return false
		case f != Version:
			d.Unsupportedf(v, "entente", "this file is in format version %s, but this entente reads version %d; upgrade entente", v.Value, Version)
			return false
		}
		return true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; tree.Suggestion(k.Value, []string{"entente"}) != "" {
			d.Errorf(k, k.Value, "unknown key %q; expected the format version \"entente: %d\" (did you mean \"entente\"?)", k.Value, Version)
			return false
		}
	}
	d.Errorf(root, "entente", "missing the format version; expected \"entente: %d\" at the top of the %s", Version, what)
	return false
}

// parse reads a scenario or party file into its root node, with at most
// nodes values (0: the default for its size).
func parse(name string, data []byte, nodes int) (*yaml.Node, *entente.Error) {
	return tree.Parse(name, data, tree.Options{Nodes: nodes,
		Expected: "a mapping that starts with entente: 1", ExpectedJSON: `a JSON object with "entente": 1`})
}

// root parses a file and checks that it is a mapping without aliases.
func (d *decoder) root(data []byte, what string) *yaml.Node {
	n, err := parse(d.File, data, d.lim.Nodes)
	if err != nil {
		d.Errs.Add(err)
		return nil
	}
	if !d.RejectAliases(n) || !d.checkCounts(n, "") {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "", "not an entente %s: expected a mapping that starts with \"entente: %d\", got %s", what, Version, tree.Describe(n))
		return nil
	}
	return n
}

// scenario reads the scenario file.
func (d *decoder) scenario(data []byte) *entente.Scenario {
	root := d.root(data, "scenario")
	if root == nil || !d.version(root, "file") {
		return nil
	}
	keys := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		keys[root.Content[i].Value] = true
	}
	if isPrefsFile(keys) {
		d.Errorf(root, "", "this is a party's preferences file, not a scenario; name the scenario file that refers to it")
		return nil
	}
	f := d.Fields(root, "", "a scenario", topKeys)
	s := &entente.Scenario{}
	d.s = s
	if e, ok := f["$schema"]; ok {
		d.Text(e.Val, "$schema", "the path or URL of a JSON Schema")
	}
	if e, ok := f["name"]; ok {
		s.Name, _ = d.Text(e.Val, "name", "the scenario's name")
	}
	if e, ok := f["description"]; ok {
		s.Description = d.description(e.Val, "description")
	}
	norm := entente.AsWritten
	if e, ok := f["normalization"]; ok {
		norm = d.normalization(e.Val, "normalization")
	}
	if e, ok := f["guarantors"]; ok {
		d.mark("guarantors", e.Val, "")
		d.guarantors(e.Val)
	}
	e, ok := f["issues"]
	if !ok {
		d.Missing(root, "issues", "issues", "missing; a scenario needs a list of issues")
		return nil
	}
	d.mark("issues", e.Val, "")
	if !d.issues(e.Val) {
		return nil
	}
	if e, ok := f["parties"]; ok {
		d.mark("parties", e.Val, "")
		d.parties(e.Val, norm)
	} else {
		d.Missing(root, "parties", "parties", "missing; a scenario needs a list of parties")
	}
	if e, ok := f["constituencies"]; ok {
		d.mark("constituencies", e.Val, "")
		d.constituencies(e.Val, norm)
	}
	if e, ok := f["rules"]; ok {
		d.mark("rules", e.Val, "")
		d.rules(e.Val)
	}
	if e, ok := f["limits"]; ok {
		d.mark("limits", e.Val, "")
		d.limits(e.Val)
	}
	s.UpdateGuarantees()
	return s
}

func hasKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return true
		}
	}
	return false
}

func (d *decoder) normalization(n *yaml.Node, field string) entente.Normalization {
	s, ok := d.Text(n, field, "as-written or genius")
	if !ok {
		return entente.AsWritten
	}
	v, ok := entente.ParseNormalization(s)
	if !ok {
		d.Errorf(n, field, "unknown convention %q; expected as-written or genius%s", s, tree.Suggest(s, []string{"as-written", "genius"}))
	}
	return v
}

// issues reads the issue list. It reports false when the issues cannot
// serve to read the parties (a name is missing or given twice).
func (d *decoder) issues(n *yaml.Node) bool {
	items, ok := d.List(n, "issues", "a list of issues")
	if !ok {
		return false
	}
	before := d.Errs.Len()
	s := d.s
	for i, item := range items {
		field := fmt.Sprintf("issues[%d]", i)
		d.mark(field, item, "")
		is := entente.Issue{}
		f := d.Fields(item, field, "an issue: a mapping with name and options (or kind and range)", issueKeys)
		if f == nil {
			s.Issues = append(s.Issues, is)
			continue
		}
		is.Name, is.Description = d.named(f, item, field, "issue")
		opts, hasOpts := f["options"]
		rng, hasRange := f["range"]
		kindKnown := false
		if e, ok := f["kind"]; ok {
			d.mark(field+".kind", e.Val, "")
			if k, ok := d.Text(e.Val, field+".kind", "discrete, integer or real"); ok {
				if is.Kind, kindKnown = entente.ParseIssueKind(k); !kindKnown {
					d.Errorf(e.Val, field+".kind", "unknown kind %q; expected discrete, integer or real%s", k, tree.Suggest(k, []string{"discrete", "integer", "real"}))
				}
			}
		} else if hasRange && !hasOpts {
			d.Missing(item, "kind", field+".kind", "missing; a numeric issue needs kind: integer or kind: real beside its range")
		} else {
			kindKnown = true
		}
		if kindKnown {
			switch {
			case is.Kind == entente.Discrete && hasRange:
				d.Errorf(rng.Key, field+".range", "a discrete issue has options, not a range; for a numeric issue write kind: integer or kind: real")
			case is.Kind == entente.Discrete && !hasOpts:
				d.Missing(item, "options", field+".options", "missing; a discrete issue lists its options (or give kind: integer or real and a range)")
			case is.Kind != entente.Discrete && hasOpts:
				d.Errorf(opts.Key, field+".options", "a numeric (%s) issue has a range, not options; for a discrete issue leave out kind or write kind: discrete", is.Kind)
			case is.Kind != entente.Discrete && !hasRange:
				d.Missing(item, "range", field+".range", "missing; a numeric (%s) issue needs a range [min, max]", is.Kind)
			}
		}
		if hasOpts && is.Kind == entente.Discrete {
			d.mark(field+".options", opts.Val, "")
			if list, ok := d.List(opts.Val, field+".options", "a list of option names"); ok {
				is.Options = make([]string, 0, len(list))
				for k, o := range list {
					of := fmt.Sprintf("%s.options[%d]", field, k)
					d.mark(of, o, "")
					t, _ := d.Text(o, of, "an option name")
					is.Options = append(is.Options, t)
				}
			}
		}
		if e, ok := f["unsettled"]; ok {
			d.mark(field+".unsettled", e.Val, "")
			is.Unsettled, _ = d.Text(e.Val, field+".unsettled", "the name of the option that leaves the issue open")
		}
		if hasRange && is.Kind != entente.Discrete {
			d.mark(field+".range", rng.Val, "")
			is.Min, is.Max, _ = d.pair(rng.Val, field+".range", "a range [min, max]")
		}
		if e, ok := f["guarantees"]; ok {
			d.mark(field+".guarantees", e.Val, "")
			if is.Kind != entente.Discrete {
				d.Errorf(e.Key, field+".guarantees", "issue %q is %s; only the options of a discrete issue carry guarantees", is.Name, is.Kind)
			} else {
				is.Guarantees = d.guarantees(e.Val, field+".guarantees", &is, i)
			}
		}
		s.Issues = append(s.Issues, is)
	}
	if d.Errs.Len() > before {
		return false
	}
	// Issue problems (duplicate names, empty or repeated options, bad
	// ranges) would garble everything that refers to issues by name:
	// report them before reading the parties.
	probe := entente.Scenario{Issues: s.Issues, Guarantors: s.Guarantors}
	var errs entente.ErrorList
	for _, e := range probe.Validate() {
		if strings.HasPrefix(e.Field, "issues") {
			errs.Add(e)
		}
	}
	if len(errs) > 0 {
		d.locate(errs)
		d.Errs.AddList(errs)
		return false
	}
	d.issueIdx = make(map[string]int, len(s.Issues))
	for i := range s.Issues {
		d.issueIdx[s.Issues[i].Name] = i
	}
	return true
}

// pair reads [a, b], two numbers.
func (d *decoder) pair(n *yaml.Node, field, want string) (a, b float64, ok bool) {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		got := tree.Describe(n)
		if n.Kind == yaml.SequenceNode {
			got = fmt.Sprintf("a list of %d", len(n.Content))
		}
		d.Errorf(n, field, "expected %s, got %s", want, got)
		return 0, 0, false
	}
	a, ok1 := d.number(n.Content[0], field)
	b, ok2 := d.number(n.Content[1], field)
	return a, b, ok1 && ok2
}

// issueNames lists the issues for messages.
func (d *decoder) issueNames() []string {
	names := make([]string, len(d.s.Issues))
	for i := range d.s.Issues {
		names[i] = d.s.Issues[i].Name
	}
	return names
}

func (d *decoder) partyNames() []string {
	names := make([]string, len(d.s.Parties))
	for p := range d.s.Parties {
		names[p] = d.s.Parties[p].Name
	}
	return names
}

// issue finds the issue a key names, reporting an unknown one.
func (d *decoder) issue(k *yaml.Node, field string) (int, bool) {
	if i, ok := d.issueIdx[k.Value]; ok {
		return i, true
	}
	names := d.issueNames()
	d.Errorf(k, field, "unknown issue %q; expected one of: %s%s", k.Value, list(names), tree.Suggest(k.Value, names))
	return -1, false
}

// list writes names for a message, shortening long lists.
func list(names []string) string {
	const most = 12
	if len(names) > most {
		return strings.Join(names[:most], ", ") + fmt.Sprintf(", ... (%d in all)", len(names))
	}
	return strings.Join(names, ", ")
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return list(q)
}

// parties reads the party list.
func (d *decoder) parties(n *yaml.Node, norm entente.Normalization) {
	items, ok := d.List(n, "parties", "a list of parties")
	if !ok {
		return
	}
	for p, item := range items {
		field := fmt.Sprintf("parties[%d]", p)
		d.mark(field, item, "")
		pa := entente.Party{}
		f := d.Fields(item, field, "a party: a mapping with name, weights and values (or file)", partyKeys)
		if f != nil {
			pa.Name, pa.Description = d.named(f, item, field, "party")
			if e, ok := f["file"]; ok {
				for _, k := range prefKeys {
					if x, both := f[k]; both {
						d.Errorf(x.Key, field+"."+k, "this party's preferences are in the file %q; give them there, not here", e.Val.Value)
					}
				}
				d.mark(field+".file", e.Val, "")
				pa.Preferences = d.partyFile(e.Val, field, norm, p)
			} else {
				pa.Preferences = d.preferences(f, field, norm, entente.ProfileRef{Kind: entente.PartyProfile, Index: p})
			}
			if e, ok := f["bloc"]; ok {
				d.mark(field+".bloc", e.Val, "")
				pa.Bloc = d.bloc(e.Val, field+".bloc", p, norm)
			}
			if e, ok := f["red_lines"]; ok {
				d.mark(field+".red_lines", e.Val, "")
				pa.RedLines = d.redLines(e.Val, field)
			}
		}
		d.s.Parties = append(d.s.Parties, pa)
	}
}

// partyFile reads a party's preferences from its own file.
func (d *decoder) partyFile(n *yaml.Node, field string, norm entente.Normalization, party int) entente.Preferences {
	ref, ok := d.Text(n, field+".file", "the path of the party's preferences file")
	if !ok {
		return entente.Preferences{}
	}
	if d.open == nil {
		d.Errorf(n, field+".file", "cannot read the party file %q: this scenario was read without access to other files; put the preferences in the scenario", ref)
		return entente.Preferences{}
	}
	data, err := d.open(ref)
	if err != nil {
		var out *OutsideError
		if errors.As(err, &out) {
			d.Errorf(n, field+".file", "the party file %q lies outside the folder %s of the scenario; a scenario reads files from its own folder only (allow another folder with --allow-path FOLDER)", ref, out.Folder)
			return entente.Preferences{}
		}
		d.Errorf(n, field+".file", "cannot read the party file %q: %v", ref, err)
		return entente.Preferences{}
	}
	name := ref
	if !filepath.IsAbs(ref) {
		name = filepath.Join(filepath.Dir(d.base), ref)
	}
	if !looksNative(name, data) {
		// Say nothing of what the file holds: it may be any file of the
		// machine, such as a key.
		d.Errorf(n, field+".file", "the party file %q is not an entente preferences file (a YAML or JSON mapping that starts with \"entente: %d\")", ref, Version)
		return entente.Preferences{}
	}
	saved := d.File
	d.File = name
	defer func() { d.File = saved }()
	root := d.root(data, "preferences file")
	if root == nil {
		return entente.Preferences{}
	}
	if hasKey(root, "issues") || hasKey(root, "parties") {
		d.Errorf(root, "", "this is a scenario file, not a preferences file; a party file holds one party's normalization, weights, values, interactions, reservation and discount")
		return entente.Preferences{}
	}
	if !d.version(root, "preferences file") {
		return entente.Preferences{}
	}
	f := d.Fields(root, field, "a party's preferences", prefFileKeys)
	if f == nil {
		return entente.Preferences{}
	}
	if e, ok := f["$schema"]; ok {
		d.Text(e.Val, field+".$schema", "the path or URL of a JSON Schema")
	}
	return d.preferences(f, field, norm, entente.ProfileRef{Kind: entente.PartyProfile, Index: party})
}

// preferences reads a profile from its mapping (a party's in the scenario
// or in a party file, a voter group's, a bloc member's); prof locates it
// for the Params of its numbers.
func (d *decoder) preferences(f map[string]entry, field string, norm entente.Normalization, prof entente.ProfileRef) entente.Preferences {
	p := entente.Preferences{Normalization: norm}
	if e, ok := f["normalization"]; ok {
		p.Normalization = d.normalization(e.Val, field+".normalization")
	}
	n := len(d.s.Issues)
	weightsOK := false
	if e, ok := f["weights"]; ok {
		before := d.Errs.Len()
		wf := field + ".weights"
		d.mark(wf, e.Val, "")
		if es, ok := d.Pairs(e.Val, wf, "a mapping from issue name to weight"); ok {
			p.Weights = make([]float64, n)
			set := make([]bool, n)
			for _, x := range es {
				i, ok := d.issue(x.Key, wf+"."+x.Key.Value)
				if !ok {
					continue
				}
				d.mark(wf+"."+x.Key.Value, x.Val, "")
				p.Weights[i], _ = d.rich(x.Val, wf+"."+x.Key.Value, entente.Ref{Kind: entente.RefWeight, Profile: prof, Index: i})
				set[i] = true
			}
			if missing := d.unset(set); len(missing) > 0 && d.Errs.Len() == before {
				d.Errorf(e.Val, wf, "no weight for %s; give every issue a weight (0 if the party does not care about it)", plural("issue", missing))
			}
		}
		weightsOK = d.Errs.Len() == before
	}
	if e, ok := f["values"]; ok {
		before := d.Errs.Len()
		vf := field + ".values"
		d.mark(vf, e.Val, "")
		if es, ok := d.Pairs(e.Val, vf, "a mapping from issue name to value function"); ok {
			p.Values = make([]entente.ValueFunc, n)
			for _, x := range es {
				i, ok := d.issue(x.Key, vf+"."+x.Key.Value)
				if !ok {
					continue
				}
				d.mark(vf+"."+x.Key.Value, x.Val, "")
				p.Values[i] = d.valueFunc(x.Val, vf+"."+x.Key.Value, &d.s.Issues[i], entente.Ref{Profile: prof, Index: i})
			}
			if p.Weights != nil && d.Errs.Len() == before {
				var missing []string
				for i := range p.Values {
					if p.Values[i] == nil && p.Weights[i] != 0 {
						missing = append(missing, d.s.Issues[i].Name)
					}
				}
				if len(missing) > 0 {
					d.Errorf(e.Val, vf, "no value function for %s; every issue with a weight above 0 needs one", plural("issue", missing))
				}
			}
		}
	}
	if e, ok := f["interactions"]; ok {
		d.mark(field+".interactions", e.Val, "")
		p.Interactions = d.interactions(e.Val, field+".interactions", prof)
	}
	if e, ok := f["max_utility"]; ok {
		d.mark(field+".max_utility", e.Val, "")
		p.MaxUtility, _ = d.number(e.Val, field+".max_utility")
	}
	if e, ok := f["reservation"]; ok {
		d.mark(field+".reservation", e.Val, "")
		d.reservation(e.Val, field, &p, prof)
	}
	if e, ok := f["discount"]; ok {
		d.mark(field+".discount", e.Val, "")
		if v, ok := d.rich(e.Val, field+".discount", entente.Ref{Kind: entente.RefDiscount, Profile: prof}); ok {
			p.Discount = v
			if v < 0 || v > 1 {
				d.warnf(e.Val, field+".discount", "discount factor %s lies outside [0,1], so no discounting applies (as in GENIUS); expected a number in (0,1], or leave it out", entente.FormatNumber(v))
			}
		}
	}
	if e, ok := f["free_weights"]; ok {
		d.mark(field+".free_weights", e.Val, "")
		if e.Val.Kind != yaml.ScalarNode || e.Val.Tag != "!!bool" {
			d.Errorf(e.Val, field+".free_weights", "expected true or false, got %s", tree.Describe(e.Val))
		} else {
			p.FreeWeights = e.Val.Value == "true"
		}
	}
	if weightsOK && p.Normalization == entente.AsWritten && len(p.Interactions) == 0 && p.MaxUtility == 0 {
		sum := 0.0
		for _, w := range p.Weights {
			sum += w
		}
		if math.Abs(sum-1) > WeightTolerance {
			n := f["weights"].Val
			d.Errorf(n, field+".weights", "the weights sum to %s; under normalization as-written the weights of a profile without interaction terms or max_utility must sum to 1 (or use normalization: genius)", strconv.FormatFloat(sum, 'g', 12, 64))
		}
	}
	return p
}

// unset lists the names of the issues not set.
func (d *decoder) unset(set []bool) []string {
	var missing []string
	for i, ok := range set {
		if !ok {
			missing = append(missing, d.s.Issues[i].Name)
		}
	}
	return missing
}

// plural writes `issue "a"` or `issues "a", "b"`.
func plural(what string, names []string) string {
	if len(names) == 1 {
		return what + " " + strconv.Quote(names[0])
	}
	return what + "s " + quoteAll(names)
}

// valueFunc reads one issue's value function; ref holds the profile and
// the issue, for the Params of its numbers.
func (d *decoder) valueFunc(n *yaml.Node, field string, is *entente.Issue, ref entente.Ref) entente.ValueFunc {
	at := func(kind entente.RefKind, sub int) entente.Ref {
		r := ref
		r.Kind, r.Sub = kind, sub
		return r
	}
	if n.Kind == yaml.ScalarNode || isRich(n) && is.OptionIndex("value") < 0 {
		v, ok := d.rich(n, field, at(entente.RefConstant, 0))
		if !ok {
			return nil
		}
		return entente.Constant{V: v}
	}
	switch is.Kind {
	case entente.Discrete:
		if n.Kind != yaml.MappingNode {
			d.Errorf(n, field, "expected a mapping from option to value (issue %q is discrete), or one number for all options, got %s", is.Name, tree.Describe(n))
			return nil
		}
		if len(n.Content) == 2 && n.Content[0].Value == "guarantee" && is.OptionIndex("guarantee") < 0 {
			return d.guaranteed(n.Content[1], field+".guarantee", is, ref)
		}
		return d.optionTable(n, field, is, ref)
	case entente.Integer:
		if n.Kind == yaml.MappingNode && len(n.Content) > 0 && !contains(functionKeys, n.Content[0].Value) {
			if _, isNum := tree.ParseNumber(n.Content[0]); isNum {
				return d.integerTable(n, field, is, ref)
			}
		}
	}
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		what := "linear, piecewise or triangular"
		if is.Kind == entente.Integer {
			what = "a table from integer to value, or linear, piecewise or triangular"
		}
		d.Errorf(n, field, "expected a value function for %s issue %q: %s, or one number; got %s", is.Kind, is.Name, what, describeFunc(n))
		return nil
	}
	key, val := n.Content[0], n.Content[1]
	switch key.Value {
	case "linear":
		f := d.Fields(val, field+".linear", "a mapping with offset, slope, origin and clamp", linearKeys)
		if f == nil {
			return nil
		}
		var l entente.Linear
		if e, ok := f["offset"]; ok {
			l.Offset, _ = d.rich(e.Val, field+".linear.offset", at(entente.RefLinearOffset, 0))
		}
		if e, ok := f["slope"]; ok {
			l.Slope, _ = d.rich(e.Val, field+".linear.slope", at(entente.RefLinearSlope, 0))
		}
		if e, ok := f["origin"]; ok {
			l.Origin, _ = d.number(e.Val, field+".linear.origin")
		}
		if e, ok := f["clamp"]; ok {
			if e.Val.Kind != yaml.ScalarNode || e.Val.Tag != "!!bool" {
				d.Errorf(e.Val, field+".linear.clamp", "expected true or false, got %s", tree.Describe(e.Val))
			} else {
				l.Clamp = e.Val.Value == "true"
			}
		}
		return l
	case "piecewise":
		items, ok := d.List(val, field+".piecewise", "a list of points [x, y]")
		if !ok {
			return nil
		}
		p := entente.Piecewise{X: make([]float64, 0, len(items)), Y: make([]float64, 0, len(items))}
		for k, pt := range items {
			pf := fmt.Sprintf("%s.piecewise[%d]", field, k)
			if pt.Kind != yaml.SequenceNode || len(pt.Content) != 2 {
				d.pair(pt, pf, "a point [x, y]") // reports it
				continue
			}
			x, okx := d.number(pt.Content[0], pf)
			y, oky := d.rich(pt.Content[1], pf+"[1]", at(entente.RefPiecewiseY, len(p.Y)))
			if okx && oky {
				p.X, p.Y = append(p.X, x), append(p.Y, y)
			}
		}
		return p
	case "triangular":
		f := d.Fields(val, field+".triangular", "a mapping with low, top and high", triangularKeys)
		if f == nil {
			return nil
		}
		var t entente.Triangular
		for _, k := range triangularKeys {
			e, ok := f[k]
			if !ok {
				d.Missing(val, k, field+".triangular", "missing %s; a triangular function needs low, top and high", k)
				continue
			}
			v, _ := d.number(e.Val, field+".triangular."+k)
			switch k {
			case "low":
				t.Low = v
			case "top":
				t.Top = v
			case "high":
				t.High = v
			}
		}
		return t
	}
	if key.Value == "guarantee" {
		d.Errorf(key, field+".guarantee", "issue %q is %s; a guarantee value function belongs to a discrete issue whose options carry guarantees", is.Name, is.Kind)
		return nil
	}
	d.Errorf(key, field+"."+key.Value, "unknown value function %q; expected linear, piecewise or triangular%s", key.Value, tree.Suggest(key.Value, functionKeys))
	return nil
}

// describeFunc describes what was given where a value function belongs.
func describeFunc(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode && len(n.Content) != 2 {
		return fmt.Sprintf("a mapping with %d keys", len(n.Content)/2)
	}
	return tree.Describe(n)
}

// optionTable reads a discrete issue's table: option -> value.
func (d *decoder) optionTable(n *yaml.Node, field string, is *entente.Issue, ref entente.Ref) entente.ValueFunc {
	before := d.Errs.Len()
	es, _ := d.Pairs(n, field, "a mapping from option to value")
	t := entente.Table{Values: make([]float64, len(is.Options))}
	set := make([]bool, len(is.Options))
	for _, e := range es {
		k := is.OptionIndex(e.Key.Value)
		if k < 0 {
			hint := tree.Suggest(e.Key.Value, is.Options)
			if hint == "" && len(es) == 1 && contains(append(functionKeys, "constant"), e.Key.Value) {
				hint = fmt.Sprintf(" (issue %q is discrete: give a value per option, or one number for all)", is.Name)
			}
			d.Errorf(e.Key, field+"."+e.Key.Value, "unknown option %q of issue %q; expected one of: %s%s", e.Key.Value, is.Name, list(is.Options), hint)
			continue
		}
		ref.Kind, ref.Sub = entente.RefTableValue, k
		t.Values[k], _ = d.rich(e.Val, field+"."+e.Key.Value, ref)
		set[k] = true
	}
	var missing []string
	for k, s := range set {
		if !s {
			missing = append(missing, is.Options[k])
		}
	}
	if len(missing) > 0 && d.Errs.Len() == before {
		d.Errorf(n, field, "no value for %s of issue %q; give every option a value", plural("option", missing), is.Name)
	}
	return t
}

// integerTable reads an integer issue's table: integer -> value, for every
// integer of the range.
func (d *decoder) integerTable(n *yaml.Node, field string, is *entente.Issue, ref entente.Ref) entente.ValueFunc {
	before := d.Errs.Len()
	es, _ := d.Pairs(n, field, "a mapping from integer to value")
	size, fits := is.Size()
	if !fits || size > int64(d.lim.Options) {
		d.Errorf(n, field, "issue %q has too many integers (%v to %v) for a table of at most %d entries (--max-options); use linear or piecewise", is.Name, is.Min, is.Max, d.lim.Options)
		return nil
	}
	t := entente.Table{Base: is.Min, Values: make([]float64, size)}
	set := make([]bool, size)
	for _, e := range es {
		x, isNum := tree.ParseNumber(e.Key)
		if !isNum || x != math.Trunc(x) || x < is.Min || x > is.Max {
			d.Errorf(e.Key, field+"."+e.Key.Value, "%q is not an integer of issue %q; expected a whole number from %v to %v", e.Key.Value, is.Name, is.Min, is.Max)
			continue
		}
		k := int(x - is.Min)
		if set[k] {
			d.Errorf(e.Key, field+"."+e.Key.Value, "integer %v is given twice; give each once", x)
			continue
		}
		ref.Kind, ref.Sub = entente.RefTableValue, k
		if e.Val.Kind == yaml.MappingNode {
			// The annotation's path names the integer as Encode writes it.
			t.Values[k], _ = d.rich(e.Val, field+"."+entente.FormatNumber(x), ref)
		} else {
			t.Values[k], _ = d.number(e.Val, field+"."+e.Key.Value)
		}
		set[k] = true
	}
	if d.Errs.Len() > before {
		return nil
	}
	var missing []string
	for k, s := range set {
		if !s {
			missing = append(missing, strconv.FormatFloat(is.Min+float64(k), 'g', -1, 64))
		}
	}
	if len(missing) > 0 {
		d.Errorf(n, field, "no value for %s of issue %q; a table gives every integer from %v to %v a value", plural("integer", missing), is.Name, is.Min, is.Max)
		return nil
	}
	return t
}

// interactions reads the interaction terms.
func (d *decoder) interactions(n *yaml.Node, field string, prof entente.ProfileRef) []entente.Interaction {
	items, ok := d.List(n, field, "a list of interaction terms")
	if !ok {
		return nil
	}
	var out []entente.Interaction
	for k, item := range items {
		f := fmt.Sprintf("%s[%d]", field, k)
		d.mark(f, item, "")
		in := entente.Interaction{}
		m := d.Fields(item, f, "an interaction: a mapping with name, when (or unless) and value", interactionKeys)
		if m == nil {
			out = append(out, in)
			continue
		}
		if e, ok := m["name"]; ok {
			in.Name, _ = d.Text(e.Val, f+".name", "the term's name")
		}
		if e, ok := m["value"]; ok {
			d.mark(f+".value", e.Val, "")
			in.Value, _ = d.rich(e.Val, f+".value", entente.Ref{Kind: entente.RefInteraction, Profile: prof, Index: k})
		} else {
			d.Missing(item, "value", f+".value", "missing; an interaction needs a value (a bonus above 0 or a penalty below 0)")
		}
		when, hasWhen := m["when"]
		unless, hasUnless := m["unless"]
		switch {
		case hasWhen && hasUnless:
			d.Errorf(unless.Key, f+".unless", "give the region with when or with unless, not both")
		case hasWhen:
			in.Boxes = d.region(when.Val, f, "when")
		case hasUnless:
			in.Boxes = d.region(unless.Val, f, "unless")
			in.Outside = true
		default:
			d.Missing(item, "when", f+".when", "missing; an interaction needs a region: when (it applies inside) or unless (it applies outside)")
		}
		out = append(out, in)
	}
	return out
}

// region reads a box, or a list of boxes (their union).
func (d *decoder) region(n *yaml.Node, field, key string) []entente.Box {
	d.mark(field+".boxes", n, field+"."+key)
	switch n.Kind {
	case yaml.MappingNode:
		return []entente.Box{d.box(n, field, 0, field+"."+key)}
	case yaml.SequenceNode:
		boxes := make([]entente.Box, 0, len(n.Content))
		for b, bn := range n.Content {
			bf := fmt.Sprintf("%s.%s[%d]", field, key, b)
			d.mark(fmt.Sprintf("%s.boxes[%d]", field, b), bn, bf)
			boxes = append(boxes, d.box(bn, field, b, bf))
		}
		return boxes
	}
	d.Errorf(n, field+"."+key, "expected a region: a mapping {issue: [options] or [min, max], ...} or a list of them, got %s", tree.Describe(n))
	return nil
}

// box reads one box: issue -> condition.
func (d *decoder) box(n *yaml.Node, field string, b int, display string) entente.Box {
	es, _ := d.Pairs(n, display, "a box: a mapping {issue: [options] or [min, max], ...}")
	var box entente.Box
	for c, e := range es {
		cf := display + "." + e.Key.Value
		i, ok := d.issue(e.Key, cf)
		if !ok {
			continue
		}
		d.mark(fmt.Sprintf("%s.boxes[%d][%d]", field, b, c), e.Val, cf)
		is := &d.s.Issues[i]
		cond := entente.Condition{Issue: i}
		if is.Kind == entente.Discrete {
			vals := []*yaml.Node{e.Val}
			if e.Val.Kind == yaml.SequenceNode {
				vals = e.Val.Content
				if len(vals) == 0 {
					d.Errorf(e.Val, cf, "no options listed; expected the options of issue %q the region covers", is.Name)
					continue
				}
			}
			cond.Options = make([]int, 0, len(vals))
			for _, v := range vals {
				t, ok := d.Text(v, cf, fmt.Sprintf("an option of issue %q", is.Name))
				if !ok {
					continue
				}
				k := is.OptionIndex(t)
				switch {
				case k < 0:
					d.Errorf(v, cf, "unknown option %q of issue %q; expected one of: %s%s", t, is.Name, list(is.Options), tree.Suggest(t, is.Options))
				case containsInt(cond.Options, k):
					d.Errorf(v, cf, "option %q is listed twice; list each once", t)
				default:
					cond.Options = append(cond.Options, k)
				}
			}
		} else if e.Val.Kind == yaml.ScalarNode {
			v, ok := d.number(e.Val, cf)
			if !ok {
				continue
			}
			cond.Min, cond.Max = v, v
		} else {
			var ok bool
			cond.Min, cond.Max, ok = d.pair(e.Val, cf, fmt.Sprintf("a range [min, max] of issue %q", is.Name))
			if !ok {
				continue
			}
		}
		box = append(box, cond)
	}
	return box
}

func containsInt(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// reservation reads a reservation value, or a package whose utility is
// the reservation value.
func (d *decoder) reservation(n *yaml.Node, field string, p *entente.Preferences, prof entente.ProfileRef) {
	rf := field + ".reservation"
	if _, isIssue := d.issueIdx["value"]; n.Kind != yaml.MappingNode || isRich(n) && !isIssue {
		p.Reservation, _ = d.rich(n, rf, entente.Ref{Kind: entente.RefReservation, Profile: prof})
		return
	}
	es, _ := d.Pairs(n, rf, "a number, or a package {issue: value, ...}")
	o := make(entente.Outcome, len(d.s.Issues))
	set := make([]bool, len(d.s.Issues))
	for _, e := range es {
		ef := rf + "." + e.Key.Value
		i, ok := d.issue(e.Key, ef)
		if !ok {
			continue
		}
		d.mark(field+".reservation_outcome."+e.Key.Value, e.Val, ef)
		is := &d.s.Issues[i]
		set[i] = true
		if is.Kind == entente.Discrete {
			t, ok := d.Text(e.Val, ef, fmt.Sprintf("an option of issue %q", is.Name))
			if !ok {
				continue
			}
			k := is.OptionIndex(t)
			if k < 0 {
				d.Errorf(e.Val, ef, "unknown option %q of issue %q; expected one of: %s%s", t, is.Name, list(is.Options), tree.Suggest(t, is.Options))
				continue
			}
			o[i] = float64(k)
		} else {
			o[i], _ = d.number(e.Val, ef)
		}
	}
	if missing := d.unset(set); len(missing) > 0 {
		d.Errorf(n, rf, "the reservation package gives no value for %s; a package settles every issue", plural("issue", missing))
	}
	p.ReservationOutcome = o
}

// rules reads the agreement rules.
func (d *decoder) rules(n *yaml.Node) {
	items, ok := d.List(n, "rules", "a list of rules")
	if !ok {
		return
	}
	parties := d.partyNames()
	for r, item := range items {
		field := fmt.Sprintf("rules[%d]", r)
		d.mark(field, item, "")
		ru := entente.Rule{}
		f := d.Fields(item, field, "a rule: a mapping with kind, parties and issues", ruleKeys)
		if f == nil {
			continue
		}
		if e, ok := f["kind"]; ok {
			if k, ok := d.Text(e.Val, field+".kind", "unanimity or affected"); ok {
				var known bool
				if ru.Kind, known = entente.ParseRuleKind(k); !known {
					d.Errorf(e.Val, field+".kind", "unknown rule %q; expected unanimity or affected%s", k, tree.Suggest(k, []string{"unanimity", "affected"}))
				}
			}
		} else {
			d.Missing(item, "kind", field+".kind", "missing; expected kind: unanimity or kind: affected")
		}
		if e, ok := f["parties"]; ok {
			d.mark(field+".parties", e.Val, "")
			ru.Parties = d.names(e.Val, field+".parties", "party", parties)
		}
		if e, ok := f["issues"]; ok {
			d.mark(field+".issues", e.Val, "")
			if ru.Kind != entente.Affected {
				d.Errorf(e.Key, field+".issues", "only an affected rule names issues; a unanimity rule lists parties only")
			}
			ru.Issues = d.names(e.Val, field+".issues", "issue", d.issueNames())
		}
		d.s.Rules = append(d.s.Rules, ru)
	}
}

// names reads a list of party or issue names as indices.
func (d *decoder) names(n *yaml.Node, field, what string, known []string) []int {
	items, ok := d.List(n, field, fmt.Sprintf("a list of %s names", what))
	if !ok {
		return nil
	}
	var out []int
	for _, item := range items {
		t, ok := d.Text(item, field, "a "+what+" name")
		if !ok {
			continue
		}
		i := -1
		for k, name := range known {
			if name == t {
				i = k
				break
			}
		}
		switch {
		case i < 0:
			d.Errorf(item, field, "unknown %s %q; expected one of: %s%s", what, t, list(known), tree.Suggest(t, known))
		case containsInt(out, i):
			d.Errorf(item, field, "%s %q is listed twice; list each once", what, t)
		default:
			out = append(out, i)
		}
	}
	return out
}

// looksNative reports whether data parses as a mapping with an "entente"
// key: only then may messages quote what the file holds.
func looksNative(name string, data []byte) bool {
	root, err := parse(name, data, 0)
	if err != nil {
		// A broken entente file still shows its version key near the top.
		head := data[:min(len(data), 4096)]
		return topKey.Match(head) && bytes.Contains(head, []byte("entente"))
	}
	return root.Kind == yaml.MappingNode && hasKey(root, "entente")
}

// countKeys are the lists of the format bounded by a limit, with what
// they count and the flag that raises it.
var countKeys = map[string]struct{ what, flag string }{
	"issues":         {"issues", "--max-issues"},
	"options":        {"options", "--max-options"},
	"piecewise":      {"points", "--max-options"},
	"parties":        {"parties", "--max-parties"},
	"members":        {"members", "--max-parties"},
	"voters":         {"voter groups", "--max-parties"},
	"constituencies": {"constituencies", "--max-parties"},
	"guarantors":     {"guarantors", "--max-parties"},
	"interactions":   {"interaction terms and boxes", "--max-terms"},
}

// checkCounts refuses, before anything is built from them, lists longer
// than the limits and mappings larger than any the format needs. It
// reports false when some count is too large.
func (d *decoder) checkCounts(n *yaml.Node, key string) bool {
	limit := func(key string) int {
		switch key {
		case "issues":
			return d.lim.Issues
		case "options", "piecewise":
			return d.lim.Options
		case "interactions":
			return d.lim.Terms
		}
		return d.lim.Parties
	}
	ok := true
	switch n.Kind {
	case yaml.SequenceNode:
		if c, bounded := countKeys[key]; bounded {
			count := len(n.Content)
			if key == "interactions" {
				for _, t := range n.Content {
					count += boxes(t)
				}
			}
			if lim := limit(key); count > lim {
				d.Errs.Add(entente.TooMany(d.File, n.Line, n.Column, key, count, lim, c.what, c.flag))
				return false
			}
		}
	case yaml.MappingNode:
		// Tables (option or integer -> value) and weights have at most
		// one entry per option or issue.
		if pairs, lim := len(n.Content)/2, max(d.lim.Options, d.lim.Issues); pairs > lim {
			d.Errs.Add(entente.TooMany(d.File, n.Line, n.Column, key, pairs, lim, "keys in one mapping", "--max-options"))
			return false
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			ok = d.checkCounts(n.Content[i+1], n.Content[i].Value) && ok
		}
		return ok
	}
	for _, c := range n.Content {
		ok = d.checkCounts(c, "") && ok
	}
	return ok
}

// boxes counts the boxes of an interaction term's region.
func boxes(term *yaml.Node) int {
	for i := 0; i+1 < len(term.Content); i += 2 {
		if k := term.Content[i].Value; k == "when" || k == "unless" {
			if r := term.Content[i+1]; r.Kind == yaml.SequenceNode {
				return len(r.Content)
			}
		}
	}
	return 0
}
