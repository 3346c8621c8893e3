package genius_test

import (
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
)

// Small hand-written GENIUS files for the unit tests, the fuzz seeds and
// the examples. Line numbers matter: the error tests quote positions.

// domainXML has one issue of each kind.
const domainXML = `<negotiation_template>
<utility_space number_of_issues="3">
<objective index="0" name="root" type="objective">
<issue index="1" name="Colour" type="discrete">
<item index="1" value="red"/>
<item index="2" value="blue"/>
</issue>
<issue index="2" name="Quantity" type="integer" lowerbound="1" upperbound="5"/>
<issue index="3" name="Price" type="real">
<range lowerbound="10" upperbound="20"/>
</issue>
</objective>
</utility_space>
</negotiation_template>
`

// profileXML is a linear-additive profile for domainXML:
// red 1, blue 0.5; Quantity 1 - 0.25*(x-1); Price clamp01(2 - 0.1*x);
// weights 0.5, 0.3, 0.2.
const profileXML = `<utility_space>
<objective index="0" name="root" type="objective">
<issue index="1" name="Colour" type="discrete">
<item value="red" evaluation="2"/>
<item value="blue" evaluation="1"/>
</issue>
<issue index="2" name="Quantity" type="integer" lowerbound="1" upperbound="5">
<evaluator ftype="linear" slope="-0.25" offset="1"/>
</issue>
<issue index="3" name="Price" type="real">
<range lowerbound="10" upperbound="20"/>
<evaluator ftype="linear" parameter0="2" parameter1="-0.1"/>
</issue>
<weight index="1" value="0.5"/>
<weight index="2" value="0.3"/>
<weight index="3" value="0.2"/>
</objective>
<discount_factor value="0.9"/>
<reservation value="0.25"/>
</utility_space>
`

// gridXML has two integer issues 0..3.
const gridXML = `<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" name="root" type="objective">
<issue index="1" name="a" type="integer" lowerbound="0" upperbound="3"/>
<issue index="2" name="b" type="integer" lowerbound="0" upperbound="3"/>
</objective>
</utility_space>
</negotiation_template>
`

// rectanglesXML is a nonlinear profile for gridXML:
// (6*[1 <= a <= 2] + 4*[b outside 0..1]) / 10.
const rectanglesXML = `<utility_space type="nonlinear">
<objective index="0" name="root" type="objective">
<issue index="1" name="a" type="integer" lowerbound="0" upperbound="3"/>
<issue index="2" name="b" type="integer" lowerbound="0" upperbound="3"/>
<utility maxutility="10">
<ufun type="PlainUfun" weight="1" aggregation="sum">
<hyperRectangle utility="6">
<INCLUDES index="1" min="1" max="2"/>
</hyperRectangle>
<hyperRectangle utility="4">
<EXCLUDES index="2" min="0" max="1"/>
</hyperRectangle>
</ufun>
</utility>
</objective>
<reservation value="0.3"/>
</utility_space>
`

// edit applies old, new replacement pairs to a fixture and fails the test
// when one does not apply, so that a fixture change cannot silently turn
// a case into something else.
func edit(t testing.TB, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("fixture edit: %q not found", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

// decodeStrings decodes a domain named d.xml and profiles named p.xml,
// q.xml, ...
func decodeStrings(domain string, profiles ...string) (*entente.Scenario, entente.ErrorList, error) {
	srcs := make([]entente.Source, len(profiles))
	for i, p := range profiles {
		srcs[i] = entente.Source{Name: string(rune('p'+i)) + ".xml", Data: []byte(p)}
	}
	return genius.Decode(entente.Source{Name: "d.xml", Data: []byte(domain)}, srcs...)
}
