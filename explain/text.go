package explain

import (
	"fmt"
	"math"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/numfmt"
)

// PackageText writes a package as issue=value pairs.
func PackageText(s *entente.Scenario, o entente.Outcome) string {
	parts := make([]string, len(s.Issues))
	for i := range s.Issues {
		parts[i] = s.Issues[i].Name + "=" + s.Issues[i].Format(o[i])
	}
	return strings.Join(parts, ", ")
}

// ruleText describes rule r for people.
func ruleText(s *entente.Scenario, r int) string {
	ru := &s.Rules[r]
	names := func(idx []int, name func(int) string) string {
		n := make([]string, len(idx))
		for i, x := range idx {
			n[i] = name(x)
		}
		return strings.Join(n, ", ")
	}
	party := func(p int) string { return s.Parties[p].Name }
	issue := func(i int) string { return s.Issues[i].Name }
	if ru.Kind == entente.Affected {
		return fmt.Sprintf("affected: %s on %s", names(ru.Parties, party), names(ru.Issues, issue))
	}
	if len(ru.Parties) == 0 {
		return "unanimity of all parties"
	}
	return "unanimity of " + names(ru.Parties, party)
}

// Text says what a constraint is, for sentences.
func (c Constraint) Text() string {
	switch c.Kind {
	case Reservation:
		return c.Name + "'s walk-away value"
	case BlocRule:
		return "the rule of the bloc " + c.Name
	case Ratification:
		return "the constituency " + c.Name
	case RedLineKind:
		if c.Party {
			return fmt.Sprintf("%s's red line %q", c.Name, c.LineName)
		}
		return fmt.Sprintf("the constituency %s's red line %q", c.Name, c.LineName)
	}
	return "the rule " + c.Name
}

// Text says what a concession is, in a sentence without its final stop.
func (c Concession) Text(s *entente.Scenario) string {
	switch c.Kind {
	case WalkAway:
		return fmt.Sprintf("%s lowers its walk-away value by %s (from %s to %s)", s.Parties[c.Party].Name, numfmt.Sig(c.Amount), numfmt.Sig(c.From), numfmt.Sig(c.To))
	case BlocWalkAway:
		return fmt.Sprintf("the members of the bloc %s that its rule needs lower their walk-away values by %s", s.Parties[c.Party].Name, numfmt.Sig(c.Amount))
	case Threshold:
		return fmt.Sprintf("the constituency %s's approval grows by %s, or its threshold drops from %s to %s", s.Constituencies[c.Constituency].Name, numfmt.Sig(c.Amount), numfmt.Sig(c.From), numfmt.Sig(c.To))
	}
	is := &s.Issues[c.Issue]
	t := fmt.Sprintf("%s values %s=%s more, by %s of utility", s.Parties[c.Party].Name, is.Name, is.Format(c.Option), numfmt.Sig(c.Amount))
	if !math.IsNaN(c.ValueRaise) {
		t += fmt.Sprintf(" (its value up by %s)", numfmt.Sig(c.ValueRaise))
	}
	return t
}

func sentences(s *entente.Scenario, e *Explanation) []string {
	var out []string
	say := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if e.Constituencies {
		say("Of %d packages, %d are acceptable to every party they need and %d of those pass every constituency.", e.Outcomes, e.Zone, e.Ratifiable)
	} else {
		say("Of %d packages, %d are acceptable to every party they need.", e.Outcomes, e.Zone)
	}
	if !e.Empty {
		size := e.Zone
		if e.Target == RatifiableZone {
			size = e.Ratifiable
		}
		shrinks := false
		for _, f := range e.Effects {
			if f.Removed <= 0 {
				continue
			}
			shrinks = true
			say("Without %s the %s would have %d packages, %d more.", f.Text(), e.Target, int64(size)+f.Removed, f.Removed)
		}
		for _, f := range e.Effects {
			if f.Removed < 0 {
				say("Without %s the %s would have %d packages, %d fewer: then every party must accept.", f.Text(), e.Target, int64(size)+f.Removed, -f.Removed)
			}
		}
		if !shrinks {
			say("No single constraint keeps a package out of the %s: every package outside it fails two or more.", e.Target)
		}
		return out
	}
	if e.Target == RatifiableZone {
		say("No package that every party accepts passes every constituency.")
	} else {
		say("No package is acceptable to every party it needs.")
	}
	for _, f := range e.Effects {
		if f.Kind == RedLineKind && f.Removed > 0 {
			say("%s alone keeps %d packages out of the %s; no concession on the numbers moves them in.", capitalise(f.Text()), f.Removed, e.Target)
		}
	}
	for i, n := range e.Closest {
		lead := "The closest is"
		if i > 0 {
			lead = "Next is"
		}
		t := fmt.Sprintf("%s %s: %s", lead, PackageText(s, n.Outcome), bindingText(n))
		if n.Issue >= 0 {
			is := &s.Issues[n.Issue]
			t += fmt.Sprintf("; the binding issue is %s (%s=%s would bring the worst shortfall to %s)", is.Name, is.Name, is.Format(n.Value), numfmt.Sig(n.Improved))
		}
		say("%s.", t)
	}
	if e.NoSingle {
		say("No single concession opens the %s: every package fails at least two constraints.", e.Target)
		return out
	}
	for i, c := range e.Concessions {
		t := fmt.Sprintf("Concession %d: %s", i+1, c.Text(s))
		if e.Target == AgreementZone && e.Constituencies {
			if c.Ratified {
				t += "; the package it opens passes every constituency"
			} else {
				t += "; the package it opens fails a constituency"
			}
		}
		say("%s.", t)
	}
	if e.MoreConcessions > 0 {
		more := fmt.Sprintf("%d more single concessions", e.MoreConcessions)
		if e.MoreConcessions == 1 {
			more = "1 more single concession"
		}
		say("%s would open the %s too, each larger (not listed).", more, e.Target)
	}
	return out
}

// bindingText says which constraint binds at a near package, and which
// others of the same level fail there too.
func bindingText(n Near) string {
	t := fmt.Sprintf("its worst shortfall is %s", numfmt.Sig(-n.Score))
	var also []string
	for _, sl := range n.Slacks {
		if sl.Constraint == n.Binding {
			switch sl.Kind {
			case Reservation:
				t = fmt.Sprintf("%s is %s short of its walk-away value (utility %s, needs %s)", sl.Name, numfmt.Sig(-sl.Slack), numfmt.Sig(sl.Value), numfmt.Sig(sl.Bound))
			case BlocRule:
				t = fmt.Sprintf("the bloc %s rejects it (%s of its weight accepts, its rule needs %s; its members are %s short)", sl.Name, numfmt.Sig(sl.Value), numfmt.Sig(sl.Bound), numfmt.Sig(-sl.Slack))
			case Ratification:
				t = fmt.Sprintf("the constituency %s rejects it (approval %s, threshold %s)", sl.Name, numfmt.Sig(sl.Value), numfmt.Sig(sl.Bound))
			}
			continue
		}
		if sl.Needed && sl.Slack < 0 && (sl.Kind == Ratification) == (n.Binding.Kind == Ratification) {
			also = append(also, fmt.Sprintf("%s (%s)", sl.Name, numfmt.Sig(-sl.Slack)))
		}
	}
	if len(also) > 0 {
		t += "; also short: " + strings.Join(also, ", ")
	}
	if n.Binding.Kind != Ratification {
		for _, sl := range n.Slacks {
			if sl.Kind == Ratification && sl.Needed && sl.Slack < -entente.Tolerance {
				t += fmt.Sprintf("; the constituency %s would reject it (approval %s, threshold %s)", sl.Name, numfmt.Sig(sl.Value), numfmt.Sig(sl.Bound))
			}
		}
	}
	return t
}

// capitalise upper-cases the first letter of a sentence.
func capitalise(t string) string {
	if t == "" {
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
