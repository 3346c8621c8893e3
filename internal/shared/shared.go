package shared

import (
	"bufio"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// RequireEnv is the environment variable that turns a missing ../shared
// into a test failure.
const RequireEnv = "ENTENTE_REQUIRE_SHARED"

// Dir returns the absolute path of ../shared, or skips (fails when
// RequireEnv is set) the test when it is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dir := filepath.Join(root, "..", "shared")
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if os.Getenv(RequireEnv) != "" {
			tb.Fatalf("../shared not found at %s, and %s is set", dir, RequireEnv)
		}
		tb.Skipf("../shared not found at %s: skipping tests on published scenarios (set %s=1 to make this fail)", dir, RequireEnv)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// Scenario is one row of ../shared/scenarios/INDEX.tsv.
type Scenario struct {
	Name     string
	Format   string // "genius-xml" or "geniusweb-json"
	Dir      string // absolute folder path
	Domain   string // absolute path of the domain file
	Profiles []string
	Fields   map[string]string // every column by name
}

// Scenarios reads INDEX.tsv and returns its rows in order.
func Scenarios(tb testing.TB) []Scenario {
	tb.Helper()
	dir := Dir(tb)
	f, err := os.Open(filepath.Join(dir, "scenarios", "INDEX.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var head []string
	var out []Scenario
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if head == nil {
			head = cols
			continue
		}
		row := map[string]string{}
		for i, h := range head {
			if i < len(cols) {
				row[h] = cols[i]
			}
		}
		sub := "genius"
		if row["format"] == "geniusweb-json" {
			sub = "geniusweb"
		}
		d := filepath.Join(dir, "scenarios", sub, row["name"])
		s := Scenario{Name: row["name"], Format: row["format"], Dir: d, Domain: filepath.Join(d, row["domain_file"]), Fields: row}
		for _, p := range strings.Split(row["profile_files"], ",") {
			s.Profiles = append(s.Profiles, filepath.Join(d, p))
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// ReadCSV reads a CSV file of ../shared (such as a spatial-data
// expected.csv) and returns its records after the header row. Rows may
// have different lengths.
func ReadCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		tb.Fatalf("%s: empty", path)
	}
	return recs[1:]
}
