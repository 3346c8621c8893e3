package wire

import (
	"fmt"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/entente/entente/forecast/models"
	"github.com/entente/entente/tournament"
)

// jsonNames collects the JSON field names of t and of every struct type
// its fields hold (through pointers, slices and maps).
func jsonNames(t reflect.Type, into map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		into[name] = true
		jsonNames(f.Type, into)
	}
}

// section returns the text of docs/file from the heading that starts with
// heading to the next heading of the same or a higher level.
func section(t *testing.T, file, heading string) string {
	t.Helper()
	b, err := os.ReadFile("../docs/" + file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, heading) {
			continue
		}
		level := len(l) - len(strings.TrimLeft(l, "#"))
		inCode := false
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "```") {
				inCode = !inCode
			}
			if !inCode && strings.HasPrefix(lines[j], "#") {
				if n := len(lines[j]) - len(strings.TrimLeft(lines[j], "#")); n <= level {
					return strings.Join(lines[i:j], "\n")
				}
			}
		}
		return strings.Join(lines[i:], "\n")
	}
	t.Fatalf("docs/%s has no heading %q", file, heading)
	return ""
}

var (
	backticked = regexp.MustCompile("`([^`]*)`")
	identifier = regexp.MustCompile(`[a-z][a-z0-9_]*`)
	exampleKey = regexp.MustCompile(`"([A-Za-z][A-Za-z0-9_ ]*)":`)
	codeBlock  = regexp.MustCompile("(?s)```json\n(.*?)```")
)

// TestDocsDescribeTheDocuments checks each documented JSON contract
// against its type: every field of the type (and of the types it holds)
// is named in the documentation, every key of the documentation's
// examples is a field (or one of the example's map keys: issue or model
// names), and the documentation states the version.
func TestDocsDescribeTheDocuments(t *testing.T) {
	for _, tc := range []struct {
		doc      any
		version  int
		file     string
		headings []string
		// mapKeys are the example's keys that are data, not fields.
		mapKeys []string
	}{
		{doc: AnalysisDoc{}, version: AnalysisVersion, file: "analyze.md",
			headings: []string{"## `--json`", "## Rules, blocs and ratification"},
			mapKeys:  []string{"brand", "price"}},
		{doc: RobustnessDoc{}, version: RobustnessVersion, file: "analyze.md",
			headings: []string{"## `--samples N --seed S`: robustness"}},
		{doc: NegotiationDoc{}, version: NegotiationVersion, file: "negotiate.md",
			headings: []string{"## Results"}},
		{doc: ForecastDoc{}, version: ForecastVersion, file: "forecast.md",
			headings: []string{"## JSON output"}, mapKeys: models.Names()},
		{doc: LeagueDoc{}, version: LeagueVersion, file: "tournament.md",
			headings: []string{"### `report --json`"}},
		{doc: tournament.Record{}, file: "tournament.md",
			headings: []string{"### `export --json`"}},
		{doc: ControlsDoc{}, version: ControlsVersion, file: "whatif.md", headings: []string{"## Controls"}},
		{doc: VariantDoc{}, version: VariantVersion, file: "whatif.md", headings: []string{"## Variants"}},
		{doc: WhatIfDoc{}, version: WhatIfVersion, file: "whatif.md", headings: []string{"## Evaluating a variant"}},
		{doc: ComparisonDoc{}, version: ComparisonVersion, file: "whatif.md", headings: []string{"## Comparing variants"}},
	} {
		typ := reflect.TypeOf(tc.doc)
		t.Run(typ.Name(), func(t *testing.T) {
			var text string
			for _, h := range tc.headings {
				text += section(t, tc.file, h) + "\n"
			}
			named := map[string]bool{}
			for _, m := range backticked.FindAllStringSubmatch(text, -1) {
				for _, id := range identifier.FindAllString(m[1], -1) {
					named[id] = true
				}
			}
			fields := map[string]bool{}
			jsonNames(typ, fields)
			for _, block := range codeBlock.FindAllStringSubmatch(text, -1) {
				for _, k := range exampleKey.FindAllStringSubmatch(block[1], -1) {
					named[k[1]] = true
					if !fields[k[1]] && !slices.Contains(tc.mapKeys, k[1]) {
						t.Errorf("docs/%s: the example has a key %q that %s does not have", tc.file, k[1], typ)
					}
				}
			}
			for _, f := range slices.Sorted(maps.Keys(fields)) {
				if !named[f] {
					t.Errorf("docs/%s does not document field %q of %s", tc.file, f, typ)
				}
			}
			if tc.version > 0 {
				v := regexp.MustCompile(fmt.Sprintf("version[`)]?( \\|)? %d\\b", tc.version))
				if !v.MatchString(text) {
					t.Errorf("docs/%s does not say that %s is version %d", tc.file, typ, tc.version)
				}
			}
			if !strings.Contains(text, "wire."+typ.Name()) && typ.PkgPath() == reflect.TypeOf(Point{}).PkgPath() {
				t.Errorf("docs/%s does not name the contract's type, wire.%s", tc.file, typ.Name())
			}
		})
	}
}

// TestLeagueFieldsSorted: the league document was written from maps, so
// its keys are in alphabetical order; its types keep that order.
func TestLeagueFieldsSorted(t *testing.T) {
	for _, v := range []any{LeagueDoc{}, LeagueTable{}, Standing{}, Estimate{}} {
		typ := reflect.TypeOf(v)
		var names []string
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			names = append(names, name)
		}
		if !slices.IsSorted(names) {
			t.Errorf("the JSON fields of %s are not in alphabetical order: %v", typ, names)
		}
	}
}
