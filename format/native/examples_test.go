package native_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// examplesDir holds the scenarios a newcomer reads first.
const examplesDir = "../../examples"

// readExamples decodes every scenario file in examples/, with party files
// read from the same folder.
func readExamples(t *testing.T) map[string]*entente.Scenario {
	t.Helper()
	entries, err := os.ReadDir(examplesDir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*entente.Scenario{}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".json") {
			continue
		}
		path := filepath.Join(examplesDir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !native.IsScenario(data) {
			continue // a party's preferences file
		}
		open := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(examplesDir, name)) }
		s, warnings, err := native.Decode(entente.Source{Name: path, Data: data}, open)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if len(warnings) > 0 {
			t.Errorf("%s: warnings: %v", e.Name(), warnings)
		}
		if errs := s.Validate(); len(errs) > 0 {
			t.Errorf("%s: does not validate: %v", e.Name(), errs)
		}
		out[e.Name()] = s
	}
	return out
}

// TestExamples decodes every example with no error and no warning, and
// checks that the ones the documentation promises are there.
func TestExamples(t *testing.T) {
	got := readExamples(t)
	for _, name := range []string{"laptop.yaml", "coalition.yaml", "ceasefire.yaml"} {
		if got[name] == nil {
			t.Errorf("examples/%s is missing or does not load", name)
		}
	}
	if s := got["laptop.yaml"]; s != nil {
		if p := s.PartyIndex("shop"); p < 0 || s.Parties[p].Preferences.Weights == nil {
			t.Errorf("laptop.yaml: the shop's preferences were not read from laptop-seller.yaml")
		}
	}
	// Every example points editors at the schema.
	entries, _ := os.ReadDir(examplesDir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".yaml" {
			continue
		}
		data, _ := os.ReadFile(filepath.Join(examplesDir, e.Name()))
		if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=../docs/entente.schema.json\n") {
			t.Errorf("%s does not start with the yaml-language-server schema comment", e.Name())
		}
	}
}
