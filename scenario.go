package entente

// Scenario is a negotiation: the issues every package must settle, the
// parties with their preferences, and the rules that decide what counts as
// an agreement.
type Scenario struct {
	// Name identifies the scenario in reports and plots.
	Name string
	// Description is free text for people.
	Description string
	// Issues are the dimensions of every outcome, in order.
	Issues []Issue
	// Parties are the negotiators, each with its own preferences.
	Parties []Party
	// Rules constrain which outcomes count as agreements. With no rules an
	// agreement needs the acceptance of every party.
	Rules []Rule
	// Guarantors are the third parties that guarantee options of discrete
	// issues (see Issue.Guarantees).
	Guarantors []Guarantor
	// Constituencies must ratify the packages in their region besides the
	// parties that accept them (two-level games).
	Constituencies []Constituency
	// Params annotate numbers of the scenario with their provenance and
	// uncertainty; a number without annotation has no Param.
	Params []Param
	// Limits says, in the author's words, what this scenario cannot tell
	// (reports print them beside the limits every model has).
	Limits []string
}

// Party is a negotiator with its own preferences.
type Party struct {
	// Name identifies the party within its scenario.
	Name string
	// Description is free text for people.
	Description string
	// Preferences says what the party wants. For a bloc it is the bloc's
	// collective utility.
	Preferences Preferences
	// Bloc, when set, makes the party a bloc of members that decides by a
	// rule whether to accept a package.
	Bloc *Bloc
	// RedLines are regions of packages the party never accepts, whatever
	// its utility (a bloc party's red lines bind the whole bloc).
	RedLines []RedLine
}

// RuleKind names a kind of agreement rule.
type RuleKind uint8

const (
	// Unanimity: every listed party must accept (all parties when none are
	// listed).
	Unanimity RuleKind = iota
	// Affected: "no agreement about X without X". A listed party must accept
	// any deal that settles one of the listed issues (see Issue.Unsettled).
	Affected
)

// String returns the rule kind's name as used in files.
func (k RuleKind) String() string {
	if k == Affected {
		return "affected"
	}
	return "unanimity"
}

// ParseRuleKind is the inverse of RuleKind.String.
func ParseRuleKind(s string) (RuleKind, bool) {
	switch s {
	case "unanimity":
		return Unanimity, true
	case "affected":
		return Affected, true
	}
	return 0, false
}

// Rule is one condition an agreement must meet.
type Rule struct {
	Kind RuleKind
	// Parties are indices into Scenario.Parties.
	Parties []int
	// Issues are indices into Scenario.Issues (Affected rules).
	Issues []int
}

// Required marks in dst (one entry per party) the parties whose acceptance
// the package o needs: the parties of the unanimity rules (every party when
// there is none), plus the parties of each affected rule one of whose issues
// o settles. dst must have one entry per party; it is returned.
func (s *Scenario) Required(o Outcome, dst []bool) []bool {
	base := false
	for r := range s.Rules {
		if s.Rules[r].Kind == Unanimity {
			base = true
			break
		}
	}
	for p := range dst {
		dst[p] = !base
	}
	for r := range s.Rules {
		ru := &s.Rules[r]
		switch ru.Kind {
		case Unanimity:
			if len(ru.Parties) == 0 {
				for p := range dst {
					dst[p] = true
				}
			}
			for _, p := range ru.Parties {
				dst[p] = true
			}
		case Affected:
			for _, i := range ru.Issues {
				if s.Issues[i].Settles(o[i]) {
					for _, p := range ru.Parties {
						dst[p] = true
					}
					break
				}
			}
		}
	}
	return dst
}

// IssueIndex returns the index of the issue with this name, or -1.
func (s *Scenario) IssueIndex(name string) int {
	for i := range s.Issues {
		if s.Issues[i].Name == name {
			return i
		}
	}
	return -1
}

// PartyIndex returns the index of the party with this name, or -1.
func (s *Scenario) PartyIndex(name string) int {
	for i := range s.Parties {
		if s.Parties[i].Name == name {
			return i
		}
	}
	return -1
}

// Package writes an outcome as issue name -> value text, the form reports
// and files use.
func (s *Scenario) Package(o Outcome) map[string]string {
	m := make(map[string]string, len(s.Issues))
	for i := range s.Issues {
		m[s.Issues[i].Name] = s.Issues[i].Format(o[i])
	}
	return m
}
