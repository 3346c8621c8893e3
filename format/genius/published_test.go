package genius_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// These tests read the published scenarios in ../shared at run time (see
// internal/shared); nothing of them is copied into the repository.

// unloadable lists the published scenarios GENIUS 10.4 itself cannot
// evaluate (formats.md A.3 and A.6), with patterns the rejection must
// match: the file and position, and the reason.
var unloadable = map[string][]string{
	"negmas-LaptopConv":   {`Laptop-C-prof2\.xml:\d+:\d+: `, `does not match the domain Laptop-C-domain\.xml`, `GENIUS cannot evaluate any bid`},
	"genius-2nd_hand_car": {`car_dealer\.xml:\d+:\d+: issue "Price": `, `type "price" is not an issue type`, `fails on every bid`},
}

const (
	// enumerateLimit: spaces up to this size are checked on every outcome.
	enumerateLimit = 100_000
	// bestLimit: spaces up to this size have their best outcome confirmed
	// by enumeration.
	bestLimit = 1_000_000
	// samples is how many seeded outcomes larger spaces are checked on.
	samples = 10_000
)

// geniusRows returns the GENIUS XML rows of INDEX.tsv.
func geniusRows(t *testing.T) []shared.Scenario {
	t.Helper()
	var rows []shared.Scenario
	for _, r := range shared.Scenarios(t) {
		if r.Format == "genius-xml" {
			rows = append(rows, r)
		}
	}
	if len(rows) < 100 {
		t.Fatalf("INDEX.tsv lists only %d GENIUS scenarios", len(rows))
	}
	return rows
}

func readSource(t testing.TB, path string) entente.Source {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return entente.Source{Name: path, Data: data}
}

// decodeRow decodes one published scenario.
func decodeRow(t testing.TB, row shared.Scenario) (*entente.Scenario, entente.ErrorList, error) {
	t.Helper()
	var ps []entente.Source
	for _, p := range row.Profiles {
		ps = append(ps, readSource(t, p))
	}
	return genius.Decode(readSource(t, row.Domain), ps...)
}

// eachOutcome calls fn on every outcome of a space of at most limit
// outcomes, or else on n seeded samples, and reports which it did.
func eachOutcome(sp *space.Space, limit uint64, n int, seed uint64, fn func(entente.Outcome)) (exhaustive bool) {
	if n, ok := sp.Len(); ok && n <= limit {
		_ = sp.Each(func(_ uint64, o entente.Outcome) bool { fn(o); return true })
		return true
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	o := make(entente.Outcome, len(sp.Issues()))
	for range n {
		sp.Sample(rng, o)
		fn(o)
	}
	return false
}

// TestPublishedScenarios decodes every GENIUS scenario of INDEX.tsv and
// checks it against the index: parties, issues and their kinds, outcome
// count, discount factors and reservation values as written, utilities in
// [0,1], and each linear party's best outcome.
func TestPublishedScenarios(t *testing.T) {
	for _, row := range geniusRows(t) {
		t.Run(row.Name, func(t *testing.T) {
			t.Parallel()
			s, warns, err := decodeRow(t, row)
			for _, w := range warns {
				if w.Code != entente.EWarning || w.Line < 1 {
					t.Errorf("warning without code or position: %#v", w)
				}
			}
			if want, bad := unloadable[row.Name]; bad {
				if err == nil {
					t.Fatalf("decoded, but GENIUS 10.4 cannot evaluate this scenario; want an error matching %q", want)
				}
				for _, pat := range want {
					if !regexp.MustCompile(pat).MatchString(err.Error()) {
						t.Errorf("error does not match %q:\n%v", pat, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstIndex(t, row, s)
			fs, err := utility.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			sp := space.New(s.Issues)
			eachOutcome(sp, enumerateLimit, samples, 1, func(o entente.Outcome) {
				for p, f := range fs {
					if u := f.Utility(o); !(u >= 0 && u <= 1) {
						t.Fatalf("party %q: utility %v outside [0,1] at %v", s.Parties[p].Name, u, s.Package(o))
					}
				}
			})
			for p := range s.Parties {
				if s.Parties[p].Preferences.Interactions == nil {
					checkBest(t, s, p, fs[p])
				}
			}
		})
	}
}

func checkAgainstIndex(t *testing.T, row shared.Scenario, s *entente.Scenario) {
	t.Helper()
	col := row.Fields
	if got := strconv.Itoa(len(s.Parties)); got != col["parties"] {
		t.Errorf("%s parties, INDEX.tsv says %s", got, col["parties"])
	}
	for p, path := range row.Profiles {
		want := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if p < len(s.Parties) && s.Parties[p].Name != want {
			t.Errorf("party %d is named %q, want %q (the profile's file name)", p, s.Parties[p].Name, want)
		}
	}
	if got := strconv.Itoa(len(s.Issues)); got != col["issues"] {
		t.Errorf("%s issues, INDEX.tsv says %s", got, col["issues"])
	}
	var kinds []string
	for _, k := range []entente.IssueKind{entente.Discrete, entente.Integer, entente.Real} {
		for i := range s.Issues {
			if s.Issues[i].Kind == k {
				kinds = append(kinds, k.String())
				break
			}
		}
	}
	if got := strings.Join(kinds, ","); got != col["issue_kinds"] {
		t.Errorf("issue kinds %s, INDEX.tsv says %s", got, col["issue_kinds"])
	}
	if got := space.New(s.Issues).SizeString(); got != col["outcomes"] {
		t.Errorf("%s outcomes, INDEX.tsv says %s", got, col["outcomes"])
	}
	nonlinear := col["utility_kind"] == "non-linear"
	df := strings.Split(col["discount_factors"], ",")
	rv := strings.Split(col["reservation_values"], ",")
	if len(df) != len(s.Parties) || len(rv) != len(s.Parties) {
		t.Fatalf("INDEX.tsv has %d discount factors and %d reservation values for %d parties", len(df), len(rv), len(s.Parties))
	}
	for p := range s.Parties {
		pr := &s.Parties[p].Preferences
		if (len(pr.Interactions) > 0) != nonlinear {
			t.Errorf("party %q: %d interaction terms, but INDEX.tsv says %s", s.Parties[p].Name, len(pr.Interactions), col["utility_kind"])
		}
		if pr.Normalization != entente.Genius {
			t.Errorf("party %q: normalization %s, want genius", s.Parties[p].Name, pr.Normalization)
		}
		checkWritten(t, s.Parties[p].Name+" discount factor", pr.Discount, df[p])
		checkWritten(t, s.Parties[p].Name+" reservation value", pr.Reservation, rv[p])
	}
}

// checkWritten compares a number with an INDEX.tsv entry, which gives six
// significant digits; "-" means the element is absent (read as 0).
func checkWritten(t *testing.T, what string, got float64, want string) {
	t.Helper()
	w := 0.0
	if want != "-" {
		var err error
		if w, err = strconv.ParseFloat(want, 64); err != nil {
			t.Fatalf("%s: INDEX.tsv entry %q: %v", what, want, err)
		}
	}
	if g, _ := strconv.ParseFloat(strconv.FormatFloat(got, 'g', 6, 64), 64); g != w {
		t.Errorf("%s is %v, INDEX.tsv says %s", what, got, want)
	}
}

// termValue evaluates one issue's value function the way GENIUS does,
// written out independently of package utility.
func termValue(vf entente.ValueFunc, x float64) float64 {
	switch v := vf.(type) {
	case entente.Table:
		m := 0.0
		for _, e := range v.Values {
			m = math.Max(m, e)
		}
		if m < 1e-5 {
			return 0
		}
		return v.Values[int(x-v.Base)] / m
	case entente.Linear:
		return math.Max(0, math.Min(1, v.Offset+v.Slope*(x-v.Origin)))
	case entente.Triangular:
		switch {
		case x < v.Low:
			return 0
		case x < v.Top:
			return (x - v.Low) / (v.Top - v.Low)
		case x < v.High:
			return 1 - (x-v.Top)/(v.High-v.Top)
		}
		return 0
	case entente.Constant:
		return v.V
	}
	panic("unexpected value function")
}

// candidates are the values of an issue where a GENIUS evaluator can peak.
func candidates(is *entente.Issue, vf entente.ValueFunc) []float64 {
	switch is.Kind {
	case entente.Discrete:
		c := make([]float64, len(is.Options))
		for k := range c {
			c[k] = float64(k)
		}
		return c
	case entente.Integer:
		if is.Max-is.Min <= 1e6 {
			var c []float64
			for x := is.Min; x <= is.Max; x++ {
				c = append(c, x)
			}
			return c
		}
	}
	c := []float64{is.Min, is.Max}
	if tr, ok := vf.(entente.Triangular); ok {
		c = append(c, math.Max(is.Min, math.Min(is.Max, tr.Top)))
	}
	return c
}

// checkBest checks that a linear party's best utility is min(1, sum of
// w_i * best e_i), reached at the per-issue argmax, and (for spaces up to
// bestLimit) that no outcome does better.
func checkBest(t *testing.T, s *entente.Scenario, p int, f *utility.Func) {
	t.Helper()
	pr := &s.Parties[p].Preferences
	best := make(entente.Outcome, len(s.Issues))
	total := 0.0
	for i := range s.Issues {
		vf := pr.Values[i]
		if vf == nil {
			best[i] = s.Issues[i].Min
			continue
		}
		top := math.Inf(-1)
		for _, x := range candidates(&s.Issues[i], vf) {
			if e := termValue(vf, x); e > top {
				top, best[i] = e, x
			}
		}
		total += pr.Weights[i] * top
	}
	want := math.Min(1, total)
	if got := f.Utility(best); math.Abs(got-want) > 1e-12 {
		t.Errorf("party %q: the per-issue best outcome %v has utility %v, want min(1, %v)", s.Parties[p].Name, s.Package(best), got, total)
	}
	sp := space.New(s.Issues)
	if n, ok := sp.Len(); ok && n <= bestLimit {
		top := math.Inf(-1)
		_ = sp.Each(func(_ uint64, o entente.Outcome) bool {
			top = math.Max(top, f.Utility(o))
			return true
		})
		if math.Abs(top-want) > 1e-12 {
			t.Errorf("party %q: the best of all %d outcomes is %v, want %v", s.Parties[p].Name, n, top, want)
		}
	}
}

// TestRoundTrip decodes every loadable published scenario, encodes it and
// decodes the result: every party must keep its name, its utility on
// every outcome (or a seeded sample of large spaces), its reservation
// value and its discount factor.
func TestRoundTrip(t *testing.T) {
	for _, row := range geniusRows(t) {
		if _, bad := unloadable[row.Name]; bad {
			continue
		}
		t.Run(row.Name, func(t *testing.T) {
			t.Parallel()
			s, _, err := decodeRow(t, row)
			if err != nil {
				t.Fatal(err)
			}
			back := roundTrip(t, s)
			for p := range s.Parties {
				a, b := &s.Parties[p].Preferences, &back.Parties[p].Preferences
				if a.Discount != b.Discount || a.Reservation != b.Reservation {
					t.Errorf("party %q: discount %v and reservation %v came back as %v and %v", s.Parties[p].Name, a.Discount, a.Reservation, b.Discount, b.Reservation)
				}
			}
		})
	}
}

// roundTrip encodes s, checks the files' kinds, decodes them under the
// parties' names, and checks that utilities are unchanged.
func roundTrip(t *testing.T, s *entente.Scenario) *entente.Scenario {
	t.Helper()
	d, ps, err := genius.Encode(s)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if len(ps) != len(s.Parties) {
		t.Fatalf("%d profiles for %d parties", len(ps), len(s.Parties))
	}
	if k := genius.Kind(d); k != genius.Domain {
		t.Fatalf("the encoded domain is recognised as %v", k)
	}
	srcs := make([]entente.Source, len(ps))
	for p, data := range ps {
		if k := genius.Kind(data); k != genius.Profile {
			t.Fatalf("the encoded profile of %q is recognised as %v", s.Parties[p].Name, k)
		}
		srcs[p] = entente.Source{Name: s.Parties[p].Name + ".xml", Data: data}
	}
	back, _, err := genius.Decode(entente.Source{Name: s.Name + ".xml", Data: d}, srcs...)
	if err != nil {
		t.Fatalf("decode the encoded scenario: %v\ndomain:\n%s", err, d)
	}
	if back.Name != s.Name {
		t.Errorf("scenario name %q came back as %q", s.Name, back.Name)
	}
	for p := range s.Parties {
		if back.Parties[p].Name != s.Parties[p].Name {
			t.Errorf("party %d: name %q came back as %q", p, s.Parties[p].Name, back.Parties[p].Name)
		}
	}
	limit := samples
	if n, ok := space.New(s.Issues).Len(); ok && n <= enumerateLimit {
		limit = enumerateLimit
	}
	c, err := utility.Compare(s, back, limit, 3)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxDiff > 1e-12 {
		t.Fatalf("the round trip changes utilities by %g: %s", c.MaxDiff, c.Where)
	}
	return back
}

// TestParetoFiles reads every pareto.xml next to the published scenarios:
// one column per profile, utilities in [0,1], and (formats.md A.4) each
// utility times its profile's maxutility is a whole number, which also
// confirms that Decode reads maxutility.
func TestParetoFiles(t *testing.T) {
	found := 0
	for _, row := range geniusRows(t) {
		path := filepath.Join(row.Dir, "pareto.xml")
		data, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		found++
		t.Run(row.Name, func(t *testing.T) {
			if k := genius.Kind(data); k != genius.Other {
				t.Errorf("pareto.xml is recognised as %v", k)
			}
			pts, err := genius.DecodeParetoPoints(entente.Source{Name: path, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := decodeRow(t, row)
			if err != nil {
				t.Fatal(err)
			}
			for _, pt := range pts {
				if len(pt) != len(s.Parties) {
					t.Fatalf("a point with %d values for %d parties", len(pt), len(s.Parties))
				}
				for p, u := range pt {
					mu := s.Parties[p].Preferences.MaxUtility
					if u < 0 || u > 1 || mu <= 0 {
						t.Fatalf("utility %v of party %q (maxutility %v)", u, s.Parties[p].Name, mu)
					}
					if raw := u * mu; math.Abs(raw-math.Round(raw)) > 1e-3 {
						t.Fatalf("party %q: %v * maxutility %v = %v is not a whole number", s.Parties[p].Name, u, mu, raw)
					}
				}
			}
		})
	}
	if found == 0 {
		t.Fatal("no pareto.xml found")
	}
}
