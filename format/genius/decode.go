package genius

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/entente/entente"
)

// Decode reads a GENIUS scenario: the domain file and one profile per
// party, in party order. Party names are the profile file names without
// directory and extension; the scenario is named after the domain file in
// the same way (callers may rename it, for instance after its folder).
//
// It returns the scenario, the warnings (code entente.EWarning: things
// GENIUS tolerates but a reader should know about), and an error, which is
// an entente.ErrorList of *entente.Error located at file:line:col, when a
// file is malformed or describes something GENIUS 10.4 cannot evaluate.
func Decode(domain entente.Source, profiles ...entente.Source) (*entente.Scenario, entente.ErrorList, error) {
	return Decoder{}.Decode(domain, profiles...)
}

// Decoder reads GENIUS scenarios within limits.
type Decoder struct {
	// Limits bound the files' counts: elements, issues, items per issue,
	// hyper-rectangles per profile (zero fields: the defaults).
	Limits entente.Limits
}

// Decode reads a GENIUS scenario as the package-level Decode does, and
// refuses files whose counts exceed the decoder's limits before it builds
// anything from them.
func (dc Decoder) Decode(domain entente.Source, profiles ...entente.Source) (*entente.Scenario, entente.ErrorList, error) {
	var errs, warns entente.ErrorList
	lim := dc.Limits.Defaults()
	if len(profiles) > lim.Parties {
		errs.Add(entente.TooMany(domain.Name, 0, 0, "", len(profiles), lim.Parties, "profiles", "--max-parties"))
		return nil, warns, errs
	}
	dom := readDomain(domain, lim, &errs, &warns)
	if dom == nil {
		return nil, warns, errs
	}
	if len(profiles) == 0 {
		errs.Add(entente.Errorf(entente.EInvalid, domain.Name, 0, 0, "", "no profile given; a GENIUS scenario needs one profile file (root element utility_space) per party"))
		return nil, warns, errs
	}
	s := &entente.Scenario{Name: baseName(domain.Name, "scenario"), Description: dom.description, Issues: dom.issues}
	used := map[string]bool{}
	for i, src := range profiles {
		prefs, ok := readProfile(src, dom, lim, &errs, &warns)
		name := baseName(src.Name, fmt.Sprintf("party %d", i+1))
		if used[name] {
			k := 2
			for used[fmt.Sprintf("%s (%d)", name, k)] {
				k++
			}
			renamed := fmt.Sprintf("%s (%d)", name, k)
			warns.Add(entente.Errorf(entente.EWarning, src.Name, 0, 0, "", "another profile already gives the party name %q; this party is named %q", name, renamed))
			name = renamed
		}
		used[name] = true
		if ok {
			s.Parties = append(s.Parties, entente.Party{Name: name, Preferences: prefs})
		}
	}
	if len(errs) > 0 {
		return nil, warns, errs
	}
	// Decode checks everything Validate does, with positions; this is a
	// safety net that names the file at least.
	for _, e := range s.Validate() {
		e.File = domain.Name
		var p int
		if _, err := fmt.Sscanf(e.Field, "parties[%d]", &p); err == nil && p >= 0 && p < len(profiles) {
			e.File = profiles[p].Name
		}
		errs.Add(e)
	}
	if len(errs) > 0 {
		return nil, warns, errs
	}
	return s, warns, nil
}

// baseName is a file's name without directory and extension.
func baseName(path, fallback string) string {
	if path == "" {
		return fallback
	}
	b := filepath.Base(path)
	b = strings.TrimSuffix(b, filepath.Ext(b))
	if b == "" || b == "." || b == string(filepath.Separator) {
		return fallback
	}
	return b
}

// reader collects the problems found in one file.
type reader struct {
	d     *doc
	errs  *entente.ErrorList
	warns *entente.ErrorList
}

// failf records an error at an element, or at one of its attributes when
// attr is not empty.
func (r *reader) failf(code string, n *node, attr, field, format string, args ...any) {
	r.errs.Add(r.at(code, n, attr, field, format, args...))
}

// warnf records a warning at an element or one of its attributes.
func (r *reader) warnf(n *node, attr, field, format string, args ...any) {
	r.warns.Add(r.at(entente.EWarning, n, attr, field, format, args...))
}

func (r *reader) at(code string, n *node, attr, field, format string, args ...any) *entente.Error {
	off := 0
	if n != nil {
		off = n.Off
		if attr != "" {
			off = r.d.AttrOffset(n, attr)
		}
	}
	return r.d.ErrAt(code, off, field, format, args...)
}

// number reads a required numeric attribute.
func (r *reader) number(n *node, attr, field string) (float64, bool) {
	s, ok := n.Attr(attr)
	if !ok {
		r.failf(entente.EInvalid, n, "", field, "<%s> has no %s attribute; expected a number", n.Name, attr)
		return 0, false
	}
	v, ok := parseFloat(s)
	if !ok {
		r.failf(entente.EInvalid, n, attr, field, "%s=%s is not a finite number", attr, describeAttr(s))
		return 0, false
	}
	return v, true
}

// integer reads a required integer attribute (32-bit, as GENIUS's int).
func (r *reader) integer(n *node, attr, field string) (int, bool) {
	s, ok := n.Attr(attr)
	if !ok {
		r.failf(entente.EInvalid, n, "", field, "<%s> has no %s attribute; expected a whole number", n.Name, attr)
		return 0, false
	}
	v, ok := parseInt(s)
	if !ok {
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && isWhole(s) {
			r.failf(entente.EInvalid, n, attr, field, "%s=%s is outside the 32-bit range GENIUS reads (-2147483648..2147483647)", attr, describeAttr(s))
		} else {
			r.failf(entente.EInvalid, n, attr, field, "%s=%s is not a whole number (GENIUS reads a 32-bit integer)", attr, describeAttr(s))
		}
		return 0, false
	}
	return v, true
}

// domain is a decoded domain file.
type domain struct {
	file        string
	description string
	objIndex    int
	issues      []entente.Issue
	indices     []int            // GENIUS index of each issue
	pos         map[int]int      // GENIUS index -> issue position
	options     []map[string]int // option text -> option index, per issue
}

// issueField names an issue in error messages.
func issueField(name string, index int) string {
	if name != "" {
		return fmt.Sprintf("issue %q", name)
	}
	return fmt.Sprintf("issue %d", index)
}

// kindText reads an issue's kind as entente does: the type attribute, else
// etype, else vtype, else discrete. GENIUS itself reads only type, so a
// disagreement is reported.
func kindText(r *reader, n *node, field string) (kind, attr string) {
	kind, attr = "discrete", ""
	for _, a := range []string{"type", "etype", "vtype"} {
		if v, ok := n.Attr(a); ok && v != "" {
			kind, attr = v, a
			break
		}
	}
	for _, a := range []string{"etype", "vtype"} {
		if v, ok := n.Attr(a); ok && v != "" && a != attr && !strings.EqualFold(v, kind) {
			r.warnf(n, a, field, "%s=%q disagrees with %s=%q, which decides", a, v, attr, kind)
		}
	}
	if attr != "type" && attr != "" && !strings.EqualFold(kind, "discrete") {
		r.warnf(n, attr, field, "the issue has no type attribute: GENIUS 10.4 reads only type and would take it as discrete; read as %s from %s", kind, attr)
	}
	return kind, attr
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// readDomain reads the domain file. It returns nil when the domain cannot
// be used at all.
func readDomain(src entente.Source, lim entente.Limits, errs, warns *entente.ErrorList) *domain {
	d, perr := parseXML(src, lim)
	if perr != nil {
		errs.Add(perr)
		return nil
	}
	r := &reader{d: d, errs: errs, warns: warns}
	root := d.Root
	switch root.Name {
	case "negotiation_template":
	case "utility_space":
		r.failf(entente.EInvalid, root, "", "", "this is a GENIUS profile (root element utility_space); expected a domain file, whose root element is negotiation_template")
		return nil
	default:
		r.failf(entente.EInvalid, root, "", "", "root element <%s>; expected negotiation_template (a GENIUS domain file)", root.Name)
		return nil
	}
	us := root.Child("utility_space")
	if us == nil {
		r.failf(entente.EInvalid, root, "", "", "<negotiation_template> has no <utility_space> child; expected the issues inside <utility_space><objective>")
		return nil
	}
	obj := objectiveOf(r, us)
	if obj == nil {
		return nil
	}
	dom := &domain{file: src.Name, pos: map[int]int{}}
	dom.description, _ = obj.Attr("description")
	var ok bool
	if dom.objIndex, ok = r.integer(obj, "index", "objective"); !ok {
		return nil
	}
	before := len(*errs)
	names := map[string]*node{}
	for _, n := range obj.Children("issue") {
		is, index, ok := readDomainIssue(r, n)
		if !ok {
			continue
		}
		field := issueField(is.Name, index)
		if index == dom.objIndex {
			r.failf(entente.EInvalid, n, "index", field, "index %d is the objective's own index; issue indices must differ from it", index)
			continue
		}
		if _, dup := dom.pos[index]; dup {
			r.failf(entente.EInvalid, n, "index", field, "index %d is used by two issues (also %q); issue indices must be unique", index, dom.issues[dom.pos[index]].Name)
			continue
		}
		if prev, dup := names[is.Name]; dup {
			line, col := d.Pos(prev.Off)
			r.failf(entente.EInvalid, n, "name", field, "duplicate issue name %q (also at line %d:%d); issue names must be unique", is.Name, line, col)
			continue
		}
		names[is.Name] = n
		opts := make(map[string]int, len(is.Options))
		for k, o := range is.Options {
			opts[o] = k
		}
		dom.pos[index] = len(dom.issues)
		dom.issues = append(dom.issues, is)
		dom.indices = append(dom.indices, index)
		dom.options = append(dom.options, opts)
	}
	if len(*errs) > before {
		return nil
	}
	if len(dom.issues) == 0 {
		r.failf(entente.EInvalid, obj, "", "objective", "the domain has no issues; expected <issue> elements inside <objective>")
		return nil
	}
	return dom
}

// objectiveOf returns the objective inside a utility_space element, and
// refuses what entente does not read (nested objectives).
func objectiveOf(r *reader, us *node) *node {
	objs := us.Children("objective")
	if len(objs) == 0 {
		r.failf(entente.EInvalid, us, "", "", "<%s> has no <objective> child; expected the issues inside <objective>", us.Name)
		return nil
	}
	for _, extra := range objs[1:] {
		r.warnf(extra, "", "objective", "a second <objective> at this level is ignored; GENIUS reads the first one")
	}
	obj := objs[0]
	if nested := obj.Child("objective"); nested != nil {
		r.failf(entente.EUnsupported, nested, "", "objective", "nested objectives are not supported; expected all issues directly inside the root objective")
		return nil
	}
	return obj
}

// readDomainIssue reads one issue of the domain.
func readDomainIssue(r *reader, n *node) (entente.Issue, int, bool) {
	name, hasName := n.Attr("name")
	index, ok := r.integer(n, "index", issueField(name, 0))
	if !ok {
		return entente.Issue{}, 0, false
	}
	field := issueField(name, index)
	if !hasName || name == "" {
		r.failf(entente.EInvalid, n, "", field, "the issue has no name; expected a name attribute")
		return entente.Issue{}, 0, false
	}
	is := entente.Issue{Name: name}
	is.Description, _ = n.Attr("description")
	kind, attr := kindText(r, n, field)
	k, known := entente.ParseIssueKind(strings.ToLower(kind))
	if !known {
		r.failf(entente.EInvalid, n, attr, field, "issue type %q is unknown; expected discrete, integer or real", kind)
		return is, 0, false
	}
	is.Kind = k
	switch k {
	case entente.Discrete:
		seen := map[string]*node{}
		for _, it := range n.Children("item") {
			v, ok := it.Attr("value")
			if !ok {
				r.failf(entente.EInvalid, it, "", field, "<item> has no value attribute; expected the value's text")
				return is, 0, false
			}
			if prev, dup := seen[v]; dup {
				line, col := r.d.Pos(prev.Off)
				r.failf(entente.EInvalid, it, "value", field, "value %q is listed twice (also at line %d:%d); values must be unique", v, line, col)
				return is, 0, false
			}
			seen[v] = it
			is.Options = append(is.Options, v)
		}
		if len(is.Options) == 0 {
			r.failf(entente.EInvalid, n, "", field, "discrete issue %q has no values; expected <item value=...> children", name)
			return is, 0, false
		}
	case entente.Integer:
		lo, hi, ok := integerBounds(r, n, field, "domain")
		if !ok {
			return is, 0, false
		}
		is.Min, is.Max = float64(lo), float64(hi)
	case entente.Real:
		rg := n.Child("range")
		if rg == nil {
			r.failf(entente.EInvalid, n, "", field, "real issue %q has no <range> child; expected <range lowerbound=... upperbound=.../>", name)
			return is, 0, false
		}
		lo, ok1 := r.number(rg, "lowerbound", field)
		hi, ok2 := r.number(rg, "upperbound", field)
		if !ok1 || !ok2 {
			return is, 0, false
		}
		if lo > hi {
			r.failf(entente.EInvalid, rg, "lowerbound", field, "lowerbound %v is above upperbound %v", lo, hi)
			return is, 0, false
		}
		is.Min, is.Max = lo, hi
	}
	return is, index, true
}

// integerBounds reads an integer issue's bounds: the lowerbound and
// upperbound attributes, as GENIUS 10.4 does, or else (old files such as
// web_service) a <range> child, with a warning.
func integerBounds(r *reader, n *node, field, what string) (lo, hi int, ok bool) {
	_, hasLo := n.Attr("lowerbound")
	_, hasHi := n.Attr("upperbound")
	src := n
	if !hasLo && !hasHi {
		if rg := n.Child("range"); rg != nil {
			src = rg
			r.warnf(rg, "", field, "the integer bounds are in a <range> child; GENIUS 10.4 reads only the lowerbound and upperbound attributes of the issue and cannot load this %s; bounds taken from <range>", what)
		}
	}
	lo, ok1 := r.integer(src, "lowerbound", field)
	hi, ok2 := r.integer(src, "upperbound", field)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if lo > hi {
		r.failf(entente.EInvalid, src, "lowerbound", field, "lowerbound %d is above upperbound %d", lo, hi)
		return 0, 0, false
	}
	return lo, hi, true
}

// isWhole reports whether s is written as a whole number (digits with an
// optional sign), however large.
func isWhole(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
