package native_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// TestDecodeLimits: counts above the limits are refused, at the list that
// holds them, before the scenario is built; the message names the flag.
func TestDecodeLimits(t *testing.T) {
	twoTerms := edit(t, "    reservation: 0.2\n", `    reservation: 0.2
    interactions:
      - {name: a, when: {brand: A}, value: 0}
      - {name: b, when: [{brand: A}, {brand: B}], value: 0}
`)
	cases := []struct {
		name string
		lim  entente.Limits
		src  string
		want string
	}{
		{"issues", entente.Limits{Issues: 1}, base,
			"deal.yaml:4:3: issues: 2 issues, more than the limit of 1; no real negotiation needs so many (raise the limit with --max-issues if this one does)"},
		{"options", entente.Limits{Options: 1, Issues: 5}, base,
			"deal.yaml:8:14: options: 2 options, more than the limit of 1; no real negotiation needs so many (raise the limit with --max-options if this one does)"},
		{"parties", entente.Limits{Parties: 1}, base,
			"deal.yaml:10:3: parties: 2 parties, more than the limit of 1; no real negotiation needs so many (raise the limit with --max-parties if this one does)"},
		// Two terms, one with two boxes: 2 + 2 = 4 counted.
		{"terms and boxes", entente.Limits{Terms: 3}, twoTerms,
			"deal.yaml:17:7: interactions: 4 interaction terms and boxes, more than the limit of 3; no real negotiation needs so many (raise the limit with --max-terms if this one does)"},
		{"nodes of YAML", entente.Limits{Nodes: 20}, base,
			"deal.yaml:1:1: the file holds about 79 items (values, keys, list entries, elements), more than the limit of 20 for one file; no scenario needs so many (a larger --max-file-size raises this limit too)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _, err := native.Decoder{Limits: c.lim}.Decode(entente.Source{Name: "deal.yaml", Data: []byte(c.src)})
			if err == nil {
				t.Fatalf("no error; read %d issues and %d parties", len(s.Issues), len(s.Parties))
			}
			if got := err.Error(); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
	// Within the limits the same files read.
	for _, src := range []string{base, twoTerms} {
		if _, _, err := (native.Decoder{}).Decode(entente.Source{Name: "deal.yaml", Data: []byte(src)}); err != nil {
			t.Errorf("with the default limits: %v", err)
		}
	}
	// JSON counts its values exactly, as it builds them.
	var js strings.Builder
	js.WriteString(`{"entente": 1, "name": "x", "issues": [{"name": "x", "options": [`)
	for k := range 50 {
		fmt.Fprintf(&js, "%q,", fmt.Sprint("o", k))
	}
	js.WriteString(`"last"]}], "parties": []}`)
	_, _, err := native.Decoder{Limits: entente.Limits{Nodes: 30}}.Decode(entente.Source{Name: "x.json", Data: []byte(js.String())})
	if want := "x.json:1:176: the file holds more than 30 items (values, keys, list entries, elements), the limit for one file"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("JSON past its node limit: %v, want %q...", err, want)
	}
}

// Issue 19, finding 8: JSON with invalid UTF-8 was read with the bad bytes
// replaced, while YAML refused it; both now refuse it at the first bad
// byte.
func TestDecodeInvalidUTF8(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"deal.json", "{\"entente\": 1,\n \"name\": \"d\xe9al\", \"issues\": [], \"parties\": []}\n",
			"deal.json:2:12: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8"},
		{"deal.yaml", "entente: 1\nname: d\xe9al\n", "deal.yaml:2:8: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8"},
	} {
		_, _, err := native.Decode(entente.Source{Name: c.name, Data: []byte(c.src)}, nil)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
}

// Issue 19, finding 8: a doubled byte-order mark made every key of the
// first mapping lose its first character in messages ("me" for "nme").
func TestDecodeDoubledBOM(t *testing.T) {
	src := "\ufeff\ufeff" + edit(t, "name: deal", "nme: deal")
	_, _, err := native.Decode(entente.Source{Name: "deal.yaml", Data: []byte(src)}, nil)
	if err == nil || !strings.HasPrefix(err.Error(), `deal.yaml:2:1: nme: unknown key "nme"`) {
		t.Errorf("got %v", err)
	}
	if _, _, err := native.Decode(entente.Source{Name: "deal.yaml", Data: []byte("\ufeff\ufeff" + base)}, nil); err != nil {
		t.Errorf("a valid file behind two marks: %v", err)
	}
}

// A number beyond the float64 range is named as such, not as text.
func TestDecodeNumberOutOfRange(t *testing.T) {
	_, _, err := native.Decode(entente.Source{Name: "deal.yaml", Data: []byte(edit(t, "range: [1, 3]", "range: [1, 1e400]"))}, nil)
	if want := "deal.yaml:6:16: issues[0].range: expected a finite number, got 1e400 (beyond ±1.8e308)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// FuzzDecodeLimits decodes arbitrary files under small limits: no panic,
// every error located, and what is accepted keeps within the limits.
func FuzzDecodeLimits(f *testing.F) {
	f.Add([]byte(base), false)
	f.Add([]byte(edit(f, "    reservation: 0.2\n", "    reservation: 0.2\n    interactions:\n      - {name: a, when: [{brand: A}, {brand: B}], value: 0}\n")), false)
	f.Add([]byte(`{"entente": 1, "issues": [{"name": "a", "options": ["x", "y", "z", "w"]}], "parties": []}`), true)
	f.Add([]byte("\ufeff\ufeffentente: 1\nname: \xff\n"), false)
	lim := entente.Limits{Issues: 2, Options: 3, Parties: 2, Terms: 2, Nodes: 120}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "s.yaml"
		if asJSON {
			name = "s.json"
		}
		s, _, err := native.Decoder{Limits: lim}.Decode(entente.Source{Name: name, Data: data})
		if err != nil {
			for _, e := range err.(entente.ErrorList) {
				if e.File == "" || e.Line < 1 {
					t.Fatalf("an error without a position: %v", e)
				}
			}
			return
		}
		if len(s.Issues) > lim.Issues || len(s.Parties) > lim.Parties {
			t.Fatalf("accepted %d issues and %d parties past the limits", len(s.Issues), len(s.Parties))
		}
		for _, is := range s.Issues {
			if len(is.Options) > lim.Options {
				t.Fatalf("accepted %d options", len(is.Options))
			}
		}
	})
}
