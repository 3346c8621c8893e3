package tree

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"go.yaml.in/yaml/v3"
)

// Reader reads the nodes of a file, recording every problem it finds in
// Errs with the file, line, column and field, and carrying on, so that a
// file with four mistakes gets four messages.
type Reader struct {
	// File names the file in messages; a reader that follows references
	// into other files sets it as it goes.
	File string
	Errs Errors
	// Hint, when set, may give the message for an unknown key (at the
	// field path of its mapping) instead of "unknown key; expected one
	// of": a key that belongs elsewhere, say.
	Hint func(field, key string) string
	// suggested holds, per mapping, the keys suggested for misspelt ones,
	// so that the key is not also reported missing.
	suggested map[*yaml.Node]map[string]bool
}

// Entry is a key and its value in a mapping.
type Entry struct{ Key, Val *yaml.Node }

// Errorf records an invalid-input problem at node n.
func (r *Reader) Errorf(n *yaml.Node, field, format string, args ...any) {
	r.Errs.At(entente.EInvalid, r.File, n, field, format, args...)
}

// Unsupportedf records, at node n, input that is well formed but not
// supported.
func (r *Reader) Unsupportedf(n *yaml.Node, field, format string, args ...any) {
	r.Errs.At(entente.EUnsupported, r.File, n, field, format, args...)
}

// Pairs returns the entries of a mapping in order, reporting keys that are
// not scalars and duplicate keys (and leaving them out). It reports false,
// and a problem "expected want, got ...", when n is not a mapping.
func (r *Reader) Pairs(n *yaml.Node, field, want string) ([]Entry, bool) {
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, field, "expected %s, got %s", want, Describe(n))
		return nil, false
	}
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	out := make([]Entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
			r.Errorf(k, field, "expected a name as key, got %s", Describe(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			r.Errorf(k, Join(field, k.Value), "duplicate key %q (first given at line %d); give each key once", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, Entry{k, v})
	}
	return out, true
}

// Fields reads a mapping with a fixed set of keys: it returns the entries
// by key, reporting unknown keys (with a suggestion for a likely typo) as
// well as what Pairs reports. It returns nil when n is not a mapping.
func (r *Reader) Fields(n *yaml.Node, field, want string, known []string) map[string]Entry {
	es, ok := r.Pairs(n, field, want)
	if !ok {
		return nil
	}
	m := make(map[string]Entry, len(es))
	for _, e := range es {
		k := e.Key.Value
		if !contains(known, k) {
			hint := ""
			if r.Hint != nil {
				hint = r.Hint(field, k)
			}
			r.Unknown(n, e.Key, field, known, hint)
			continue
		}
		m[k] = e
	}
	return m
}

// Unknown reports the unknown key k of mapping n: "unknown key; expected
// one of ..." with a suggestion, or the message given.
func (r *Reader) Unknown(n, k *yaml.Node, field string, known []string, message string) {
	if message != "" {
		r.Errorf(k, Join(field, k.Value), "%s", message)
		return
	}
	s := Suggestion(k.Value, known)
	hint := ""
	if s != "" {
		hint = " (did you mean " + strconv.Quote(s) + "?)"
		if r.suggested == nil {
			r.suggested = map[*yaml.Node]map[string]bool{}
		}
		if r.suggested[n] == nil {
			r.suggested[n] = map[string]bool{}
		}
		r.suggested[n][s] = true
	}
	r.Errorf(k, Join(field, k.Value), "unknown key %q; expected one of: %s%s", k.Value, strings.Join(known, ", "), hint)
}

// Missing reports a required key that mapping n lacks, at n, unless a
// misspelt key was already reported with this key as the suggestion.
func (r *Reader) Missing(n *yaml.Node, key, field, format string, args ...any) {
	if !r.suggested[n][key] {
		r.Errorf(n, field, format, args...)
	}
}

// List reads a sequence.
func (r *Reader) List(n *yaml.Node, field, want string) ([]*yaml.Node, bool) {
	if n.Kind != yaml.SequenceNode {
		r.Errorf(n, field, "expected %s, got %s", want, Describe(n))
		return nil, false
	}
	return n.Content, true
}

// Text reads a scalar as the text written: unquoted numbers and words
// count as their text (10 is the text "10"); null is not text.
func (r *Reader) Text(n *yaml.Node, field, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.Errorf(n, field, "expected %s, got %s", want, Describe(n))
		return "", false
	}
	return n.Value, true
}

// Bool reads true or false.
func (r *Reader) Bool(n *yaml.Node, field string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var b bool
		if n.Decode(&b) == nil {
			return b, true
		}
	}
	r.Errorf(n, field, "expected true or false, got %s", Describe(n))
	return false, false
}

// Int reads a whole number from lo to hi.
func (r *Reader) Int(n *yaml.Node, field string, lo, hi int64) (int64, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		var v int64
		if n.Decode(&v) == nil {
			switch {
			case v < lo:
				r.Errorf(n, field, "%d is too small; expected at least %d", v, lo)
				return 0, false
			case v > hi:
				r.Errorf(n, field, "%d is too large; expected at most %d", v, hi)
				return 0, false
			}
			return v, true
		}
	}
	r.Errorf(n, field, "expected a whole number, got %s", Describe(n))
	return 0, false
}

// NumberSyntax is the plain number syntax shared by YAML and JSON.
var NumberSyntax = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// plainNumber reports whether s matches NumberSyntax, without the regular
// expression (a scenario has thousands of numbers): an optional sign,
// digits with an optional fraction or a fraction alone, and an optional
// exponent.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if digits() > 0 {
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	} else {
		if i >= len(s) || s[i] != '.' {
			return false
		}
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// Number reads a finite number. Plain decimal numbers are read with
// strconv.ParseFloat, so that the shortest form of a float64 comes back
// bit for bit (negative zero included); other YAML forms (0x10, 1_000) are
// resolved by the YAML library.
func (r *Reader) Number(n *yaml.Node, field string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && n.Style == 0 && plainNumber(n.Value) {
		// A number too large for a float64 (1e400): YAML reads it as text.
		if _, err := strconv.ParseFloat(n.Value, 64); isRange(err) {
			r.Errorf(n, field, "expected a finite number, got %s (beyond ±1.8e308)", n.Value)
			return 0, false
		}
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		r.Errorf(n, field, "expected a number, got %s", Describe(n))
		return 0, false
	}
	v, ok := ParseNumber(n)
	if !ok {
		r.Errorf(n, field, "expected a number, got %s", Describe(n))
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.Errorf(n, field, "expected a finite number, got %s", n.Value)
		return 0, false
	}
	return v, true
}

// ParseNumber reads the number in a scalar node, whatever its tag.
func ParseNumber(n *yaml.Node) (float64, bool) {
	if plainNumber(n.Value) {
		v, err := strconv.ParseFloat(n.Value, 64)
		return v, err == nil || isRange(err)
	}
	if n.Tag != "!!int" && n.Tag != "!!float" {
		return 0, false
	}
	var v float64
	if err := n.Decode(&v); err != nil {
		return 0, false
	}
	return v, true
}

// isRange reports a ParseFloat overflow, which yields ±Inf (reported as
// not finite).
func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// Describe names what a node holds, for "expected X, got Y" messages.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing (null)"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return strconv.Quote(n.Value)
		}
		if t := []rune(n.Value); len(t) > 40 {
			return "the text " + strconv.Quote(string(t[:40])+"...")
		}
		return "the text " + strconv.Quote(n.Value)
	}
	return "an alias"
}

// Join appends a key to a field path.
func Join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// Aliases calls fn for each YAML alias (*name) under n, in file order, up
// to MaxErrors of them. Readers refuse aliases: expanding them could blow
// a small file up, and a file reads better without them.
func Aliases(n *yaml.Node, fn func(alias *yaml.Node)) int {
	count := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if count >= MaxErrors {
			return
		}
		if n.Kind == yaml.AliasNode {
			count++
			fn(n)
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return count
}

// RejectAliases records a problem for each alias under n and reports
// whether there was none.
func (r *Reader) RejectAliases(n *yaml.Node) bool {
	return Aliases(n, func(a *yaml.Node) {
		r.Errorf(a, "", "YAML aliases (*%s) are not supported; write the value out in full", a.Value)
	}) == 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
