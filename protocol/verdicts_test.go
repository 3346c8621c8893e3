package protocol_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// compiled returns the scenario's compiled utility functions and
// politics.
func compiled(t testing.TB, s *entente.Scenario) ([]*utility.Func, *ratify.Set) {
	t.Helper()
	fns, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	set, err := ratify.CompileWith(s, fns)
	if err != nil {
		t.Fatal(err)
	}
	return fns, set
}

// example loads a built-in example.
func example(t testing.TB, name string) *entente.Scenario {
	t.Helper()
	res, err := load.Example(name)
	if err != nil {
		t.Fatal(err)
	}
	return res.Scenario
}

// spy keeps what it is told at the start and walks away.
type spy struct{ pol *protocol.Politics }

func (s *spy) Start(v *protocol.View) error                   { s.pol = v.Politics; return nil }
func (s *spy) Act(*protocol.State) protocol.Action            { return protocol.Action{Kind: protocol.Walk} }
func (s *spy) Observe(*protocol.Event)                        {}
func (s *spy) Propose(*protocol.State) entente.Outcome        { return nil }
func (s *spy) Votes(entente.Outcome, []protocol.Ballot, bool) {}

// told runs a mediated session of one round in which every seat is a spy
// and returns what each party (then the mediator, last) was told, under
// DiscloseAll, sharing v when it is not nil.
func told(t testing.TB, s *entente.Scenario, set *ratify.Set, fns []*utility.Func, sp *space.Space, v *protocol.Verdicts) []*protocol.Politics {
	t.Helper()
	spies := make([]*spy, len(s.Parties)+1)
	negs := make([]protocol.Negotiator, len(s.Parties))
	for p := range spies {
		spies[p] = &spy{}
		if p < len(negs) {
			negs[p] = spies[p]
		}
	}
	_, err := protocol.Run(context.Background(), protocol.Config{Scenario: s, Utilities: fns, Politics: set, Space: sp, Verdicts: v,
		Disclosure: protocol.DiscloseAll, Protocol: protocol.Mediated{}, Negotiators: negs, Mediator: spies[len(negs)], Deadline: protocol.Deadline{Rounds: 1}})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*protocol.Politics, len(spies))
	for p, sp := range spies {
		if sp.pol == nil {
			t.Fatalf("seat %d was told no politics", p)
		}
		out[p] = sp.pol
	}
	return out
}

// TestVerdictsAgree: on random political scenarios, what every party and
// the mediator are told (Allows, BlocAccepts, Ratifies) through a shared
// Verdicts table is, for every package and asked twice (computed, then
// remembered) from two sessions, each bloc's and constituency's verdict by
// the evaluators of politics_test.go, written from docs/format.md.
func TestVerdictsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 7))
	for k := range 30 {
		s := politicalScenario(rng)
		fns, set := compiled(t, s)
		sp := space.Discretized(s.Issues, 11)
		v := &protocol.Verdicts{}
		first, second := told(t, s, set, fns, sp, v), told(t, s, set, fns, sp, v)
		for _, pols := range [][]*protocol.Politics{first, second, first} {
			for o := range allPackages(s) {
				allBlocs, allCons := true, true
				for p := range s.Parties {
					allBlocs = allBlocs && blocAccepts(t, s, p, o)
				}
				rat := make([]bool, len(s.Constituencies))
				for c := range rat {
					rat[c] = ratifies(t, s, c, o)
					allCons = allCons && rat[c]
				}
				for p, pol := range pols {
					if p == len(s.Parties) { // the mediator
						if got := pol.Allows(o, true); got != (allBlocs && allCons) {
							t.Fatalf("scenario %d: the mediator is told %v allows %v; every bloc and constituency says %v", k, got, s.Package(o), allBlocs && allCons)
						}
						continue
					}
					own := blocAccepts(t, s, p, o)
					ownCons := true
					for c := range rat {
						if s.Constituencies[c].Party == p {
							ownCons = ownCons && rat[c]
						}
						if got := pol.Ratifies(c, o); got != rat[c] {
							t.Fatalf("scenario %d: party %d is told constituency %d ratifies %v: %v, want %v", k, p, c, s.Package(o), got, rat[c])
						}
					}
					if got := pol.BlocAccepts(o); got != own {
						t.Fatalf("scenario %d: party %d is told its bloc accepts %v: %v, want %v", k, p, s.Package(o), got, own)
					}
					if got := pol.Allows(o, true); got != (own && allCons) {
						t.Fatalf("scenario %d: party %d, Allows(%v, all) = %v, want %v", k, p, s.Package(o), got, own && allCons)
					}
					if got := pol.Allows(o, false); got != (own && ownCons) {
						t.Fatalf("scenario %d: party %d, Allows(%v, own) = %v, want %v", k, p, s.Package(o), got, own && ownCons)
					}
				}
			}
		}
	}
}

// TestVerdictsOffGrid: on an example with blocs, constituencies and an
// integer issue, every seat's answers through the table equal those
// without it, for every package and for packages off the space's grid
// (which the table answers directly).
func TestVerdictsOffGrid(t *testing.T) {
	s := example(t, "coalition-government")
	fns, set := compiled(t, s)
	sp := space.Discretized(s.Issues, 11)
	with, without := told(t, s, set, fns, sp, &protocol.Verdicts{}), told(t, s, set, fns, sp, nil)
	integer := -1
	for i := range s.Issues {
		if s.Issues[i].Kind == entente.Integer {
			integer = i
		}
	}
	if integer < 0 {
		t.Fatal("the example has no integer issue")
	}
	check := func(o entente.Outcome) {
		for p := range with {
			a, b := with[p], without[p]
			if a.Allows(o, true) != b.Allows(o, true) || a.Allows(o, false) != b.Allows(o, false) || a.BlocAccepts(o) != b.BlocAccepts(o) {
				t.Fatalf("seat %d, %v: the table's answers differ", p, o)
			}
			for c := range a.Ratifiers() {
				if a.Ratifies(c, o) != b.Ratifies(c, o) {
					t.Fatalf("seat %d, %v: constituency %d's verdict differs", p, o, c)
				}
			}
		}
	}
	allowed := 0
	err := sp.Each(func(_ uint64, o entente.Outcome) bool {
		check(o)
		if with[len(with)-1].Allows(o, true) {
			allowed++
		}
		x := o[integer]
		o[integer] = x + 0.5
		check(o)
		o[integer] = x
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := sp.Len(); allowed == 0 || uint64(allowed) == n {
		t.Fatalf("%d of %d packages pass every bloc and constituency: the test needs both kinds", allowed, n)
	}
}

// TestVerdictsBound: a table filled by sessions of one space or one set of
// politics is refused by a session of another, and a table is refused in
// a session that compiles its own politics or space.
func TestVerdictsBound(t *testing.T) {
	s := politicalScenario(rand.New(rand.NewPCG(1, 1)))
	fns, set := compiled(t, s)
	other, err := ratify.CompileWith(s, fns)
	if err != nil {
		t.Fatal(err)
	}
	sp := space.Discretized(s.Issues, 11)
	v := &protocol.Verdicts{}
	told(t, s, set, fns, sp, v)
	for name, cfg := range map[string]struct {
		set *ratify.Set
		sp  *space.Space
	}{"another set": {other, sp}, "another space": {set, space.Discretized(s.Issues, 11)}} {
		negs := make([]protocol.Negotiator, len(s.Parties))
		for p := range negs {
			negs[p] = &spy{}
		}
		_, err := protocol.Run(context.Background(), protocol.Config{Scenario: s, Utilities: fns, Politics: cfg.set, Space: cfg.sp, Verdicts: v,
			Protocol: protocol.Alternating{}, Negotiators: negs, Deadline: protocol.Deadline{Rounds: 1}})
		if err == nil || !strings.Contains(err.Error(), "Verdicts") {
			t.Errorf("%s: Run returned %v; want the table refused", name, err)
		}
	}
	negs := make([]protocol.Negotiator, len(s.Parties))
	for p := range negs {
		negs[p] = &spy{}
	}
	_, err = protocol.Run(context.Background(), protocol.Config{Scenario: s, Verdicts: &protocol.Verdicts{},
		Protocol: protocol.Alternating{}, Negotiators: negs, Deadline: protocol.Deadline{Rounds: 1}})
	if err == nil || !strings.Contains(err.Error(), "Config.Politics and Config.Space") {
		t.Errorf("a table without Politics and Space: Run returned %v; want it refused", err)
	}
}

// TestVerdictsNoAllocation: a remembered verdict costs no allocation.
func TestVerdictsNoAllocation(t *testing.T) {
	s := example(t, "ukraine-2025")
	fns, set := compiled(t, s)
	sp := space.Discretized(s.Issues, 11)
	pols := told(t, s, set, fns, sp, &protocol.Verdicts{})
	o := make(entente.Outcome, len(s.Issues))
	sp.At(12345, o)
	med := pols[len(pols)-1]
	med.Allows(o, true)
	if a := testing.AllocsPerRun(100, func() { med.Allows(o, true) }); a != 0 {
		t.Errorf("Allows allocates %v times per call", a)
	}
}

// BenchmarkAllows asks the mediator's Allows (every bloc and
// constituency) about every package of the flagship in turn, with and
// without a Verdicts table (remembered: the table is filled before
// timing).
func BenchmarkAllows(b *testing.B) {
	s := example(b, "ukraine-2025")
	fns, set := compiled(b, s)
	sp := space.Discretized(s.Issues, 11)
	n, _ := sp.Len()
	all := make([]entente.Outcome, n)
	for i := range all {
		all[i] = make(entente.Outcome, len(s.Issues))
		sp.At(uint64(i), all[i])
	}
	for _, c := range []struct {
		name string
		v    *protocol.Verdicts
	}{{"direct", nil}, {"verdicts", &protocol.Verdicts{}}} {
		b.Run(c.name, func(b *testing.B) {
			pols := told(b, s, set, fns, sp, c.v)
			med := pols[len(pols)-1]
			for _, o := range all {
				med.Allows(o, true)
			}
			i := 0
			for b.Loop() {
				med.Allows(all[i], true)
				if i++; i == len(all) {
					i = 0
				}
			}
		})
	}
}

// TestVerdictsSameSessions: sessions of every protocol, with aware and
// blind strategies and mediators, play out event for event the same with
// a shared Verdicts table as without (the bloc votes the referee records
// included), on random political scenarios and on the flagship.
func TestVerdictsSameSessions(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2))
	var scenarios []*entente.Scenario
	for range 12 {
		scenarios = append(scenarios, politicalScenario(rng))
	}
	scenarios = append(scenarios, example(t, "ukraine-2025"))
	for k, s := range scenarios {
		fns, set := compiled(t, s)
		sp := space.Discretized(s.Issues, 11)
		cache := negotiator.NewCache()
		v := &protocol.Verdicts{}
		for _, proto := range []string{"offers", "accept", "compare"} {
			for seed := range uint64(4) {
				run := func(v *protocol.Verdicts) *protocol.Result {
					var err error
					negs := make([]protocol.Negotiator, len(s.Parties))
					for p := range negs {
						spec := []string{"boulware", "conceder:aware=all", "linear:aware=own", "random:aware=all"}[(p+int(seed))%4]
						if negs[p], err = negotiator.New(spec, cache); err != nil {
							t.Fatal(err)
						}
					}
					cfg := protocol.Config{Scenario: s, Utilities: fns, Politics: set, Space: sp, Verdicts: v, Disclosure: protocol.DiscloseAll,
						Negotiators: negs, Deadline: protocol.Deadline{Rounds: 40}, Seed: seed, Record: true}
					if proto == "offers" {
						cfg.Protocol = protocol.Alternating{Bilateral: len(s.Parties) == 2}
					} else {
						cfg.Protocol = protocol.Mediated{Compare: proto == "compare"}
						med := []string{"hillclimb:aware=all", "hillclimb"}[seed%2]
						if cfg.Mediator, err = negotiator.NewMediator(med, cache); err != nil {
							t.Fatal(err)
						}
					}
					r, err := protocol.Run(context.Background(), cfg)
					if err != nil {
						t.Fatal(err)
					}
					r.Elapsed = 0
					for i := range r.Events {
						r.Events[i].Time = 0
					}
					return r
				}
				with, without := run(v), run(nil)
				if !reflect.DeepEqual(with, without) {
					t.Fatalf("scenario %d, %s, seed %d: the session differs with the table", k, proto, seed)
				}
			}
		}
	}
}
