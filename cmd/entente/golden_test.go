package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/entente/entente/internal/shared"
)

var update = flag.Bool("update", false, "rewrite the golden outputs in testdata/golden/out")

// ukrainePackage is a package of the ukraine-2025 example's agreement zone.
const ukrainePackage = "Donbas=ceded de facto;Crimea=Russian de facto;front elsewhere=Ukraine leaves Zaporizhzhia and Kherson;NATO=renounced by treaty;EU path=open;security guarantee=Art5 with US treaty;army limits=no caps;elections=after martial law;sanctions=eased with snapback and assets to reconstruction"

// goldenCase is one command whose standard output must stay byte for
// byte what testdata/golden/out/NAME holds. In is the folder it runs in:
// "" for testdata/golden, "shared" for ../shared.
type goldenCase struct {
	name string
	in   string
	args []string
}

// goldenCases are the JSON (and CSV) outputs of the commands on the
// built-in examples, the scenarios of testdata/golden and published data
// in ../shared. The outputs were recorded with the command line as it was
// before the documents moved into package wire; the contract is that they
// never change within a version.
var goldenCases = []goldenCase{
	{name: "analyze-laptop.json", args: []string{"analyze", "--json", "laptop"}},
	{name: "analyze-laptop-zone-package.json", args: []string{"analyze", "--json", "--zone", "--package", "model=Aero 13;memory=8 GB;price=12", "--package", `{"model": "Aero 13", "memory": "16 GB", "price": 10}`, "laptop"}},
	{name: "analyze-laptop-zone-package.csv", args: []string{"analyze", "--csv", "--zone", "--package", "model=Aero 13;memory=8 GB;price=12", "laptop"}},
	{name: "analyze-laptop-fix.json", args: []string{"analyze", "--json", "--fix", "memory=8 GB", "--parties", "shop,buyer", "laptop"}},
	{name: "analyze-ceasefire-explain.json", args: []string{"analyze", "--json", "--explain", "ceasefire"}},
	{name: "analyze-coalition.json", args: []string{"analyze", "--json", "--resolution", "5", "coalition"}},
	{name: "analyze-coalition-government-explain.json", args: []string{"analyze", "--json", "--explain", "coalition-government"}},
	{name: "analyze-ukraine-explain-package.json", args: []string{"analyze", "--json", "--explain", "--package", ukrainePackage, "ukraine-2025"}},
	{name: "analyze-ukraine-zone-package.csv", args: []string{"analyze", "--csv", "--zone", "--package", ukrainePackage, "ukraine-2025"}},
	{name: "analyze-politics-zone-package.json", args: []string{"analyze", "--json", "--zone", "--package", "border=ceded;guarantee=none;army=capped", "politics.yaml"}},
	{name: "analyze-politics-zone.csv", args: []string{"analyze", "--csv", "--zone", "politics.yaml"}},
	{name: "analyze-politics-parties.json", args: []string{"analyze", "--json", "--parties", "west,east", "politics.yaml"}},
	{name: "analyze-politics-explain.json", args: []string{"analyze", "--json", "--explain", "politics.yaml"}},
	{name: "analyze-hard-explain.json", args: []string{"analyze", "--json", "--explain", "hard.yaml"}},
	{name: "robust-ukraine.json", args: []string{"analyze", "--json", "--samples", "200", "--seed", "3", "ukraine-2025"}},
	{name: "robust-politics.json", args: []string{"analyze", "--json", "--samples", "300", "politics.yaml"}},
	{name: "robust-coalition-government.json", args: []string{"analyze", "--json", "--samples", "100", "--seed", "2", "coalition-government"}},
	{name: "robust-laptop.json", args: []string{"analyze", "--json", "--samples", "100", "laptop"}},
	{name: "analyze-shared-laptop.json", in: "shared", args: []string{"analyze", "--json", "scenarios/genius/anac2011-Laptop"}},
	{name: "analyze-shared-fitness.json", in: "shared", args: []string{"analyze", "--json", "--package", `{"type": "yoga", "duration": "1 hour", "distance": "5 km", "intensity": "light", "price": "$15"}`, "scenarios/geniusweb/Fitness"}},

	{name: "negotiate-laptop.json", args: []string{"negotiate", "--json", "laptop"}},
	{name: "negotiate-laptop-mediated.json", args: []string{"negotiate", "--json", "--protocol", "mediated", "--voting", "compare", "--seed", "7", "laptop"}},
	{name: "negotiate-laptop-order.json", args: []string{"negotiate", "--json", "--party", "buyer=conceder", "--party", "shop=boulware:e=0.1", "--rounds", "200", "--order", "shop,buyer", "laptop"}},
	{name: "negotiate-ukraine.json", args: []string{"negotiate", "--json", "ukraine-2025"}},
	{name: "negotiate-ceasefire-disclose.json", args: []string{"negotiate", "--json", "--disclose", "all", "--strategy", "boulware:aware=all", "ceasefire"}},
	{name: "negotiate-coalition-mediated.json", args: []string{"negotiate", "--json", "--mediator", "random", "--seed", "3", "coalition"}},
	{name: "negotiate-hard.json", args: []string{"negotiate", "--json", "hard.yaml"}},
	{name: "negotiate-bloc.json", args: []string{"negotiate", "--json", "bloc.yaml"}},
	{name: "negotiate-hardliners.json", args: []string{"negotiate", "--json", "--strategy", "hardliner", "--rounds", "50", "laptop"}},
	{name: "negotiate-shared-camera.json", in: "shared", args: []string{"negotiate", "--json", "--party", "camera_buyer_utility=conceder", "scenarios/genius/anac2011-Camera"}},

	{name: "forecast-small.json", args: []string{"forecast", "--json", "small.csv"}},
	{name: "forecast-ranged.json", args: []string{"forecast", "--json", "--runs", "50", "--sensitivity", "ranged.yaml"}},
	{name: "forecast-ranged-bdm.json", args: []string{"forecast", "--json", "--model", "bdm", "--rounds", "3", "--sensitivity", "ranged.yaml"}},
	{name: "forecast-ceasefire.json", args: []string{"forecast", "--json", "--runs", "20", "../../../../examples/ceasefire.yaml"}},
	{name: "forecast-shared-emissions.json", in: "shared", args: []string{"forecast", "--json", "reference/spatial-data/bdm-eu-emissions/actors.csv"}},
	{name: "forecast-shared-ktab.json", in: "shared", args: []string{"forecast", "--json", "--runs", "30", "--sensitivity", "reference/spatial-data/ktab-dummy-3dim/ktab-native.xml"}},
	{name: "forecast-shared-soe.json", in: "shared", args: []string{"forecast", "--json", "--model", "smp,median", "reference/spatial-data/ktab-soe-policy/ktab-native.csv"}},

	{name: "validate-laptop.json", args: []string{"validate", "--json", "laptop"}},
	{name: "show-ukraine.json", args: []string{"show", "--json", "ukraine-2025"}},
}

// elapsed matches the one field of a tournament record that differs
// between two runs of the same plan.
var elapsed = regexp.MustCompile(`"elapsed_ns":[0-9]+`)

// TestGoldenOutputs checks the documented outputs byte for byte against
// testdata/golden/out (go test -run TestGoldenOutputs -update rewrites
// them: only for a deliberate change of the contract, with a new version).
func TestGoldenOutputs(t *testing.T) {
	golden, err := filepath.Abs("testdata/golden")
	if err != nil {
		t.Fatal(err)
	}
	var sharedDir string
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			dir := golden
			if c.in == "shared" {
				if sharedDir == "" {
					sharedDir = shared.Dir(t)
				}
				dir = sharedDir
			}
			t.Chdir(dir)
			checkGolden(t, filepath.Join(golden, "out", c.name), runOK(t, c.args...))
		})
	}
	t.Run("tournament", func(t *testing.T) {
		tmp := t.TempDir()
		for _, f := range []string{"plan.yaml", "bloc-plan.yaml", "bloc.yaml"} {
			b, err := os.ReadFile(filepath.Join(golden, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(tmp, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Chdir(tmp)
		runOK(t, "tournament", "plan.yaml")
		runOK(t, "tournament", "bloc-plan.yaml")
		for _, c := range []goldenCase{
			{name: "tournament-report.json", args: []string{"tournament", "report", "--json", "plan.results.db"}},
			{name: "tournament-export.jsonl", args: []string{"tournament", "export", "--json", "plan.results.db"}},
			{name: "tournament-bloc-report.json", args: []string{"tournament", "report", "--json", "--rank", "ratified", "bloc-plan.results.db"}},
			{name: "tournament-bloc-export.jsonl", args: []string{"tournament", "export", "--json", "bloc-plan.results.db"}},
		} {
			out := elapsed.ReplaceAll(runOK(t, c.args...), []byte(`"elapsed_ns":0`))
			checkGolden(t, filepath.Join(golden, "out", c.name), out)
		}
	})
}

// runOK runs the command in this process and returns its standard output.
func runOK(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("entente %q: exit %d: %s", args, code, stderr.String())
	}
	return stdout.Bytes()
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("%s: the output differs from the golden file at byte %d: %q, want %q", filepath.Base(path), i, snippet(got, i), snippet(want, i))
	}
}

func snippet(b []byte, i int) string {
	lo, hi := max(0, i-40), min(len(b), i+40)
	return string(b[lo:hi])
}
