package native_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// base is a valid scenario that the error cases below break one way each.
// Its lines are numbered for reading the expected positions.
const base = `entente: 1
name: deal
issues:
  - name: price
    kind: integer
    range: [1, 3]
  - name: brand
    options: [A, B]
parties:
  - name: buyer
    weights: {price: 0.5, brand: 0.5}
    values:
      price: {1: 1, 2: 0.5, 3: 0}
      brand: {A: 1, B: 0}
    reservation: 0.2
  - name: seller
    weights: {price: 0.5, brand: 0.5}
    values:
      price: {linear: {offset: 0, slope: 0.5, origin: 1}}
      brand: {A: 0, B: 1}
`

// edit returns base with old replaced by new; old must occur in it.
func edit(t testing.TB, old, new string) string {
	t.Helper()
	if !strings.Contains(base, old) {
		t.Fatalf("%q is not in the base scenario", old)
	}
	return strings.Replace(base, old, new, 1)
}

// opener serves party files from a map.
func opener(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		data, ok := files[name]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(data), nil
	}
}

// buyerPrefs are the buyer's preferences in base, which some cases move
// to a party file.
const buyerPrefs = `    weights: {price: 0.5, brand: 0.5}
    values:
      price: {1: 1, 2: 0.5, 3: 0}
      brand: {A: 1, B: 0}
    reservation: 0.2
`

const buyerFile = `entente: 1
weights: {price: 0.5, brand: 0.5}
values:
  price: {1: 1, 2: 0.5, 3: 0}
  brand: {A: 1, B: 0}
`

func TestBaseIsValid(t *testing.T) {
	s, warnings, err := native.Decode(entente.Source{Name: "deal.yaml", Data: []byte(base)}, nil)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("the base scenario should be valid: %v %v", err, warnings)
	}
	if len(s.Issues) != 2 || len(s.Parties) != 2 {
		t.Fatalf("read %d issues and %d parties", len(s.Issues), len(s.Parties))
	}
}

func TestDecodeErrors(t *testing.T) {
	type tc struct {
		name  string
		file  string // default deal.yaml
		src   string
		files map[string]string // party files; nil means no opener
		want  string
	}
	cases := []tc{
		{name: "unknown key", src: edit(t, "    options: [A, B]", "    optoins: [A, B]"),
			want: `deal.yaml:8:5: issues[1].optoins: unknown key "optoins"; expected one of: name, description, kind, options, range, unsettled, guarantees (did you mean "options"?)`},
		{name: "unknown top-level key", src: edit(t, "parties:", "partys:"),
			want: `deal.yaml:9:1: partys: unknown key "partys"; expected one of: entente, $schema, name, description, normalization, guarantors, issues, parties, constituencies, rules, limits, forecast (did you mean "parties"?)`},
		{name: "unknown issue in weights", src: edit(t, "weights: {price: 0.5, brand: 0.5}\n    values:\n      price: {linear", "weights: {pricee: 0.5, brand: 0.5}\n    values:\n      price: {linear"),
			want: `deal.yaml:17:15: parties[1].weights.pricee: unknown issue "pricee"; expected one of: price, brand (did you mean "price"?)`},
		{name: "unknown option in table", src: edit(t, "brand: {A: 1, B: 0}", "brand: {A: 1, C: 0}"),
			want: `deal.yaml:14:21: parties[0].values.brand.C: unknown option "C" of issue "brand"; expected one of: A, B`},
		{name: "option without value", src: edit(t, "brand: {A: 1, B: 0}", "brand: {A: 1}"),
			want: `deal.yaml:14:14: parties[0].values.brand: no value for option "B" of issue "brand"; give every option a value`},
		{name: "weights do not sum to 1", src: edit(t, "{price: 0.5, brand: 0.5}", "{price: 0.5, brand: 0.4}"),
			want: `deal.yaml:11:14: parties[0].weights: the weights sum to 0.9; under normalization as-written the weights of a profile without interaction terms or max_utility must sum to 1 (or use normalization: genius)`},
		{name: "negative weight", src: strings.NewReplacer("name: deal\n", "name: deal\nnormalization: genius\n", "{price: 0.5, brand: 0.5}\n    values:\n      price: {1:", "{price: -0.5, brand: 0.5}\n    values:\n      price: {1:").Replace(base),
			want: `deal.yaml:12:22: parties[0].weights.price: weight -0.5 is not allowed; expected a finite number >= 0`},
		{name: "missing weight", src: edit(t, "{price: 0.5, brand: 0.5}", "{price: 1}"),
			want: `deal.yaml:11:14: parties[0].weights: no weight for issue "brand"; give every issue a weight (0 if the party does not care about it)`},
		{name: "missing value function", src: edit(t, "      brand: {A: 1, B: 0}\n", ""),
			want: `deal.yaml:13:7: parties[0].values: no value function for issue "brand"; every issue with a weight above 0 needs one`},
		{name: "negative value", src: edit(t, "brand: {A: 1, B: 0}", "brand: {A: 1, B: -0.5}"),
			want: `deal.yaml:14:14: parties[0].values.brand: value -0.5 for B is negative; expected a number >= 0`},
		{name: "value above 1", src: edit(t, "brand: {A: 1, B: 0}", "brand: {A: 1.5, B: 0}"),
			want: `deal.yaml:14:14: parties[0].values.brand: value 1.5 for A is above 1; use values in [0,1] or set normalization: genius to divide by the best`},
		{name: "utility above 1", src: edit(t, "slope: 0.5", "slope: 1"),
			want: `deal.yaml:16:5: parties[1]: party "seller": utility reaches 1.5 at price=3, brand=B; utilities must lie in [0,1] (lower the weights or values, or use normalization: genius to cap at 1)`},
		{name: "duplicate issue", src: edit(t, "  - name: brand", "  - name: price"),
			want: `deal.yaml:7:11: issues[1].name: duplicate issue "price" (also issues[0]); issue names must be unique`},
		{name: "empty options", src: edit(t, "options: [A, B]", "options: []"),
			want: `deal.yaml:8:14: issues[1].options: issue "brand" has no options; a discrete issue needs at least one`},
		{name: "duplicate option", src: edit(t, "options: [A, B]", "options: [A, B, A]"),
			want: `deal.yaml:8:21: issues[1].options[2]: duplicate option "A" (also options[0])`},
		{name: "text for a number", src: edit(t, "{price: 0.5, brand: 0.5}", `{price: "0.5", brand: 0.5}`),
			want: `deal.yaml:11:22: parties[0].weights.price: expected a number, got the text "0.5"`},
		{name: "range upside down", src: edit(t, "range: [1, 3]", "range: [3, 1]"),
			want: `deal.yaml:6:12: issues[0].range: issue "price": lower bound 3 is above upper bound 1`},
		{name: "range with one number", src: edit(t, "range: [1, 3]", "range: [1]"),
			want: `deal.yaml:6:12: issues[0].range: expected a range [min, max], got a list of 1`},
		{name: "integer range not whole", src: edit(t, "range: [1, 3]", "range: [1.5, 3]"),
			want: `deal.yaml:6:12: issues[0].range: issue "price": integer bounds must be whole numbers, got 1.5..3`},
		{name: "numeric issue without kind", src: edit(t, "    kind: integer\n", ""),
			want: `deal.yaml:4:5: issues[0].kind: missing; a numeric issue needs kind: integer or kind: real beside its range`},
		{name: "piecewise not increasing", src: edit(t, "{linear: {offset: 0, slope: 0.5, origin: 1}}", "{piecewise: [[1, 0], [3, 1], [2, 0.5]]}"),
			want: `deal.yaml:19:14: parties[1].values.price: points must have strictly increasing x, but 2 follows 3`},
		{name: "piecewise bad point", src: edit(t, "{linear: {offset: 0, slope: 0.5, origin: 1}}", "{piecewise: [[1, 0], [3, 1, 2]]}"),
			want: `deal.yaml:19:35: parties[1].values.price.piecewise[1]: expected a point [x, y], got a list of 3`},
		{name: "unknown value function", src: edit(t, "{linear: {offset", "{linaer: {offset"),
			want: `deal.yaml:19:15: parties[1].values.price.linaer: unknown value function "linaer"; expected linear, piecewise or triangular (did you mean "linear"?)`},
		{name: "triangular out of order", src: edit(t, "{linear: {offset: 0, slope: 0.5, origin: 1}}", "{triangular: {low: 2, top: 1, high: 3}}"),
			want: `deal.yaml:19:14: parties[1].values.price: triangular needs low <= top <= high, got 2, 1, 3`},
		{name: "interaction on unknown issue", src: base + "    interactions:\n      - when: {colour: [red]}\n        value: -0.1\n",
			want: `deal.yaml:22:16: parties[1].interactions[0].when.colour: unknown issue "colour"; expected one of: price, brand`},
		{name: "interaction on unknown option", src: base + "    interactions:\n      - name: bad brand\n        when: {brand: [C], price: [1, 2]}\n        value: -0.1\n",
			want: `deal.yaml:23:24: parties[1].interactions[0].when.brand: unknown option "C" of issue "brand"; expected one of: A, B`},
		{name: "reservation package with unknown value", src: edit(t, "reservation: 0.2", "reservation: {price: 2, brand: Z}"),
			want: `deal.yaml:15:36: parties[0].reservation.brand: unknown option "Z" of issue "brand"; expected one of: A, B`},
		{name: "reservation package missing an issue", src: edit(t, "reservation: 0.2", "reservation: {price: 2}"),
			want: `deal.yaml:15:18: parties[0].reservation: the reservation package gives no value for issue "brand"; a package settles every issue`},
		{name: "missing party file", src: edit(t, buyerPrefs, "    file: buyer.yaml\n"), files: map[string]string{},
			want: `deal.yaml:11:11: parties[0].file: cannot read the party file "buyer.yaml": file does not exist`},
		{name: "party file without opener", src: strings.Replace(base, buyerPrefs, "    file: buyer.yaml\n", 1),
			want: `deal.yaml:11:11: parties[0].file: cannot read the party file "buyer.yaml": this scenario was read without access to other files; put the preferences in the scenario`},
		{name: "party file is a scenario", src: strings.Replace(base, buyerPrefs, "    file: buyer.yaml\n", 1),
			files: map[string]string{"buyer.yaml": base}, want: `buyer.yaml:1:1: this is a scenario file, not a preferences file; a party file holds one party's normalization, weights, values, interactions, reservation and discount`},
		{name: "party file is not entente", src: strings.Replace(base, buyerPrefs, "    file: buyer.xml\n", 1),
			files: map[string]string{"buyer.xml": "<utility_space>\n</utility_space>\n"}, want: `deal.yaml:11:11: parties[0].file: the party file "buyer.xml" is not an entente preferences file (a YAML or JSON mapping that starts with "entente: 1")`},
		// Issue 19: nothing of a file that is not a scenario is quoted.
		{name: "party file is a key", src: strings.Replace(base, buyerPrefs, "    file: id_rsa\n", 1),
			files: map[string]string{"id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n"}, want: `deal.yaml:11:11: parties[0].file: the party file "id_rsa" is not an entente preferences file (a YAML or JSON mapping that starts with "entente: 1")`},
		{name: "party file with a typo", file: "dir/deal.yaml", src: strings.Replace(base, buyerPrefs, "    file: buyer.yaml\n", 1),
			files: map[string]string{"buyer.yaml": strings.Replace(buyerFile, "brand: 0.5", "brnd: 0.5", 1)}, want: `dir/buyer.yaml:2:23: parties[0].weights.brnd: unknown issue "brnd"; expected one of: price, brand (did you mean "brand"?)`},
		{name: "party file and inline preferences", src: edit(t, "  - name: seller\n", "  - name: seller\n    file: seller.yaml\n"), files: map[string]string{},
			want: `deal.yaml:18:5: parties[1].weights: this party's preferences are in the file "seller.yaml"; give them there, not here
deal.yaml:19:5: parties[1].values: this party's preferences are in the file "seller.yaml"; give them there, not here
deal.yaml:17:11: parties[1].file: cannot read the party file "seller.yaml": file does not exist`},
		{name: "tab indentation", src: edit(t, "    options: [A, B]", "\toptions: [A, B]"),
			want: `deal.yaml:8:1: malformed YAML: a tab indents this line; YAML indents with spaces only`},
		{name: "malformed YAML", src: edit(t, "range: [1, 3]", "range: [1, 3"),
			want: `deal.yaml:6:5: malformed YAML: did not find expected ',' or ']'`},
		{name: "malformed YAML without a line", src: edit(t, "name: deal", "name: deal: again"),
			want: `deal.yaml:2:1: malformed YAML: mapping values are not allowed in this context`},
		{name: "malformed JSON", file: "deal.json", src: "{\n  \"entente\": 1,\n  \"issues\": [\n    {\"name\": \"a\", \"options\": [\"x\",]}\n  ]\n}\n",
			// The column is the offending character's (the ']' after the
			// trailing comma), as for GeniusWeb's JSON: one parser reads both.
			want: `deal.json:4:35: malformed JSON: invalid character ']' looking for beginning of value`},
		{name: "JSON unknown key", file: "deal.json", src: "{\n  \"entente\": 1,\n  \"issues\": [{\"name\": \"a\", \"options\": [\"x\"]}],\n  \"parties\": [{\"name\": \"p\", \"weigths\": {\"a\": 1}}]\n}\n",
			want: `deal.json:4:29: parties[0].weigths: unknown key "weigths"; expected one of: name, description, file, bloc, red_lines, normalization, weights, values, interactions, max_utility, reservation, discount, free_weights (did you mean "weights"?)`},
		{name: "wrong version", src: edit(t, "entente: 1", "entente: 2"),
			want: `deal.yaml:1:10: entente: this file is in format version 2, but this entente reads version 1; upgrade entente`},
		{name: "missing version", src: edit(t, "entente: 1\n", ""),
			want: `deal.yaml:1:1: entente: missing the format version; expected "entente: 1" at the top of the file`},
		{name: "misspelt version key", src: edit(t, "entente: 1\n", "entent: 1\n"),
			want: `deal.yaml:1:1: entent: unknown key "entent"; expected the format version "entente: 1" (did you mean "entente"?)`},
		{name: "blocs at the top", src: base + "blocs:\n  - name: left\n",
			want: `deal.yaml:21:1: blocs: unknown key "blocs"; a bloc is a party with a bloc key (its rule and members), see docs/format.md`},
		{name: "unknown normalization", src: edit(t, "name: deal\n", "name: deal\nnormalization: genus\n"),
			want: `deal.yaml:3:16: normalization: unknown convention "genus"; expected as-written or genius (did you mean "genius"?)`},
		{name: "duplicate key", src: edit(t, "    reservation: 0.2\n", "    reservation: 0.2\n    reservation: 0.3\n"),
			want: `deal.yaml:16:5: parties[0].reservation: duplicate key "reservation" (first given at line 15); give each key once`},
		{name: "alias", src: strings.NewReplacer("weights: {price: 0.5, brand: 0.5}\n    values:\n      price: {1:", "weights: &w {price: 0.5, brand: 0.5}\n    values:\n      price: {1:", "weights: {price: 0.5, brand: 0.5}\n    values:\n      price: {linear", "weights: *w\n    values:\n      price: {linear").Replace(base),
			want: `deal.yaml:17:14: YAML aliases (*w) are not supported; write the value out in full`},
		{name: "number with a source where none may be", src: edit(t, "range: [1, 3]", "range: [{value: 1, source: survey}, 3]"),
			want: `deal.yaml:6:13: issues[0].range: this number cannot carry a range or a source; write the number alone (see "Numbers with sources and ranges" in docs/format.md)`},
		{name: "constant on a discrete issue", src: edit(t, "brand: {A: 0, B: 1}", "brand: {constant: 0.5}"),
			want: `deal.yaml:20:15: parties[1].values.brand.constant: unknown option "constant" of issue "brand"; expected one of: A, B (issue "brand" is discrete: give a value per option, or one number for all)`},
		{name: "integer table missing a value", src: edit(t, "{1: 1, 2: 0.5, 3: 0}", "{1: 1, 3: 0}"),
			want: `deal.yaml:13:14: parties[0].values.price: no value for integer "2" of issue "price"; a table gives every integer from 1 to 3 a value`},
		{name: "integer table with a bad key", src: edit(t, "{1: 1, 2: 0.5, 3: 0}", "{1: 1, 2: 0.5, 3: 0, 4: 0}"),
			want: `deal.yaml:13:35: parties[0].values.price.4: "4" is not an integer of issue "price"; expected a whole number from 1 to 3`},
		{name: "when and unless", src: base + "    interactions:\n      - when: {brand: A}\n        unless: {brand: B}\n        value: 0\n",
			want: `deal.yaml:23:9: parties[1].interactions[0].unless: give the region with when or with unless, not both`},
		{name: "rule with unknown party", src: base + "rules:\n  - kind: unanimity\n    parties: [buyer, seler]\n",
			want: `deal.yaml:23:22: rules[0].parties: unknown party "seler"; expected one of: buyer, seller (did you mean "seller"?)`},
		{name: "two documents", src: base + "---\nentente: 1\n",
			want: `deal.yaml:21:1: the file holds more than one YAML document; expected one (remove the --- line)`},
		{name: "empty file", src: "# nothing here\n",
			want: `deal.yaml:1:1: the file is empty; expected a mapping that starts with entente: 1`},
		{name: "preferences file given as scenario", src: buyerFile,
			want: `deal.yaml:1:1: this is a party's preferences file, not a scenario; name the scenario file that refers to it`},
		{name: "list at the top", src: "- entente: 1\n",
			want: `deal.yaml:1:1: not an entente scenario: expected a mapping that starts with "entente: 1", got a list`},
		{name: "clamp not a boolean", src: edit(t, "origin: 1}", "origin: 1, clamp: yes}"),
			want: `deal.yaml:19:65: parties[1].values.price.linear.clamp: expected true or false, got the text "yes"`},
		{name: "infinite number", src: edit(t, "reservation: 0.2", "reservation: .inf"),
			want: `deal.yaml:15:18: parties[0].reservation: expected a finite number, got .inf`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = "deal.yaml"
			}
			var open func(string) ([]byte, error)
			if c.files != nil {
				open = opener(c.files)
			}
			s, _, err := native.Decode(entente.Source{Name: file, Data: []byte(c.src)}, open)
			if err == nil {
				t.Fatalf("no error; read %d issues", len(s.Issues))
			}
			if s != nil {
				t.Fatal("a scenario came back with the error")
			}
			if got := err.Error(); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}
