package tree

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/entente/entente"
	"go.yaml.in/yaml/v3"
)

// A truncated or malformed JSON file gets the position of the end of the
// file or of the offending character (columns counted by hand).
func TestParseJSONPositions(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{`{"entente": 1, "name": "abc`, "f.json:1:28: malformed JSON: unexpected end of JSON input"},
		{"{\n  \"issues\": [\n    {\"name\": \"a\"", "f.json:3:17: malformed JSON: unexpected end of JSON input"},
		{`{"a": 1,`, "f.json:1:9: malformed JSON: unexpected end of JSON input"},
		{`{"a" 1}`, "f.json:1:6: malformed JSON: invalid character '1' after object key"},
		{`{"a": [1,]}`, "f.json:1:10: malformed JSON: invalid character ']' looking for beginning of value"},
		// A broken literal is reported where it starts.
		{`{"a": tru}`, "f.json:1:7: malformed JSON: invalid character '}' in literal true (expecting 'e')"},
		{`{"a": 1} x`, "f.json:1:10: malformed JSON: unexpected data after the top-level value; expected the end of the file"},
		{"\ufeff{\"é\": 1,", "f.json:1:9: malformed JSON: unexpected end of JSON input"},
		{"", "f.json:1:1: the file is empty; expected a mapping"},
		{"{\"a\": \"x\xffy\"}", "f.json:1:9: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"},
	} {
		_, err := Parse("f.json", []byte(c.data), Options{Expected: "a mapping"})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.data, err, c.want)
		}
	}
}

// JSON and YAML give the same nodes, with positions; limits apply to both.
func TestParseBothSyntaxes(t *testing.T) {
	y, err := Parse("f.yaml", []byte("a: [1, x]\nb: {c: true}\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := Parse("f", []byte("{\"a\": [1, \"x\"],\n \"b\": {\"c\": true}}"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*yaml.Node{y, j} {
		if n.Kind != yaml.MappingNode || len(n.Content) != 4 || n.Content[1].Content[0].Tag != "!!int" ||
			n.Content[1].Content[1].Value != "x" || n.Content[3].Content[1].Tag != "!!bool" || n.Content[2].Line != 2 {
			t.Errorf("unexpected tree %+v", n)
		}
	}
	if got := j.Content[2].Column; got != 2 {
		t.Errorf("JSON key b at column %d, want 2", got)
	}
	if _, err := Parse("f.json", []byte(`[1, 2, 3, 4]`), Options{Nodes: 3}); err == nil || !errors.Is(err, ErrTooManyNodes) || err.Line != 1 || err.Col != 8 { // the fourth item, 3
		t.Errorf("node limit: %v", err)
	}
	if _, err := Parse("f.json", []byte(`{"l": [1, 2, 3]}`), Options{Width: 2, WidthFlag: "--max-options"}); err == nil || !strings.HasPrefix(err.Error(), "f.json:1:7: more than 2 values in one list") {
		t.Errorf("width: %v", err)
	}
	// A file that starts with "{" but is YAML falls back to YAML.
	if n, err := Parse("f", []byte("{a: 1}\n"), Options{}); err != nil || n.Content[0].Value != "a" {
		t.Errorf("flow YAML: %v", err)
	}
	if _, err := Parse("f.yaml", []byte("a: 1\n---\nb: 2\n"), Options{}); err == nil || err.Error() != "f.yaml:2:1: the file holds more than one YAML document; expected one (remove the --- line)" {
		t.Errorf("two documents: %v", err)
	}
}

// A Reader records every problem and keeps going; past MaxErrors it counts.
func TestReaderReportsEveryProblem(t *testing.T) {
	root, perr := Parse("f.yaml", []byte("name: [x]\ncount: lots\nsize: 3\nnmae: y\nlist: {a: 1}\nflag: maybe\n"), Options{})
	if perr != nil {
		t.Fatal(perr)
	}
	r := &Reader{File: "f.yaml"}
	f := r.Fields(root, "", "a mapping", []string{"name", "count", "size", "list", "flag"})
	r.Text(f["name"].Val, "name", "a name")
	r.Number(f["count"].Val, "count")
	if v, ok := r.Int(f["size"].Val, "size", 0, 2); ok {
		t.Errorf("size %d accepted", v)
	}
	r.List(f["list"].Val, "list", "a list")
	r.Bool(f["flag"].Val, "flag")
	r.Missing(root, "name", "name", "missing") // present: but the check is the caller's; suggested keys are not reported again
	want := []string{
		`f.yaml:4:1: nmae: unknown key "nmae"; expected one of: name, count, size, list, flag (did you mean "name"?)`,
		"f.yaml:1:7: name: expected a name, got a list",
		`f.yaml:2:8: count: expected a number, got the text "lots"`,
		"f.yaml:3:7: size: 3 is too large; expected at most 2",
		"f.yaml:5:7: list: expected a list, got a mapping",
		`f.yaml:6:7: flag: expected true or false, got the text "maybe"`,
	}
	got := r.Errs.List()
	if len(got) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Error() != want[i] {
			t.Errorf("problem %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}

	var e Errors
	before := e.Len()
	for i := range 25 {
		e.Add(entente.Errorf(entente.EInvalid, "g.yaml", i+1, 1, "", "problem %d", i))
	}
	l := e.List()
	if e.Len()-before != 25 || len(l) != MaxErrors+1 || l[MaxErrors].Error() != "g.yaml: and 5 more problems not shown; fix the ones above and read the file again" {
		t.Errorf("capped list: len %d, %d kept, last %v", e.Len(), len(l), l[len(l)-1])
	}
	if n := Count(l); n != 25 {
		t.Errorf("Count of the capped list = %d, want 25", n)
	}
	if c := Cap(l[:3]); len(c) != 3 {
		t.Errorf("Cap of 3: %d", len(c))
	}
}

func TestAliases(t *testing.T) {
	root, err := Parse("f.yaml", []byte("a: &x [1]\nb: *x\nc: *x\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := &Reader{File: "f.yaml"}
	if r.RejectAliases(root) {
		t.Fatal("aliases accepted")
	}
	if got := fmt.Sprint(r.Errs.List()); got != "f.yaml:2:4: YAML aliases (*x) are not supported; write the value out in full\nf.yaml:3:4: YAML aliases (*x) are not supported; write the value out in full" {
		t.Errorf("got %s", got)
	}
}
