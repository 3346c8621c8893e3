package protocol

import (
	"fmt"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
)

// Disclosure says what the referee tells the negotiators about the second
// level of the game (Putnam 1988): the blocs whose members decide for a
// party, and the constituencies that must ratify a deal.
type Disclosure uint8

const (
	// DiscloseOwn: each party is told its own bloc (whether its members
	// would accept a package) and the constituencies that ratify for it;
	// the mediator is told nothing.
	DiscloseOwn Disclosure = iota
	// DiscloseAll: every constituency is public. Each party is also told
	// the other parties' constituencies, and the mediator every
	// constituency and every bloc.
	DiscloseAll
)

var disclosureNames = [...]string{"own", "all"}

// String returns "own" or "all".
func (d Disclosure) String() string {
	if int(d) < len(disclosureNames) {
		return disclosureNames[d]
	}
	return "unknown"
}

// ParseDisclosure is the inverse of Disclosure.String.
func ParseDisclosure(s string) (Disclosure, error) {
	for i, n := range disclosureNames {
		if n == s {
			return Disclosure(i), nil
		}
	}
	return 0, fmt.Errorf("disclosure %q: expected own or all", s)
}

// Ratifier describes a constituency a negotiator is told about.
type Ratifier struct {
	// Name is the constituency's name.
	Name string
	// Party is the index of the party it ratifies for.
	Party int
	// Threshold is the approval share it needs.
	Threshold float64
}

// Politics is what the referee tells one negotiator (or the mediator)
// about the second level: it answers questions about packages without
// revealing anyone's preferences. It is read-only and safe for concurrent
// use.
type Politics struct {
	set   *ratify.Set
	self  int
	own   bool  // self is a bloc
	blocs []int // the blocs told about besides its own (the mediator's)
	cons  []int // the constituencies told about, by scenario index
	info  []Ratifier
	v     *Verdicts // the verdicts shared between sessions (nil: none)
}

// newPolitics returns what negotiator self (-1: the mediator) is told.
func newPolitics(s *entente.Scenario, set *ratify.Set, v *Verdicts, self int, d Disclosure) *Politics {
	pol := &Politics{set: set, self: self, v: v}
	if self >= 0 {
		pol.own = set.Bloc(self)
	} else if d == DiscloseAll {
		for p := range s.Parties {
			if set.Bloc(p) {
				pol.blocs = append(pol.blocs, p)
			}
		}
	}
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		if d == DiscloseAll || (self >= 0 && co.Party == self) {
			pol.cons = append(pol.cons, c)
			pol.info = append(pol.info, Ratifier{Name: co.Name, Party: co.Party, Threshold: co.Threshold})
		}
	}
	return pol
}

// Bloc reports whether the negotiator's party is a bloc, whose members
// decide whether it accepts.
func (p *Politics) Bloc() bool { return p.own }

// BlocAccepts reports whether the members of the negotiator's own bloc
// accept package o by its rule; true when its party is not a bloc.
func (p *Politics) BlocAccepts(o entente.Outcome) bool {
	if !p.own {
		return true
	}
	idx, ok := p.index(o)
	return p.accepts(p.self, o, idx, ok)
}

// index returns o's index in the verdicts table, and false when there is
// no table or o is not in it.
func (p *Politics) index(o entente.Outcome) (uint64, bool) {
	if p.v == nil {
		return 0, false
	}
	return p.v.index(o)
}

// accepts is set.Accepts(q, o), remembered in the verdicts table when o
// is in it with index idx (ok).
func (p *Politics) accepts(q int, o entente.Outcome, idx uint64, ok bool) bool {
	if p.v != nil {
		return p.v.accepts(q, o, idx, ok)
	}
	return p.set.Accepts(q, o)
}

// ratifies is set.Ratifies(c, o), remembered in the verdicts table when
// o is in it with index idx (ok).
func (p *Politics) ratifies(c int, o entente.Outcome, idx uint64, ok bool) bool {
	if p.v != nil {
		return p.v.ratifies(c, o, idx, ok)
	}
	return p.set.Ratifies(c, o)
}

// Ratifiers describes the constituencies the negotiator is told about; k
// in Ratifies and Approval indexes this list.
func (p *Politics) Ratifiers() []Ratifier { return append([]Ratifier(nil), p.info...) }

// Ratifies reports whether told constituency k lets package o pass: o lies
// outside its region, or its approval reaches its threshold.
func (p *Politics) Ratifies(k int, o entente.Outcome) bool {
	idx, ok := p.index(o)
	return p.ratifies(p.cons[k], o, idx, ok)
}

// Approval returns the share of told constituency k that approves o.
func (p *Politics) Approval(k int, o entente.Outcome) float64 { return p.set.Approval(p.cons[k], o) }

// Allows reports whether package o passes the second level as far as the
// negotiator knows: its own bloc's members accept it (for the mediator:
// every bloc it is told about), and the constituencies that ratify for its
// party (with all: every constituency it is told about) let it pass. It is
// what a ratification-aware strategy keeps to.
func (p *Politics) Allows(o entente.Outcome, all bool) bool {
	idx, ok := p.index(o)
	if p.own && !p.accepts(p.self, o, idx, ok) {
		return false
	}
	for _, b := range p.blocs {
		if !p.accepts(b, o, idx, ok) {
			return false
		}
	}
	for k, c := range p.cons {
		if (all || p.info[k].Party == p.self) && !p.ratifies(c, o, idx, ok) {
			return false
		}
	}
	return true
}

// Key identifies the packages Allows(o, all) keeps, so that strategies
// can share what they precompute from it between sessions: two Politics
// with the same key, from the same compiled ratify.Set, keep the same
// packages.
func (p *Politics) Key(all bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%p/", p.set)
	if p.own {
		fmt.Fprintf(&b, "bloc %d/", p.self)
	}
	for _, q := range p.blocs {
		fmt.Fprintf(&b, "bloc %d/", q)
	}
	for k, c := range p.cons {
		if all || p.info[k].Party == p.self {
			fmt.Fprintf(&b, "ratify %d/", c)
		}
	}
	return b.String()
}

// Ratification is one constituency's verdict on an agreement, after the
// signature.
type Ratification struct {
	// Constituency is its name; Party the index of the party it ratifies
	// for.
	Constituency string
	Party        int
	// Applies reports whether the agreement lies in its region; outside
	// it, it lets the agreement pass unasked.
	Applies bool
	// Approval is the share approving, Threshold the share needed.
	Approval, Threshold float64
	// Ratified reports whether it lets the agreement pass.
	Ratified bool
}

// ratification returns every constituency's verdict on o and whether the
// deal stands (every one lets it pass).
func ratification(s *entente.Scenario, set *ratify.Set, o entente.Outcome) ([]Ratification, bool) {
	if len(s.Constituencies) == 0 {
		return nil, true
	}
	out := make([]Ratification, len(s.Constituencies))
	stands := true
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		r := Ratification{Constituency: co.Name, Party: co.Party, Applies: set.Applies(c, o), Approval: set.Approval(c, o), Threshold: set.Threshold(c)}
		r.Ratified = set.Ratifies(c, o)
		stands = stands && r.Ratified
		out[c] = r
	}
	return out, stands
}
