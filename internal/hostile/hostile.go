package hostile

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Case is one hostile input and the command that must cope with it.
type Case struct {
	// Name identifies the case in test output.
	Name string
	// Row is the row of the table of issue 15 (or the finding of issue 19)
	// the case reproduces; empty for the extra cases.
	Row string
	// Args are the arguments of the entente command (without "entente").
	Args []string
	// Exit is the exit code expected: 0 for a bounded answer, 1 for a
	// refusal with a message, 2 for a usage error.
	Exit int
	// Want is a regular expression that the combined standard output and
	// error must match: the clear message, or a piece of the answer.
	Want string
	// Dir, when set, is the working directory of the command.
	Dir string
}

// Big sizes the cases that exist to be large. The defaults are the sizes
// of the issue that reported them; tests may shrink none of them, since
// the point is that size no longer matters.
const (
	// HugeFile is the size of the oversized files: above the default
	// limit of 64 MiB.
	HugeFile = 100 << 20
	// ManyOptions is the number of options of one issue.
	ManyOptions = 1_000_000
	// ManyParties is the number of parties of the party bomb.
	ManyParties = 5_000
	// ManyBoxes is the number of GENIUS hyper-rectangles of one profile.
	ManyBoxes = 200_000
	// ManyActors is the number of actors of the forecast.
	ManyActors = 1_000
)

// Write creates the corpus in dir (which must exist and be empty) and
// returns its cases. Cases whose input this system cannot make (a named
// pipe where there are none) are left out.
func Write(dir string) ([]Case, error) {
	w := &writer{dir: dir}
	w.files()
	if w.err != nil {
		return nil, w.err
	}
	return w.cases, nil
}

type writer struct {
	dir   string
	cases []Case
	err   error
}

func (w *writer) path(name string) string { return filepath.Join(w.dir, name) }

// file writes a small file.
func (w *writer) file(name, content string) string {
	p := w.path(name)
	if w.err == nil {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			w.err = err
		} else {
			w.err = os.WriteFile(p, []byte(content), 0o644)
		}
	}
	return p
}

// stream writes a large file through fn.
func (w *writer) stream(name string, fn func(b *bufio.Writer)) string {
	p := w.path(name)
	if w.err != nil {
		return p
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return p
	}
	f, err := os.Create(p)
	if err != nil {
		w.err = err
		return p
	}
	b := bufio.NewWriterSize(f, 1<<20)
	fn(b)
	if err := b.Flush(); err != nil {
		w.err = err
	}
	if err := f.Close(); err != nil && w.err == nil {
		w.err = err
	}
	return p
}

func (w *writer) add(c Case) { w.cases = append(w.cases, c) }

// laptop is a small valid two-party scenario, for cases about something
// other than the scenario.
const laptop = `entente: 1
name: small
issues:
  - name: model
    options: [a, b, c]
  - name: price
    kind: integer
    range: [10, 14]
parties:
  - name: buyer
    weights: {model: 0.5, price: 0.5}
    values:
      model: {a: 1, b: 0.5, c: 0}
      price: {linear: {offset: 1, slope: -0.25, origin: 10}}
  - name: seller
    weights: {model: 0.5, price: 0.5}
    values:
      model: {a: 0, b: 0.5, c: 1}
      price: {linear: {offset: 0, slope: 0.25, origin: 10}}
`

func (w *writer) files() {
	small := w.file("small.yaml", laptop)

	// Files that are not files.
	if _, err := os.Stat("/dev/zero"); err == nil {
		link := w.path("zero.yaml")
		if err := os.Symlink("/dev/zero", link); err != nil && !errors.Is(err, os.ErrExist) {
			w.err = err
			return
		}
		w.add(Case{Name: "dev-zero", Row: "a scenario path that is /dev/zero", Args: []string{"validate", "/dev/zero"}, Exit: 1, Want: `/dev/zero: .*not a regular file`})
		w.add(Case{Name: "dev-zero-link", Row: "a scenario path that is a link to /dev/zero", Args: []string{"validate", link}, Exit: 1, Want: `zero.yaml: .*not a regular file`})
		w.add(Case{Name: "plan-dev-zero-list", Row: "a tournament plan that is /dev/zero", Args: []string{"tournament", "list", "/dev/zero"}, Exit: 1, Want: `/dev/zero: .*not a regular file`})
		w.add(Case{Name: "plan-dev-zero-run", Row: "a tournament plan that is /dev/zero", Args: []string{"tournament", "run", "--results", w.path("zero-results.db"), "/dev/zero"}, Exit: 1, Want: `/dev/zero: .*not a regular file`})
		w.add(Case{Name: "forecast-dev-zero", Args: []string{"forecast", link}, Exit: 1, Want: `zero.yaml: .*not a regular file`})
	}
	if pipe, err := makeFIFO(w.path("pipe.yaml")); err == nil {
		w.add(Case{Name: "fifo-validate", Row: "a scenario path that is a named pipe", Args: []string{"validate", pipe}, Exit: 1, Want: `pipe.yaml: .*named pipe`})
		w.add(Case{Name: "fifo-plan", Row: "a plan that is a named pipe", Args: []string{"tournament", "list", pipe}, Exit: 1, Want: `pipe.yaml: .*named pipe`})
	} else if !errors.Is(err, errors.ErrUnsupported) {
		w.err = err
		return
	}
	w.add(Case{Name: "folder-as-plan", Args: []string{"tournament", "list", w.dir}, Exit: 1, Want: `is a folder`})

	// Oversized files.
	bigYAML := w.stream("big.yaml", func(b *bufio.Writer) {
		b.WriteString("entente: 1\nname: big\ndescription: |\n")
		line := "  " + strings.Repeat("x", 78) + "\n"
		for n := 0; n < HugeFile/len(line); n++ {
			b.WriteString(line)
		}
	})
	w.add(Case{Name: "huge-scenario", Args: []string{"validate", bigYAML}, Exit: 1, Want: `big.yaml: the file holds 100.0 MiB \(\d+ bytes\), more than the limit of 64 MiB.*--max-file-size`})
	bigCSV := w.stream("big.csv", func(b *bufio.Writer) {
		b.WriteString("actor,issue,position,salience,capability\n")
		for n := 0; n < HugeFile/24; n++ {
			fmt.Fprintf(b, "a%07d,tax,%d,0.5,1\n", n, n%100)
		}
	})
	w.add(Case{Name: "huge-forecast-csv", Row: "a 100 MB forecast CSV", Args: []string{"forecast", bigCSV}, Exit: 1, Want: `big.csv: .*MiB.*64 MiB.*--max-file-size`})

	// Numeric ranges: the work must follow the breakpoints, not the range.
	wide := w.file("wide.yaml", `entente: 1
name: wide
issues:
  - name: x
    kind: integer
    range: [0, 50000000]
parties:
  - name: a
    weights: {x: 1}
    values: {x: {linear: {offset: 0, slope: 2e-8, origin: 0}}}
  - name: b
    weights: {x: 1}
    values: {x: {linear: {offset: 1, slope: -2e-8, origin: 0}}}
`)
	w.add(Case{Name: "analyze-wide-integer", Row: "an integer issue with range 0..5·10^7", Args: []string{"analyze", wide}, Exit: 1, Want: `50000001 .*packages.*(--max-outcomes|--fix)`})
	w.add(Case{Name: "show-wide-integer", Args: []string{"show", wide}, Exit: 0, Want: `x=50000000`})
	w.add(Case{Name: "negotiate-wide-integer", Args: []string{"negotiate", wide}, Exit: 0, Want: `(?s)agreement in round.*no Pareto or Nash metrics: the exact analysis of 50000001 packages`})
	w.add(Case{Name: "validate-wide-integer", Args: []string{"validate", wide}, Exit: 0, Want: `ok: wide`})
	for _, terms := range []int{1, 1000} {
		var b strings.Builder
		b.WriteString(`entente: 1
name: terms
issues:
  - name: x
    kind: integer
    range: [0, 1000000000]
  - name: y
    options: [p, q]
parties:
  - name: a
    weights: {x: 0.5, y: 0.4}
    values:
      x: {linear: {offset: 0, slope: 1e-9, origin: 0}}
      y: {p: 1, q: 0}
    interactions:
`)
		for t := 0; t < terms; t++ {
			lo := int64(t) * 999_000
			fmt.Fprintf(&b, "      - {name: t%d, when: {x: [%d, %d], y: q}, value: %g}\n", t, lo+100, lo+200_000, 0.1/float64(terms)*float64(1+t%3)/2)
		}
		b.WriteString(`  - name: b
    weights: {x: 0.5, y: 0.5}
    values:
      x: {linear: {offset: 1, slope: -1e-9, origin: 0}}
      y: {p: 0, q: 1}
`)
		p := w.file(fmt.Sprintf("terms-%d.yaml", terms), b.String())
		w.add(Case{Name: fmt.Sprintf("show-terms-%d", terms), Row: "interaction terms on an integer range 0..10^9", Args: []string{"show", p}, Exit: 0, Want: `utility\s+0 \.\. 0\.9`})
	}
	gdir := filepath.Join(w.dir, "genius-wide")
	w.file("genius-wide/wide_domain.xml", `<negotiation_template>
  <utility_space number_of_issues="2">
    <objective index="0" name="wide" type="objective" etype="objective" description="">
      <issue index="1" name="x" type="integer" etype="integer" vtype="integer" lowerbound="0" upperbound="1000000000"/>
      <issue index="2" name="y" type="discrete" etype="discrete" vtype="discrete">
        <item index="1" value="p"/>
        <item index="2" value="q"/>
      </issue>
    </objective>
  </utility_space>
</negotiation_template>
`)
	for _, party := range []struct{ name, slope, offset, p, q string }{{"a", "1e-09", "0", "1", "0"}, {"b", "-1e-09", "1", "0", "1"}} {
		w.file("genius-wide/"+party.name+".xml", fmt.Sprintf(`<utility_space number_of_issues="2">
  <objective index="0" name="wide" type="objective" etype="objective" description="">
    <issue index="1" name="x" type="integer" etype="integer" vtype="integer" lowerbound="0" upperbound="1000000000">
      <evaluator ftype="linear" slope="%s" offset="%s"/>
    </issue>
    <issue index="2" name="y" type="discrete" etype="discrete" vtype="discrete">
      <item index="1" value="p" evaluation="%s"/>
      <item index="2" value="q" evaluation="%s"/>
    </issue>
    <weight index="1" value="0.5"/>
    <weight index="2" value="0.5"/>
  </objective>
  <reservation value="0"/>
</utility_space>
`, party.slope, party.offset, party.p, party.q))
	}
	w.add(Case{Name: "analyze-genius-wide", Row: "a GENIUS integer issue 0..10^9", Args: []string{"analyze", gdir}, Exit: 1, Want: `2000000002 packages.*Pareto frontier.*--fix`})
	w.add(Case{Name: "show-genius-wide", Args: []string{"show", gdir}, Exit: 0, Want: `x=1000000000`})

	// Counts.
	opts := w.stream("options.yaml", func(b *bufio.Writer) {
		b.WriteString("entente: 1\nname: options\nissues:\n  - name: x\n    options:\n")
		for k := 0; k < ManyOptions; k++ {
			fmt.Fprintf(b, "      - o%d\n", k)
		}
		b.WriteString("parties:\n  - {name: a, weights: {x: 1}, values: {x: 0.5}}\n  - {name: b, weights: {x: 1}, values: {x: 0.5}}\n")
	})
	w.add(Case{Name: "validate-million-options", Row: "10^6 options on one issue", Args: []string{"validate", opts}, Exit: 1, Want: `options.yaml:1:1: the file holds about 2000038 items.*limit`})
	packed := w.stream("options-packed.yaml", func(b *bufio.Writer) {
		b.WriteString("entente: 1\nname: packed\nissues:\n  - name: x\n    options: [")
		for k := 0; k < 12_000_000; k++ {
			if k > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, "%x", k)
		}
		b.WriteString("]\nparties: []\n")
	})
	w.add(Case{Name: "validate-packed-options", Row: "1.2·10^7 options", Args: []string{"validate", "--max-file-size", "200MiB", packed}, Exit: 1, Want: `options-packed.yaml:1:1: the file holds about 12000015 items.*limit`})
	var pb strings.Builder
	pb.WriteString("entente: 1\nname: crowd\nissues:\n  - name: x\n    options: [a, b, c]\nparties:\n")
	for p := 0; p < ManyParties; p++ {
		fmt.Fprintf(&pb, "  - {name: p%d, weights: {x: 1}, values: {x: {a: %d, b: 0.5, c: %d}}}\n", p, p%2, 1-p%2)
	}
	crowd := w.file("crowd.yaml", pb.String())
	w.add(Case{Name: "analyze-5000-parties", Row: "5,000 parties", Args: []string{"analyze", "--json", crowd}, Exit: 1, Want: `parties: .*5000 parties.*limit of 1000.*--max-parties`})

	// GENIUS hyper-rectangles.
	boxes := filepath.Join(w.dir, "boxes")
	var dom strings.Builder
	dom.WriteString("<negotiation_template>\n<utility_space number_of_issues=\"10\">\n<objective index=\"0\" name=\"root\" type=\"objective\" etype=\"objective\">\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&dom, "<issue index=\"%d\" name=\"i%d\" type=\"integer\" etype=\"integer\" vtype=\"integer\" lowerbound=\"0\" upperbound=\"9\"/>\n", i, i)
	}
	dom.WriteString("</objective>\n</utility_space>\n</negotiation_template>\n")
	w.file("boxes/boxes_domain.xml", dom.String())
	for party := 1; party <= 2; party++ {
		w.stream(fmt.Sprintf("boxes/profile-%d.xml", party), func(b *bufio.Writer) {
			b.WriteString("<utility_space type=\"nonlinear\">\n<objective index=\"0\" name=\"root\" type=\"objective\" etype=\"objective\">\n")
			for i := 1; i <= 10; i++ {
				fmt.Fprintf(b, "<issue index=\"%d\" name=\"i%d\" type=\"integer\" etype=\"integer\" vtype=\"integer\" lowerbound=\"0\" upperbound=\"9\"/>\n", i, i)
			}
			fmt.Fprintf(b, "<utility maxutility=\"%d\">\n<ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n", ManyBoxes)
			for k := 0; k < ManyBoxes; k++ {
				fmt.Fprintf(b, "<hyperRectangle utility=\"1\"><INCLUDES index=\"%d\" min=\"%d\" max=\"%d\"/><INCLUDES index=\"%d\" min=\"0\" max=\"%d\"/></hyperRectangle>\n",
					1+k%10, k%7, k%7+2, 1+(k/10+party)%10, k%9)
			}
			b.WriteString("</ufun>\n</utility>\n</objective>\n</utility_space>\n")
		})
	}
	w.add(Case{Name: "show-200k-boxes", Row: "200,000 interaction boxes", Args: []string{"show", boxes}, Exit: 1, Want: `profile-1.xml:\d+:1: more than 20000 hyperRectangle elements.*--max-terms`})
	w.add(Case{Name: "convert-200k-boxes", Row: "200,000 interaction boxes", Args: []string{"convert", "--to", "yaml", boxes}, Exit: 1, Want: `profile-1.xml:\d+:1: more than 20000 hyperRectangle elements.*--max-terms`})

	// GeniusWeb profile with very many values.
	gw := w.stream("geniusweb-values/profile.json", func(b *bufio.Writer) {
		b.WriteString(`{"LinearAdditiveUtilitySpace": {"domain": {"name": "many", "issuesValues": {"x": {"values": [`)
		for k := 0; k < ManyOptions; k++ {
			if k > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, `"v%d"`, k)
		}
		b.WriteString(`]}}}, "issueUtilities": {"x": {"discreteutils": {"valueUtilities": {`)
		for k := 0; k < ManyOptions; k++ {
			if k > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, `"v%d": %g`, k, float64(k%10)/10)
		}
		b.WriteString(`}}}}, "issueWeights": {"x": 1}, "name": "p"}}`)
	})
	w.add(Case{Name: "geniusweb-many-values", Row: "GeniusWeb profile with very many values", Args: []string{"validate", gw}, Exit: 1, Want: `profile.json:1:\d+: more than 100000 values in one list.*--max-options`})

	// Forecasts.
	var fb strings.Builder
	fb.WriteString("actor,issue,position,salience,capability\n")
	for a := 0; a < ManyActors; a++ {
		fmt.Fprintf(&fb, "a%d,tax,%d,%g,%d\n", a, (a*37)%101, 0.2+float64(a%8)/10, 1+a%5)
	}
	actors := w.file("actors.csv", fb.String())
	w.add(Case{Name: "forecast-1000-actors", Row: "a forecast of 1,000 actors", Args: []string{"forecast", actors}, Exit: 0, Want: `median`})
	var rb2 strings.Builder
	rb2.WriteString("actor,issue,position,salience,capability,position_low,position_high\n")
	for k := 0; k < 1000; k++ {
		for a := 0; a < 2; a++ {
			fmt.Fprintf(&rb2, "a%d,i%d,%d,0.5,1,%d,%d\n", a, k, 10*a, 10*a-1, 10*a+1)
		}
	}
	wideForecast := w.file("wide-forecast.csv", rb2.String())
	w.add(Case{Name: "forecast-million-runs", Args: []string{"forecast", "--model", "median", "--runs", "1000000", wideForecast}, Exit: 1, Want: `1000000 Monte Carlo runs keep every run's draws and forecasts, about 22.4 GiB.*--runs`})
	w.add(Case{Name: "smp-1000-actors", Row: "smp on 1,000 actors", Args: []string{"forecast", "--model", "smp", actors}, Exit: 1, Want: `smp.*1000 actors.*(--max-work|--rounds|--actors)`})

	// Flags at the edge of their type.
	real := w.file("real.yaml", `entente: 1
name: real
issues:
  - name: share
    kind: real
    range: [0, 1]
parties:
  - {name: a, weights: {share: 1}, values: {share: {linear: {offset: 0, slope: 1, origin: 0}}}}
  - {name: b, weights: {share: 1}, values: {share: {linear: {offset: 1, slope: -1, origin: 0}}}}
`)
	w.add(Case{Name: "negotiate-max-rounds", Row: "--rounds 9223372036854775807", Args: []string{"negotiate", "--rounds", "9223372036854775807", small}, Exit: 2, Want: `--rounds.*at most`})
	w.add(Case{Name: "analyze-resolution", Row: "--resolution 100000000", Args: []string{"analyze", "--resolution", "100000000", real}, Exit: 1, Want: `100000000 packages.*--resolution`})

	// Plans.
	huge := w.file("plans/huge.yaml", "tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder, linear, hardliner, random, titfortat, frequency, {name: a1, strategy: boulware}, {name: a2, strategy: conceder}, {name: a3, strategy: linear}]\nrepetitions: 100000\n")
	w.add(Case{Name: "plan-huge-expansion", Row: "a plan whose expansion is huge", Args: []string{"tournament", "list", huge}, Exit: 1, Want: `more than 1000000 negotiations \(9000000 in all\).*--max-negotiations`})
	nan := w.file("plans/nan.yaml", "tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\ndeadline: {seconds: .nan}\n")
	w.add(Case{Name: "plan-nan-deadline", Row: "19.8: plan deadline NaN", Args: []string{"tournament", "list", nan}, Exit: 1, Want: `deadline.*finite`})
	inf := w.file("plans/inf.yaml", "tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\ndeadline: {seconds: .inf}\n")
	w.add(Case{Name: "plan-inf-deadline", Row: "19.8: plan deadline Inf", Args: []string{"tournament", "list", inf}, Exit: 1, Want: `deadline.*finite`})
	big := w.file("plans/1e300.yaml", "tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\ndeadline: {seconds: 1e300}\n")
	w.add(Case{Name: "plan-1e300-deadline", Row: "19.8: plan deadline 1e300", Args: []string{"tournament", "list", big}, Exit: 1, Want: `deadline.*at most`})
	outside := w.file("plans/outside.yaml", "tournament: 1\nscenarios: [../small.yaml]\nnegotiators: [boulware, conceder]\n")
	w.add(Case{Name: "plan-path-outside", Row: "19.4: a plan's scenario path outside its folder", Args: []string{"tournament", "list", outside}, Exit: 1, Want: `outside the folder.*--allow-path`})
	w.add(Case{Name: "plan-path-allowed", Args: []string{"tournament", "list", "--allow-path", w.dir, outside}, Exit: 0, Want: `boulware`})
	bomb := w.file("plans/bomb.yaml", aliasBomb("tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\nname: &a0 x\n"))
	w.add(Case{Name: "plan-alias-bomb", Args: []string{"tournament", "list", bomb}, Exit: 1, Want: `alias`})

	// Party files outside the scenario's folder.
	w.file("secret/key.txt", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n")
	w.file("party/inside/p.yaml", "entente: 1\nweights: {x: 1}\nvalues: {x: {a: 0, b: 1}}\n")
	party := func(name, ref string) string {
		return w.file("party/"+name+".yaml", fmt.Sprintf("entente: 1\nname: %s\nissues:\n  - name: x\n    options: [a, b]\nparties:\n  - {name: a, weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n  - {name: b, file: %s}\n", name, ref))
	}
	w.add(Case{Name: "party-file-inside", Args: []string{"validate", party("inside", "inside/p.yaml")}, Exit: 0, Want: `ok: inside`})
	w.add(Case{Name: "party-file-outside", Row: "19.4: a party's file outside the scenario's folder", Args: []string{"validate", party("outside", "../secret/key.txt")}, Exit: 1, Want: `outside the folder.*--allow-path`})
	w.add(Case{Name: "party-file-etc-passwd", Row: "19.4: a party's file: /etc/passwd", Args: []string{"validate", party("abs", "/etc/passwd")}, Exit: 1, Want: `outside the folder.*--allow-path`})
	// Allowed, a file that is not an entente file is still not quoted (the
	// test checks that the key's text never shows).
	w.add(Case{Name: "party-file-no-echo", Row: "19.4: errors never quote a file that is not a scenario", Args: []string{"validate", "--allow-path", w.dir, party("notscenario", "../secret/key.txt")}, Exit: 1, Want: `the party file "../secret/key.txt" is not an entente preferences file`})

	// Syntax bombs.
	w.file("deep.yaml", "entente: 1\nname: "+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"\n")
	w.add(Case{Name: "deep-yaml", Args: []string{"validate", w.path("deep.yaml")}, Exit: 1, Want: `deep.yaml:.*(nest|depth)`})
	w.file("deep.json", `{"entente": 1, "name": `+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"}\n")
	w.add(Case{Name: "deep-json", Args: []string{"validate", w.path("deep.json")}, Exit: 1, Want: `deep.json:.*nested more than`})
	w.file("alias.yaml", aliasBomb(laptop+"description: &a0 x\n"))
	w.add(Case{Name: "alias-bomb", Args: []string{"validate", w.path("alias.yaml")}, Exit: 1, Want: `alias`})
	w.file("hugenum.yaml", strings.Replace(laptop, "range: [10, 14]", "range: [-1e308, 1e308]", 1))
	w.add(Case{Name: "huge-numbers", Args: []string{"show", w.path("hugenum.yaml")}, Exit: 1, Want: `hugenum.yaml:`})
	w.file("overflow.yaml", strings.Replace(laptop, "range: [10, 14]", "range: [10, 1e400]", 1))
	w.add(Case{Name: "number-overflow", Args: []string{"validate", w.path("overflow.yaml")}, Exit: 1, Want: `overflow.yaml:\d+:\d+: .*finite`})
	w.file("entities/ent_domain.xml", `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<negotiation_template><utility_space number_of_issues="1"><objective index="0" name="r" type="objective" etype="objective">
<issue index="1" name="&lol2;" type="discrete" etype="discrete" vtype="discrete"><item index="1" value="a"/></issue>
</objective></utility_space></negotiation_template>
`)
	w.file("entities/p.xml", `<utility_space><objective index="0" name="r" type="objective" etype="objective"><issue index="1" name="x" type="discrete" etype="discrete" vtype="discrete"><item index="1" value="a" evaluation="1"/></issue><weight index="1" value="1"/></objective></utility_space>`)
	w.add(Case{Name: "xml-entities", Args: []string{"validate", w.path("entities")}, Exit: 1, Want: `ent_domain.xml:\d+:\d+: .*entity`})

	// Encodings (issue 19, finding 8).
	w.file("utf8.json", "{\"entente\": 1, \"name\": \"bad \xff\xfe name\", \"issues\": [{\"name\": \"x\", \"options\": [\"a\", \"b\"]}], \"parties\": []}\n")
	w.add(Case{Name: "json-invalid-utf8", Row: "19.8: invalid UTF-8 in JSON", Args: []string{"validate", w.path("utf8.json")}, Exit: 1, Want: `utf8.json:1:\d+: .*UTF-8`})
	w.file("bom.yaml", "\ufeff\ufeff"+strings.Replace(laptop, "name: small", "nme: small", 1))
	w.add(Case{Name: "double-bom", Row: "19.8: a doubled byte-order mark", Args: []string{"validate", w.path("bom.yaml")}, Exit: 1, Want: `bom.yaml:2:1: nme: unknown key "nme"`})
	w.file("utf16/d_domain.xml", utf16(`<?xml version="1.0" encoding="UTF-16"?><negotiation_template><utility_space number_of_issues="1"><objective index="0" name="r" type="objective" etype="objective"><issue index="1" name="x" type="discrete" etype="discrete" vtype="discrete"><item index="1" value="a"/><item index="2" value="b"/></issue></objective></utility_space></negotiation_template>`))
	w.file("utf16/p.xml", utf16(`<?xml version="1.0" encoding="UTF-16"?><utility_space><objective index="0" name="r" type="objective" etype="objective"><issue index="1" name="x" type="discrete" etype="discrete" vtype="discrete"><item index="1" value="a" evaluation="1"/><item index="2" value="b" evaluation="0"/></issue><weight index="1" value="1"/></objective></utility_space>`))
	w.add(Case{Name: "genius-utf16", Row: "19.8: a UTF-16 GENIUS file", Args: []string{"validate", w.path("utf16")}, Exit: 1, Want: `UTF-16`})

	// Reports of many parties (issue 19, finding 8): the simulation is left
	// out, the rest is written.
	var rb strings.Builder
	rb.WriteString("entente: 1\nname: many\nissues:\n  - name: x\n    options: [a, b]\nparties:\n")
	for p := 0; p < 65; p++ {
		fmt.Fprintf(&rb, "  - {name: p%d, weights: {x: 1}, values: {x: {a: %d, b: %d}}}\n", p, p%2, 1-p%2)
	}
	many := w.file("many.yaml", rb.String())
	w.add(Case{Name: "report-65-parties", Row: "19.8: report above 64 parties", Args: []string{"report", "--samples", "0", "-o", w.path("many.html"), many}, Exit: 0, Want: `wrote .*many.html`})

	// A syntax error at the end of a large file (issue 19, finding 8).
	tail := w.stream("tail.yaml", func(b *bufio.Writer) {
		b.WriteString(strings.TrimSuffix(laptop, "\n") + "\ndescription: |\n")
		for n := 0; n < 400_000; n++ {
			b.WriteString("  filler text line\n")
		}
		b.WriteString("rules: [unclosed\n")
	})
	w.add(Case{Name: "syntax-error-at-end", Row: "19.8: a syntax error at the end of a large YAML file", Args: []string{"validate", tail}, Exit: 1, Want: `tail.yaml:400021:\d+: malformed YAML`})
}

// aliasBomb appends to a YAML document nine levels of anchors, each
// naming the previous one ten times: 10^9 nodes once expanded.
func aliasBomb(doc string) string {
	var b strings.Builder
	b.WriteString(doc)
	for k := 1; k <= 9; k++ {
		fmt.Fprintf(&b, "x%d: &a%d [", k, k)
		for r := 0; r < 10; r++ {
			if r > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", k-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// utf16 encodes ASCII text as UTF-16 little-endian with a byte-order mark.
func utf16(s string) string {
	b := []byte{0xff, 0xfe}
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return string(b)
}
