package whatif_test

import (
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
	"github.com/entente/entente/whatif"
)

// keyScenarios are the examples and the format's politics test scenario.
func keyScenarios(t *testing.T) map[string]*entente.Scenario {
	out := map[string]*entente.Scenario{}
	for _, name := range load.ExampleNames() {
		out[name] = exampleScenario(t, name)
	}
	out["politics"] = politicsScenario(t)
	out["awkward"] = decode(t, awkward)
	return out
}

// awkward has names with dots, brackets, spaces and non-ASCII letters,
// an integer issue with a table and a real one with a piecewise function.
const awkward = `entente: 1
name: awkward
issues:
  - name: "v1.2 [draft]"
    options: ["a.b", "c [d]", "é ü"]
  - name: size
    kind: integer
    range: [2, 4]
  - name: price.eur
    kind: real
    range: [0, 10]
parties:
  - name: "P. one"
    weights: {"v1.2 [draft]": 0.5, size: 0.3, price.eur: 0.2}
    values:
      "v1.2 [draft]": {"a.b": 1, "c [d]": 0.5, "é ü": 0}
      size: {2: 0, 3: {value: 0.5, range: [0.3, 0.6]}, 4: 1}
      price.eur: {piecewise: [[0, 1], [5, {value: 0.4, range: [0.2, 0.5]}], [10, 0]]}
    reservation: 0.3
    discount: 0.9
  - name: Q
    weights: {"v1.2 [draft]": 0.5, size: 0.2, price.eur: 0.3}
    values:
      "v1.2 [draft]": 0.5
      size: {linear: {offset: 0, slope: 0.25}}
      price.eur: {linear: {offset: 0, slope: 0.1}}
    reservation: 0.2
`

// TestKeyIsField: a number's key is the path the native format gives it
// (entente.Param.Field, set by the decoder), for every annotated number of
// the examples.
func TestKeyIsField(t *testing.T) {
	n := 0
	for name, s := range keyScenarios(t) {
		for _, p := range s.Params {
			if got := whatif.Key(s, p.Ref); got != p.Field {
				t.Errorf("%s: key %q, the decoder's field %q", name, got, p.Field)
			}
			n++
		}
	}
	if n < 500 {
		t.Errorf("only %d annotated numbers checked", n)
	}
}

// TestKeyRoundTrip: every number a variant can set reads back from its
// key, and every key is different.
func TestKeyRoundTrip(t *testing.T) {
	for name, s := range keyScenarios(t) {
		ws := workspace(t, s, whatif.Options{})
		seen := map[string]entente.Ref{}
		kinds := map[entente.RefKind]bool{}
		for _, r := range whatif.Numbers(s) {
			k := ws.Key(r)
			if q, dup := seen[k]; dup {
				t.Errorf("%s: %q names %+v and %+v", name, k, q, r)
			}
			seen[k] = r
			back, err := ws.Ref(k)
			if err != nil || back != r {
				t.Errorf("%s: %+v has key %q, which reads back as %+v (%v)", name, r, k, back, err)
			}
			kinds[r.Kind] = true
		}
		if name == "awkward" && len(kinds) < 7 {
			t.Errorf("awkward covers %d kinds of numbers only", len(kinds))
		}
	}
	// The walk-away value of a voter group whose voters spread names its
	// centre, as the file writes it.
	ws := workspace(t, flagship(t), whatif.Options{})
	r, err := ws.Ref("constituencies[0].voters[0].reservation")
	if err != nil || r.Kind != entente.RefCentre {
		t.Errorf("a voter group's walk-away value reads as %+v (%v), want its centre", r, err)
	}
}

// TestAmbiguousKeys: names that make two keys alike are refused, saying
// which to rename.
func TestAmbiguousKeys(t *testing.T) {
	s := decode(t, `entente: 1
name: ambiguous
issues:
  - name: a
    options: ["b.c", d]
  - name: a.b
    options: [c, d]
parties:
  - name: P
    weights: {a: 0.5, a.b: 0.5}
    values:
      a: {"b.c": 1, d: 0}
      a.b: {c: 1, d: 0}
    reservation: 0.2
`)
	_, err := whatif.New(s, whatif.Options{})
	if err == nil || !strings.Contains(err.Error(), `have the key "parties[0].values.a.b.c"`) || !strings.Contains(err.Error(), "rename") {
		t.Errorf("error %v", err)
	}
}
