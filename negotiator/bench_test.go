package negotiator

import (
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// benchAct measures Act calls of two negotiators taking turns: each acts
// on the other's last offer, rounds running through a 1000-round deadline.
// One op is one Act call.
func benchAct(b *testing.B, s *entente.Scenario, limit uint64, specs ...string) {
	fs, sp := setup(b, s)
	c := &Cache{Limit: limit}
	negs := start(b, s, fs, sp, c, 1, 1000, specs...)
	const rounds = 1000
	tables := [2]entente.Outcome{make(entente.Outcome, len(s.Issues)), make(entente.Outcome, len(s.Issues))}
	has := [2]bool{}
	st := &protocol.State{}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := i & 1
		r := 1 + (i/2)%rounds
		st.Round, st.Time, st.By, st.Table = r, float64(r)/(rounds+1), 1-p, nil
		if has[1-p] {
			st.Table = tables[1-p]
		}
		a := negs[p].Act(st)
		if a.Kind == protocol.Offer {
			copy(tables[p], a.Outcome)
			has[p] = true
		}
		i++
	}
}

// BenchmarkActLaptop: two timedep negotiators on 27 outcomes.
func BenchmarkActLaptop(b *testing.B) { benchAct(b, laptop(), ExactLimit, "boulware", "conceder") }

// BenchmarkActBig: two timedep negotiators on 10^5 outcomes, sorted.
func BenchmarkActBig(b *testing.B) { benchAct(b, bigScenario(), ExactLimit, "boulware", "conceder") }

// BenchmarkActBigApprox: the same space searched approximately.
func BenchmarkActBigApprox(b *testing.B) { benchAct(b, bigScenario(), 1, "boulware", "conceder") }

// BenchmarkActFrequency: two frequency negotiators on 10^5 outcomes.
func BenchmarkActFrequency(b *testing.B) {
	benchAct(b, bigScenario(), ExactLimit, "frequency", "frequency")
}

// BenchmarkActTitForTatRandom: titfortat against random on 10^5 outcomes.
func BenchmarkActTitForTatRandom(b *testing.B) {
	benchAct(b, bigScenario(), ExactLimit, "titfortat", "random")
}

// BenchmarkNewBids measures sorting 10^5 outcomes (once per party and
// scenario with a Cache).
func BenchmarkNewBids(b *testing.B) {
	fs, sp := setup(b, bigScenario())
	b.ReportAllocs()
	for b.Loop() {
		NewBids(fs[0], sp, ExactLimit)
	}
}

// BenchmarkHillClimb measures one proposal and vote of the hillclimb
// mediator.
func BenchmarkHillClimb(b *testing.B) {
	s := bigScenario()
	fs, sp := setup(b, s)
	m, err := NewMediator("hillclimb", nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := m.Start(view(s, fs, sp, -1, 1, 1000)); err != nil {
		b.Fatal(err)
	}
	ballots := make([]protocol.Ballot, 2)
	st := &protocol.State{By: -1}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		st.Round = 1 + i%1000
		st.Time = float64(st.Round) / 1001
		p := m.Propose(st)
		for j := range ballots {
			ballots[j] = protocol.DefaultBallot(fs[j], p, nil)
		}
		m.Votes(p, ballots, false)
		i++
	}
}
