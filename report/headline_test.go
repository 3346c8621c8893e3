package report_test

// The flagship's headline numbers, checked against a small evaluator
// written here from docs/format.md (and docs/analyze.md, docs/robust.md),
// independent of the code under test: it reads the YAML file itself,
// computes utilities, guarantee probabilities (by enumerating every set of
// guarantors that act), blocs, red lines and constituencies, and walks all
// 72,576 packages by brute force.

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/entente/entente/robust"
)

const evTol = 1e-9 // docs/format.md: the one acceptance tolerance

func reaches(x, bar float64) bool { return x >= bar-evTol }

// evNum reads a number written plainly or as {value: ...}.
func evNum(t *testing.T, x any) float64 {
	t.Helper()
	switch v := x.(type) {
	case int:
		return float64(v)
	case float64:
		return v
	case map[string]any:
		return evNum(t, v["value"])
	}
	t.Fatalf("not a number: %#v", x)
	return 0
}

func evList(x any) []any {
	if l, ok := x.([]any); ok {
		return l
	}
	return []any{x}
}

func evMap(x any) map[string]any { m, _ := x.(map[string]any); return m }

// evBox is a region box: by issue, the options it allows.
type evBox map[int][]bool

type evModel struct {
	issues    []string
	options   [][]string
	unsettled []int // option index, -1
	parties   []*evProfile
	partyRed  [][]evBox
	unanimity []int
	affected  []struct{ parties, issues []int }
	bloc      map[int]*evBloc
	cons      []*evCons
}

type evProfile struct {
	tab   [][]float64 // weighted values by issue and option
	terms []struct {
		boxes []evBox
		value float64
	}
	rv float64
}

type evBloc struct {
	threshold float64
	weights   []float64
	members   []*evProfile
}

type evGroup struct {
	share      float64
	p          *evProfile
	sd, lo, hi float64 // a normal spread truncated to [lo, hi]; sd 0: one walk-away value
}

type evCons struct {
	applies   []evBox
	threshold float64
	red       []evBox
	groups    []*evGroup
}

func (m *evModel) issueIndex(t *testing.T, name string) int {
	i := slices.Index(m.issues, name)
	if i < 0 {
		t.Fatalf("unknown issue %q", name)
	}
	return i
}

func (m *evModel) region(t *testing.T, x any) []evBox {
	var out []evBox
	for _, b := range evList(x) {
		box := evBox{}
		for name, opts := range evMap(b) {
			i := m.issueIndex(t, name)
			in := make([]bool, len(m.options[i]))
			for _, o := range evList(opts) {
				k := slices.Index(m.options[i], o.(string))
				if k < 0 {
					t.Fatalf("unknown option %v of %s", o, name)
				}
				in[k] = true
			}
			box[i] = in
		}
		out = append(out, box)
	}
	return out
}

func (b evBox) holds(d []int) bool {
	for i, in := range b {
		if !in[d[i]] {
			return false
		}
	}
	return true
}

func inAny(boxes []evBox, d []int) bool {
	for _, b := range boxes {
		if b.holds(d) {
			return true
		}
	}
	return false
}

// guaranteeP is the probability that at least required of the guarantors
// act, by enumerating every set of them: a guarantor that follows others
// acts with its credibility when one of those it follows is in the
// guarantee and acts, else with its alone probability (docs/format.md).
func guaranteeP(t *testing.T, root map[string]any, names []any, required int) float64 {
	type g struct {
		cred, alone float64
		follows     []string
	}
	all := map[string]g{}
	for _, x := range root["guarantors"].([]any) {
		gm := evMap(x)
		v := g{cred: evNum(t, gm["credibility"])}
		if f, ok := gm["follows"]; ok {
			for _, n := range f.([]any) {
				v.follows = append(v.follows, n.(string))
			}
			v.alone = evNum(t, gm["alone"])
		}
		all[gm["name"].(string)] = v
	}
	n := len(names)
	total := 0.0
	for set := 0; set < 1<<n; set++ {
		acts := func(name string) bool {
			for k, x := range names {
				if x.(string) == name {
					return set&(1<<k) != 0
				}
			}
			return false // not part of this guarantee
		}
		p := 1.0
		count := 0
		for k, x := range names {
			gu := all[x.(string)]
			q := gu.cred
			if len(gu.follows) > 0 {
				q = gu.alone
				for _, l := range gu.follows {
					if acts(l) {
						q = gu.cred
					}
				}
			}
			if set&(1<<k) != 0 {
				p *= q
				count++
			} else {
				p *= 1 - q
			}
		}
		if count >= required {
			total += p
		}
	}
	return total
}

func (m *evModel) profile(t *testing.T, root, pm map[string]any) *evProfile {
	p := &evProfile{tab: make([][]float64, len(m.issues))}
	weights := evMap(pm["weights"])
	values := evMap(pm["values"])
	for i, name := range m.issues {
		p.tab[i] = make([]float64, len(m.options[i]))
		w := evNum(t, weights[name])
		if w == 0 {
			continue
		}
		vf := values[name]
		if g, ok := evMap(vf)["guarantee"]; ok {
			gm := evMap(g)
			scale, offset, none := 1.0, 0.0, 0.0
			if x, ok := gm["scale"]; ok {
				scale = evNum(t, x)
			}
			if x, ok := gm["offset"]; ok {
				offset = evNum(t, x)
			}
			if x, ok := gm["none"]; ok {
				none = evNum(t, x)
			}
			gs := evMap(evMap(root["issues"].([]any)[i])["guarantees"])
			for k, opt := range m.options[i] {
				v := none
				if gd, ok := gs[opt]; ok {
					gdm := evMap(gd)
					v = offset + scale*guaranteeP(t, root, gdm["guarantors"].([]any), int(evNum(t, gdm["required"])))
				}
				p.tab[i][k] = w * v
			}
			continue
		}
		tab := evMap(vf)
		for k, opt := range m.options[i] {
			x, ok := tab[opt]
			if !ok {
				t.Fatalf("no value for %s=%s", name, opt)
			}
			p.tab[i][k] = w * evNum(t, x)
		}
	}
	for _, x := range evList(pm["interactions"]) {
		if x == nil {
			continue
		}
		im := evMap(x)
		p.terms = append(p.terms, struct {
			boxes []evBox
			value float64
		}{m.region(t, im["when"]), evNum(t, im["value"])})
	}
	p.rv = evNum(t, pm["reservation"])
	return p
}

func (p *evProfile) u(d []int) float64 {
	s := 0.0
	for i, k := range d {
		s += p.tab[i][k]
	}
	for _, tm := range p.terms {
		if inAny(tm.boxes, d) {
			s += tm.value
		}
	}
	return s
}

func phi(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

func (g *evGroup) part(d []int) float64 {
	u := g.p.u(d)
	if g.sd == 0 {
		if reaches(u, g.p.rv) {
			return 1
		}
		return 0
	}
	x := math.Max(g.lo, math.Min(g.hi, u))
	a, b := phi((g.lo-g.p.rv)/g.sd), phi((g.hi-g.p.rv)/g.sd)
	return math.Max(0, math.Min(1, (phi((x-g.p.rv)/g.sd)-a)/(b-a)))
}

// buildModel reads the scenario tree (docs/format.md).
func buildModel(t *testing.T, root map[string]any) *evModel {
	m := &evModel{bloc: map[int]*evBloc{}}
	for _, x := range root["issues"].([]any) {
		im := evMap(x)
		m.issues = append(m.issues, im["name"].(string))
		var opts []string
		for _, o := range im["options"].([]any) {
			opts = append(opts, o.(string))
		}
		m.options = append(m.options, opts)
		u := -1
		if n, ok := im["unsettled"]; ok {
			u = slices.Index(opts, n.(string))
		}
		m.unsettled = append(m.unsettled, u)
	}
	var partyNames []string
	for p, x := range root["parties"].([]any) {
		pm := evMap(x)
		partyNames = append(partyNames, pm["name"].(string))
		m.parties = append(m.parties, m.profile(t, root, pm))
		var red []evBox
		for _, r := range evList(pm["red_lines"]) {
			if r != nil {
				red = append(red, m.region(t, evMap(r)["when"])...)
			}
		}
		m.partyRed = append(m.partyRed, red)
		if b, ok := pm["bloc"]; ok {
			bm := evMap(b)
			if bm["rule"] != "qualified" {
				t.Fatalf("the evaluator knows qualified blocs only, not %v", bm["rule"])
			}
			eb := &evBloc{threshold: evNum(t, bm["threshold"])}
			for _, y := range bm["members"].([]any) {
				mm := evMap(y)
				w := 1.0
				if x, ok := mm["weight"]; ok {
					w = evNum(t, x)
				}
				eb.weights = append(eb.weights, w)
				eb.members = append(eb.members, m.profile(t, root, mm))
			}
			m.bloc[p] = eb
		}
	}
	party := func(n any) int { return slices.Index(partyNames, n.(string)) }
	for _, x := range root["rules"].([]any) {
		rm := evMap(x)
		var ps, is []int
		for _, n := range rm["parties"].([]any) {
			ps = append(ps, party(n))
		}
		switch rm["kind"] {
		case "unanimity":
			m.unanimity = append(m.unanimity, ps...)
		case "affected":
			for _, n := range rm["issues"].([]any) {
				is = append(is, m.issueIndex(t, n.(string)))
			}
			m.affected = append(m.affected, struct{ parties, issues []int }{ps, is})
		}
	}
	for _, x := range root["constituencies"].([]any) {
		cm := evMap(x)
		c := &evCons{threshold: 0.5}
		if a, ok := cm["applies"]; ok {
			c.applies = m.region(t, a)
		}
		if th, ok := cm["threshold"]; ok {
			c.threshold = evNum(t, th)
		}
		for _, r := range evList(cm["red_lines"]) {
			if r != nil {
				c.red = append(c.red, m.region(t, evMap(r)["when"])...)
			}
		}
		voters, ok := cm["voters"]
		if !ok {
			c.groups = []*evGroup{{share: 1, p: m.profile(t, root, cm)}}
		}
		for _, y := range evList(voters) {
			if y == nil {
				continue
			}
			vm := evMap(y)
			g := &evGroup{share: evNum(t, vm["share"]), p: m.profile(t, root, vm)}
			if rm := evMap(vm["reservation"]); rm != nil && rm["dist"] == "normal" {
				g.sd = evNum(t, rm["sd"])
				g.lo, g.hi = math.Inf(-1), math.Inf(1)
				if r, ok := rm["range"].([]any); ok {
					g.lo, g.hi = evNum(t, r[0]), evNum(t, r[1])
				}
			}
			c.groups = append(c.groups, g)
		}
		m.cons = append(m.cons, c)
	}
	return m
}

// accepted reports whether package d is in the agreement zone.
func (m *evModel) accepted(d []int) bool {
	need := make([]bool, len(m.parties))
	for _, p := range m.unanimity {
		need[p] = true
	}
	for _, a := range m.affected {
		for _, i := range a.issues {
			if d[i] != m.unsettled[i] {
				for _, p := range a.parties {
					need[p] = true
				}
			}
		}
	}
	for p, pr := range m.parties {
		if !need[p] {
			continue
		}
		if inAny(m.partyRed[p], d) {
			return false
		}
		if b := m.bloc[p]; b != nil {
			yes, total := 0.0, 0.0
			for k, mem := range b.members {
				total += b.weights[k]
				if reaches(mem.u(d), mem.rv) {
					yes += b.weights[k]
				}
			}
			if !reaches(yes, b.threshold*total) {
				return false
			}
			continue
		}
		if !reaches(pr.u(d), pr.rv) {
			return false
		}
	}
	return true
}

// approval is constituency c's approval share of d, and whether it must
// be asked.
func (m *evModel) approval(c int, d []int) (float64, bool) {
	co := m.cons[c]
	if co.applies != nil && !inAny(co.applies, d) {
		return 0, false
	}
	a := 0.0
	for _, g := range co.groups {
		a += g.share * g.part(d)
	}
	return a, true
}

func (m *evModel) ratified(d []int) bool {
	for c, co := range m.cons {
		a, asked := m.approval(c, d)
		if asked && (inAny(co.red, d) || !reaches(a, co.threshold)) {
			return false
		}
	}
	return true
}

// each enumerates every package, the last issue fastest.
func (m *evModel) each(fn func(d []int)) {
	d := make([]int, len(m.issues))
	for {
		fn(d)
		i := len(d) - 1
		for ; i >= 0; i-- {
			d[i]++
			if d[i] < len(m.options[i]) {
				break
			}
			d[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

type evResult struct {
	zone, ratifiable int
	nash             []int // the ratifiable Nash package (gains below 0 count as 0)
}

func (m *evModel) run() evResult {
	var r evResult
	best := -1.0
	m.each(func(d []int) {
		if !m.accepted(d) {
			return
		}
		r.zone++
		if !m.ratified(d) {
			return
		}
		r.ratifiable++
		prod := 1.0
		for _, p := range m.parties {
			prod *= math.Max(0, p.u(d)-p.rv)
		}
		if prod > best {
			best, r.nash = prod, slices.Clone(d)
		}
	})
	return r
}

func readFlagship(t *testing.T) map[string]any {
	data, err := os.ReadFile("../examples/ukraine-2025/ukraine-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	return root
}

// setPath writes v at a field path of the native format ("parties[1].
// weights.NATO", "constituencies[0].voters[2].reservation.centre_range").
func setPath(t *testing.T, root map[string]any, path string, v float64) {
	var cur any = root
	parts := strings.Split(path, ".")
	for k, part := range parts {
		last := k == len(parts)-1
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
		}
		m := evMap(cur)
		if m == nil {
			t.Fatalf("%s: %q is not a mapping", path, part)
		}
		switch {
		case last && name == "centre_range":
			evMap(cur)["value"] = v
			return
		case last && name == "sd_range":
			evMap(cur)["sd"] = v
			return
		case last && idx < 0:
			if rm := evMap(m[name]); rm != nil {
				rm["value"] = v
			} else {
				m[name] = v
			}
			return
		}
		cur = m[name]
		if idx >= 0 {
			cur = cur.([]any)[idx]
		}
	}
}

func deepCopy(x any) any {
	switch v := x.(type) {
	case map[string]any:
		c := make(map[string]any, len(v))
		for k, e := range v {
			c[k] = deepCopy(e)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = deepCopy(e)
		}
		return c
	}
	return x
}

// rescale applies docs/robust.md: a profile with a drawn weight keeps its
// weights' written sum; a constituency with a drawn share has its shares
// sum to 1.
func rescale(t *testing.T, nominal, root map[string]any, fields []string) {
	done := map[string]bool{}
	for _, f := range fields {
		if i := strings.Index(f, ".weights."); i >= 0 && !done[f[:i]] {
			done[f[:i]] = true
			owner := f[:i]
			get := func(r map[string]any) map[string]any {
				var cur any = r
				for _, part := range strings.Split(owner, ".") {
					name, idx := part, -1
					if j := strings.IndexByte(part, '['); j >= 0 {
						name = part[:j]
						idx, _ = strconv.Atoi(strings.TrimSuffix(part[j+1:], "]"))
					}
					cur = evMap(cur)[name]
					if idx >= 0 {
						cur = cur.([]any)[idx]
					}
				}
				return evMap(evMap(cur)["weights"])
			}
			sum := func(w map[string]any) float64 {
				s := 0.0
				for _, x := range w {
					s += evNum(t, x)
				}
				return s
			}
			nw, dw := get(nominal), get(root)
			stated, drawn := sum(nw), sum(dw)
			for k, x := range dw {
				v := evNum(t, x) * stated / drawn
				if rm := evMap(x); rm != nil {
					rm["value"] = v
				} else {
					dw[k] = v
				}
			}
		}
		if i := strings.Index(f, ".voters["); i >= 0 && strings.HasSuffix(f, ".share") && !done[f[:i]] {
			done[f[:i]] = true
			var c int
			fmt.Sscanf(f, "constituencies[%d]", &c)
			voters := evMap(root["constituencies"].([]any)[c])["voters"].([]any)
			s := 0.0
			for _, v := range voters {
				s += evNum(t, evMap(v)["share"])
			}
			for _, v := range voters {
				vm := evMap(v)
				x := evNum(t, vm["share"]) / s
				if rm := evMap(vm["share"]); rm != nil {
					rm["value"] = x
				} else {
					vm["share"] = x
				}
			}
		}
	}
}

// The voter groups' spread ranges move with their centre (docs/format.md).
func shiftSpreads(t *testing.T, nominal, root map[string]any) {
	for c, x := range root["constituencies"].([]any) {
		for g, v := range evList(evMap(x)["voters"]) {
			if v == nil {
				continue
			}
			rm := evMap(evMap(v)["reservation"])
			if rm == nil || rm["range"] == nil {
				continue
			}
			nrm := evMap(evMap(evList(evMap(nominal["constituencies"].([]any)[c])["voters"])[g])["reservation"])
			shift := evNum(t, rm["value"]) - evNum(t, nrm["value"])
			r := nrm["range"].([]any)
			rm["range"] = []any{evNum(t, r[0]) + shift, evNum(t, r[1]) + shift}
		}
	}
}

func TestFlagshipHeadlineNumbers(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("brute force over the flagship's 72,576 packages, 200 times")
	}
	root := readFlagship(t)
	m := buildModel(t, root)
	want := m.run()
	// The shared quick build: its robustness draws are quick.Samples
	// with quick.Seed, as robust.Run's below.
	s, _, doc := built(t, "ukraine-2025")
	if doc.Numbers["zone.packages"] != float64(want.zone) || doc.Numbers["ratifiable.packages"] != float64(want.ratifiable) {
		t.Errorf("zones %v and %v; the evaluator finds %d and %d", doc.Numbers["zone.packages"], doc.Numbers["ratifiable.packages"], want.zone, want.ratifiable)
	}
	if want.nash == nil {
		t.Fatal("the evaluator finds no ratifiable package")
	}
	var parts []string
	for i, k := range want.nash {
		parts = append(parts, m.issues[i]+": "+m.options[i][k])
	}
	if !strings.Contains(doc.Summary[0], strings.Join(parts, "; ")) {
		t.Errorf("the summary leads with\n%s\nthe evaluator's ratifiable Nash package is\n%s", doc.Summary[0], strings.Join(parts, "; "))
	}
	for c := range m.cons {
		name := evMap(root["constituencies"].([]any)[c])["name"].(string)
		a, asked := m.approval(c, want.nash)
		got, ok := doc.Numbers["nash.ratifiable.approval."+name]
		if ok != asked || (asked && math.Abs(got-a) > 1e-12) {
			t.Errorf("%s's approval of the ratifiable Nash package: report %v (%v), evaluator %v (asked %v)", name, got, ok, a, asked)
		}
	}

	// Robustness: the same draws (their values are the input), the zones
	// of each draw recomputed by the evaluator.
	r, err := robust.Run(context.Background(), s, robust.Options{Samples: quick.Samples, Seed: quick.Seed, NoTipping: true})
	if err != nil {
		t.Fatal(err)
	}
	fields := make([]string, len(r.Params))
	for j := range r.Params {
		fields[j] = r.Params[j].Field
	}
	zones, rats := 0, 0
	for d, row := range r.Draws {
		drawn := deepCopy(root).(map[string]any)
		for j, v := range row {
			setPath(t, drawn, fields[j], v)
		}
		rescale(t, root, drawn, fields)
		shiftSpreads(t, root, drawn)
		got := buildModel(t, drawn).run()
		if uint64(got.zone) != r.ZoneSize[d] || uint64(got.ratifiable) != r.RatifiableSize[d] {
			t.Fatalf("draw %d: robust finds zones of %d and %d, the evaluator %d and %d", d, r.ZoneSize[d], r.RatifiableSize[d], got.zone, got.ratifiable)
		}
		if got.zone > 0 {
			zones++
		}
		if got.ratifiable > 0 {
			rats++
		}
	}
	n := float64(len(r.Draws))
	if doc.Numbers["robust.zone.share"] != float64(zones)/n || doc.Numbers["robust.ratifiable.share"] != float64(rats)/n {
		t.Errorf("report's shares %v and %v (seed %d, %d draws); the evaluator finds %v and %v", doc.Numbers["robust.zone.share"], doc.Numbers["robust.ratifiable.share"], quick.Seed, quick.Samples, float64(zones)/n, float64(rats)/n)
	}
	t.Logf("zone %d, ratifiable %d; over %d draws (seed %d) a zone in %d, a ratifiable package in %d", want.zone, want.ratifiable, len(r.Draws), quick.Seed, zones, rats)
}
