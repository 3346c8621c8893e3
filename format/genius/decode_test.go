package genius_test

import (
	"math"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/utility"
)

// TestDecodeFixtures checks the utilities of the hand-written fixtures,
// worked out by hand from GENIUS's rules.
func TestDecodeFixtures(t *testing.T) {
	tests := []struct {
		name     string
		domain   string
		profile  string
		outcomes []entente.Outcome
		want     []float64
		rv, df   float64
	}{
		{"additive", domainXML, profileXML,
			[]entente.Outcome{{0, 1, 10}, {1, 3, 15}, {1, 5, 20}, {0, 2, 12.5}, {1, 1, 5}},
			// red=1 blue=0.5; Quantity 1-0.25(x-1); Price clamp01(2-0.1x)
			[]float64{1, 0.25 + 0.15 + 0.1, 0.25, 0.5 + 0.3*0.75 + 0.2*0.75, 0.25 + 0.3 + 0.2}, 0.25, 0.9},
		{"rectangles", gridXML, rectanglesXML,
			[]entente.Outcome{{1, 2}, {0, 0}, {3, 3}, {2, 1}, {0, 2}},
			[]float64{1, 0, 0.4, 0.6, 0.4}, 0.3, 0},
		{"cap at 1", domainXML, edit(t, profileXML, `<weight index="1" value="0.5"/>`, `<weight index="1" value="0.9"/>`),
			[]entente.Outcome{{0, 1, 10}, {1, 5, 20}},
			[]float64{1, 0.45}, 0.25, 0.9},
		{"value listed twice: the last counts", domainXML, edit(t, profileXML, `<item value="blue" evaluation="1"/>`, `<item value="blue" evaluation="1"/><item value="red" evaluation="4"/>`),
			[]entente.Outcome{{0, 5, 20}, {1, 5, 20}},
			[]float64{0.5, 0.125}, 0.25, 0.9},
		{"a value the domain lacks still sets the maximum", domainXML, edit(t, profileXML, `<item value="blue" evaluation="1"/>`, `<item value="blue" evaluation="1"/><item value="green" evaluation="8"/>`),
			[]entente.Outcome{{0, 5, 20}, {1, 5, 20}},
			[]float64{0.125, 0.0625}, 0.25, 0.9},
		{"integer origin is the profile's lowerbound", domainXML, edit(t, profileXML, `lowerbound="1" upperbound="5">`, `lowerbound="3" upperbound="5">`),
			[]entente.Outcome{{1, 1, 20}, {1, 3, 20}, {1, 5, 20}},
			[]float64{0.25 + 0.3, 0.25 + 0.3, 0.25 + 0.15}, 0.25, 0.9},
		{"triangular", domainXML, edit(t, profileXML, `<evaluator ftype="linear" parameter0="2" parameter1="-0.1"/>`, `<evaluator ftype="triangular" parameter0="10" parameter1="20" parameter2="12"/>`),
			[]entente.Outcome{{1, 5, 10}, {1, 5, 11}, {1, 5, 12}, {1, 5, 16}, {1, 5, 20}},
			[]float64{0.25, 0.25 + 0.1, 0.25 + 0.2, 0.25 + 0.1, 0.25}, 0.25, 0.9},
		{"constant", domainXML, edit(t, profileXML, `<evaluator ftype="linear" parameter0="2" parameter1="-0.1"/>`, `<evaluator ftype="CONSTANT" parameter0="0.5"/>`),
			[]entente.Outcome{{1, 5, 10}, {1, 5, 20}},
			[]float64{0.35, 0.35}, 0.25, 0.9},
		{"weights first, objective index 3, issues from 4", edit(t, domainXML, `index="0"`, `index="3"`, `index="1" name="Colour"`, `index="4" name="Colour"`, `index="2" name="Quantity"`, `index="5" name="Quantity"`, `index="3" name="Price"`, `index="6" name="Price"`),
			edit(t, profileXML, `<objective index="0" name="root" type="objective">`, `<objective index="3" name="root" type="objective"><weight index="6" value="0.2"/><weight index="5" value="0.3"/><weight index="4" value="0.5"/>`,
				`index="1" name="Colour"`, `index="4" name="Colour"`, `index="2" name="Quantity"`, `index="5" name="Quantity"`, `index="3" name="Price"`, `index="6" name="Price"`,
				`<weight index="1" value="0.5"/>`, ``, `<weight index="2" value="0.3"/>`, ``, `<weight index="3" value="0.2"/>`, ``),
			[]entente.Outcome{{1, 3, 15}}, []float64{0.5}, 0.25, 0.9},
		{"profile without objective", domainXML, edit(t, profileXML, `<objective index="0" name="root" type="objective">`, ``, `</objective>`, ``),
			[]entente.Outcome{{1, 3, 15}}, []float64{0.5}, 0.25, 0.9},
		{"nested ufun weights multiply", gridXML, edit(t, rectanglesXML, `<hyperRectangle utility="4">`, `<ufun weight="0.5" aggregation="sum"><hyperRectangle utility="8" weight="0.5">`, `</hyperRectangle>
</ufun>`, `</hyperRectangle></ufun>
</ufun>`),
			[]entente.Outcome{{1, 2}, {0, 3}, {0, 1}}, []float64{0.8, 0.2, 0}, 0.3, 0},
		{"empty rectangle always applies", gridXML, edit(t, rectanglesXML, `<hyperRectangle utility="4">
<EXCLUDES index="2" min="0" max="1"/>
</hyperRectangle>`, `<hyperRectangle utility="1"/>`),
			[]entente.Outcome{{0, 0}, {1, 0}}, []float64{0.1, 0.7}, 0.3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, err := decodeStrings(tt.domain, tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			f, err := utility.New(s.Issues, &s.Parties[0].Preferences)
			if err != nil {
				t.Fatal(err)
			}
			for k, o := range tt.outcomes {
				if got := f.Utility(o); math.Abs(got-tt.want[k]) > 1e-12 {
					t.Errorf("utility of %v = %v, want %v", s.Package(o), got, tt.want[k])
				}
			}
			pr := &s.Parties[0].Preferences
			if pr.Reservation != tt.rv || pr.Discount != tt.df {
				t.Errorf("reservation %v and discount %v, want %v and %v", pr.Reservation, pr.Discount, tt.rv, tt.df)
			}
			if s.Name != "d" || s.Parties[0].Name != "p" {
				t.Errorf("scenario %q, party %q; want the file names d and p", s.Name, s.Parties[0].Name)
			}
			roundTrip(t, s)
		})
	}
}

// TestDecodeErrors feeds broken files and checks the exact error text,
// position included.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name     string
		domain   string
		profiles []string
		want     string
	}{
		{"malformed XML", edit(t, domainXML, `<item index="2" value="blue"/>`, `<item index="2" value="blue">`), []string{profileXML},
			"d.xml:7:9: malformed XML: element <item> closed by </issue>"},
		{"unescaped quote in a value", edit(t, domainXML, `value="blue"`, `value="19" LCD"`), []string{profileXML},
			"d.xml:6:32: malformed XML: attribute name without = in element"},
		{"empty file", "", []string{profileXML},
			"d.xml:1:1: the file is empty; expected GENIUS XML"},
		{"a profile where the domain belongs", profileXML, []string{profileXML},
			"d.xml:1:1: this is a GENIUS profile (root element utility_space); expected a domain file, whose root element is negotiation_template"},
		{"a domain where a profile belongs", domainXML, []string{domainXML},
			"p.xml:1:1: this is a GENIUS domain (root element negotiation_template); expected a profile, whose root element is utility_space"},
		{"wrong root", domainXML, []string{"<Tournament>\n</Tournament>\n"},
			"p.xml:1:1: root element <Tournament>; expected utility_space (a GENIUS profile)"},
		{"second root element", domainXML, []string{profileXML + "<utility_space/>\n"},
			"p.xml:21:1: malformed XML: a second root element <utility_space> after </utility_space>; a file holds one root element"},
		{"no profile", domainXML, nil,
			"d.xml: no profile given; a GENIUS scenario needs one profile file (root element utility_space) per party"},
		{"missing weight", domainXML, []string{edit(t, profileXML, `<weight index="2" value="0.3"/>`, ``)},
			`p.xml:7:1: issue "Quantity": no weight for issue "Quantity" (index 2); GENIUS cannot evaluate a profile without one; expected <weight index="2" value=.../> beside the issue`},
		{"unknown value in the profile", domainXML, []string{edit(t, profileXML, `value="blue" evaluation="1"`, `value="purple" evaluation="1"`)},
			`p.xml:3:1: issue "Colour": no evaluation for value "blue"; GENIUS cannot evaluate a bid containing it; expected <item value="blue" evaluation=.../>`},
		{"value matched without trimming", domainXML, []string{edit(t, profileXML, `value="blue" evaluation="1"`, `value="blue " evaluation="1"`)},
			`p.xml:3:1: issue "Colour": no evaluation for value "blue"; GENIUS cannot evaluate a bid containing it; expected <item value="blue" evaluation=.../>`},
		{"missing evaluation", domainXML, []string{edit(t, profileXML, `value="red" evaluation="2"`, `value="red"`)},
			`p.xml:3:1: issue "Colour": no evaluation for value "red"; GENIUS cannot evaluate a bid containing it; expected <item value="red" evaluation=.../>`},
		{"evaluation not a number", domainXML, []string{edit(t, profileXML, `evaluation="2"`, `evaluation="high"`)},
			`p.xml:4:19: issue "Colour" value "red": evaluation="high" is not a finite number`},
		{"negative evaluation", domainXML, []string{edit(t, profileXML, `evaluation="2"`, `evaluation="-2"`)},
			`p.xml:4:19: issue "Colour" value "red": evaluation -2 is negative; expected a number >= 0`},
		{"NaN weight", domainXML, []string{edit(t, profileXML, `<weight index="3" value="0.2"/>`, `<weight index="3" value="NaN"/>`)},
			`p.xml:16:19: weight 3: value="NaN" is not a finite number`},
		{"negative weight", domainXML, []string{edit(t, profileXML, `<weight index="3" value="0.2"/>`, `<weight index="3" value="-0.2"/>`)},
			`p.xml:16:19: weight 3: weight -0.2 is negative; expected a number >= 0`},
		{"infinite reservation", domainXML, []string{edit(t, profileXML, `<reservation value="0.25"/>`, `<reservation value="Infinity"/>`)},
			`p.xml:19:14: reservation: value="Infinity" is not a finite number`},
		{"integer bounds reversed", edit(t, domainXML, `lowerbound="1" upperbound="5"`, `lowerbound="5" upperbound="1"`), []string{profileXML},
			`d.xml:8:49: issue "Quantity": lowerbound 5 is above upperbound 1`},
		{"integer bound not whole", edit(t, domainXML, `upperbound="5"`, `upperbound="5.5"`), []string{profileXML},
			`d.xml:8:64: issue "Quantity": upperbound="5.5" is not a whole number (GENIUS reads a 32-bit integer)`},
		{"real range reversed", edit(t, domainXML, `<range lowerbound="10" upperbound="20"/>`, `<range lowerbound="30" upperbound="20"/>`), []string{profileXML},
			`d.xml:10:8: issue "Price": lowerbound 30 is above upperbound 20`},
		{"empty discrete issue", edit(t, domainXML, `<item index="1" value="red"/>
<item index="2" value="blue"/>
`, ``), []string{profileXML},
			`d.xml:4:1: issue "Colour": discrete issue "Colour" has no values; expected <item value=...> children`},
		{"duplicate issue names", edit(t, domainXML, `name="Price"`, `name="Colour"`), []string{profileXML},
			`d.xml:9:18: issue "Colour": duplicate issue name "Colour" (also at line 4:1); issue names must be unique`},
		{"duplicate issue index", edit(t, domainXML, `index="3" name="Price"`, `index="2" name="Price"`), []string{profileXML},
			`d.xml:9:8: issue "Price": index 2 is used by two issues (also "Quantity"); issue indices must be unique`},
		{"duplicate domain value", edit(t, domainXML, `value="blue"`, `value="red"`), []string{profileXML},
			`d.xml:6:17: issue "Colour": value "red" is listed twice (also at line 5:1); values must be unique`},
		{"unknown domain issue type", edit(t, domainXML, `name="Price" type="real"`, `name="Price" type="price"`), []string{profileXML},
			`d.xml:9:31: issue "Price": issue type "price" is unknown; expected discrete, integer or real`},
		{"nested objective", edit(t, domainXML, `</objective>`, `<objective index="9" name="sub"/></objective>`), []string{profileXML},
			`d.xml:12:1: objective: nested objectives are not supported; expected all issues directly inside the root objective`},
		{"issue index not a number", edit(t, domainXML, `index="2" name="Quantity"`, `index="1.5" name="Quantity"`), []string{profileXML},
			`d.xml:8:8: issue "Quantity": index="1.5" is not a whole number (GENIUS reads a 32-bit integer)`},
		{"profile for a different domain", domainXML, []string{edit(t, profileXML, `index="2" name="Quantity"`, `index="7" name="Quantity"`, `index="3" name="Price"`, `index="8" name="Price"`)},
			`p.xml:2:1: the profile does not match the domain d.xml: it has no issue with index 2 ("Quantity") or 3 ("Price"), so GENIUS cannot evaluate any bid (the profile's issues: 1 ("Colour"), 7 ("Quantity"), 8 ("Price"))`},
		{"kind differs from the domain", domainXML, []string{edit(t, profileXML, `name="Quantity" type="integer"`, `name="Quantity" type="discrete"`)},
			`p.xml:7:34: issue "Quantity": the profile gives issue "Quantity" as discrete, but the domain has it as integer`},
		{"unknown kind for a real issue", domainXML, []string{edit(t, profileXML, `name="Price" type="real"`, `name="Price" type="price"`)},
			`p.xml:10:31: issue "Price": type "price" is not an issue type: GENIUS 10.4 reads it as discrete (EVALUATORTYPE.convertToType falls back to DISCRETE), builds an empty discrete evaluator for the real issue "Price" and fails on every bid; expected type="real" with an <evaluator>`},
		{"faratin", domainXML, []string{edit(t, profileXML, `ftype="linear" parameter0="2"`, `ftype="faratin" parameter0="2"`)},
			`p.xml:12:12: issue "Price": the faratin evaluator is not supported: GENIUS 10.4 loads no parameters for it and evaluates every value as -1`},
		{"unknown ftype", domainXML, []string{edit(t, profileXML, `ftype="linear" parameter0="2"`, `ftype="sigmoid" parameter0="2"`)},
			`p.xml:12:12: issue "Price": unknown ftype "sigmoid"; expected linear, triangular or constant`},
		{"real issue without range", domainXML, []string{edit(t, profileXML, `<range lowerbound="10" upperbound="20"/>
<evaluator`, `<evaluator`)},
			`p.xml:10:1: issue "Price": a real profile issue needs a <range> child: GENIUS reads it unconditionally and fails without one`},
		{"real issue without evaluator", domainXML, []string{edit(t, profileXML, `<evaluator ftype="linear" parameter0="2" parameter1="-0.1"/>`, ``)},
			`p.xml:10:1: issue "Price": a real issue needs an <evaluator ftype=...> child; GENIUS cannot evaluate it without one`},
		{"triangular out of order", domainXML, []string{edit(t, profileXML, `<evaluator ftype="linear" parameter0="2" parameter1="-0.1"/>`, `<evaluator ftype="triangular" parameter0="10" parameter1="20" parameter2="25"/>`)},
			`p.xml:12:1: issue "Price": a triangular evaluator needs parameter0 (low) <= parameter2 (top) <= parameter1 (high), got 10, 25, 20`},
		{"integer evaluator without offset", domainXML, []string{edit(t, profileXML, ` offset="1"`, ``)},
			`p.xml:8:1: issue "Quantity": <evaluator> has no offset attribute; expected a number`},
		{"min aggregation", gridXML, []string{edit(t, rectanglesXML, `aggregation="sum"`, `aggregation="min"`)},
			`p.xml:6:35: ufun: aggregation="min" is not supported; only sum can be expressed as interaction terms`},
		{"rectangle on a missing issue", gridXML, []string{edit(t, rectanglesXML, `<INCLUDES index="1"`, `<INCLUDES index="5"`)},
			`p.xml:8:11: hyperRectangle 1: the domain has no issue with index 5`},
		{"rectangle bounds reversed", gridXML, []string{edit(t, rectanglesXML, `min="1" max="2"`, `min="2" max="1"`)},
			`p.xml:8:21: hyperRectangle 1: min 2 is above max 1`},
		{"rectangle on a discrete issue", edit(t, gridXML, `<issue index="2" name="b" type="integer" lowerbound="0" upperbound="3"/>`, `<issue index="2" name="b" type="discrete"><item value="x"/></issue>`), []string{rectanglesXML},
			`p.xml:11:11: hyperRectangle 2: issue "b" (index 2) is discrete; GENIUS hyper-rectangles bound integer issues only`},
		{"rectangle value overflows", gridXML, []string{edit(t, rectanglesXML, `<hyperRectangle utility="6">`, `<hyperRectangle utility="1e300" weight="1e300">`)},
			`p.xml:7:17: hyperRectangle 1: utility 1e+300 times weight 1e+300 (and the weights of enclosing ufuns) is not a finite number`},
		{"maxutility zero", gridXML, []string{edit(t, rectanglesXML, `maxutility="10"`, `maxutility="0"`)},
			`p.xml:5:10: utility: maxutility 0 is not positive; GENIUS divides by it`},
		{"nonlinear without utility", gridXML, []string{edit(t, rectanglesXML, `<utility maxutility="10">`, `<utilityX maxutility="10">`, `</utility>`, `</utilityX>`)},
			`p.xml:2:1: a nonlinear profile needs a <utility maxutility=...> element inside <objective>`},
		{"constraint utility space", domainXML, []string{edit(t, profileXML, `<utility_space>`, `<utility_space type="constraint">`)},
			`p.xml:1:16: constraint utility spaces are not supported; expected a linear-additive or nonlinear profile`},
		{"two broken profiles report both", domainXML, []string{edit(t, profileXML, `evaluation="2"`, `evaluation="-2"`), edit(t, profileXML, `<weight index="2" value="0.3"/>`, ``)},
			`p.xml:4:19: issue "Colour" value "red": evaluation -2 is negative; expected a number >= 0
q.xml:7:1: issue "Quantity": no weight for issue "Quantity" (index 2); GENIUS cannot evaluate a profile without one; expected <weight index="2" value=.../> beside the issue`},
	}
	if len(tests) < 15 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, err := decodeStrings(tt.domain, tt.profiles...)
			if err == nil {
				t.Fatalf("decoded %d parties; want error\n%s", len(s.Parties), tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.want)
			}
			list, ok := err.(entente.ErrorList)
			if !ok {
				t.Fatalf("error is %T, want entente.ErrorList", err)
			}
			for _, e := range list {
				if e.Code != entente.EInvalid && e.Code != entente.EUnsupported {
					t.Errorf("code %q for %v", e.Code, e)
				}
			}
		})
	}
}

// TestDecodeWarnings checks what GENIUS tolerates: the scenario loads and
// the warnings say what happened.
func TestDecodeWarnings(t *testing.T) {
	tests := []struct {
		name    string
		domain  string
		profile string
		want    string
	}{
		{"name disagrees with the index", domainXML, edit(t, profileXML, `name="Quantity" type="integer"`, `name="Amount" type="integer"`),
			`p.xml:7:18: issue "Quantity": profile issue "Amount" has index 2, which is domain issue "Quantity"; bound by index, as GENIUS does`},
		{"value listed twice", domainXML, edit(t, profileXML, `<item value="blue" evaluation="1"/>`, `<item value="blue" evaluation="1"/>
<item value="blue" evaluation="3"/>`),
			`p.xml:6:7: issue "Colour" value "blue": value "blue" is listed again (first at line 5:1, evaluation 1); the last listing counts, as in GENIUS`},
		{"weight for the objective", domainXML, edit(t, profileXML, `<weight index="1" value="0.5"/>`, `<weight index="1" value="0.5"/><weight index="0" value="1"/>`),
			`p.xml:14:40: weight 0: index 0 is the objective itself, not an issue; its weight 1 is ignored`},
		{"weight for no issue", domainXML, edit(t, profileXML, `<weight index="1" value="0.5"/>`, `<weight index="1" value="0.5"/><weight index="9" value="1"/>`),
			`p.xml:14:40: weight 9: index 9 is no issue of the domain; its weight 1 is ignored`},
		{"type any", domainXML, edit(t, profileXML, `<utility_space>`, `<utility_space type="any">`),
			`p.xml:1:16: type="any" is NegMAS's; GENIUS 10.4 rejects it (known types: linear, nonlinear, constraint, uncertain); read as linear-additive`},
		{"weights above 1", domainXML, edit(t, profileXML, `<weight index="1" value="0.5"/>`, `<weight index="1" value="0.6"/>`),
			`p.xml:2:1: the weights sum to 1.1 and the best outcome totals 1.1: GENIUS caps utilities at 1`},
		{"old integer form", edit(t, domainXML, `<issue index="2" name="Quantity" type="integer" lowerbound="1" upperbound="5"/>`, `<issue index="2" name="Quantity" type="integer"><range lowerbound="1" upperbound="5"/></issue>`),
			edit(t, profileXML, `lowerbound="1" upperbound="5">`, `><range lowerbound="1" upperbound="5"/>`, `slope="-0.25" offset="1"`, `parameter1="-0.25" parameter0="1"`),
			`d.xml:8:49: issue "Quantity": the integer bounds are in a <range> child; GENIUS 10.4 reads only the lowerbound and upperbound attributes of the issue and cannot load this domain; bounds taken from <range>
p.xml:7:50: issue "Quantity": the integer bounds are in a <range> child; GENIUS 10.4 reads only the lowerbound and upperbound attributes of the issue and cannot load this profile; bounds taken from <range>
p.xml:8:1: issue "Quantity": the evaluator gives parameter0 and parameter1; GENIUS 10.4 reads only slope and offset for integer issues and cannot load it; read as offset = parameter0, slope = parameter1`},
		{"unknown kind on a discrete issue", domainXML, edit(t, profileXML, `name="Colour" type="discrete"`, `name="Colour" type="colour"`),
			`p.xml:3:32: issue "Colour": type "colour" is not an issue type; read as discrete, as GENIUS does`},
		{"kind only in etype", edit(t, domainXML, `name="Colour" type="discrete"`, `name="Colour" vtype="discrete"`), edit(t, profileXML, `name="Colour" type="discrete"`, `name="Colour" etype="discrete"`), ``},
		{"kinds disagree", edit(t, domainXML, `name="Price" type="real"`, `name="Price" type="real" vtype="integer"`), profileXML,
			`d.xml:9:43: issue "Price": vtype="integer" disagrees with type="real", which decides`},
		{"integer kind only in etype", edit(t, domainXML, `name="Quantity" type="integer"`, `name="Quantity" etype="integer"`), edit(t, profileXML, `name="Quantity" type="integer"`, `name="Quantity" vtype="integer"`),
			`d.xml:8:34: issue "Quantity": the issue has no type attribute: GENIUS 10.4 reads only type and would take it as discrete; read as integer from etype
p.xml:7:34: issue "Quantity": the issue has no type attribute: GENIUS 10.4 reads only type and would take it as discrete; read as integer from vtype`},
		{"integer without evaluator", domainXML, edit(t, profileXML, `<evaluator ftype="linear" slope="-0.25" offset="1"/>`, ``),
			`p.xml:7:1: issue "Quantity": no <evaluator>: GENIUS evaluates every value of this integer issue as 0`},
		{"rectangle with both kinds of bound", gridXML, edit(t, rectanglesXML, `<INCLUDES index="1" min="1" max="2"/>`, `<INCLUDES index="1" min="1" max="2"/><EXCLUDES index="1" min="1" max="2"/>`),
			`p.xml:7:1: hyperRectangle 1: the rectangle has both INCLUDES and EXCLUDES; GENIUS uses only the EXCLUDES bounds`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warns, err := decodeStrings(tt.domain, tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			if got := warns.Error(); got != tt.want {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, tt.want)
			}
			for _, w := range warns {
				if w.Code != entente.EWarning {
					t.Errorf("code %q for %v", w.Code, w)
				}
			}
		})
	}
}

func TestKind(t *testing.T) {
	tests := []struct {
		data string
		want genius.FileKind
	}{
		{domainXML, genius.Domain},
		{profileXML, genius.Profile},
		{"\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->\n" + rectanglesXML, genius.Profile},
		{"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><negotiation_template>", genius.Domain},
		{"<Tournament></Tournament>", genius.Other},
		{"0.5, 1.0\n0.7, 0.9\n", genius.Other},
		{"", genius.Other},
		{"{\"domain\": {}}", genius.Other},
		{"<x:utility_space xmlns:x='u'/>", genius.Other},
	}
	for _, tt := range tests {
		if got := genius.Kind([]byte(tt.data)); got != tt.want {
			t.Errorf("Kind(%.40q) = %v, want %v", tt.data, got, tt.want)
		}
	}
	if genius.Domain.String() == genius.Profile.String() || !strings.Contains(genius.Other.String(), "not") {
		t.Errorf("kind names: %v, %v, %v", genius.Domain, genius.Profile, genius.Other)
	}
}

// TestDecodeEncodings reads a profile declared as ISO-8859-1, with a byte
// order mark and CRLF line ends, and refuses unknown encodings.
func TestDecodeEncodings(t *testing.T) {
	d := strings.ReplaceAll(edit(t, domainXML, `value="blue"`, "value=\"bl\xe9\""), "\n", "\r\n")
	d = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n" + d
	p := "\ufeff" + edit(t, profileXML, `value="blue"`, `value="blé"`)
	s, _, err := decodeStrings(d, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Issues[0].Options[1]; got != "blé" {
		t.Errorf("option %q, want %q", got, "blé")
	}
	_, _, err = decodeStrings("<?xml version=\"1.0\" encoding=\"EBCDIC\"?>\n"+domainXML, p)
	if want := `d.xml:1:1: the file declares the encoding "EBCDIC"; expected UTF-8 or ISO-8859-1`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestPartyNames(t *testing.T) {
	srcs := []entente.Source{
		{Name: "dir/a b.xml", Data: []byte(profileXML)},
		{Name: "other/a b.xml", Data: []byte(profileXML)},
		{Name: "", Data: []byte(profileXML)},
	}
	s, warns, err := genius.Decode(entente.Source{Name: "x/Laptop-domain.xml", Data: []byte(domainXML)}, srcs...)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range s.Parties {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, "|"); got != "a b|a b (2)|party 3" || s.Name != "Laptop-domain" {
		t.Errorf("scenario %q, parties %s", s.Name, got)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Error(), `this party is named "a b (2)"`) {
		t.Errorf("warnings: %v", warns)
	}
}
