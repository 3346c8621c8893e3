package genius

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/entente/entente"
)

// readProfile reads one profile against the domain. It reports false when
// the profile has errors.
func readProfile(src entente.Source, dom *domain, lim entente.Limits, errs, warns *entente.ErrorList) (entente.Preferences, bool) {
	prefs := entente.Preferences{Normalization: entente.Genius}
	d, perr := parseXML(src, lim)
	if perr != nil {
		errs.Add(perr)
		return prefs, false
	}
	before := len(*errs)
	r := &reader{d: d, errs: errs, warns: warns}
	root := d.Root
	switch root.Name {
	case "utility_space":
	case "negotiation_template":
		r.failf(entente.EInvalid, root, "", "", "this is a GENIUS domain (root element negotiation_template); expected a profile, whose root element is utility_space")
		return prefs, false
	default:
		r.failf(entente.EInvalid, root, "", "", "root element <%s>; expected utility_space (a GENIUS profile)", root.Name)
		return prefs, false
	}
	nonlinear := false
	if t, ok := root.Attr("type"); ok {
		switch strings.ToLower(t) {
		case "", "linear":
		case "nonlinear":
			nonlinear = true
		case "any":
			r.warnf(root, "type", "", "type=%q is NegMAS's; GENIUS 10.4 rejects it (known types: linear, nonlinear, constraint, uncertain); read as linear-additive", t)
		case "constraint", "uncertain":
			r.failf(entente.EUnsupported, root, "type", "", "%s utility spaces are not supported; expected a linear-additive or nonlinear profile", t)
			return prefs, false
		default:
			r.failf(entente.EInvalid, root, "type", "", "unknown utility space type %q; expected linear or nonlinear", t)
			return prefs, false
		}
	}
	if n := root.Child("reservation"); n != nil {
		prefs.Reservation, _ = r.number(n, "value", "reservation")
	}
	if n := root.Child("discount_factor"); n != nil {
		prefs.Discount, _ = r.number(n, "value", "discount_factor")
	}
	// GENIUS reads issues and weights at every level of the file: the
	// root, and the objective inside it (some old profiles have none).
	levels := []*node{root}
	if len(root.Children("objective")) > 0 {
		obj := objectiveOf(r, root)
		if obj == nil {
			return prefs, false
		}
		levels = append(levels, obj)
	}
	if nonlinear {
		readNonlinear(r, dom, levels, &prefs)
	} else {
		readAdditive(r, dom, levels, &prefs)
	}
	return prefs, len(*errs) == before
}

// weight is one <weight> element.
type weight struct {
	value float64
	node  *node
	bad   bool // its value was wrong (and reported)
}

// bound is a profile issue with the weight GENIUS gives it.
type bound struct {
	issue  *node
	weight weight
	has    bool // a weight at the issue's own level
}

// readAdditive reads a linear-additive profile: one evaluator and one
// weight per domain issue, bound by index. As in GENIUS, a weight counts
// only for an issue at its own level of the file.
func readAdditive(r *reader, dom *domain, levels []*node, prefs *entente.Preferences) {
	issues := map[int]bound{}
	for _, level := range levels {
		readLevel(r, dom, level, issues)
	}
	obj := levels[len(levels)-1]
	var missing []string
	for i, index := range dom.indices {
		if issues[index].issue == nil {
			missing = append(missing, fmt.Sprintf("%d (%q)", index, dom.issues[i].Name))
		}
	}
	if len(missing) > 0 {
		var have []string
		for index, b := range issues {
			name, _ := b.issue.Attr("name")
			have = append(have, fmt.Sprintf("%d (%q)", index, name))
		}
		sort.Strings(have)
		r.failf(entente.EInvalid, obj, "", "", "the profile does not match the domain %s: it has no issue with index %s, so GENIUS cannot evaluate any bid (the profile's issues: %s)",
			filepath.Base(dom.file), joinOr(missing), orDefault(strings.Join(have, ", "), "none"))
		return
	}

	n := len(dom.issues)
	prefs.Weights = make([]float64, n)
	prefs.Values = make([]entente.ValueFunc, n)
	for i, index := range dom.indices {
		is := &dom.issues[i]
		pn := issues[index].issue
		field := issueField(is.Name, index)
		if name, _ := pn.Attr("name"); name != is.Name {
			r.warnf(pn, "name", field, "profile issue %q has index %d, which is domain issue %q; bound by index, as GENIUS does", name, index, is.Name)
		}
		if issues[index].weight.bad {
			continue
		}
		if !issues[index].has {
			r.failf(entente.EInvalid, pn, "", field, "no weight for issue %q (index %d); GENIUS cannot evaluate a profile without one; expected <weight index=\"%d\" value=.../> beside the issue", is.Name, index, index)
			continue
		}
		prefs.Weights[i] = issues[index].weight.value
		kind, attr := kindText(r, pn, field)
		k, known := entente.ParseIssueKind(strings.ToLower(kind))
		if !known {
			if is.Kind != entente.Discrete {
				r.failf(entente.EInvalid, pn, attr, field, "type %q is not an issue type: GENIUS 10.4 reads it as discrete (EVALUATORTYPE.convertToType falls back to DISCRETE), builds an empty discrete evaluator for the %s issue %q and fails on every bid; expected type=%q with an <evaluator>", kind, is.Kind, is.Name, is.Kind.String())
				continue
			}
			r.warnf(pn, attr, field, "type %q is not an issue type; read as discrete, as GENIUS does", kind)
			k = entente.Discrete
		}
		if k != is.Kind {
			r.failf(entente.EInvalid, pn, attr, field, "the profile gives issue %q as %s, but the domain has it as %s", is.Name, k, is.Kind)
			continue
		}
		switch is.Kind {
		case entente.Discrete:
			vf, scale, ok := readDiscrete(r, is, dom.options[i], pn, field)
			if ok {
				prefs.Values[i] = vf
				prefs.Weights[i] *= scale
			}
		case entente.Integer:
			if vf, ok := readInteger(r, pn, field); ok {
				prefs.Values[i] = vf
			}
		case entente.Real:
			if vf, ok := readReal(r, pn, field); ok {
				prefs.Values[i] = vf
			}
		}
	}
	warnCap(r, dom, obj, prefs)
}

// readLevel reads the weights and issues directly inside one element
// into issues, by index.
func readLevel(r *reader, dom *domain, level *node, issues map[int]bound) {
	weights := map[int]weight{}
	var weightOrder []int
	for _, n := range level.Children("weight") {
		index, ok := r.integer(n, "index", "weight")
		if !ok {
			continue
		}
		field := fmt.Sprintf("weight %d", index)
		v, ok := r.number(n, "value", field)
		if ok && v < 0 {
			r.failf(entente.EInvalid, n, "value", field, "weight %v is negative; expected a number >= 0", v)
			ok = false
		}
		if prev, dup := weights[index]; dup {
			line, col := r.d.Pos(prev.node.Off)
			r.warnf(n, "index", field, "a second weight for index %d (the first is at line %d:%d); the last one counts, as in GENIUS", index, line, col)
		} else {
			weightOrder = append(weightOrder, index)
		}
		weights[index] = weight{v, n, !ok}
	}
	here := map[int]*node{}
	for _, n := range level.Children("issue") {
		name, _ := n.Attr("name")
		index, ok := r.integer(n, "index", issueField(name, 0))
		if !ok {
			continue
		}
		if prev, dup := here[index]; dup {
			line, col := r.d.Pos(prev.Off)
			r.warnf(n, "index", issueField(name, index), "a second issue with index %d (the first is at line %d:%d); the last one counts, as in GENIUS", index, line, col)
		}
		here[index] = n
		if _, ok := dom.pos[index]; !ok {
			r.warnf(n, "index", issueField(name, index), "the domain has no issue with index %d; GENIUS ignores this one", index)
		}
		w, has := weights[index]
		// GENIUS makes an evaluator only for an issue with a weight, so an
		// issue without one does not replace an earlier one.
		if has || issues[index].issue == nil {
			issues[index] = bound{issue: n, weight: w, has: has}
		}
	}
	for _, index := range weightOrder {
		if here[index] != nil {
			continue
		}
		w := weights[index]
		what := "no issue of the domain"
		switch _, isIssue := dom.pos[index]; {
		case index == dom.objIndex:
			what = "the objective itself, not an issue"
		case isIssue:
			what = "not an issue at this level of the file (GENIUS binds a weight only to an issue beside it)"
		}
		r.warnf(w.node, "index", fmt.Sprintf("weight %d", index), "index %d is %s; its weight %v is ignored", index, what, w.value)
	}
}

// readDiscrete reads a discrete evaluator. GENIUS divides each evaluation
// by the largest one listed, counting values the domain lacks. When such a
// value holds the maximum, the table is stored divided by the domain's own
// maximum and the returned scale (to multiply the weight by) makes up the
// difference.
func readDiscrete(r *reader, is *entente.Issue, options map[string]int, pn *node, field string) (entente.ValueFunc, float64, bool) {
	evals := map[string]float64{}
	where := map[string]*node{}
	var extra []string
	ok := true
	for _, it := range pn.Children("item") {
		v, has := it.Attr("value")
		if !has {
			r.failf(entente.EInvalid, it, "", field, "<item> has no value attribute; expected the value's text")
			ok = false
			continue
		}
		ifield := fmt.Sprintf("%s value %q", field, v)
		s, has := it.Attr("evaluation")
		if !has || s == "null" {
			r.warnf(it, "", ifield, "<item> has no evaluation; GENIUS skips it")
			continue
		}
		e, good := parseFloat(s)
		if !good {
			r.failf(entente.EInvalid, it, "evaluation", ifield, "evaluation=%s is not a finite number", describeAttr(s))
			ok = false
			continue
		}
		if e < 0 {
			r.failf(entente.EInvalid, it, "evaluation", ifield, "evaluation %v is negative; expected a number >= 0", e)
			ok = false
			continue
		}
		if prev, dup := where[v]; dup {
			line, col := r.d.Pos(prev.Off)
			r.warnf(it, "value", ifield, "value %q is listed again (first at line %d:%d, evaluation %v); the last listing counts, as in GENIUS", v, line, col, evals[v])
		} else if _, known := options[v]; !known {
			extra = append(extra, v)
		}
		evals[v] = e
		where[v] = it
	}
	if !ok {
		return nil, 0, false
	}
	t := entente.Table{Values: make([]float64, len(is.Options))}
	for k, o := range is.Options {
		e, has := evals[o]
		if !has {
			r.failf(entente.EInvalid, pn, "", field, "no evaluation for value %q; GENIUS cannot evaluate a bid containing it; expected <item value=%q evaluation=.../>", o, o)
			ok = false
			continue
		}
		t.Values[k] = e
	}
	if !ok {
		return nil, 0, false
	}
	scale := 1.0
	if len(extra) > 0 {
		all := 0.0
		for _, e := range evals {
			all = math.Max(all, e)
		}
		dm := t.Max()
		r.warnf(pn, "", field, "value(s) %s are not in the domain; GENIUS ignores them except that their evaluations count toward the maximum each evaluation is divided by", quoteList(extra))
		if all > dm && all >= entente.GeniusZeroMax && dm > 0 {
			for k := range t.Values {
				t.Values[k] /= dm
			}
			scale = dm / all
		}
	}
	return t, scale, true
}

func quoteList(vs []string) string {
	const most = 5
	q := make([]string, 0, most)
	for i, v := range vs {
		if i == most {
			q = append(q, fmt.Sprintf("and %d more", len(vs)-most))
			break
		}
		q = append(q, fmt.Sprintf("%q", v))
	}
	return strings.Join(q, ", ")
}

// readInteger reads an integer evaluator: GENIUS always applies
// clamp01(offset + slope*(x - lowerbound)), whatever the ftype says, with
// the profile issue's own lowerbound.
func readInteger(r *reader, pn *node, field string) (entente.ValueFunc, bool) {
	lo, _, ok := integerBounds(r, pn, field, "profile")
	if !ok {
		return nil, false
	}
	ev := pn.Child("evaluator")
	if ev == nil {
		r.warnf(pn, "", field, "no <evaluator>: GENIUS evaluates every value of this integer issue as 0")
		return entente.Linear{Origin: float64(lo), Clamp: true}, true
	}
	if f, ok := ev.Attr("ftype"); ok && !strings.EqualFold(f, "linear") {
		r.warnf(ev, "ftype", field, "ftype %q is ignored: GENIUS applies the linear form to integer issues", f)
	}
	_, hasSlope := ev.Attr("slope")
	_, hasOffset := ev.Attr("offset")
	_, hasP0 := ev.Attr("parameter0")
	_, hasP1 := ev.Attr("parameter1")
	slopeAttr, offsetAttr := "slope", "offset"
	if !hasSlope && !hasOffset && hasP0 && hasP1 {
		r.warnf(ev, "", field, "the evaluator gives parameter0 and parameter1; GENIUS 10.4 reads only slope and offset for integer issues and cannot load it; read as offset = parameter0, slope = parameter1")
		slopeAttr, offsetAttr = "parameter1", "parameter0"
	}
	slope, ok1 := r.number(ev, slopeAttr, field)
	offset, ok2 := r.number(ev, offsetAttr, field)
	if !ok1 || !ok2 {
		return nil, false
	}
	return entente.Linear{Offset: offset, Slope: slope, Origin: float64(lo), Clamp: true}, true
}

// readReal reads a real evaluator: linear (clamped, no origin shift),
// triangular or constant.
func readReal(r *reader, pn *node, field string) (entente.ValueFunc, bool) {
	rg := pn.Child("range")
	if rg == nil {
		r.failf(entente.EInvalid, pn, "", field, "a real profile issue needs a <range> child: GENIUS reads it unconditionally and fails without one")
		return nil, false
	}
	_, ok1 := r.number(rg, "lowerbound", field)
	_, ok2 := r.number(rg, "upperbound", field)
	if !ok1 || !ok2 {
		return nil, false
	}
	ev := pn.Child("evaluator")
	if ev == nil {
		r.failf(entente.EInvalid, pn, "", field, "a real issue needs an <evaluator ftype=...> child; GENIUS cannot evaluate it without one")
		return nil, false
	}
	ftype, ok := ev.Attr("ftype")
	if !ok {
		r.failf(entente.EInvalid, ev, "", field, "the evaluator has no ftype; expected linear, triangular or constant")
		return nil, false
	}
	switch strings.ToLower(ftype) {
	case "linear":
		p0, ok1 := r.number(ev, "parameter0", field)
		p1, ok2 := r.number(ev, "parameter1", field)
		if !ok1 || !ok2 {
			return nil, false
		}
		return entente.Linear{Offset: p0, Slope: p1, Clamp: true}, true
	case "triangular":
		low, ok1 := r.number(ev, "parameter0", field)
		high, ok2 := r.number(ev, "parameter1", field)
		top, ok3 := r.number(ev, "parameter2", field)
		if !ok1 || !ok2 || !ok3 {
			return nil, false
		}
		if !(low <= top && top <= high) {
			r.failf(entente.EInvalid, ev, "", field, "a triangular evaluator needs parameter0 (low) <= parameter2 (top) <= parameter1 (high), got %v, %v, %v", low, top, high)
			return nil, false
		}
		return entente.Triangular{Low: low, Top: top, High: high}, true
	case "constant":
		c, ok := r.number(ev, "parameter0", field)
		if !ok {
			return nil, false
		}
		return entente.Constant{V: c}, true
	case "faratin":
		r.failf(entente.EUnsupported, ev, "ftype", field, "the faratin evaluator is not supported: GENIUS 10.4 loads no parameters for it and evaluates every value as -1")
		return nil, false
	}
	r.failf(entente.EInvalid, ev, "ftype", field, "unknown ftype %q; expected linear, triangular or constant", ftype)
	return nil, false
}

// warnCap warns when the weights can make the total exceed 1, so that
// GENIUS's cap at 1 changes utilities.
func warnCap(r *reader, dom *domain, obj *node, prefs *entente.Preferences) {
	sum := 0.0
	for _, w := range prefs.Weights {
		sum += w
	}
	if sum <= 1+1e-12 {
		return
	}
	if t := bestTotal(dom.issues, prefs); t > 1+1e-12 {
		r.warnf(obj, "", "", "the weights sum to %.6g and the best outcome totals %.6g: GENIUS caps utilities at 1", sum, t)
	}
}

// bestTotal is the largest weighted sum an additive GENIUS profile
// reaches (or approaches), found issue by issue without enumerating.
func bestTotal(issues []entente.Issue, prefs *entente.Preferences) float64 {
	t := 0.0
	for i, w := range prefs.Weights {
		vf := prefs.Values[i]
		if vf == nil || w == 0 {
			continue
		}
		is := &issues[i]
		best := 0.0
		switch v := vf.(type) {
		case entente.Table:
			if v.Max() >= entente.GeniusZeroMax {
				best = 1 // GENIUS divides by the maximum
			}
		default:
			pts := []float64{is.Min, is.Max}
			if tr, ok := v.(entente.Triangular); ok {
				pts = append(pts, math.Max(is.Min, math.Min(is.Max, tr.Top)))
			}
			best = math.Inf(-1)
			for _, x := range pts {
				best = math.Max(best, vf.Value(x))
			}
		}
		t += w * best
	}
	return t
}

// readNonlinear reads a hyper-rectangle profile. Each rectangle becomes
// one interaction term; nested sum-ufuns are flattened, their weights
// multiplied into the terms.
func readNonlinear(r *reader, dom *domain, levels []*node, prefs *entente.Preferences) {
	obj := levels[len(levels)-1]
	checkIssueList(r, dom, obj)
	var u *node
	for k := len(levels) - 1; k >= 0 && u == nil; k-- {
		u = levels[k].Child("utility")
	}
	if u == nil {
		r.failf(entente.EInvalid, obj, "", "", "a nonlinear profile needs a <utility maxutility=...> element inside <objective>")
		return
	}
	mu, ok := r.number(u, "maxutility", "utility")
	if !ok {
		return
	}
	if mu <= 0 {
		r.failf(entente.EInvalid, u, "maxutility", "utility", "maxutility %v is not positive; GENIUS divides by it", mu)
		return
	}
	prefs.MaxUtility = mu
	ufuns := u.Children("ufun")
	if len(ufuns) == 0 {
		r.failf(entente.EInvalid, u, "", "utility", "<utility> has no <ufun> child; expected <ufun aggregation=\"sum\"> with <hyperRectangle> children")
		return
	}
	for _, extra := range ufuns[1:] {
		r.warnf(extra, "", "ufun", "only the first <ufun> counts, as in GENIUS; this one is ignored")
	}
	top := ufuns[0]
	if s, ok := top.Attr("weight"); ok {
		if w, good := parseFloat(s); good && w != 1 {
			r.warnf(top, "weight", "ufun", "GENIUS does not apply the weight of the top-level ufun (%v)", w)
		}
	}
	count := 0
	readUfun(r, dom, top, 1, 0, &count, &prefs.Interactions)
	if len(prefs.Interactions) == 0 {
		r.warnf(top, "", "ufun", "the profile has no hyperRectangle: every outcome has utility 0")
		prefs.Weights = make([]float64, len(dom.issues))
		prefs.Values = make([]entente.ValueFunc, len(dom.issues))
	}
}

// maxUfunDepth bounds the nesting of ufun elements.
const maxUfunDepth = 32

func readUfun(r *reader, dom *domain, u *node, factor float64, depth int, count *int, out *[]entente.Interaction) {
	if depth > maxUfunDepth {
		r.failf(entente.EUnsupported, u, "", "ufun", "ufun elements nested more than %d deep", maxUfunDepth)
		return
	}
	agg, ok := u.Attr("aggregation")
	switch a := strings.ToLower(agg); {
	case !ok:
		r.warnf(u, "", "ufun", "the ufun has no aggregation attribute (GENIUS 10.4 fails on that); read as sum")
	case a == "sum":
	case a == "min" || a == "max":
		r.failf(entente.EUnsupported, u, "aggregation", "ufun", "aggregation=%q is not supported; only sum can be expressed as interaction terms", agg)
		return
	default:
		r.warnf(u, "aggregation", "ufun", "unknown aggregation %q; read as sum, as GENIUS does", agg)
	}
	for _, h := range u.Children("hyperRectangle") {
		*count++
		if in, ok := readRectangle(r, dom, h, factor, *count); ok {
			*out = append(*out, in)
		}
	}
	for _, nested := range u.Children("ufun") {
		w := 1.0
		if _, has := nested.Attr("weight"); has {
			var ok bool
			if w, ok = r.number(nested, "weight", "ufun"); !ok {
				continue
			}
		}
		readUfun(r, dom, nested, factor*w, depth+1, count, out)
	}
}

// readRectangle reads one hyperRectangle: INCLUDES bounds make a box the
// term applies in, EXCLUDES bounds one it applies outside of, and a
// rectangle with neither always applies.
func readRectangle(r *reader, dom *domain, h *node, factor float64, k int) (entente.Interaction, bool) {
	field := fmt.Sprintf("hyperRectangle %d", k)
	u, ok := r.number(h, "utility", field)
	if !ok {
		return entente.Interaction{}, false
	}
	w := 1.0
	if _, has := h.Attr("weight"); has {
		if w, ok = r.number(h, "weight", field); !ok {
			return entente.Interaction{}, false
		}
	}
	in := entente.Interaction{Value: u * w * factor}
	if math.IsNaN(in.Value) || math.IsInf(in.Value, 0) {
		r.failf(entente.EInvalid, h, "utility", field, "utility %v times weight %v (and the weights of enclosing ufuns) is not a finite number", u, w)
		return entente.Interaction{}, false
	}
	bounds := h.Children("INCLUDES")
	if ex := h.Children("EXCLUDES"); len(ex) > 0 {
		if len(bounds) > 0 {
			r.warnf(h, "", field, "the rectangle has both INCLUDES and EXCLUDES; GENIUS uses only the EXCLUDES bounds")
		}
		bounds, in.Outside = ex, true
	}
	box := entente.Box{}
	good := true
	for _, b := range bounds {
		index, ok1 := r.integer(b, "index", field)
		lo, ok2 := r.integer(b, "min", field)
		hi, ok3 := r.integer(b, "max", field)
		if !ok1 || !ok2 || !ok3 {
			good = false
			continue
		}
		p, ok := dom.pos[index]
		if !ok {
			r.failf(entente.EInvalid, b, "index", field, "the domain has no issue with index %d", index)
			good = false
			continue
		}
		if dom.issues[p].Kind != entente.Integer {
			r.failf(entente.EInvalid, b, "index", field, "issue %q (index %d) is %s; GENIUS hyper-rectangles bound integer issues only", dom.issues[p].Name, index, dom.issues[p].Kind)
			good = false
			continue
		}
		if lo > hi {
			r.failf(entente.EInvalid, b, "min", field, "min %d is above max %d", lo, hi)
			good = false
			continue
		}
		box = append(box, entente.Condition{Issue: p, Min: float64(lo), Max: float64(hi)})
	}
	in.Boxes = []entente.Box{box}
	return in, good
}

// checkIssueList compares the issue list a nonlinear profile repeats with
// the domain's. GENIUS ignores the list, so differences are warnings.
func checkIssueList(r *reader, dom *domain, obj *node) {
	seen := map[int]bool{}
	for _, n := range obj.Children("issue") {
		name, _ := n.Attr("name")
		s, ok := n.Attr("index")
		index, good := parseInt(s)
		if !ok || !good {
			r.warnf(n, "index", issueField(name, 0), "the issue has no valid index; GENIUS ignores the issue list of a nonlinear profile")
			continue
		}
		field := issueField(name, index)
		seen[index] = true
		p, ok := dom.pos[index]
		if !ok {
			r.warnf(n, "index", field, "the domain has no issue with index %d", index)
			continue
		}
		is := &dom.issues[p]
		if name != is.Name {
			r.warnf(n, "name", field, "the domain names issue %d %q", index, is.Name)
		}
		kind, _ := n.Attr("type")
		if k, ok := entente.ParseIssueKind(strings.ToLower(kind)); ok && k != is.Kind {
			r.warnf(n, "type", field, "the domain has issue %q as %s, not %s", is.Name, is.Kind, k)
			continue
		}
		if is.Kind == entente.Integer {
			lo, ok1 := parseInt(attrOr(n, "lowerbound"))
			hi, ok2 := parseInt(attrOr(n, "upperbound"))
			if ok1 && ok2 && (float64(lo) != is.Min || float64(hi) != is.Max) {
				r.warnf(n, "lowerbound", field, "bounds %d..%d differ from the domain's %v..%v; the domain's count", lo, hi, is.Min, is.Max)
			}
		}
	}
	var missing []string
	for i, index := range dom.indices {
		if !seen[index] {
			missing = append(missing, fmt.Sprintf("%d (%q)", index, dom.issues[i].Name))
		}
	}
	if len(missing) > 0 {
		r.warnf(obj, "", "", "the profile's issue list lacks domain issue(s) %s", strings.Join(missing, ", "))
	}
}

func attrOr(n *node, name string) string {
	v, _ := n.Attr(name)
	return v
}

// joinOr joins items as "a, b or c".
func joinOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
