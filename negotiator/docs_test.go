package negotiator_test

import (
	"os"
	"strings"
	"testing"

	"github.com/entente/entente/negotiator"
)

// TestDocumented checks that docs/negotiate.md names every strategy and
// mediator with each of its parameters, so the reference cannot drift.
func TestDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/negotiate.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, in := range append(negotiator.Strategies(), negotiator.Mediators()...) {
		i := strings.Index(text, "\n| `"+in.Name+"` |")
		if i < 0 {
			t.Errorf("docs/negotiate.md has no table row for %s", in.Name)
			continue
		}
		row := text[i+1 : i+1+strings.Index(text[i+1:], "\n")]
		for _, p := range in.Params {
			if !strings.Contains(row, "`"+p.Name) && !strings.Contains(row, "as `timedep`") {
				t.Errorf("docs/negotiate.md: the row of %s does not name its parameter %s", in.Name, p.Name)
			}
		}
	}
}
