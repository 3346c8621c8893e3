package wire

import (
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/explain"
)

// Explanation is the "explanation" of an AnalysisDoc (analyze --explain;
// explain.Explanation): why the zone is empty and what would open it, or
// what shrinks it. Target is agreement_zone or ratifiable_zone;
// RatifiableZone is null without constituencies.
type Explanation struct {
	Target         string       `json:"target"`
	Empty          bool         `json:"empty"`
	AgreementZone  uint64       `json:"agreement_zone"`
	RatifiableZone *uint64      `json:"ratifiable_zone"`
	Closest        []Near       `json:"closest"`
	Concessions    []Concession `json:"concessions"`
	NoSingle       bool         `json:"no_single_concession"`
	Effects        []Effect     `json:"effects"`
	Sentences      []string     `json:"sentences"`
}

// Constraint names a constraint: its kind (reservation, bloc,
// constituency or rule) and name.
type Constraint struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Slack is how far a package is from meeting one constraint; Slack is
// null when infinite.
type Slack struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	Needed bool     `json:"needed"`
	Value  float64  `json:"value"`
	Bound  float64  `json:"bound"`
	Slack  *float64 `json:"slack"`
}

// Near is a package close to the zone: its score, the constraint that
// binds and the value of an issue that would improve it most.
type Near struct {
	Package      map[string]any `json:"package"`
	Score        *float64       `json:"score"`
	Binding      Constraint     `json:"binding"`
	Slacks       []Slack        `json:"slacks"`
	BindingIssue *string        `json:"binding_issue"`
	BetterValue  any            `json:"better_value"`
	Improved     *float64       `json:"improved"`
}

// Concession is one smallest concession that would open the zone (a
// walk-away value, a bloc's walk-away value, a threshold, an option's
// value), with the package it lets in.
type Concession struct {
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

// Effect is the number of packages one constraint alone keeps out of
// the zone.
type Effect struct {
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Removed int64  `json:"removed"`
}

// explanation returns the document of e, an explanation of s.
func explanation(s *entente.Scenario, e *explain.Explanation) *Explanation {
	j := &Explanation{Target: strings.ReplaceAll(e.Target.String(), " ", "_"), Empty: e.Empty, AgreementZone: e.Zone,
		NoSingle: e.NoSingle, Sentences: e.Sentences, Closest: []Near{}, Concessions: []Concession{}, Effects: []Effect{}}
	if e.Constituencies {
		n := e.Ratifiable
		j.RatifiableZone = &n
	}
	for _, n := range e.Closest {
		jn := Near{Package: pkg(s, n.Outcome), Score: finite(n.Score), Binding: Constraint{n.Binding.Kind.String(), n.Binding.Name}, Improved: finite(n.Improved)}
		for _, sl := range n.Slacks {
			jn.Slacks = append(jn.Slacks, Slack{Kind: sl.Kind.String(), Name: sl.Name, Needed: sl.Needed, Value: sl.Value, Bound: sl.Bound, Slack: finite(sl.Slack)})
		}
		if n.Issue >= 0 {
			is := &s.Issues[n.Issue]
			jn.BindingIssue = &is.Name
			jn.BetterValue = value(is, n.Value)
		}
		j.Closest = append(j.Closest, jn)
	}
	for _, c := range e.Concessions {
		jc := Concession{Kind: c.Kind.String(), Amount: c.Amount, Package: pkg(s, c.Outcome), Ratified: c.Ratified, Text: c.Text(s)}
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
			jc.Option = value(is, c.Option)
			jc.ValueRaise = finite(c.ValueRaise)
		}
		j.Concessions = append(j.Concessions, jc)
	}
	for _, f := range e.Effects {
		j.Effects = append(j.Effects, Effect{Kind: f.Kind.String(), Name: f.Name, Removed: f.Removed})
	}
	return j
}
