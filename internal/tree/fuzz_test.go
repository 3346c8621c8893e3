package tree

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzParse: any input gives a tree whose every node has a position, or
// an error with the file, a line and a column; never a panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"entente: 1\nissues: [{name: a, options: [x, y]}]\n",
		`{"entente": 1, "issues": [{"name": "a", "options": ["x"]}]}`,
		`{"a": [1, 2.5e3, true, null, "\u00e9"]}`,
		"a: &x [1]\nb: *x\n",
		"{\"a\": 1,",
		"a:\n\t- b\n",
		"---\na: 1\n---\nb: 2\n",
		"\ufeff\ufeff{}",
		"",
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		opt := Options{Nodes: 1000, Width: 50, WidthFlag: "--max-options", Expected: "something"}
		name := "f.yaml"
		if json {
			name = "f.json"
		}
		root, err := Parse(name, data, opt)
		if err != nil {
			if err.File != name || err.Line < 1 || err.Col < 1 || err.Message == "" {
				t.Fatalf("an error without a position: %#v", err)
			}
			return
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Line < 1 || n.Column < 1 {
				t.Fatalf("a node without a position: %+v", n)
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(root)
	})
}
