package whatif_test

import (
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/load"
	"github.com/entente/entente/whatif"
)

// decode reads a native scenario written in a test.
func decode(t testing.TB, src string) *entente.Scenario {
	t.Helper()
	s, _, err := native.Decode(entente.Source{Name: "test.yaml", Data: []byte(src)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// nativeTestdata holds the native format's test scenarios.
var nativeTestdata = os.DirFS("../format/native/testdata")

// exampleScenario loads a built-in example.
func exampleScenario(t testing.TB, name string) *entente.Scenario {
	t.Helper()
	res, err := load.Example(name)
	if err != nil {
		t.Fatal(err)
	}
	return res.Scenario
}

// politicsScenario reads format/native's politics test scenario.
func politicsScenario(t testing.TB) *entente.Scenario {
	t.Helper()
	raw, err := fs.ReadFile(nativeTestdata, "politics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, string(raw))
}

// flagship loads examples/ukraine-2025.
func flagship(t testing.TB) *entente.Scenario {
	t.Helper()
	res, err := load.Example("ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	return res.Scenario
}

// workspace returns a workspace of s.
func workspace(t testing.TB, s *entente.Scenario, opt whatif.Options) *whatif.Workspace {
	t.Helper()
	ws, err := whatif.New(s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// evaluate evaluates a variant, failing the test on an error.
func evaluate(t testing.TB, ws *whatif.Workspace, v whatif.Variant) *whatif.Result {
	t.Helper()
	r, err := ws.Evaluate(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// variant builds a variant from key=value pairs.
func variant(name string, kv ...any) whatif.Variant {
	v := whatif.Variant{Name: name}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set = append(v.Set, whatif.Override{Key: kv[i].(string), Value: kv[i+1].(float64)})
	}
	return v
}

// loadFile writes text to a file and loads it as the command line does.
func loadFile(t testing.TB, text string) *entente.Scenario {
	t.Helper()
	path := filepath.Join(t.TempDir(), "edited.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := load.Paths(path)
	if err != nil {
		t.Fatal(err)
	}
	return res.Scenario
}

// replaceOnce replaces the one occurrence of old in text after the first
// occurrence of after, failing when old is not there.
func replaceOnce(t testing.TB, text, after, old, new string) string {
	t.Helper()
	at := strings.Index(text, after)
	if at < 0 {
		t.Fatalf("no %q in the file", after)
	}
	k := strings.Index(text[at:], old)
	if k < 0 {
		t.Fatalf("no %q after %q", old, after)
	}
	k += at
	return text[:k] + new + text[k+len(old):]
}

// sameAsAnalysis checks the zones and Nash packages of r against the
// exact analysis of s (package analysis, on a scenario the test built
// without the workspace).
func sameAsAnalysis(t testing.TB, s *entente.Scenario, r *whatif.Result) {
	t.Helper()
	a, err := analysis.Analyze(context.Background(), s, analysis.Options{ParetoPoints: -1})
	if err != nil {
		t.Fatal(err)
	}
	rat := a.Zone
	var ratNash *analysis.Solution = a.Nash
	if a.Ratification != nil {
		rat, ratNash = a.Ratification.Zone, a.Ratification.Nash
	}
	if r.Zone != a.Zone || r.Ratifiable != rat {
		t.Fatalf("%s: zones %d and %d, analysis %d and %d", r.Variant, r.Zone, r.Ratifiable, a.Zone, rat)
	}
	samePackage(t, r.Variant+": Nash", r.Nash, a.Nash)
	samePackage(t, r.Variant+": ratifiable Nash", r.RatifiableNash, ratNash)
}

func samePackage(t testing.TB, what string, p *whatif.Package, sol *analysis.Solution) {
	t.Helper()
	if (p == nil) != (sol == nil) {
		t.Fatalf("%s: %v, analysis %v", what, p, sol)
	}
	if p == nil {
		return
	}
	if p.Index != sol.Index || p.Value != sol.Value || p.Ties != sol.Ties {
		t.Fatalf("%s: package %d (Nash product %v, %d ties), analysis %d (%v, %d ties)", what, p.Index, p.Value, p.Ties, sol.Index, sol.Value, sol.Ties)
	}
	for q, u := range sol.Utilities {
		if math.Float64bits(p.Utilities[q]) != math.Float64bits(u) {
			t.Fatalf("%s: utility of party %d %v, analysis %v", what, q, p.Utilities[q], u)
		}
	}
}
