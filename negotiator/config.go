package negotiator

import (
	"fmt"
	"math"

	"github.com/entente/entente/protocol"
)

// Awareness says how much of the second level of the game (Putnam 1988:
// the constituencies that must ratify a deal, the members of a bloc) a
// strategy keeps to. It knows only what the session tells it
// (protocol.View.Politics, see protocol.Disclosure).
type Awareness uint8

const (
	// Blind: the strategy negotiates by its own utility alone (aware=none).
	Blind Awareness = iota
	// AwareOwn: it offers, accepts and votes for only the packages its own
	// bloc's members would accept and its own constituencies would ratify
	// (aware=own).
	AwareOwn
	// AwareAll: as AwareOwn, and every constituency it is told about must
	// ratify too (aware=all). For a mediator: every constituency and bloc
	// it is told about.
	AwareAll
)

var awarenessNames = [...]string{"none", "own", "all"}

// String returns the spec value: none, own or all.
func (a Awareness) String() string {
	if int(a) < len(awarenessNames) {
		return awarenessNames[a]
	}
	return "unknown"
}

// Value returns a pointer to x, for the optional fields of the strategy
// configurations (nil means the default).
func Value(x float64) *float64 { return &x }

// TimeDependent configures the time-dependent family (Faratin, Sierra &
// Jennings 1998; see the package doc): timedep, boulware, linear, conceder,
// hardliner.
type TimeDependent struct {
	// E is the concession exponent: 0 hardliner, below 1 Boulware, 1
	// linear, above 1 Conceder.
	E float64
	// K is the initial concession, in [0,1].
	K float64
	// Min and Max set the target's floor Pmin and ceiling Pmax (nil:
	// max(min U, rv) and max U).
	Min, Max *float64
	// Aware is what it keeps to of the second level.
	Aware Awareness

	name string
}

// Boulware concedes late (e = 0.2).
func Boulware() TimeDependent { return TimeDependent{E: 0.2, name: "boulware"} }

// Conceder concedes early (e = 2).
func Conceder() TimeDependent { return TimeDependent{E: 2, name: "conceder"} }

// Linear concedes at a constant rate (e = 1).
func Linear() TimeDependent { return TimeDependent{E: 1, name: "linear"} }

// Hardliner always offers its best bid (e = 0).
func Hardliner() TimeDependent { return TimeDependent{E: 0, name: "hardliner"} }

func (c TimeDependent) label() string {
	if c.name != "" {
		return c.name
	}
	return "timedep"
}

func (c TimeDependent) check() error {
	if !(c.E >= 0) || math.IsInf(c.E, 1) {
		return fmt.Errorf("%s: e %v: expected a number >= 0", c.label(), c.E)
	}
	if !(c.K >= 0 && c.K <= 1) {
		return fmt.Errorf("%s: k %v: expected a number in [0,1]", c.label(), c.K)
	}
	for _, x := range []*float64{c.Min, c.Max} {
		if x != nil && (math.IsNaN(*x) || math.IsInf(*x, 0)) {
			return fmt.Errorf("%s: min and max must be finite numbers", c.label())
		}
	}
	if c.Min != nil && c.Max != nil && *c.Min > *c.Max {
		return fmt.Errorf("%s: min %v is above max %v", c.label(), *c.Min, *c.Max)
	}
	return checkAware(c.label(), c.Aware, false)
}

func (c TimeDependent) timeDep(cache *Cache) timeDep {
	return timeDep{
		base: base{name: c.label(), cache: cache, aware: c.Aware},
		e:    c.E, k: c.K, minP: opt(c.Min), maxP: opt(c.Max),
	}
}

// New returns a fresh negotiator sharing its precomputation through cache
// (nil: private). Use one per session.
func (c TimeDependent) New(cache *Cache) (protocol.Negotiator, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	d := c.timeDep(cache)
	return &d, nil
}

// RandomOffers configures random: uniformly random bids worth at least
// Floor (nil: the reservation value).
type RandomOffers struct {
	Floor *float64
	Aware Awareness
}

// New returns a fresh negotiator (see TimeDependent.New).
func (c RandomOffers) New(cache *Cache) (protocol.Negotiator, error) {
	if c.Floor != nil && (math.IsNaN(*c.Floor) || math.IsInf(*c.Floor, 0)) {
		return nil, fmt.Errorf("random: floor must be a finite number")
	}
	if err := checkAware("random", c.Aware, false); err != nil {
		return nil, err
	}
	return &randomN{base: base{name: "random", cache: cache, aware: c.Aware}, floorP: opt(c.Floor)}, nil
}

// TitForTat configures titfortat, relative tit-for-tat in its own utility.
type TitForTat struct {
	// Gamma is the window γ (0: 1).
	Gamma int
	// Min and Max bound the target as for TimeDependent.
	Min, Max *float64
	Aware    Awareness
}

// New returns a fresh negotiator (see TimeDependent.New).
func (c TitForTat) New(cache *Cache) (protocol.Negotiator, error) {
	g := c.Gamma
	if g == 0 {
		g = 1
	}
	if g < 1 || g > 1<<20 {
		return nil, fmt.Errorf("titfortat: gamma %d: expected a whole number from 1 to 1048576", c.Gamma)
	}
	if err := (TimeDependent{Min: c.Min, Max: c.Max, Aware: c.Aware, name: "titfortat"}).check(); err != nil {
		return nil, err
	}
	return &titForTat{base: base{name: "titfortat", cache: cache, aware: c.Aware}, gamma: g, minP: opt(c.Min), maxP: opt(c.Max)}, nil
}

// Frequency configures frequency: a time-dependent target (Target, whose E
// is 0.2 in the spec's default) and HardHeaded frequency models of the
// others.
type Frequency struct {
	Target TimeDependent
	// CountFirstBid also learns from each opponent's first bid.
	CountFirstBid bool
	// Sum aggregates the others' estimates by their sum, not their
	// minimum.
	Sum bool
}

// New returns a fresh negotiator (see TimeDependent.New).
func (c Frequency) New(cache *Cache) (protocol.Negotiator, error) {
	c.Target.name = "frequency"
	if err := c.Target.check(); err != nil {
		return nil, err
	}
	return &frequency{timeDep: c.Target.timeDep(cache), countFirst: c.CountFirstBid, sum: c.Sum}, nil
}

// HillClimb configures the hillclimb mediator.
type HillClimb struct {
	// K is the most issues changed at once, at the start (0: 3).
	K int
	// Patience is the number of proposals without progress before a
	// restart (0: 20).
	Patience int
	// Aware: Blind or AwareAll (every constituency and bloc the mediator
	// is told about).
	Aware Awareness
}

// New returns a fresh mediator sharing its precomputation through cache
// (nil: private). Use one per session.
func (c HillClimb) New(cache *Cache) (protocol.Mediator, error) {
	k, pat := c.K, c.Patience
	if k == 0 {
		k = 3
	}
	if pat == 0 {
		pat = 20
	}
	if k < 1 || k > 1<<20 || pat < 1 || pat > 1<<30 {
		return nil, fmt.Errorf("hillclimb: k %d and patience %d: expected whole numbers from 1", c.K, c.Patience)
	}
	if err := checkAware("hillclimb", c.Aware, true); err != nil {
		return nil, err
	}
	return &hillClimb{mediatorBase: mediatorBase{name: "hillclimb", cache: cache, aware: c.Aware}, kmax: k, patience: pat}, nil
}

// RandomMediator configures the random mediator.
type RandomMediator struct {
	// Aware: Blind or AwareAll, as for HillClimb.
	Aware Awareness
}

// New returns a fresh mediator (see HillClimb.New).
func (c RandomMediator) New(cache *Cache) (protocol.Mediator, error) {
	if err := checkAware("random", c.Aware, true); err != nil {
		return nil, err
	}
	return &randomMediator{mediatorBase{name: "random", cache: cache, aware: c.Aware}}, nil
}

func checkAware(name string, a Awareness, mediator bool) error {
	switch {
	case a > AwareAll:
		return fmt.Errorf("%s: unknown awareness %d", name, a)
	case mediator && a == AwareOwn:
		return fmt.Errorf("%s: a mediator has no constituency of its own; expected aware=none or aware=all", name)
	}
	return nil
}

// opt returns *x, or NaN (the default) for nil.
func opt(x *float64) float64 {
	if x == nil {
		return math.NaN()
	}
	return *x
}
