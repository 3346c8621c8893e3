package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

func init() {
	register(&command{
		name:    "show",
		args:    "[--json] [--numbers] SCENARIO",
		summary: "describe a scenario: issues, parties, preferences, utility ranges",
		help: `Show prints a scenario as people read it: its issues and their values, the
size of the outcome space, and for each party its convention, weights,
reservation value, discount factor, utility range, and best and worst
packages; then the politics: guarantors (and whom they follow) with the
guarantees and the probability each is honoured, blocs with their members
and rules, constituencies with their voter groups, red lines, and the
limits the author states. --numbers lists the annotated numbers instead
(each with its key for analyze --set, its value, range and confidence).`,
		example: `  entente show examples/laptop.yaml
  entente show --json path/to/genius/folder`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			asJSON := fs.Bool("json", false, "print the description as JSON")
			numbers := fs.Bool("numbers", false, "list the annotated numbers instead, with the keys analyze --set takes")
			return func(args []string) error {
				res, err := loadScenario(out, args)
				if err != nil {
					return err
				}
				if *numbers {
					return showNumbers(out, res.Scenario, *asJSON)
				}
				d, err := describeScenario(res.Scenario, res.Format)
				if err != nil {
					return err
				}
				if *asJSON {
					enc := json.NewEncoder(out.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(d)
				}
				printDescription(out.stdout, d)
				return nil
			}
		},
	})
}

// description is what show prints; its JSON form is documented in
// docs/cli.md.
type description struct {
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Format      string        `json:"format"`
	Outcomes    string        `json:"outcomes"`
	Issues      []issueDesc   `json:"issues"`
	Parties     []partyDesc   `json:"parties"`
	Rules       []ruleDesc    `json:"rules,omitempty"`
	Politics    *politicsDesc `json:"politics,omitempty"`
	issues      []entente.Issue
}

type issueDesc struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Options []string `json:"options,omitempty"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	Values  string   `json:"values"`
}

type partyDesc struct {
	Name          string             `json:"name"`
	Normalization string             `json:"normalization"`
	Weights       map[string]float64 `json:"weights,omitempty"`
	Interactions  int                `json:"interactions"`
	Reservation   float64            `json:"reservation"`
	Discount      float64            `json:"discount"`
	Min           float64            `json:"utility_min"`
	Max           float64            `json:"utility_max"`
	Exact         bool               `json:"exact"`
	Best          map[string]any     `json:"best"`
	Worst         map[string]any     `json:"worst"`
	weights       []float64
}

type ruleDesc struct {
	Kind    string   `json:"kind"`
	Parties []string `json:"parties,omitempty"`
	Issues  []string `json:"issues,omitempty"`
}

func describeScenario(s *entente.Scenario, format string) (*description, error) {
	d := &description{Name: s.Name, Description: s.Description, Format: format,
		Outcomes: space.New(s.Issues).SizeString(), issues: s.Issues}
	for i := range s.Issues {
		is := &s.Issues[i]
		id := issueDesc{Name: is.Name, Kind: is.Kind.String()}
		if is.Kind == entente.Discrete {
			id.Options = is.Options
			id.Values = strconv.Itoa(len(is.Options))
		} else {
			lo, hi := is.Min, is.Max
			id.Min, id.Max = &lo, &hi
			id.Values = "continuous"
			if n, ok := is.Size(); ok {
				id.Values = strconv.FormatInt(n, 10)
			}
		}
		d.Issues = append(d.Issues, id)
	}
	fs, err := utility.Compile(s)
	if err != nil {
		return nil, err
	}
	// The parties' searches share a budget (see utility.ShareWork), so
	// that a thousand non-linear profiles cost a bounded total.
	work := utility.ShareWork(utility.CheckWork, len(fs))
	for p, f := range fs {
		pr := &s.Parties[p].Preferences
		b, w := f.BestWork(work), f.WorstWork(work)
		pd := partyDesc{Name: s.Parties[p].Name, Normalization: pr.Normalization.String(),
			Interactions: len(pr.Interactions), Reservation: f.Reservation(), Discount: pr.DiscountFactor(),
			Min: w.Utility, Max: b.Utility, Exact: b.Exact && w.Exact,
			Best: s.Values(b.Outcome), Worst: s.Values(w.Outcome), weights: pr.Weights}
		if pr.Weights != nil {
			pd.Weights = map[string]float64{}
			for i, x := range pr.Weights {
				pd.Weights[s.Issues[i].Name] = x
			}
		}
		d.Parties = append(d.Parties, pd)
	}
	for _, r := range s.Rules {
		rd := ruleDesc{Kind: r.Kind.String()}
		for _, p := range r.Parties {
			rd.Parties = append(rd.Parties, s.Parties[p].Name)
		}
		for _, i := range r.Issues {
			rd.Issues = append(rd.Issues, s.Issues[i].Name)
		}
		d.Rules = append(d.Rules, rd)
	}
	d.Politics = describePolitics(s)
	return d, nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// pkg writes a package in issue order as issue=value pairs.
func pkg(issues []entente.Issue, m map[string]any) string {
	parts := make([]string, 0, len(issues))
	for _, is := range issues {
		parts = append(parts, is.Name+"="+entente.FormatValue(m[is.Name]))
	}
	return strings.Join(parts, ", ")
}

func printDescription(w io.Writer, d *description) {
	fmt.Fprintf(w, "%s (%s): %d issues, %d parties, %s outcomes\n", d.Name, d.Format, len(d.Issues), len(d.Parties), d.Outcomes)
	if d.Description != "" {
		fmt.Fprintf(w, "%s\n", strings.TrimSpace(d.Description))
	}
	fmt.Fprintf(w, "\nIssues\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, is := range d.Issues {
		vals := ""
		if is.Kind == "discrete" {
			q := make([]string, len(is.Options))
			for i, o := range is.Options {
				q[i] = o
				if strings.TrimSpace(o) != o || strings.Contains(o, ",") || o == "" {
					q[i] = strconv.Quote(o)
				}
			}
			vals = strings.Join(q, ", ")
		} else {
			vals = num(*is.Min) + " .. " + num(*is.Max)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", is.Name, is.Kind, vals)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nParties\n")
	for _, p := range d.Parties {
		fmt.Fprintf(w, "  %s  (normalization %s, reservation %s, discount %s)\n", p.Name, p.Normalization, num(p.Reservation), num(p.Discount))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		if p.weights != nil {
			ws := make([]string, 0, len(p.weights))
			for i, x := range p.weights {
				ws = append(ws, d.issues[i].Name+" "+num(x))
			}
			fmt.Fprintf(tw, "    weights\t%s\n", strings.Join(ws, ", "))
		}
		if p.Interactions > 0 {
			fmt.Fprintf(tw, "    interactions\t%s\n", plural(p.Interactions, "term"))
		}
		approx := ""
		if !p.Exact {
			approx = "  (search budget reached: best found, not proven)"
		}
		fmt.Fprintf(tw, "    utility\t%s .. %s%s\n", num(p.Min), num(p.Max), approx)
		fmt.Fprintf(tw, "    best\t%s\n", pkg(d.issues, p.Best))
		fmt.Fprintf(tw, "    worst\t%s\n", pkg(d.issues, p.Worst))
		tw.Flush()
	}
	if len(d.Rules) > 0 {
		fmt.Fprintf(w, "\nRules\n")
		for _, r := range d.Rules {
			fmt.Fprintf(w, "  %s: parties %s", r.Kind, strings.Join(r.Parties, ", "))
			if len(r.Issues) > 0 {
				fmt.Fprintf(w, "; issues %s", strings.Join(r.Issues, ", "))
			}
			fmt.Fprintln(w)
		}
	}
	printPolitics(w, d.Politics)
}
