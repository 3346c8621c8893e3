package negotiator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
)

// mediate runs a mediator for up to rounds proposals with accept voting
// (the text moves to a proposal accepted at least as widely as it was) or
// compare voting (the text moves when all prefer it). vote gives party j's
// ballot. It returns the round of the first unanimous acceptance (of the
// proposal; under compare voting, of an adopted text), or 0, and the
// proposals.
func mediate(t *testing.T, m protocol.Mediator, sp *space.Space, n, rounds int, compare bool, vote func(j int, p, text entente.Outcome) protocol.Ballot) (int, []string) {
	t.Helper()
	var text entente.Outcome
	textAcc := -1
	var props []string
	ballots := make([]protocol.Ballot, n)
	for r := 1; r <= rounds; r++ {
		st := &protocol.State{Round: r, Time: float64(r) / float64(rounds+1), Table: text, By: -1}
		p := slices.Clone(m.Propose(st))
		if msg := valid(sp, p, true); msg != "" {
			t.Fatalf("round %d: invalid proposal: %s", r, msg)
		}
		props = append(props, fmt.Sprint(p))
		acc, pref := 0, 0
		for j := range ballots {
			ballots[j] = vote(j, p, text)
			if ballots[j].Accept {
				acc++
			}
			if ballots[j].Prefer {
				pref++
			}
		}
		adopted := acc >= textAcc
		if compare {
			adopted = pref == n
		}
		if adopted {
			text, textAcc = p, acc
		}
		m.Votes(p, ballots, adopted)
		if acc == n && (adopted || !compare) {
			return r, props
		}
	}
	return 0, props
}

// TestHillClimbFinds: six issues of six options; party j accepts only
// packages that settle issues j and j+3 its own way. A random proposal is
// unanimously accepted with probability 6^−6; climbing on the number of
// accepts finds one quickly.
func TestHillClimbFinds(t *testing.T) {
	var is []entente.Issue
	for i := range 6 {
		is = append(is, entente.Issue{Name: fmt.Sprint(i), Kind: entente.Integer, Min: 0, Max: 5})
	}
	sp := space.New(is)
	want := entente.Outcome{3, 1, 4, 1, 5, 2}
	vote := func(j int, p, text entente.Outcome) protocol.Ballot {
		score := func(o entente.Outcome) int {
			s := 0
			for _, i := range []int{j, j + 3} {
				if o[i] == want[i] {
					s++
				}
			}
			return s
		}
		b := protocol.Ballot{Accept: score(p) == 2, Prefer: true}
		if text != nil {
			b.Prefer = score(p) >= score(text)
		}
		return b
	}
	for _, compare := range []bool{false, true} {
		found := 0
		for seed := range uint64(10) {
			m, err := NewMediator("hillclimb", nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Start(&protocol.View{Self: -1, Parties: []string{"a", "b", "c"}, Issues: is, Space: sp, Rand: rand.New(rand.NewPCG(seed, 0))}); err != nil {
				t.Fatal(err)
			}
			if r, _ := mediate(t, m, sp, 3, 3000, compare, vote); r > 0 {
				found++
			}
		}
		if found < 9 {
			t.Errorf("compare %v: hillclimb found the agreement in %d of 10 runs of 3000 proposals", compare, found)
		}
	}
}

// TestMediatorsValidAndDeterministic: on random scenarios, proposals are
// valid packages of the space, and one seed gives one sequence.
func TestMediatorsValidAndDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 30 {
		s := randomScenario(rng)
		fs, sp := setup(t, s)
		for _, spec := range []string{"hillclimb", "hillclimb:k=1,patience=3", "random"} {
			for _, compare := range []bool{false, true} {
				var runs [2][]string
				for k := range runs {
					m, err := NewMediator(spec, nil)
					if err != nil {
						t.Fatal(err)
					}
					if err := m.Start(view(s, fs, sp, -1, uint64(trial), 50)); err != nil {
						t.Fatal(err)
					}
					_, runs[k] = mediate(t, m, sp, len(fs), 50, compare, func(j int, p, text entente.Outcome) protocol.Ballot {
						return protocol.DefaultBallot(fs[j], p, text)
					})
				}
				if !slices.Equal(runs[0], runs[1]) {
					t.Fatalf("trial %d, %s: one seed, two sequences", trial, spec)
				}
			}
		}
	}
}
