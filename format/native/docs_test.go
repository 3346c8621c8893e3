package native_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// TestDocumentedScenarios decodes every complete scenario shown in
// docs/format.md (a code block with both issues and parties), so that the
// reference cannot drift from the decoder.
func TestDocumentedScenarios(t *testing.T) {
	doc, err := os.ReadFile("../../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```(yaml|json)\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	n := 0
	for _, b := range blocks {
		src := b[2]
		if !strings.Contains(src, "issues") || !strings.Contains(src, "parties") {
			continue
		}
		n++
		_, warnings, err := native.Decode(entente.Source{Name: "format.md." + b[1], Data: []byte(src)}, nil)
		if err != nil {
			t.Errorf("a %s example in docs/format.md does not decode: %v\n%s", b[1], err, src)
		} else if len(warnings) > 0 {
			t.Errorf("a %s example in docs/format.md has warnings: %v", b[1], warnings)
		}
	}
	if n < 2 {
		t.Fatalf("found %d complete examples in docs/format.md, expected a YAML and a JSON one", n)
	}
}
