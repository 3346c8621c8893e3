package xmltree

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/entente/entente"
)

func TestParse(t *testing.T) {
	data := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a x=\"1\">\n  <b y='2'>t\xe9xt</b>\n  <b/>\n</a>\n"
	d, err := Parse("f.xml", []byte(data), Options{Text: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Root.Name != "a" || len(d.Root.Children("b")) != 2 || d.Root.Child("c") != nil {
		t.Fatalf("tree: %+v", d.Root)
	}
	b := d.Root.Child("b")
	if v, ok := b.Attr("y"); !ok || v != "2" || b.Text != "téxt" {
		t.Errorf("b: attr %q %v, text %q", v, ok, b.Text)
	}
	// Positions in characters: b opens at line 3, column 3; its y at 6.
	if l, c := d.Pos(b.Off); l != 3 || c != 3 {
		t.Errorf("b at %d:%d, want 3:3", l, c)
	}
	if l, c := d.Pos(d.AttrOffset(b, "y")); l != 3 || c != 6 {
		t.Errorf("y at %d:%d, want 3:6", l, c)
	}
	if e := d.At(entente.EInvalid, nil, "", "x"); e.Error() != "f.xml:1:1: x" {
		t.Errorf("At(nil): %v", e)
	}
}

func TestParseErrors(t *testing.T) {
	stop := func(t xml.StartElement) string {
		if t.Name.Local == "bad" {
			return "no bad elements"
		}
		return ""
	}
	for _, c := range []struct {
		data string
		opt  Options
		want string
	}{
		{"<a><b></a>", Options{}, "f.xml:1:11: malformed XML: element <b> closed by </a>"}, // just after the tag that does not match
		{"<a>", Options{}, "f.xml:1:4: malformed XML: unexpected EOF"},
		{"", Options{Expected: "X"}, "f.xml:1:1: the file is empty; expected X"},
		{"<!-- only -->", Options{Expected: "X"}, "f.xml:1:1: no XML element found; expected X"},
		{"<a/><b/>", Options{}, "f.xml:1:5: malformed XML: a second root element <b> after </a>; a file holds one root element"},
		{"<a/>text", Options{}, "f.xml:1:5: malformed XML: text after the root element </a>"},
		{"<a>\n <c/><bad/></a>", Options{Start: stop}, "f.xml:2:6: no bad elements"},
		{"<a><b/><b/><b/></a>", Options{Nodes: 3}, "f.xml:1:12: the file holds more than 3 items"},
		{strings.Repeat("<a>", MaxDepth+1), Options{}, "elements nested more than 200 deep"},
		{"\xff\xfe<\x00a\x00", Options{}, "f.xml:1:1: the file is in UTF-16"},
		{"<?xml version='1.0' encoding='koi8-r'?><a/>", Options{}, `f.xml:1:1: the file declares the encoding "koi8-r"`},
	} {
		_, err := Parse("f.xml", []byte(c.data), c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.data, err, c.want)
		}
	}
}
