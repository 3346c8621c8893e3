package report_test

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/entente/entente/report"
)

// hostile are scenario texts that would be markup in a Markdown viewer:
// raw HTML, event handlers, remote images and links, table pipes, line
// breaks that start blocks.
var hostile = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(2)>`,
	`![tracker](https://evil.example/t.png)`,
	`[click](javascript:alert(3))`,
	`a | b | c`,
	"line\n\n# heading\n<div>block</div>",
	`https://evil.example/autolink`,
	`**bold** _em_ ~~gone~~ $x$ &lt;`,
}

// unescaped reports whether c occurs in line without a backslash before it.
func unescaped(line string, c byte) int {
	n := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' {
			i++
			continue
		}
		if line[i] == c {
			n++
		}
	}
	return n
}

// TestMarkdownEscapesScenarioText puts hostile text in every name and
// description of a scenario and checks the Markdown report: no raw HTML,
// no image but the report's own charts, no link, and tables whose rows
// keep their number of cells.
func TestMarkdownEscapesScenarioText(t *testing.T) {
	s, _ := example(t, "laptop")
	s = s.Clone()
	s.Name = hostile[0] + " " + hostile[1]
	s.Description = strings.Join(hostile, " ")
	for i := range s.Parties {
		s.Parties[i].Name = hostile[(2+i)%len(hostile)] + " p" + string(rune('0'+i))
		s.Parties[i].Description = strings.Join(hostile, " ")
	}
	for i := range s.Issues {
		s.Issues[i].Name = hostile[(4+i)%len(hostile)] + " i" + string(rune('0'+i))
		for k := range s.Issues[i].Options {
			s.Issues[i].Options[k] = hostile[(i+k)%len(hostile)] + " o" + string(rune('0'+k))
		}
	}
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	doc, err := report.Build(context.Background(), s, nil, report.Options{Samples: -1, Runs: -1, Sessions: 4, Rounds: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := doc.Markdown(&md, func(n int, _ []byte) (string, error) { return "figs (1)/figure-" + string(rune('0'+n)) + ".svg", nil }); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	image := regexp.MustCompile(`^!\[[^\]]*\]\((.*)\)$`)
	var cells int
	for n, line := range strings.Split(out, "\n") {
		if m := image.FindStringSubmatch(line); m != nil {
			if !strings.HasPrefix(m[1], "figs%20%281%29/figure-") {
				t.Errorf("line %d: an image from %q", n+1, m[1])
			}
			continue
		}
		// The report's own markup: quotes, bullets, bold captions, italics.
		text := strings.TrimPrefix(strings.TrimPrefix(line, "> "), "- ")
		if strings.HasPrefix(text, "**") && strings.HasSuffix(text, "**") {
			text = text[2 : len(text)-2]
		}
		for _, c := range []byte{'<', '>', '[', ']', '`', '*', '&', '$'} {
			if unescaped(text, c) > 0 {
				t.Errorf("line %d: an unescaped %q: %s", n+1, c, line)
			}
		}
		if regexp.MustCompile(`[^\\]://`).MatchString(text) {
			t.Errorf("line %d: an autolink: %s", n+1, line)
		}
		// Headings and quotes only where the report puts them.
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "## ") {
			t.Errorf("line %d: a heading from scenario text: %s", n+1, line)
		}
		// A table keeps the cells of its head on every row.
		switch {
		case strings.HasPrefix(line, "|") && cells == 0:
			cells = unescaped(line, '|')
		case strings.HasPrefix(line, "|"):
			if got := unescaped(line, '|'); got != cells {
				t.Errorf("line %d: a table row with %d cell separators, its head %d: %s", n+1, got-1, cells-1, line)
			}
		default:
			cells = 0
		}
	}
	// The text is still there, escaped, not dropped.
	for _, want := range []string{`\<script\>alert(1)\</script\>`, `a \| b \| c`, `https\://evil.example/autolink`} {
		if !strings.Contains(out, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	// And the HTML report (escaped by html/template) agrees: no element
	// from the scenario.
	var page bytes.Buffer
	if err := doc.HTML(&page); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<img src=x", "<div>"} {
		if strings.Contains(page.String(), bad) {
			t.Errorf("the HTML holds %q", bad)
		}
	}
	if !slices.Contains(strings.Split(out, "\n"), "# "+`\<script\>alert(1)\</script\> \<img src=x onerror=alert(2)\>`) {
		t.Errorf("the title is not the escaped name:\n%s", out[:min(len(out), 300)])
	}
}
