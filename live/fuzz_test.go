package live

import (
	"encoding/json"
	"testing"
)

// FuzzParsePackage: any JSON object is a valid package of the scenario or
// an error naming the field; a valid one writes back to itself.
func FuzzParsePackage(f *testing.F) {
	sc := example(f, "laptop")
	for _, s := range []string{
		`{"model":"Aero 13","memory":"8 GB","price":10}`,
		`{"model":"Aero 13","memory":"8 GB","price":"14"}`,
		`{"model":"Aero 13","memory":"8 GB","price":10.5}`,
		`{"model":"Zeta","memory":"8 GB","price":10}`,
		`{"model":1,"memory":"8 GB","price":10}`,
		`{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			return
		}
		o, err := ParsePackage(sc, m)
		if err != nil {
			return
		}
		for i := range sc.Issues {
			if !sc.Issues[i].Valid(o[i]) {
				t.Fatalf("%s: an invalid value for %s accepted", data, sc.Issues[i].Name)
			}
		}
		back, err := ParsePackage(sc, sc.Values(o))
		if err != nil {
			t.Fatalf("%s: its own form does not read back: %v", data, err)
		}
		for i := range o {
			if back[i] != o[i] {
				t.Fatalf("%s: reads back as %v, not %v", data, back, o)
			}
		}
	})
}
