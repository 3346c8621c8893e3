package geniusweb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/entente/entente"
)

// LinearAdditive is the JSON key of the one profile type entente reads.
const LinearAdditive = "LinearAdditiveUtilitySpace"

// weightTolerance is how far from 1 the weights of a profile may sum.
// GeniusWeb demands exactly 1 in decimal arithmetic; binary floating point
// cannot always reproduce that, so allow rounding noise.
const weightTolerance = 1e-9

// FileKind says what a GeniusWeb file is, judged by its content.
type FileKind uint8

// The kinds of file Kind recognises.
const (
	// Other is anything that is not a GeniusWeb domain or profile.
	Other FileKind = iota
	// Domain is a GeniusWeb domain: a JSON object with an "issuesValues" key.
	Domain
	// Profile is a GeniusWeb profile: a JSON object with a single key
	// naming the profile type, such as LinearAdditiveUtilitySpace.
	Profile
)

// String names the kind for messages.
func (k FileKind) String() string {
	switch k {
	case Domain:
		return "GeniusWeb domain"
	case Profile:
		return "GeniusWeb profile"
	}
	return "not a GeniusWeb file"
}

// Kind tells a GeniusWeb domain from a profile and from anything else, by
// content: a domain is a JSON object with a top-level "issuesValues" key; a
// profile is a JSON object whose single key is a type name (an ASCII
// identifier starting with a capital letter) holding an object. A file that
// starts like one of these but is malformed further on is still classified,
// so that Decode can report where it breaks.
func Kind(data []byte) FileKind {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return Other
	}
	keys, first, firstIsObject := 0, "", false
	looksLikeProfile := func() bool { return keys == 1 && firstIsObject && isTypeName(first) }
	for {
		t, err := dec.Token()
		if err != nil {
			break
		}
		if t == json.Delim('}') {
			if looksLikeProfile() {
				return Profile
			}
			return Other
		}
		key, _ := t.(string)
		if key == "issuesValues" {
			return Domain
		}
		keys++
		if keys == 1 {
			first = key
			rest := bytes.TrimLeft(data[min(int(dec.InputOffset()), len(data)):], " \t\r\n:")
			firstIsObject = len(rest) > 0 && rest[0] == '{'
		}
		// Skip the value whole: the decoder's scanner is far faster than
		// reading it token by token.
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			break
		}
	}
	if looksLikeProfile() {
		return Profile
	}
	return Other
}

// isTypeName reports whether s looks like a GeniusWeb type name.
func isTypeName(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// domainDef is a domain read from a file, with the nodes it came from.
type domainDef struct {
	file   *file
	name   string
	issues []entente.Issue
	// index maps an issue name to its position; options maps each issue's
	// value text to its option index.
	index   map[string]int
	options []map[string]int
	// nameNode, issueNodes and valueNodes locate the parts for messages.
	nameNode   *node
	issuesNode *node
	issueNodes []*node   // the value set of each issue
	valueNodes [][]*node // the value strings of each issue
}

// Decode reads a GeniusWeb scenario: a domain file and one profile per
// party. The domain may be absent (a Source with empty Name and nil Data);
// then the domain embedded in the first profile is used. Party names are
// the profile file names without directory and extension; the scenario is
// named after the domain.
//
// Decode checks what GeniusWeb checks: every profile is a
// LinearAdditiveUtilitySpace (other types are EUnsupported) whose embedded
// domain equals the domain, with a weight for every issue and weights that
// sum to 1 (within 1e-9), and a utility in [0,1] for every value of every
// issue and no other. It returns the scenario and the warnings (code
// EWarning; for instance unknown keys, which are ignored), or a nil
// scenario and an entente.ErrorList of every problem found.
func Decode(domain entente.Source, profiles ...entente.Source) (*entente.Scenario, entente.ErrorList, error) {
	return Decoder{}.Decode(domain, profiles...)
}

// Decoder reads GeniusWeb scenarios within limits.
type Decoder struct {
	// Limits bound the files' counts: values, issues, values of one issue,
	// profiles (zero fields: the defaults).
	Limits entente.Limits
}

// Decode reads a GeniusWeb scenario as the package-level Decode does, and
// refuses files whose counts exceed the decoder's limits before it builds
// anything from them.
func (dc Decoder) Decode(domain entente.Source, profiles ...entente.Source) (*entente.Scenario, entente.ErrorList, error) {
	var errs, warnings entente.ErrorList
	lim := dc.Limits.Defaults()
	if len(profiles) > lim.Parties {
		errs.Add(entente.TooMany(domain.Name, 0, 0, "", len(profiles), lim.Parties, "profiles", "--max-parties"))
		return nil, warnings, errs
	}
	open := func(src entente.Source) *file {
		return &file{name: src.Name, data: src.Data, errs: &errs, warnings: &warnings, lim: lim}
	}
	var dom *domainDef
	ref := "" // how messages name the reference domain
	hasDomain := domain.Name != "" || domain.Data != nil
	if hasDomain {
		f := open(domain)
		if root := f.parse(); root != nil {
			dom = f.domainFile(root)
		}
		ref = "the domain file"
		if domain.Name != "" {
			ref += " " + filepath.Base(domain.Name)
		}
	}
	if len(profiles) == 0 {
		errs.Add(entente.Errorf(entente.EInvalid, domain.Name, 0, 0, "", "no profiles given; a GeniusWeb scenario needs one profile file per party"))
		return nil, warnings, errs
	}
	s := &entente.Scenario{}
	partyFile := map[string]string{}
	for i, src := range profiles {
		f := open(src)
		root := f.parse()
		if root == nil {
			continue
		}
		body := f.profileBody(root)
		if body == nil {
			continue
		}
		before := len(errs)
		dn := body.get("domain")
		if dn == nil {
			f.at(entente.EInvalid, body.at, joinPath(body.path(), "domain"), "missing; a profile must embed a copy of its domain")
		} else if emb := f.readDomain(dn); emb != nil {
			if dom == nil && !hasDomain {
				dom = emb
				ref = "the domain in " + filepath.Base(src.Name)
			} else if dom != nil {
				f.compareDomain(emb, dom, ref)
			}
		}
		// A profile written for another domain would only repeat the
		// mismatch in every section, so its content is checked only
		// against a matching domain.
		if dom == nil || len(errs) > before {
			continue
		}
		prefs, ok := f.readProfile(body, dom)
		if !ok {
			continue
		}
		name := partyName(src.Name, body, i)
		if other, dup := partyFile[name]; dup {
			errs.Add(entente.Errorf(entente.EInvalid, src.Name, 0, 0, "", "party name %q (from the file name) is also taken by %s; party names must be unique, so rename one of the files", name, other))
			continue
		}
		partyFile[name] = src.Name
		s.Parties = append(s.Parties, entente.Party{Name: name, Preferences: prefs})
	}
	if len(errs) > 0 || dom == nil {
		if len(errs) == 0 {
			errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, "", "no domain found"))
		}
		return nil, warnings, errs
	}
	s.Name = dom.name
	s.Issues = dom.issues
	// Everything Validate checks has been checked above with positions; this
	// is a safety net.
	if verrs := s.Validate(); len(verrs) > 0 {
		return nil, warnings, verrs
	}
	return s, warnings, nil
}

// partyName derives a party's name from its file name, falling back to the
// profile's own name and then to its position.
func partyName(path string, body *node, i int) string {
	base := filepath.Base(path)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	if path == "" || name == "" {
		if n := body.get("name"); n != nil && n.kind == kString && n.text != "" {
			return n.text
		}
		return fmt.Sprintf("party%d", i+1)
	}
	return name
}

// expect reports a problem unless n has kind k; what describes the
// expected value.
func (f *file) expect(n *node, k kind, what string) bool {
	if n.kind != k {
		f.at(entente.EInvalid, n.at, n.path(), "expected %s, found %s", what, n.kind)
		return false
	}
	return true
}

// require returns obj's member key, or reports it missing and returns nil.
func (f *file) require(obj *node, key, what string) *node {
	n := obj.get(key)
	if n == nil {
		f.at(entente.EInvalid, obj.at, joinPath(obj.path(), key), "missing; expected %s", what)
	}
	return n
}

// unknownKeys warns about members of obj not in known.
func (f *file) unknownKeys(obj *node, known ...string) {
outer:
	for _, m := range obj.members {
		for _, k := range known {
			if m.key == k {
				continue outer
			}
		}
		f.at(entente.EWarning, m.val.keyPos(), m.val.path(), "unknown key %q ignored (expected %s)", m.key, strings.Join(known, ", "))
	}
}

// number reads a JSON number.
func (f *file) number(n *node, what string) (float64, bool) {
	if !f.expect(n, kNumber, what) {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.text, 64)
	if err != nil || math.IsInf(v, 0) {
		f.at(entente.EInvalid, n.at, n.path(), "number %s is out of range; expected %s", n.text, what)
		return 0, false
	}
	return v, true
}

// domainFile reads the root of a domain file.
func (f *file) domainFile(root *node) *domainDef {
	if root.kind == kObject && len(root.members) == 1 && root.get("issuesValues") == nil && isTypeName(root.members[0].key) {
		f.at(entente.EInvalid, root.at, "", "this is a GeniusWeb profile (%s), not a domain; give the domain file first, or only the profiles", root.members[0].key)
		return nil
	}
	return f.readDomain(root)
}

// readDomain reads a domain object (a file's root or a profile's embedded
// copy). It returns nil when the domain has problems, which it reports.
func (f *file) readDomain(n *node) *domainDef {
	before := len(*f.errs)
	if !f.expect(n, kObject, `a GeniusWeb domain: an object with "name" and "issuesValues"`) {
		return nil
	}
	f.unknownKeys(n, "name", "issuesValues")
	d := &domainDef{file: f}
	if nm := f.require(n, "name", "the domain name (a string)"); nm != nil && f.expect(nm, kString, "the domain name (a string)") {
		d.name, d.nameNode = nm.text, nm
	}
	iv := f.require(n, "issuesValues", "an object from issue name to value set")
	if iv != nil && f.expect(iv, kObject, "an object from issue name to value set") {
		d.issuesNode = iv
		if len(iv.members) > f.lim.Issues {
			f.at(entente.EInvalid, iv.at, iv.path(), "%s", entente.TooMany("", 0, 0, "", len(iv.members), f.lim.Issues, "issues", "--max-issues").Message)
			return nil
		}
		if len(iv.members) == 0 {
			f.at(entente.EInvalid, iv.at, iv.path(), "the domain has no issues; it needs at least one")
		}
		for _, m := range iv.members {
			f.readIssue(d, m.key, m.val)
		}
	}
	if len(*f.errs) > before {
		return nil
	}
	d.index = make(map[string]int, len(d.issues))
	d.options = make([]map[string]int, len(d.issues))
	for i := range d.issues {
		d.index[d.issues[i].Name] = i
		d.options[i] = make(map[string]int, len(d.issues[i].Options))
		for k, o := range d.issues[i].Options {
			d.options[i][o] = k
		}
	}
	return d
}

// readIssue reads one issue's value set.
func (f *file) readIssue(d *domainDef, name string, vs *node) {
	if name == "" {
		f.at(entente.EInvalid, vs.keyPos(), vs.path(), "an issue needs a non-empty name")
	}
	const what = `a value set: an object {"values": [strings]}`
	if !f.expect(vs, kObject, what) {
		return
	}
	if vs.get("values") == nil && vs.get("range") != nil {
		f.at(entente.EUnsupported, vs.at, vs.path(), "issue %q has a numeric (range) value set, which is not supported; entente reads discrete value sets {\"values\": [strings]} only", name)
		return
	}
	f.unknownKeys(vs, "values")
	vals := f.require(vs, "values", "a list of value strings")
	if vals == nil || !f.expect(vals, kArray, "a list of value strings") {
		return
	}
	if len(vals.elems) == 0 {
		f.at(entente.EInvalid, vals.at, vals.path(), "issue %q has no values; a discrete issue needs at least one", name)
	}
	is := entente.Issue{Name: name, Kind: entente.Discrete}
	var nodes []*node
	seen := map[string]int{}
	for j, e := range vals.elems {
		if !f.expect(e, kString, "a value string (GeniusWeb discrete values are strings)") {
			continue
		}
		if k, dup := seen[e.text]; dup {
			f.at(entente.EInvalid, e.at, e.path(), "duplicate value %q (also values[%d]); the values of an issue must differ", e.text, k)
			continue
		}
		seen[e.text] = j
		is.Options = append(is.Options, e.text)
		nodes = append(nodes, e)
	}
	d.issues = append(d.issues, is)
	d.issueNodes = append(d.issueNodes, vs)
	d.valueNodes = append(d.valueNodes, nodes)
}

// compareDomain checks that a profile's embedded domain emb equals the
// reference domain ref (named refName in messages). Issue order may differ,
// since JSON objects are unordered; a different value order is only
// warned about, since values are matched by text.
func (f *file) compareDomain(emb, ref *domainDef, refName string) {
	if emb.name != ref.name {
		f.at(entente.EInvalid, emb.nameNode.at, emb.nameNode.path(), "the embedded domain is named %q, but %s names it %q", emb.name, refName, ref.name)
	}
	for i := range emb.issues {
		is := &emb.issues[i]
		vs := emb.issueNodes[i]
		j, ok := ref.index[is.Name]
		if !ok {
			f.at(entente.EInvalid, vs.keyPos(), vs.path(), "the embedded domain has issue %q, which is not in %s", is.Name, refName)
			continue
		}
		sameOrder := len(is.Options) == len(ref.issues[j].Options)
		for k, o := range is.Options {
			if _, ok := ref.options[j][o]; !ok {
				v := emb.valueNodes[i][k]
				f.at(entente.EInvalid, v.at, v.path(), "the embedded domain gives issue %q the value %q, which is not in %s", is.Name, o, refName)
				sameOrder = false
			} else if sameOrder && ref.issues[j].Options[k] != o {
				sameOrder = false
			}
		}
		missing := 0
		for _, o := range ref.issues[j].Options {
			if emb.issues[i].OptionIndex(o) < 0 {
				f.at(entente.EInvalid, vs.get("values").at, vs.get("values").path(), "the embedded domain lacks the value %q of issue %q in %s", o, is.Name, refName)
				missing++
			}
		}
		if !sameOrder && missing == 0 && len(is.Options) == len(ref.issues[j].Options) {
			v := vs.get("values")
			f.at(entente.EWarning, v.at, v.path(), "the values of issue %q are listed in another order than in %s; using the order of %s", is.Name, refName, refName)
		}
	}
	for j := range ref.issues {
		name := ref.issues[j].Name
		if _, ok := emb.index[name]; !ok {
			f.at(entente.EInvalid, emb.issuesNode.at, emb.issuesNode.path(), "the embedded domain lacks the issue %q of %s", name, refName)
		}
	}
}

// profileBody checks a profile's wrapper and returns the
// LinearAdditiveUtilitySpace object, or nil.
func (f *file) profileBody(root *node) *node {
	const what = "a GeniusWeb profile: an object with one key naming the profile type, such as " + LinearAdditive
	if !f.expect(root, kObject, what) {
		return nil
	}
	if root.get("issuesValues") != nil {
		f.at(entente.EInvalid, root.at, "", "this is a GeniusWeb domain, not a profile; give the domain file first and then the profiles")
		return nil
	}
	if len(root.members) != 1 {
		f.at(entente.EInvalid, root.at, "", "expected %s, found an object with %d keys", what, len(root.members))
		return nil
	}
	m := root.members[0]
	if !isTypeName(m.key) {
		f.at(entente.EInvalid, m.val.keyPos(), "", "expected %s, found the key %q", what, m.key)
		return nil
	}
	if m.key != LinearAdditive {
		f.at(entente.EUnsupported, m.val.keyPos(), m.key, "profile type %q is not supported; entente reads %s profiles only", m.key, LinearAdditive)
		return nil
	}
	if !f.expect(m.val, kObject, "an object with the profile's domain, issueUtilities, issueWeights and reservationBid") {
		return nil
	}
	return m.val
}

// readProfile reads a LinearAdditiveUtilitySpace against the domain.
func (f *file) readProfile(body *node, dom *domainDef) (entente.Preferences, bool) {
	before := len(*f.errs)
	f.unknownKeys(body, "name", "domain", "issueUtilities", "issueWeights", "reservationBid")
	if n := body.get("name"); n != nil {
		f.expect(n, kString, "the profile name (a string)")
	}
	n := len(dom.issues)
	p := entente.Preferences{
		Normalization: entente.AsWritten,
		Weights:       make([]float64, n),
		Values:        make([]entente.ValueFunc, n),
	}
	tables := f.issueUtilities(body, dom)
	weights := f.issueWeights(body, dom)
	if len(*f.errs) > before {
		return p, false
	}
	for i := range dom.issues {
		p.Weights[i] = weights[i]
		p.Values[i] = entente.Table{Values: tables[i]}
	}
	f.reservation(body, dom, &p)
	return p, len(*f.errs) == before
}

// issueUtilities reads the value utilities of every issue, as tables in the
// domain's value order.
func (f *file) issueUtilities(body *node, dom *domainDef) [][]float64 {
	const what = `an object from issue name to {"discreteutils": {"valueUtilities": {value: utility}}}`
	iu := f.require(body, "issueUtilities", what)
	if iu == nil || !f.expect(iu, kObject, what) {
		return nil
	}
	tables := make([][]float64, len(dom.issues))
	for _, m := range iu.members {
		i, ok := dom.index[m.key]
		if !ok {
			f.at(entente.EInvalid, m.val.keyPos(), m.val.path(), "issue %q is not in the domain", m.key)
			continue
		}
		tables[i] = f.valueUtilities(m.val, dom, i)
	}
	for i := range dom.issues {
		if iu.get(dom.issues[i].Name) == nil {
			f.at(entente.EInvalid, iu.at, iu.path(), "issue %q has no value utilities; give them for every issue of the domain", dom.issues[i].Name)
		}
	}
	return tables
}

// valueUtilities reads one issue's {"discreteutils": {"valueUtilities":
// ...}}.
func (f *file) valueUtilities(n *node, dom *domainDef, i int) []float64 {
	name := dom.issues[i].Name
	const what = `{"discreteutils": {"valueUtilities": {value: utility}}}`
	if !f.expect(n, kObject, what) {
		return nil
	}
	du := n.get("discreteutils")
	if du == nil {
		if len(n.members) == 1 {
			f.at(entente.EUnsupported, n.members[0].val.keyPos(), n.members[0].val.path(),
				"value utilities of type %q are not supported for issue %q; entente reads discreteutils only", n.members[0].key, name)
		} else {
			f.at(entente.EInvalid, n.at, n.path(), "expected %s", what)
		}
		return nil
	}
	f.unknownKeys(n, "discreteutils")
	if !f.expect(du, kObject, `{"valueUtilities": {value: utility}}`) {
		return nil
	}
	f.unknownKeys(du, "valueUtilities")
	vu := f.require(du, "valueUtilities", "an object from value to utility")
	if vu == nil || !f.expect(vu, kObject, "an object from value to utility") {
		return nil
	}
	opts := dom.options[i]
	table := make([]float64, len(dom.issues[i].Options))
	have := make([]bool, len(table))
	for _, m := range vu.members {
		k, ok := opts[m.key]
		if !ok {
			f.at(entente.EInvalid, m.val.keyPos(), m.val.path(), "%q is not a value of issue %q", m.key, name)
			continue
		}
		have[k] = true
		v, ok := f.number(m.val, "a utility in [0,1]")
		if !ok {
			continue
		}
		if !(v >= 0 && v <= 1) {
			f.at(entente.EInvalid, m.val.at, m.val.path(), "utility %s is outside [0,1]; GeniusWeb value utilities lie in [0,1]", m.val.text)
			continue
		}
		table[k] = v
	}
	for k, ok := range have {
		if !ok {
			f.at(entente.EInvalid, vu.at, vu.path(), "value %q of issue %q has no utility; give one for every value", dom.issues[i].Options[k], name)
		}
	}
	return table
}

// issueWeights reads the weights, in issue order, and checks that they sum
// to 1.
func (f *file) issueWeights(body *node, dom *domainDef) []float64 {
	const what = "an object from issue name to weight"
	iw := f.require(body, "issueWeights", what)
	if iw == nil || !f.expect(iw, kObject, what) {
		return nil
	}
	before := len(*f.errs)
	w := make([]float64, len(dom.issues))
	for _, m := range iw.members {
		i, ok := dom.index[m.key]
		if !ok {
			f.at(entente.EInvalid, m.val.keyPos(), m.val.path(), "issue %q is not in the domain", m.key)
			continue
		}
		v, ok := f.number(m.val, "a weight in [0,1]")
		if !ok {
			continue
		}
		if !(v >= 0 && v <= 1) {
			f.at(entente.EInvalid, m.val.at, m.val.path(), "weight %s is outside [0,1]", m.val.text)
			continue
		}
		w[i] = v
	}
	for i := range dom.issues {
		if iw.get(dom.issues[i].Name) == nil {
			f.at(entente.EInvalid, iw.at, iw.path(), "issue %q has no weight; give one for every issue of the domain", dom.issues[i].Name)
		}
	}
	if len(*f.errs) > before {
		return w
	}
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	if math.Abs(sum-1) > weightTolerance {
		f.at(entente.EInvalid, iw.at, iw.path(), "the weights sum to %s; GeniusWeb needs them to sum to 1", strconv.FormatFloat(sum, 'g', 15, 64))
	}
	return w
}

// reservation reads the optional reservationBid into p. A complete bid
// becomes p.ReservationOutcome; a partial one (GeniusWeb lets missing
// issues contribute 0) becomes p.Reservation, its utility.
func (f *file) reservation(body *node, dom *domainDef, p *entente.Preferences) {
	rb := body.get("reservationBid")
	if rb == nil || rb.kind == kNull {
		return
	}
	const what = `a bid: {"issuevalues": {issue: value}}`
	if !f.expect(rb, kObject, what) {
		return
	}
	f.unknownKeys(rb, "issuevalues")
	iv := f.require(rb, "issuevalues", "an object from issue name to value")
	if iv == nil || !f.expect(iv, kObject, "an object from issue name to value") {
		return
	}
	before := len(*f.errs)
	bid := make(entente.Outcome, len(dom.issues))
	set := make([]bool, len(dom.issues))
	for _, m := range iv.members {
		i, ok := dom.index[m.key]
		if !ok {
			f.at(entente.EInvalid, m.val.keyPos(), m.val.path(), "issue %q is not in the domain", m.key)
			continue
		}
		if !f.expect(m.val, kString, fmt.Sprintf("a value of issue %q (a string)", m.key)) {
			continue
		}
		k, ok := dom.options[i][m.val.text]
		if !ok {
			f.at(entente.EInvalid, m.val.at, m.val.path(), "%q is not a value of issue %q", m.val.text, m.key)
			continue
		}
		bid[i], set[i] = float64(k), true
	}
	if len(*f.errs) > before {
		return
	}
	var missing []string
	rv := 0.0
	for i, ok := range set {
		if !ok {
			missing = append(missing, strconv.Quote(dom.issues[i].Name))
			continue
		}
		rv += p.Weights[i] * p.Values[i].Value(bid[i])
	}
	if len(missing) == 0 {
		p.ReservationOutcome = bid
		return
	}
	p.Reservation = rv
	f.at(entente.EWarning, iv.at, iv.path(), "the reservation bid is partial (no value for %s); those issues contribute 0, so the reservation value is %s",
		strings.Join(missing, ", "), strconv.FormatFloat(rv, 'g', -1, 64))
}
