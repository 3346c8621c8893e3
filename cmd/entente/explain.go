package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente"
	"github.com/entente/entente/explain"
)

// jsonExplanation is the "explanation" object of analyze --explain --json
// (docs/analyze.md).
type jsonExplanation struct {
	Target         string           `json:"target"`
	Empty          bool             `json:"empty"`
	AgreementZone  uint64           `json:"agreement_zone"`
	RatifiableZone *uint64          `json:"ratifiable_zone"`
	Closest        []jsonNear       `json:"closest"`
	Concessions    []jsonConcession `json:"concessions"`
	NoSingle       bool             `json:"no_single_concession"`
	Effects        []jsonEffect     `json:"effects"`
	Sentences      []string         `json:"sentences"`
}

type jsonConstraint struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

type jsonSlack struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	Needed bool     `json:"needed"`
	Value  float64  `json:"value"`
	Bound  float64  `json:"bound"`
	Slack  *float64 `json:"slack"`
}

type jsonNear struct {
	Package      map[string]any `json:"package"`
	Score        *float64       `json:"score"`
	Binding      jsonConstraint `json:"binding"`
	Slacks       []jsonSlack    `json:"slacks"`
	BindingIssue *string        `json:"binding_issue"`
	BetterValue  any            `json:"better_value"`
	Improved     *float64       `json:"improved"`
}

type jsonConcession struct {
	Kind         string         `json:"kind"`
	Party        string         `json:"party,omitempty"`
	Constituency string         `json:"constituency,omitempty"`
	Issue        string         `json:"issue,omitempty"`
	Option       any            `json:"option,omitempty"`
	Amount       float64        `json:"amount"`
	From         *float64       `json:"from,omitempty"`
	To           *float64       `json:"to,omitempty"`
	ValueRaise   *float64       `json:"value_raise,omitempty"`
	Package      map[string]any `json:"package"`
	Ratified     bool           `json:"ratified"`
	Text         string         `json:"text"`
}

type jsonEffect struct {
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Removed int64  `json:"removed"`
}

func (rep *report) explainJSON(e *explain.Explanation) *jsonExplanation {
	s := rep.s
	j := &jsonExplanation{Target: strings.ReplaceAll(e.Target.String(), " ", "_"), Empty: e.Empty, AgreementZone: e.Zone,
		NoSingle: e.NoSingle, Sentences: e.Sentences, Closest: []jsonNear{}, Concessions: []jsonConcession{}, Effects: []jsonEffect{}}
	if e.Constituencies {
		n := e.Ratifiable
		j.RatifiableZone = &n
	}
	for _, n := range e.Closest {
		jn := jsonNear{Package: rep.jsonPackage(n.Outcome), Score: finite(n.Score), Binding: jsonConstraint{n.Binding.Kind.String(), n.Binding.Name}, Improved: finite(n.Improved)}
		for _, sl := range n.Slacks {
			jn.Slacks = append(jn.Slacks, jsonSlack{Kind: sl.Kind.String(), Name: sl.Name, Needed: sl.Needed, Value: sl.Value, Bound: sl.Bound, Slack: finite(sl.Slack)})
		}
		if n.Issue >= 0 {
			is := &s.Issues[n.Issue]
			jn.BindingIssue = &is.Name
			jn.BetterValue = jsonValue(is, n.Value)
		}
		j.Closest = append(j.Closest, jn)
	}
	for _, c := range e.Concessions {
		jc := jsonConcession{Kind: c.Kind.String(), Amount: c.Amount, Package: rep.jsonPackage(c.Outcome), Ratified: c.Ratified, Text: c.Text(s)}
		if c.Party >= 0 {
			jc.Party = s.Parties[c.Party].Name
		}
		if c.Constituency >= 0 {
			jc.Constituency = s.Constituencies[c.Constituency].Name
		}
		switch c.Kind {
		case explain.WalkAway, explain.Threshold:
			jc.From, jc.To = finite(c.From), finite(c.To)
		case explain.OptionValue:
			is := &s.Issues[c.Issue]
			jc.Issue = is.Name
			jc.Option = jsonValue(is, c.Option)
			jc.ValueRaise = finite(c.ValueRaise)
		}
		j.Concessions = append(j.Concessions, jc)
	}
	for _, f := range e.Effects {
		j.Effects = append(j.Effects, jsonEffect{Kind: f.Kind.String(), Name: f.Name, Removed: f.Removed})
	}
	return j
}

// writeExplanation writes the explanation's sentences, then the effect of
// each constraint as a table.
func (rep *report) writeExplanation(w io.Writer, e *explain.Explanation) {
	fmt.Fprintf(w, "Explanation (%s)\n", e.Target)
	for _, t := range e.Sentences {
		fmt.Fprintf(w, "  %s\n", t)
	}
	if len(e.Effects) == 0 {
		return
	}
	fmt.Fprintf(w, "\nPackages each constraint alone keeps out of the %s\n", e.Target)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "constraint\tkind\tpackages\n")
	for _, f := range e.Effects {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", f.Name, f.Kind, f.Removed)
	}
	tw.Flush()
}

// jsonValue writes one value of an issue as packages do: the option's text
// for a discrete issue, the number otherwise.
func jsonValue(is *entente.Issue, x float64) any {
	if is.Kind == entente.Discrete {
		return is.Format(x)
	}
	return x
}
