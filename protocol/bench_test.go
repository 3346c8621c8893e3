package protocol_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/load"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// sharedScenario loads a published scenario from ../shared by its INDEX name,
// keeping its first two parties.
func sharedScenario(tb testing.TB, name string) *entente.Scenario {
	tb.Helper()
	for _, row := range shared.Scenarios(tb) {
		if row.Name != name {
			continue
		}
		res, err := load.Paths(append([]string{row.Domain}, row.Profiles...)...)
		if err != nil {
			tb.Fatal(err)
		}
		s := res.Scenario
		s.Parties = s.Parties[:2]
		return s
	}
	tb.Fatalf("no scenario %s in ../shared/scenarios/INDEX.tsv", name)
	return nil
}

// BenchmarkSession measures offers per second for two time-dependent
// negotiators (Boulware e=0.2 against Conceder e=2, and two Boulwares) over
// 1,000 rounds of bilateral alternating offers, on the ANAC 2011 Laptop
// domain (27 packages) and two parties of ANAC 2016 parsCat (390,625
// packages). The scenario is compiled once (utility functions and
// politics) and the negotiators share a Cache, as a tournament's do, so
// the sorted bid lists are built once.
func BenchmarkSession(b *testing.B) {
	for _, sc := range []string{"anac2011-Laptop", "anac2016-parsCat"} {
		s := sharedScenario(b, sc)
		fns, pol := compiled(b, s)
		sp := space.New(s.Issues)
		cache := negotiator.NewCache()
		for _, pair := range [][2]string{{"boulware", "conceder"}, {"boulware", "boulware"}, {"hardliner", "hardliner"}} {
			b.Run(fmt.Sprintf("%s/%s-%s", sc, pair[0], pair[1]), func(b *testing.B) {
				offers, rounds := 0, 0
				b.ReportAllocs()
				for b.Loop() {
					a, _ := negotiator.New(pair[0], cache)
					c, _ := negotiator.New(pair[1], cache)
					r, err := protocol.Run(context.Background(), protocol.Config{
						Scenario: s, Utilities: fns, Politics: pol, Space: sp, Protocol: protocol.Alternating{Bilateral: true},
						Negotiators: negs(a, c), Deadline: protocol.Deadline{Rounds: 1000},
					})
					if err != nil {
						b.Fatal(err)
					}
					offers += r.Offers
					rounds += r.Rounds
				}
				sec := b.Elapsed().Seconds()
				b.ReportMetric(float64(offers)/sec, "offers/s")
				b.ReportMetric(float64(rounds)/float64(b.N), "rounds/session")
			})
		}
	}
}

// BenchmarkSessionWithBudget is BenchmarkSession's Laptop Boulware pair
// with a 10 s time budget per call, as entente negotiate and tournaments
// use by default: each call is timed on the monotonic clock at its start
// and end (one reading per turn: a call's end is the next one's start),
// and a watchdog goroutine looks for calls that hang.
func BenchmarkSessionWithBudget(b *testing.B) {
	s := sharedScenario(b, "anac2011-Laptop")
	fns, err := utility.Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	pol, err := ratify.CompileWith(s, fns)
	if err != nil {
		b.Fatal(err)
	}
	sp := space.New(s.Issues)
	cache := negotiator.NewCache()
	offers := 0
	b.ReportAllocs()
	for b.Loop() {
		a, _ := negotiator.New("boulware", cache)
		c, _ := negotiator.New("boulware", cache)
		r, err := protocol.Run(context.Background(), protocol.Config{
			Scenario: s, Utilities: fns, Politics: pol, Space: sp, Protocol: protocol.Alternating{Bilateral: true},
			Negotiators: negs(a, c), Deadline: protocol.Deadline{Rounds: 1000}, Budget: 10 * time.Second,
		})
		if err != nil {
			b.Fatal(err)
		}
		offers += r.Offers
	}
	b.ReportMetric(float64(offers)/b.Elapsed().Seconds(), "offers/s")
}
