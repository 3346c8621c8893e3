package tree

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entente/entente/internal/parallel"
	"go.yaml.in/yaml/v3"
)

// wholeParse is the ordinary parse of one document, as parseYAML does
// without sections.
func wholeParse(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); err != io.EOF {
		return nil, fmt.Errorf("more than one document (%v)", err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("empty")
	}
	return doc.Content[0], nil
}

// sameTree reports where two trees differ in what readers of the tree see:
// kinds, styles, tags, values, anchors, aliases and positions (comments
// aside).
func sameTree(a, b *yaml.Node, path string) error {
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor || a.Line != b.Line || a.Column != b.Column {
		return fmt.Errorf("%s: %+v and %+v", path, *a, *b)
	}
	if (a.Alias == nil) != (b.Alias == nil) {
		return fmt.Errorf("%s: alias %v and %v", path, a.Alias, b.Alias)
	}
	if a.Alias != nil && (a.Alias.Line != b.Alias.Line || a.Alias.Column != b.Alias.Column) {
		return fmt.Errorf("%s: aliases of nodes at %d:%d and %d:%d", path, a.Alias.Line, a.Alias.Column, b.Alias.Line, b.Alias.Column)
	}
	if len(a.Content) != len(b.Content) {
		return fmt.Errorf("%s: %d and %d children", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if err := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkSectioned checks that parsing data by sections gives the ordinary
// parse's tree, or declines; it reports whether it was used.
func checkSectioned(t *testing.T, name string, data []byte) bool {
	t.Helper()
	got, ok := sectioned(data)
	if !ok {
		return false
	}
	want, err := wholeParse(data)
	if err != nil {
		t.Errorf("%s: parsed by sections, but the whole file fails: %v", name, err)
		return true
	}
	if err := sameTree(got, want, name); err != nil {
		t.Errorf("parsed by sections: %v", err)
	}
	return true
}

// TestSectionsExamples: every YAML file of the repository's examples and
// test data parses by sections into the ordinary parse's tree (the
// flagship's too, which is large enough to be parsed so).
func TestSectionsExamples(t *testing.T) {
	var files []string
	for _, root := range []string{"../../examples", "../../cmd/entente/testdata", "../../format/native/testdata"} {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error { //nolint:errcheck // a missing folder is skipped
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) < 10 {
		t.Fatalf("found %d YAML files", len(files))
	}
	used := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkSectioned(t, f, TrimBOM(data)) {
			used++
		}
	}
	t.Logf("%d of %d files parsed by sections", used, len(files))
	flagship, err := os.ReadFile("../../examples/ukraine-2025/ukraine-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := parseSections(flagship); !ok && (parallel.Options{}).WorkerCount() > 1 {
		t.Error("the flagship was not parsed by sections")
	}
}

// sectionCases are files where a section does not stand on its own, or
// the margin holds something else than keys: each must either decline or
// agree with the ordinary parse (and Parse's result is then the ordinary
// parse's, errors included).
var sectionCases = []string{
	"a: 1\nb: 2\n",
	"# head\n\na: 1\n# between\nb:\n  - x\n  - y\nc: {d: 1}\n",
	"a: &x {k: 1}\nb: *x\n",
	"a: &x {k: 1}\nb:\n  c: *x\n",
	"a: \"broken\nb: here\"\n",
	"a: [1,\nb: 2]\n",
	"a: {k: 1,\nb: 2}\n",
	"a: plain\ncontinued\nb: 1\n",
	"a: |\n  text\nb: 1\n",
	"a: >\n  folded\n  text\n\nb: 1\n",
	"a: 1\n---\nb: 2\n",
	"a: 1\n...\n",
	"%YAML 1.2\n---\na: 1\nb: 2\n",
	"- a\n- b\n",
	"a: 1\na: 2\n",
	"a: 1\nb: &y 2\nc: *y\n",
	"a: 1\n\tb: 2\n",
	"a:\n  b: 1\nc: 'quoted\nd: x'\n",
	"a: 1\nb:c\n",
	"a: 1\nb:\n",
	"a:\nb:\n",
	"x-y: 1\nz_w: 2\n",
	"a: 1\r\nb: 2\r\n",
	"a: 1\n\"b\": 2\n",
	"a: 1\n? b\n: 2\n",
	"a: !!str 1\nb: !custom 2\n",
	"a: 1\nb: <<\n",
	"base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",
	"a: 1\nb: 2\nc",
}

func TestSectionsCases(t *testing.T) {
	for i, c := range sectionCases {
		checkSectioned(t, fmt.Sprintf("case %d", i), []byte(c))
	}
}

func FuzzSections(f *testing.F) {
	for _, c := range sectionCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSectioned(t, "input", []byte(s))
	})
}

// BenchmarkParseFlagship parses the flagship (124 KB of YAML) by sections
// on all cores and as one document.
func BenchmarkParseFlagship(b *testing.B) {
	data, err := os.ReadFile("../../examples/ukraine-2025/ukraine-2025.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("sections", func(b *testing.B) {
		for b.Loop() {
			if _, ok := sectioned(data); !ok {
				b.Fatal("not parsed by sections")
			}
		}
	})
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			if _, err := wholeParse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
