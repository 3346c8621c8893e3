package native_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/ratify"
)

// FuzzDecode feeds arbitrary scenario files (read as YAML or, by their
// name, as JSON) and an arbitrary party file "p.yaml" to Decode. Decode
// must not panic; every error and warning must carry a code, a file and a
// position; what it accepts must validate, be recognised by IsScenario,
// compile in package ratify, let its annotated numbers be drawn and set on
// a clone without changing the original, and come back bit for bit
// through Encode and Decode in both syntaxes.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(base), []byte(buyerFile), false)
	f.Add([]byte(base+"    interactions:\n      - when: [{brand: A}, {price: [1, 2]}]\n        value: -0.25\n"), []byte(""), false)
	f.Add([]byte("entente: 1\nissues: [{name: a, options: [x]}]\nparties: [{name: p, file: p.yaml}]\n"), []byte(buyerFile), false)
	f.Add([]byte(`{"entente": 1, "issues": [{"name": "a", "options": ["x", "y"]}], "parties": [{"name": "p", "weights": {"a": 1}, "values": {"a": {"x": 0, "y": 1}}}]}`), []byte(""), true)
	f.Add([]byte(polBase), []byte(""), false)
	f.Add([]byte(polEdit(f, "share: 0.5\n        weights: {guard: 0", "share: 1.5\n        weights: {guard: 0")), []byte(""), false)
	if data, err := os.ReadFile("testdata/politics.yaml"); err == nil {
		f.Add(data, []byte(""), false)
	}
	for _, name := range []string{"laptop.yaml", "coalition.yaml", "ceasefire.yaml"} {
		if data, err := os.ReadFile(examplesDir + "/" + name); err == nil {
			seller, _ := os.ReadFile(examplesDir + "/laptop-seller.yaml")
			f.Add(data, seller, false)
		}
	}
	f.Fuzz(func(t *testing.T, scenario, party []byte, asJSON bool) {
		name := "s.yaml"
		if asJSON {
			name = "s.json"
		}
		open := func(ref string) ([]byte, error) {
			if ref == "p.yaml" || ref == "laptop-seller.yaml" {
				return party, nil
			}
			return nil, os.ErrNotExist
		}
		s, warnings, err := native.Decode(entente.Source{Name: name, Data: scenario}, open)
		for _, w := range warnings {
			if w.Code != entente.EWarning || w.File == "" || w.Line < 1 || w.Col < 1 {
				t.Fatalf("warning without code or position: %#v", w)
			}
		}
		if err != nil {
			if s != nil {
				t.Fatal("a scenario came back with an error")
			}
			var list entente.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v is not an ErrorList", err, err)
			}
			for _, e := range list {
				if e.Code != entente.EInvalid && e.Code != entente.EUnsupported || e.File == "" || e.Line < 1 || e.Col < 1 {
					t.Fatalf("error without code or position: %#v", e)
				}
			}
			return
		}
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("the decoded scenario does not validate: %v", errs)
		}
		if !native.IsScenario(scenario) {
			t.Fatal("Decode accepts the file, but IsScenario says it is not a scenario")
		}
		// What Decode accepts, ratify compiles and evaluates; its numbers
		// can be drawn and set on a copy without touching the original.
		set, err := ratify.Compile(s)
		if err != nil {
			t.Fatalf("ratify: %v", err)
		}
		o := make(entente.Outcome, len(s.Issues))
		for i := range s.Issues {
			o[i] = s.Issues[i].Min
		}
		set.All(o)
		for p := range s.Parties {
			set.Accepts(p, o)
		}
		before, err := native.Encode(s, native.JSON)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		c := s.Clone()
		rng := rand.New(rand.NewPCG(1, 2))
		for k := range c.Params {
			c.Set(c.Params[k].Ref, c.Params[k].Sample(rng))
		}
		if after, _ := native.Encode(s, native.JSON); !bytes.Equal(before, after) {
			t.Fatal("setting numbers on a clone changes the original")
		}
		for _, format := range []native.Format{native.YAML, native.JSON} {
			data, err := native.Encode(s, format)
			if err != nil {
				t.Fatalf("encode %s: %v", format, err)
			}
			back, _, err := native.Decode(entente.Source{Name: "out." + format.String(), Data: data}, nil)
			if err != nil {
				t.Fatalf("decode of the encoded %s: %v\n%s", format, err, data)
			}
			if d := diff(s, back); d != "" {
				t.Fatalf("%s round trip changes %s\n%s", format, d, data)
			}
		}
	})
}
