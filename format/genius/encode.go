package genius

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// maxBoxes bounds the union an interaction term may have: a union of k
// boxes becomes up to 2^k - 1 hyper-rectangles.
const maxBoxes = 12

// Encode writes a scenario as GENIUS XML that GENIUS 10.4 loads with the
// same utilities: the domain file, and one profile per party in party
// order. Issues are numbered 1..n under an objective with index 0.
//
// Additive profiles become linear-additive profiles. Discrete tables
// normalised the GENIUS way are written as stored; other discrete values
// are divided by their maximum and the weight multiplied by it, so that
// GENIUS's division by the largest evaluation gives the same utility.
// Profiles made only of interaction terms on integer issues become
// nonlinear (hyper-rectangle) profiles. A reservation outcome is written
// as its utility.
//
// What GENIUS cannot express (piecewise functions, tables for integer
// issues, interaction terms mixed with an additive part or bounding
// discrete or real issues, an as-written profile whose utilities exceed 1,
// agreement rules) is refused with an entente.EUnsupported error naming the
// party, the issue and the reason.
func Encode(s *entente.Scenario) (domain []byte, profiles [][]byte, err error) {
	if errs := s.Validate(); len(errs) > 0 {
		return nil, nil, errs
	}
	var errs entente.ErrorList
	unsupported := func(field, format string, args ...any) {
		errs.Add(entente.Errorf(entente.EUnsupported, "", 0, 0, field, format, args...))
	}
	if field, what := s.NativeOnly(); field != "" {
		unsupported(field, "GENIUS cannot express %s; write the scenario in the native format, or remove it to export", what)
	}
	for r, ru := range s.Rules {
		if ru.Kind != entente.Unanimity || (len(ru.Parties) != 0 && len(ru.Parties) != len(s.Parties)) {
			unsupported(fmt.Sprintf("rules[%d]", r), "GENIUS has no agreement rules beyond unanimity of all parties; remove the %s rule to export", ru.Kind)
		}
	}
	for i := range s.Issues {
		is := &s.Issues[i]
		f := fmt.Sprintf("issues[%d]", i)
		if err := xmlSafe(is.Name); err != "" {
			unsupported(f+".name", "issue name %q %s", is.Name, err)
		}
		if err := xmlSafe(is.Description); err != "" {
			unsupported(f+".description", "the description of issue %q %s", is.Name, err)
		}
		for k, o := range is.Options {
			if err := xmlSafe(o); err != "" {
				unsupported(fmt.Sprintf("%s.options[%d]", f, k), "option %q of issue %q %s", o, is.Name, err)
			}
		}
		if is.Kind == entente.Integer && (is.Min < math.MinInt32 || is.Max > math.MaxInt32) {
			unsupported(f+".range", "issue %q: bounds %v..%v do not fit GENIUS's 32-bit integers", is.Name, is.Min, is.Max)
		}
	}
	if err := xmlSafe(s.Name + s.Description); err != "" {
		unsupported("name", "the scenario's name or description %s", err)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	domain = writeDomain(s)
	for p := range s.Parties {
		data, perrs := writeProfile(s, p)
		errs = append(errs, perrs...)
		profiles = append(profiles, data)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return domain, profiles, nil
}

// xmlSafe says what stops a string from being written as an XML
// attribute value, or "" when nothing does.
func xmlSafe(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return fmt.Sprintf("contains the character %U, which XML cannot hold", r)
		}
	}
	return ""
}

// writer builds an indented XML document in the subset GENIUS's own
// parser reads: attributes separated by single spaces, no comments.
type writer struct {
	b     bytes.Buffer
	depth int
}

// tag writes a start tag (or an empty element when empty is set) with
// attributes given as name, value pairs.
func (w *writer) tag(name string, empty bool, attrs ...string) {
	for range w.depth {
		w.b.WriteString("  ")
	}
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteByte('=')
		w.b.WriteString(quoteAttr(attrs[i+1]))
	}
	if empty {
		w.b.WriteString("/>\n")
		return
	}
	w.b.WriteString(">\n")
	w.depth++
}

func (w *writer) open(name string, attrs ...string)  { w.tag(name, false, attrs...) }
func (w *writer) empty(name string, attrs ...string) { w.tag(name, true, attrs...) }

func (w *writer) close(name string) {
	w.depth--
	for range w.depth {
		w.b.WriteString("  ")
	}
	w.b.WriteString("</" + name + ">\n")
}

// quoteAttr quotes an attribute value. GENIUS's parser does not decode
// entity references, so it escapes as little as possible: only &, <, >,
// line breaks and tabs, and the quote character, which is chosen so that
// a value with only one kind of quote needs no escape. GENIUS then reads
// the same text in the domain and in every profile, so values still match.
func quoteAttr(v string) string {
	q := '"'
	if strings.ContainsRune(v, '"') && !strings.ContainsRune(v, '\'') {
		q = '\''
	}
	var b strings.Builder
	b.WriteRune(q)
	for _, r := range v {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\t':
			b.WriteString("&#9;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		case q:
			if q == '"' {
				b.WriteString("&quot;")
			} else {
				b.WriteString("&apos;")
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteRune(q)
	return b.String()
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// issueAttrs are the attributes of issue i's element; integer issues get
// their bounds from the domain.
func issueAttrs(i int, is *entente.Issue) []string {
	if is.Kind == entente.Integer {
		return integerAttrs(i, is, is.Min, is.Max)
	}
	k := is.Kind.String()
	return []string{"index", itoa(int64(i + 1)), "name", is.Name, "type", k, "etype", k, "vtype", k}
}

// integerAttrs are the attributes of an integer issue's element with the
// given bounds.
func integerAttrs(i int, is *entente.Issue, lo, hi float64) []string {
	k := is.Kind.String()
	return []string{"index", itoa(int64(i + 1)), "name", is.Name, "type", k, "etype", k, "vtype", k,
		"lowerbound", itoa(int64(lo)), "upperbound", itoa(int64(hi))}
}

func objectiveAttrs(s *entente.Scenario) []string {
	name := s.Name
	if name == "" {
		name = "root"
	}
	return []string{"index", "0", "name", name, "type", "objective", "etype", "objective", "description", s.Description}
}

func writeDomain(s *entente.Scenario) []byte {
	w := &writer{}
	w.open("negotiation_template")
	w.open("utility_space", "number_of_issues", itoa(int64(len(s.Issues))))
	w.open("objective", objectiveAttrs(s)...)
	writeIssues(w, s)
	w.close("objective")
	w.close("utility_space")
	w.close("negotiation_template")
	return w.b.Bytes()
}

// writeIssues writes the domain's issue list (a nonlinear profile repeats
// it).
func writeIssues(w *writer, s *entente.Scenario) {
	for i := range s.Issues {
		is := &s.Issues[i]
		a := issueAttrs(i, is)
		if is.Description != "" {
			a = append(a, "description", is.Description)
		}
		switch is.Kind {
		case entente.Discrete:
			w.open("issue", a...)
			for k, o := range is.Options {
				w.empty("item", "index", itoa(int64(k+1)), "value", o)
			}
			w.close("issue")
		case entente.Integer:
			w.empty("issue", a...)
		case entente.Real:
			w.open("issue", a...)
			w.empty("range", "lowerbound", num(is.Min), "upperbound", num(is.Max))
			w.close("issue")
		}
	}
}

// writeProfile writes party p's profile, or explains why GENIUS cannot
// express it.
func writeProfile(s *entente.Scenario, p int) ([]byte, entente.ErrorList) {
	pa := &s.Parties[p]
	prefs := &pa.Preferences
	var errs entente.ErrorList
	fail := func(field, format string, args ...any) {
		errs.Add(entente.Errorf(entente.EUnsupported, "", 0, 0, fmt.Sprintf("parties[%d]", p)+field,
			"party %q: "+format, append([]any{pa.Name}, args...)...))
	}
	additive := false
	for i, w := range prefs.Weights {
		if w != 0 && prefs.Values[i] != nil {
			additive = true
		}
	}
	if additive && len(prefs.Interactions) > 0 {
		fail(".interactions", "a GENIUS profile is either linear-additive or made of hyper-rectangles; this one mixes %d interaction term(s) with an additive part", len(prefs.Interactions))
		return nil, errs
	}
	rv := prefs.Reservation
	// Compile only when needed: the tables of a huge integer issue are
	// costly, and a GENIUS-normalised profile without a reservation
	// outcome needs none.
	if prefs.ReservationOutcome != nil || prefs.Normalization == entente.AsWritten {
		f, err := utility.New(s.Issues, prefs)
		if err != nil {
			fail("", "cannot compile its preferences: %v", err)
			return nil, errs
		}
		rv = f.Reservation()
		if prefs.Normalization == entente.AsWritten {
			// GENIUS caps every utility at 1; as-written utilities are not
			// capped, so they must stay at or below 1.
			b := f.Best()
			hi := b.Utility
			if !b.Exact {
				hi = b.Bound
			}
			if hi > 1+1e-12 {
				fail("", "utilities reach %.6g (normalization as-written, not capped), and GENIUS caps every utility at 1", hi)
				return nil, errs
			}
		}
	}
	w := &writer{}
	if len(prefs.Interactions) > 0 {
		w.open("utility_space", "type", "nonlinear", "number_of_issues", itoa(int64(len(s.Issues))))
		w.open("objective", objectiveAttrs(s)...)
		writeIssues(w, s)
		writeRectangles(w, s, prefs, fail)
	} else {
		w.open("utility_space", "number_of_issues", itoa(int64(len(s.Issues))))
		w.open("objective", objectiveAttrs(s)...)
		writeAdditive(w, s, prefs, fail)
	}
	w.close("objective")
	if prefs.Discount != 0 {
		w.empty("discount_factor", "value", num(prefs.Discount))
	}
	w.empty("reservation", "value", num(rv))
	w.close("utility_space")
	if len(errs) > 0 {
		return nil, errs
	}
	return w.b.Bytes(), nil
}

// writeAdditive writes the issues and weights of a linear-additive
// profile. MaxUtility, which GENIUS's linear profiles lack, is folded into
// the weights.
func writeAdditive(w *writer, s *entente.Scenario, prefs *entente.Preferences, fail func(string, string, ...any)) {
	weights := make([]float64, len(s.Issues))
	for i := range s.Issues {
		is := &s.Issues[i]
		wt := 0.0
		if prefs.Weights != nil {
			wt = prefs.Weights[i]
		}
		if prefs.MaxUtility > 0 {
			wt /= prefs.MaxUtility
		}
		var vf entente.ValueFunc
		if prefs.Values != nil {
			vf = prefs.Values[i]
		}
		field := ".values." + is.Name
		a := issueAttrs(i, is)
		switch is.Kind {
		case entente.Discrete:
			evals, scale, reason := discreteEvaluations(is, vf, prefs.Normalization)
			if reason != "" {
				fail(field, "issue %q: %s", is.Name, reason)
				continue
			}
			weights[i] = wt * scale
			w.open("issue", a...)
			for k, o := range is.Options {
				w.empty("item", "index", itoa(int64(k+1)), "value", o, "evaluation", num(evals[k]))
			}
			w.close("issue")
		case entente.Integer:
			l, scale, reason := linearForm(is, vf)
			if reason != "" {
				fail(field, "issue %q: %s", is.Name, reason)
				continue
			}
			weights[i] = wt * scale
			// GENIUS measures x from the profile issue's lowerbound, so an
			// integral origin is written there and the line kept exact.
			lb, ub := is.Min, is.Max
			if l.Origin == math.Trunc(l.Origin) && l.Origin >= math.MinInt32 && l.Origin <= math.MaxInt32 {
				lb, ub = l.Origin, math.Max(l.Origin, is.Max)
			} else {
				shifted := l
				shifted.Offset, shifted.Origin = l.Offset+l.Slope*(is.Min-l.Origin), is.Min
				if reason := sameLine(is, l, shifted); reason != "" {
					fail(field, "issue %q: %s", is.Name, reason)
					continue
				}
				l = shifted
			}
			w.open("issue", integerAttrs(i, is, lb, ub)...)
			w.empty("evaluator", "ftype", "linear", "slope", num(l.Slope), "offset", num(l.Offset))
			w.close("issue")
		case entente.Real:
			attrs, scale, reason := realEvaluator(is, vf)
			if reason != "" {
				fail(field, "issue %q: %s", is.Name, reason)
				continue
			}
			weights[i] = wt * scale
			w.open("issue", a...)
			w.empty("range", "lowerbound", num(is.Min), "upperbound", num(is.Max))
			w.empty("evaluator", attrs...)
			w.close("issue")
		}
	}
	for i := range s.Issues {
		if !finite(weights[i]) {
			fail(".weights."+s.Issues[i].Name, "issue %q: the weight GENIUS needs overflows", s.Issues[i].Name)
			continue
		}
		w.empty("weight", "index", itoa(int64(i+1)), "value", num(weights[i]))
	}
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// discreteEvaluations returns the evaluations to write for a discrete
// issue and the factor to multiply its weight by. GENIUS divides each
// evaluation by the largest, so values are written divided by their
// maximum and the weight carries the maximum, unless the table is already
// normalised the GENIUS way (then it is written as stored).
func discreteEvaluations(is *entente.Issue, vf entente.ValueFunc, norm entente.Normalization) ([]float64, float64, string) {
	n := len(is.Options)
	if vf == nil {
		return make([]float64, n), 1, ""
	}
	if t, ok := vf.(entente.Table); ok && norm == entente.Genius {
		return t.Values, 1, ""
	}
	x := make([]float64, n)
	top := 0.0
	for k := range x {
		x[k] = vf.Value(float64(k))
		if math.IsNaN(x[k]) || math.IsInf(x[k], 0) {
			return nil, 0, fmt.Sprintf("no finite value for option %q", is.Options[k])
		}
		if x[k] < 0 {
			return nil, 0, fmt.Sprintf("value %v for option %q is negative; GENIUS evaluations are >= 0", x[k], is.Options[k])
		}
		top = math.Max(top, x[k])
	}
	if top == 0 {
		return x, 1, ""
	}
	for k := range x {
		x[k] /= top
	}
	return x, top, ""
}

// linearForm expresses an integer issue's value function as GENIUS's
// clamped line, with the factor to multiply the weight by.
func linearForm(is *entente.Issue, vf entente.ValueFunc) (entente.Linear, float64, string) {
	var l entente.Linear
	switch v := vf.(type) {
	case nil:
		return entente.Linear{Origin: is.Min, Clamp: true}, 1, ""
	case entente.Linear:
		l = v
	case entente.Constant:
		l = entente.Linear{Offset: v.V, Origin: is.Min}
	case entente.Table:
		return l, 0, "GENIUS integer issues take only a linear evaluator, not a table of values"
	case entente.Piecewise:
		return l, 0, "GENIUS integer issues take only a linear evaluator, not a piecewise function"
	case entente.Triangular:
		return l, 0, "GENIUS integer issues take only a linear evaluator, not a triangular one"
	default:
		return l, 0, fmt.Sprintf("GENIUS cannot express a %T value function", vf)
	}
	if l.Clamp {
		return l, 1, ""
	}
	return unclamped(is, l, "integer")
}

// unclamped turns an unclamped line into GENIUS's clamped one, which is
// exact when the line stays in [0,1] over the issue's range, or can be
// scaled into it (the weight then carries the scale).
func unclamped(is *entente.Issue, l entente.Linear, kind string) (entente.Linear, float64, string) {
	a, b := l.Value(is.Min), l.Value(is.Max)
	lo, hi := math.Min(a, b), math.Max(a, b)
	if lo < 0 {
		return l, 0, fmt.Sprintf("the line falls to %.6g, and GENIUS clamps %s evaluators to [0,1]", lo, kind)
	}
	l.Clamp = true
	if hi <= 1 {
		return l, 1, ""
	}
	l.Offset /= hi
	l.Slope /= hi
	return l, hi, ""
}

// sameLine checks that a clamped line moved to another origin (as GENIUS
// measures it) still gives the same values over the issue's range. Both
// are affine between the ends of the range and the points where either
// reaches 0 or 1, so comparing them there suffices.
func sameLine(is *entente.Issue, a, b entente.Linear) string {
	pts := []float64{is.Min, is.Max}
	for _, l := range []entente.Linear{a, b} {
		if l.Slope != 0 {
			for _, x := range []float64{l.Origin - l.Offset/l.Slope, l.Origin + (1-l.Offset)/l.Slope} {
				if x > is.Min && x < is.Max {
					pts = append(pts, x)
				}
			}
		}
	}
	for _, x := range pts {
		va, vb := a.Value(x), b.Value(x)
		if !finite(b.Offset) || !(math.Abs(va-vb) <= 1e-12) {
			return fmt.Sprintf("the line cannot be moved to origin %v exactly (at %v it gives %v instead of %v)", b.Origin, x, vb, va)
		}
	}
	return ""
}

// realEvaluator returns the evaluator attributes for a real issue and the
// factor to multiply its weight by.
func realEvaluator(is *entente.Issue, vf entente.ValueFunc) ([]string, float64, string) {
	switch v := vf.(type) {
	case nil:
		return []string{"ftype", "linear", "parameter0", "0", "parameter1", "0"}, 1, ""
	case entente.Linear:
		scale := 1.0
		if !v.Clamp {
			var reason string
			if v, scale, reason = unclamped(is, v, "real linear"); reason != "" {
				return nil, 0, reason
			}
		}
		offset := v.Offset
		if v.Origin != 0 {
			offset -= v.Slope * v.Origin
			if reason := sameLine(is, v, entente.Linear{Offset: offset, Slope: v.Slope, Clamp: v.Clamp}); reason != "" {
				return nil, 0, reason
			}
		}
		return []string{"ftype", "linear", "parameter0", num(offset), "parameter1", num(v.Slope)}, scale, ""
	case entente.Triangular:
		return []string{"ftype", "triangular", "parameter0", num(v.Low), "parameter1", num(v.High), "parameter2", num(v.Top)}, 1, ""
	case entente.Constant:
		return []string{"ftype", "constant", "parameter0", num(v.V)}, 1, ""
	case entente.Piecewise:
		return nil, 0, "GENIUS real issues take a linear, triangular or constant evaluator, not a piecewise function"
	}
	return nil, 0, fmt.Sprintf("GENIUS cannot express a %T value function for a real issue", vf)
}

// span is an integer range of one issue inside a hyper-rectangle.
type span struct {
	issue  int
	lo, hi int64
}

// rectangle is a GENIUS hyperRectangle.
type rectangle struct {
	spans   []span
	exclude bool
	value   float64
}

// writeRectangles writes the <utility> element of a nonlinear profile.
func writeRectangles(w *writer, s *entente.Scenario, prefs *entente.Preferences, fail func(string, string, ...any)) {
	var rects []rectangle
	for k := range prefs.Interactions {
		rs, reason := expand(&prefs.Interactions[k], s.Issues)
		if reason != "" {
			fail(fmt.Sprintf(".interactions[%d]", k), "interaction %d: %s", k+1, reason)
			continue
		}
		rects = append(rects, rs...)
	}
	mu := prefs.MaxUtility
	if mu <= 0 {
		mu = 1
	}
	w.open("utility", "maxutility", num(mu))
	w.open("ufun", "type", "PlainUfun", "weight", "1", "aggregation", "sum")
	for _, r := range rects {
		if len(r.spans) == 0 {
			w.empty("hyperRectangle", "utility", num(r.value))
			continue
		}
		w.open("hyperRectangle", "utility", num(r.value))
		tag := "INCLUDES"
		if r.exclude {
			tag = "EXCLUDES"
		}
		for _, sp := range r.spans {
			w.empty(tag, "index", itoa(int64(sp.issue+1)), "min", itoa(sp.lo), "max", itoa(sp.hi))
		}
		w.close("hyperRectangle")
	}
	w.close("ufun")
	w.close("utility")
}

// expand turns an interaction term into hyper-rectangles. One box is one
// INCLUDES rectangle, or one EXCLUDES rectangle when the term applies
// outside it; a union of boxes is written by inclusion-exclusion.
func expand(in *entente.Interaction, issues []entente.Issue) ([]rectangle, string) {
	if in.Value == 0 {
		return nil, ""
	}
	var boxes [][]span
	for _, b := range in.Boxes {
		spans, nonEmpty, reason := boxSpans(b, issues)
		if reason != "" {
			return nil, reason
		}
		if nonEmpty {
			boxes = append(boxes, spans)
		}
	}
	always := rectangle{value: in.Value}
	switch len(boxes) {
	case 0:
		if in.Outside {
			return []rectangle{always}, ""
		}
		return nil, ""
	case 1:
		if !in.Outside {
			return []rectangle{{spans: boxes[0], value: in.Value}}, ""
		}
		if len(boxes[0]) == 0 {
			return nil, "" // inside everywhere, so it never applies
		}
		return []rectangle{{spans: boxes[0], exclude: true, value: in.Value}}, ""
	}
	if len(boxes) > maxBoxes {
		return nil, fmt.Sprintf("a union of %d boxes needs up to 2^%d hyper-rectangles; at most %d boxes can be written", len(boxes), len(boxes), maxBoxes)
	}
	var out []rectangle
	sign := 1.0
	if in.Outside {
		out = append(out, always)
		sign = -1
	}
	for mask := 1; mask < 1<<len(boxes); mask++ {
		var cut []span
		empty := false
		n := 0
		for j := range boxes {
			if mask&(1<<j) == 0 {
				continue
			}
			n++
			if cut, empty = intersect(cut, boxes[j]); empty {
				break
			}
		}
		if empty {
			continue
		}
		v := sign * in.Value
		if n%2 == 0 {
			v = -v
		}
		out = append(out, rectangle{spans: cut, value: v})
	}
	return out, ""
}

// boxSpans turns a box into integer ranges, one per issue it bounds,
// clipped to the issue's range. It reports false when the box is empty.
func boxSpans(b entente.Box, issues []entente.Issue) ([]span, bool, string) {
	var out []span
	for _, c := range b {
		is := &issues[c.Issue]
		if is.Kind != entente.Integer {
			return nil, false, fmt.Sprintf("it bounds the %s issue %q, and GENIUS hyper-rectangles bound integer issues only", is.Kind, is.Name)
		}
		lo := math.Max(math.Ceil(c.Min), is.Min)
		hi := math.Min(math.Floor(c.Max), is.Max)
		if lo > hi {
			return nil, false, ""
		}
		var empty bool
		if out, empty = intersect(out, []span{{c.Issue, int64(lo), int64(hi)}}); empty {
			return nil, false, ""
		}
	}
	return out, true, ""
}

// intersect intersects two sets of spans (each sorted by issue), and
// reports whether the result is empty.
func intersect(a, b []span) ([]span, bool) {
	m := map[int]span{}
	for _, sp := range a {
		m[sp.issue] = sp
	}
	for _, sp := range b {
		if cur, ok := m[sp.issue]; ok {
			sp.lo, sp.hi = max(sp.lo, cur.lo), min(sp.hi, cur.hi)
			if sp.lo > sp.hi {
				return nil, true
			}
		}
		m[sp.issue] = sp
	}
	out := make([]span, 0, len(m))
	for _, sp := range m {
		out = append(out, sp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].issue < out[j].issue })
	return out, false
}
