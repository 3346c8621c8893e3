package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/numfmt"
	"github.com/entente/entente/internal/tree"
	"github.com/entente/entente/load"
	"github.com/entente/entente/space"
)

func init() {
	register(&command{
		name:    "validate",
		args:    "[--json] SCENARIO...",
		summary: "check scenario files and report every problem with its position",
		help: `Validate loads a scenario and reports every problem as
file:line:col: field: what was wrong, what was expected. It checks the files'
structure, the model's consistency (issues, options, weights, value
functions, interactions, rules) and that every party's utilities stay in
[0,1]. Warnings (such as GENIUS weights whose cap at 1 applies) do not fail
the check.

Several native scenario files or folders can be validated at once; a list
that starts with a GENIUS or GeniusWeb domain file is one scenario (the
domain, then one profile per party).`,
		example: `  entente validate examples/laptop.yaml
  entente validate laptop_domain.xml laptop_buyer_utility.xml laptop_seller_utility.xml`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			asJSON := fs.Bool("json", false, "print the result as JSON")
			return func(args []string) error { return validate(out, args, *asJSON) }
		},
	})
}

// validation is the --json form of one scenario's check.
type validation struct {
	Input    []string  `json:"input"`
	OK       bool      `json:"ok"`
	Name     string    `json:"name,omitempty"`
	Format   string    `json:"format,omitempty"`
	Issues   int       `json:"issues"`
	Parties  int       `json:"parties"`
	Outcomes string    `json:"outcomes,omitempty"`
	Errors   []problem `json:"errors"`
	Warnings []problem `json:"warnings"`
}

// problem is the --json form of an entente.Error.
type problem struct {
	Code    string `json:"code"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Text    string `json:"text"`
	// count is how many problems it stands for: 1, or those a reader
	// left out of a long list (tree.More).
	count int
}

func toProblems(err error) []problem {
	out := []problem{}
	for _, e := range flatten(err) {
		out = append(out, problem{e.Code, e.File, e.Line, e.Col, e.Field, e.Message, e.Error(), tree.Count([]*entente.Error{e})})
	}
	return out
}

func validate(out *output, args []string, asJSON bool) error {
	if len(args) == 0 {
		return usagef("name a scenario to validate")
	}
	groups := [][]string{args}
	if len(args) > 1 && separateScenarios(out.in, args) {
		groups = nil
		for _, a := range args {
			groups = append(groups, []string{a})
		}
	}
	var results []validation
	ok := true
	for _, g := range groups {
		v := validateOne(out.in, g)
		ok = ok && v.OK
		results = append(results, v)
		if asJSON {
			continue
		}
		for _, p := range v.Errors {
			fmt.Fprintf(out.stderr, "error: %s\n", p.Text)
		}
		for _, p := range v.Warnings {
			fmt.Fprintf(out.stderr, "warning: %s\n", p.Text)
		}
		if v.OK {
			fmt.Fprintf(out.stdout, "ok: %s: %d issues, %d parties, %s outcomes (%s)\n",
				v.Name, v.Issues, v.Parties, v.Outcomes, v.Format)
		} else {
			n := 0
			for _, p := range v.Errors {
				n += p.count
			}
			fmt.Fprintf(out.stdout, "failed: %s: %s\n", g[0], plural(n, "error"))
		}
	}
	if asJSON {
		enc := json.NewEncoder(out.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"ok": ok, "results": results}); err != nil {
			return err
		}
	}
	if !ok {
		return errFailed
	}
	return nil
}

// separateScenarios reports whether the arguments name scenarios of their
// own (the first is a folder or a native scenario file), so validate checks
// each separately; otherwise they are a domain and its profiles.
func separateScenarios(in *inputOptions, args []string) bool {
	st, err := os.Stat(args[0])
	if err != nil {
		return false
	}
	if st.IsDir() {
		return true
	}
	data, err := in.readFile(args[0])
	return err == nil && load.Detect(data) == load.Native
}

func validateOne(in *inputOptions, paths []string) validation {
	v := validation{Input: paths, Errors: []problem{}, Warnings: []problem{}}
	res, err := in.loader().Paths(paths...)
	if err != nil {
		v.Errors = toProblems(err)
		return v
	}
	s := res.Scenario
	v.Name, v.Format, v.Issues, v.Parties = s.Name, res.Format, len(s.Issues), len(s.Parties)
	v.Outcomes = space.New(s.Issues).SizeString()
	if len(paths) == 1 && res.Format == "native" {
		// A scenario's forecast section is checked as entente forecast reads it.
		if data := res.Source.Data; forecast.InScenario(data) {
			if _, ferr := (forecast.Reader{Limits: in.limits()}).ReadYAML(res.Source.Name, data); ferr != nil {
				v.Errors = toProblems(ferr)
			}
		}
	}
	for _, w := range res.Warnings {
		v.Warnings = append(v.Warnings, toProblems(w)...)
	}
	v.OK = len(v.Errors) == 0
	return v
}

// plural writes n and the noun, with an s when n is not 1.
func plural(n int, noun string) string { return numfmt.Plural(n, noun) }
