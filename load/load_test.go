package load_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/load"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// sample is how many outcomes a round trip compares when the space is
// larger (the issue asks for every outcome or a sample of 10,000).
const sample = 10000

// unloadable lists the published scenarios that GENIUS itself cannot
// evaluate, with a word the rejection must contain (formats.md A.3, A.6).
var unloadable = map[string]string{
	"negmas-LaptopConv":   "Laptop-C-prof2.xml",
	"genius-2nd_hand_car": "car_dealer.xml",
}

// TestEveryPublishedScenario loads every scenario of INDEX.tsv by naming
// its folder, checks the party names and order, the issue count and the
// outcome count against the index, and that converting to the native
// format (YAML and JSON) and to the scenario's own format and reading the
// result back gives the same utilities for every outcome (or a sample).
func TestEveryPublishedScenario(t *testing.T) {
	rows := shared.Scenarios(t)
	if len(rows) < 100 {
		t.Fatalf("INDEX.tsv lists only %d scenarios", len(rows))
	}
	for _, row := range rows {
		t.Run(row.Name, func(t *testing.T) {
			t.Parallel()
			res, err := load.Folder(row.Dir)
			if want, bad := unloadable[row.Name]; bad {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("want a rejection naming %s, got %v", want, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := res.Scenario
			checkAgainstIndex(t, row, s)
			if errs, _ := utility.Check(s); len(errs) > 0 {
				t.Fatalf("utilities outside [0,1]: %v", errs)
			}
			for _, f := range []native.Format{native.YAML, native.JSON} {
				data, err := native.Encode(s, f)
				if err != nil {
					t.Fatal(err)
				}
				back, _, err := native.Decode(entente.Source{Name: "converted", Data: data}, nil)
				if err != nil {
					t.Fatalf("native round trip: %v", err)
				}
				compare(t, "native", s, back)
			}
			var back *entente.Scenario
			switch res.Format {
			case "genius":
				d, ps, err := genius.Encode(s)
				if err != nil {
					t.Fatal(err)
				}
				back, _, err = genius.Decode(entente.Source{Name: "domain.xml", Data: d}, sources(s, ps, ".xml")...)
				if err != nil {
					t.Fatalf("GENIUS round trip: %v", err)
				}
			case "geniusweb":
				d, ps, err := geniusweb.Encode(s)
				if err != nil {
					t.Fatal(err)
				}
				back, _, err = geniusweb.Decode(entente.Source{Name: "domain.json", Data: d}, sources(s, ps, ".json")...)
				if err != nil {
					t.Fatalf("GeniusWeb round trip: %v", err)
				}
			}
			compare(t, res.Format, s, back)
			for p := range s.Parties {
				if back.Parties[p].Name != s.Parties[p].Name {
					t.Errorf("party %d: name %q came back as %q", p, s.Parties[p].Name, back.Parties[p].Name)
				}
			}
		})
	}
}

func sources(s *entente.Scenario, data [][]byte, ext string) []entente.Source {
	out := make([]entente.Source, len(data))
	for p := range data {
		out[p] = entente.Source{Name: s.Parties[p].Name + ext, Data: data[p]}
	}
	return out
}

func compare(t *testing.T, how string, a, b *entente.Scenario) {
	t.Helper()
	c, err := utility.Compare(a, b, sample, 42)
	if err != nil {
		t.Fatalf("%s round trip: %v", how, err)
	}
	if c.MaxDiff > 1e-12 {
		t.Fatalf("%s round trip changes utilities by %g: %s", how, c.MaxDiff, c.Where)
	}
	if n, ok := space.New(a.Issues).Len(); ok && n <= sample && (!c.Exhaustive || uint64(c.Outcomes) != n) {
		t.Fatalf("%s round trip compared %d of %d outcomes", how, c.Outcomes, n)
	}
}

// checkAgainstIndex compares a loaded scenario with its INDEX.tsv row.
func checkAgainstIndex(t *testing.T, row shared.Scenario, s *entente.Scenario) {
	t.Helper()
	if len(s.Parties) != len(row.Profiles) {
		t.Fatalf("%d parties, INDEX.tsv lists %d profiles", len(s.Parties), len(row.Profiles))
	}
	for p, path := range row.Profiles {
		want := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if s.Parties[p].Name != want {
			t.Errorf("party %d is %q, want %q (profile files in name order)", p, s.Parties[p].Name, want)
		}
	}
	if n, _ := strconv.Atoi(row.Fields["issues"]); n != len(s.Issues) {
		t.Errorf("%d issues, INDEX.tsv says %d", len(s.Issues), n)
	}
	if got := space.New(s.Issues).SizeString(); got != row.Fields["outcomes"] {
		t.Errorf("%s outcomes, INDEX.tsv says %s", got, row.Fields["outcomes"])
	}
	if s.Name != row.Name {
		t.Errorf("scenario name %q, want the folder name %q", s.Name, row.Name)
	}
}

// TestExplicitFileList names a scenario as a domain followed by its
// profiles, the third way to name a scenario.
func TestExplicitFileList(t *testing.T) {
	for _, row := range shared.Scenarios(t) {
		if row.Name != "anac2011-Laptop" && row.Format != "geniusweb-json" {
			continue
		}
		res, err := load.Paths(append([]string{row.Domain}, row.Profiles...)...)
		if err != nil {
			t.Fatalf("%s: %v", row.Name, err)
		}
		checkParties(t, res.Scenario, row.Profiles)
		// Profiles in another order give parties in that order.
		rev := []string{row.Domain, row.Profiles[1], row.Profiles[0]}
		res, err = load.Paths(rev...)
		if err != nil {
			t.Fatal(err)
		}
		checkParties(t, res.Scenario, rev[1:])
	}
}

func checkParties(t *testing.T, s *entente.Scenario, profiles []string) {
	t.Helper()
	for p, path := range profiles {
		want := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if s.Parties[p].Name != want {
			t.Errorf("party %d = %q, want %q", p, s.Parties[p].Name, want)
		}
	}
}

// TestNamingErrors checks the messages for the ways naming a scenario
// goes wrong.
func TestNamingErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	domain := write("d/dom.xml", `<negotiation_template><utility_space><objective index="0" name="root" type="objective"><issue index="1" name="x" type="discrete"><item index="1" value="a"/></issue></objective></utility_space></negotiation_template>`)
	profile := write("d/p.xml", `<utility_space><objective index="0" name="root" type="objective"><issue index="1" name="x" type="discrete"><item index="1" value="a" evaluation="1"/></issue><weight index="1" value="1"/></objective></utility_space>`)
	empty := write("empty.yaml", "")
	notes := write("notes.txt", "hello")
	onlyDomain := write("only/dom.xml", `<negotiation_template><utility_space><objective index="0" name="root"><issue index="1" name="x" type="discrete"><item index="1" value="a"/></issue></objective></utility_space></negotiation_template>`)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{filepath.Join(dir, "missing.yaml")}, "missing.yaml: no such file or folder"},
		{[]string{profile}, "p.xml: this is a GENIUS profile; name the domain file first, then the profiles"},
		{[]string{domain}, "dom.xml: a GENIUS domain needs profile files after it, one per party"},
		{[]string{domain, notes}, "notes.txt: expected a GENIUS profile after the GENIUS domain dom.xml, but this is an unrecognised file"},
		{[]string{empty}, "empty.yaml: the file is empty"},
		{[]string{notes}, "notes.txt: not a scenario file"},
		{[]string{filepath.Dir(onlyDomain)}, "holds the GENIUS domain dom.xml but no profile"},
		{[]string{t.TempDir()}, "holds no scenario"},
	}
	for _, c := range cases {
		_, err := load.Paths(c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("load %v: got %v, want %q", c.args, err, c.want)
		}
	}
	res, err := load.Paths(filepath.Dir(domain))
	if err != nil {
		t.Fatal(err)
	}
	if res.Scenario.Name != "d" || res.Scenario.Parties[0].Name != "p" {
		t.Errorf("got scenario %q with party %q", res.Scenario.Name, res.Scenario.Parties[0].Name)
	}
}

// TestNonLinearScenarios walks the published non-linear scenarios once and
// checks, for each, against the competition's reference Pareto frontier
// (pareto.xml: one "u1, u2" line per point):
//
//   - that the exact search finds each party's best outcome and that its
//     utility is the largest utility of that party on the reference
//     frontier;
//   - how much of the reference frontier the exact search reaches (an
//     outcome at least as good for both parties): the 10-issue domains
//     must be reached in full, and no reference point may be proven
//     unreachable. These spaces hold 10^10 to 10^40 outcomes, so no
//     enumeration can check them. This part is pure arithmetic on one
//     goroutine per scenario, some twenty times slower under the race
//     detector and adding nothing there, so it runs in the ordinary test
//     run only. With -v it also reports how many reference points the
//     search beats (by 1e-6 on both utilities), which costs as much again
//     and is not a check.
func TestNonLinearScenarios(t *testing.T) {
	n := 0
	for _, row := range shared.Scenarios(t) {
		if row.Fields["utility_kind"] != "non-linear" {
			continue
		}
		n++
		t.Run(row.Name, func(t *testing.T) {
			t.Parallel()
			res, err := load.Folder(row.Dir)
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(row.Dir, "pareto.xml"))
			if err != nil {
				t.Fatal(err)
			}
			pts, err := genius.DecodeParetoPoints(entente.Source{Name: "pareto.xml", Data: data})
			if err != nil {
				t.Fatal(err)
			}
			fs, err := utility.Compile(res.Scenario)
			if err != nil {
				t.Fatal(err)
			}
			for p, f := range fs {
				want := 0.0
				for _, pt := range pts {
					want = max(want, pt[p])
				}
				b := f.Best()
				if !b.Exact || b.Utility < want-1e-7 || b.Utility > want+1e-7 {
					t.Errorf("party %d: best %v (exact %v), reference frontier reaches %v", p, b.Utility, b.Exact, want)
				}
				if got := f.Utility(b.Outcome); got != b.Utility {
					t.Errorf("party %d: the best outcome evaluates to %v, not %v", p, got, b.Utility)
				}
			}
			if !raceEnabled {
				checkReachable(t, row, fs, pts)
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d non-linear scenarios", n)
	}
}

// checkReachable checks that the exact search reaches the reference
// frontier (see TestNonLinearScenarios).
func checkReachable(t *testing.T, row shared.Scenario, fs []*utility.Func, pts [][]float64) {
	reached, beaten := 0, 0
	for _, p := range pts {
		// pareto.xml rounds to about 8 digits.
		_, r, err := utility.Reachable(fs, []float64{p[0] - 1e-7, p[1] - 1e-7}, 20_000)
		if err != nil {
			t.Fatal(err)
		}
		if r == utility.Unreachable {
			t.Errorf("reference point %v is proven unreachable", p)
		}
		if r == utility.Reached {
			reached++
		}
		if testing.Verbose() {
			if _, r, _ := utility.Reachable(fs, []float64{p[0] + 1e-6, p[1] + 1e-6}, 20_000); r == utility.Reached {
				beaten++
			}
		}
	}
	if n, _ := strconv.Atoi(row.Fields["issues"]); n == 10 && reached != len(pts) {
		t.Errorf("reached %d of %d reference points of a 10-issue domain", reached, len(pts))
	}
	if testing.Verbose() {
		t.Logf("%s: %d reference points, %d reached, %d beaten by 1e-6 on both utilities", row.Name, len(pts), reached, beaten)
	} else {
		t.Logf("%s: %d reference points, %d reached", row.Name, len(pts), reached)
	}
}

// TestBuiltInExamples loads every built-in example by name.
func TestBuiltInExamples(t *testing.T) {
	names := load.ExampleNames()
	if len(names) < 3 {
		t.Fatalf("built-in examples: %v", names)
	}
	for _, n := range names {
		res, err := load.Paths(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if len(res.Warnings) > 0 {
			t.Errorf("%s: warnings %v", n, res.Warnings)
		}
		if errs, _ := utility.Check(res.Scenario); len(errs) > 0 {
			t.Errorf("%s: %v", n, errs)
		}
	}
	_, err := load.Paths("nosuchexample")
	if err == nil || !strings.Contains(err.Error(), "no such file or folder (built-in examples: ") {
		t.Errorf("got %v", err)
	}
}

// TestExampleUnknown: an unknown example name is an ENotFound error that
// errors.Is recognises as fs.ErrNotExist, and names the examples.
func TestExampleUnknown(t *testing.T) {
	for _, name := range []string{"", "nosuchexample", "../laptop", "laptop/laptop"} {
		res, err := load.Example(name)
		if res != nil || !errors.Is(err, fs.ErrNotExist) || entente.ErrorCode(err) != entente.ENotFound ||
			!strings.Contains(err.Error(), "no built-in example of this name (the examples: ") {
			t.Errorf("%q: %v, %v", name, res, err)
		}
	}
}
