package protocol_test

import (
	"context"
	"slices"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// forged is the value a keeper writes on what it kept: no option has it.
const forged = 99

// keeper keeps what the session hands it (its state snapshot, the events
// and their packages, the proposals and texts it votes on) beyond its
// calls, and writes on them from a goroutine of its own whenever another
// negotiator asks it to (poke): a hostile negotiator writing, while another
// party plays, on copies it was handed earlier. The goroutine answers on
// the channel it is sent, so that the writes happen before the other
// party reads on, without a data race.
type keeper struct {
	script
	state      *protocol.State
	event      *protocol.Event
	prop, text entente.Outcome
	poke       chan chan struct{}
}

func (k *keeper) Start(v *protocol.View) error {
	k.poke = make(chan chan struct{})
	go func() {
		for done := range k.poke {
			scribble := func(o entente.Outcome) {
				for i := range o {
					o[i] = forged
				}
			}
			if k.state != nil {
				k.state.Round = -forged
				scribble(k.state.Table)
			}
			if k.event != nil {
				k.event.Kind, k.event.Party = protocol.Agreed, forged
				scribble(k.event.Outcome)
			}
			scribble(k.prop)
			scribble(k.text)
			close(done)
		}
	}()
	return k.script.Start(v)
}

func (k *keeper) Act(s *protocol.State) protocol.Action {
	k.state = s
	return k.script.Act(s)
}

func (k *keeper) Observe(e *protocol.Event) { k.event = e }

func (k *keeper) Vote(s *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	k.state, k.prop, k.text = s, proposal, text
	return protocol.Ballot{Prefer: true}
}

// stir has the keeper write on what it kept, and waits until it has.
func (k *keeper) stir() {
	done := make(chan struct{})
	k.poke <- done
	<-done
}

// victim is an honest negotiator (or mediator) that, at the start of each
// of its calls, lets the keeper write on what it kept, then records
// whether anything it was handed shows the keeper's writing.
type victim struct {
	script
	k       *keeper
	tainted []string
}

func (v *victim) check(what string, s *protocol.State, os ...entente.Outcome) {
	v.k.stir()
	if s != nil {
		os = append(os, s.Table)
		if s.Round < 0 {
			v.tainted = append(v.tainted, what+": round")
		}
	}
	for _, o := range os {
		if slices.Contains(o, forged) {
			v.tainted = append(v.tainted, what+": package")
		}
	}
}

func (v *victim) Act(s *protocol.State) protocol.Action {
	v.check("state", s)
	return v.script.Act(s)
}

func (v *victim) Observe(e *protocol.Event) {
	v.check("event", nil, e.Outcome)
	if e.Kind == protocol.Agreed || e.Party == forged {
		v.tainted = append(v.tainted, "event: kind or party")
	}
}

func (v *victim) Vote(s *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	v.check("vote", s, proposal, text)
	return protocol.Ballot{Prefer: true}
}

// mediator side of the victim.
type victimMediator struct {
	walker
	v *victim
}

func (m *victimMediator) Propose(s *protocol.State) entente.Outcome {
	m.v.check("proposal state", s)
	return m.walker.Propose(s)
}

func (m *victimMediator) Votes(p entente.Outcome, b []protocol.Ballot, adopted bool) {
	m.v.check("votes", nil, p)
	m.walker.Votes(p, b, adopted)
}

// TestKeptCopiesReachNoOne: each negotiator, and the mediator, is handed
// copies of its own. A negotiator that keeps its snapshot, an event, a
// proposal or a text, and writes on it from another goroutine while
// another party plays, changes nothing that party (or the mediator) is
// handed, whatever the protocol.
func TestKeptCopiesReachNoOne(t *testing.T) {
	for _, proto := range []string{"alternating", "stacked", "mediated accept", "mediated compare"} {
		t.Run(proto, func(t *testing.T) {
			n := 2
			if proto == "stacked" {
				n = 3
			}
			s := deal(n)
			k := &keeper{script: script{acts: []protocol.Action{offer(1, 1)}}}
			v := &victim{script: script{acts: []protocol.Action{offer(0, 0), offer(2, 2), offer(0, 2)}}, k: k}
			cfg := protocol.Config{Scenario: s, Deadline: protocol.Deadline{Rounds: 6}, Negotiators: negs(v, k)}
			if n == 3 {
				cfg.Negotiators = append(cfg.Negotiators, &script{acts: []protocol.Action{offer(2, 0)}})
			}
			var med *victimMediator
			switch proto {
			case "alternating":
				cfg.Protocol = protocol.Alternating{Bilateral: true}
			case "stacked":
				cfg.Protocol = protocol.Alternating{}
			default:
				med = &victimMediator{v: &victim{k: k}}
				cfg.Protocol = protocol.Mediated{Compare: proto == "mediated compare"}
				cfg.Mediator = med
			}
			r, err := protocol.Run(context.Background(), cfg)
			close(k.poke)
			if err != nil {
				t.Fatal(err)
			}
			if r.Faults != 0 {
				t.Errorf("%d faults", r.Faults)
			}
			if len(v.tainted) > 0 {
				t.Errorf("a negotiator saw what another wrote on its kept copies: %q", v.tainted)
			}
			if med != nil && len(med.v.tainted) > 0 {
				t.Errorf("the mediator saw what a negotiator wrote on its kept copies: %q", med.v.tainted)
			}
		})
	}
}

// flipper offers one package and, from a goroutine of its own, keeps
// changing that very slice between a valid option and an invalid one
// while the referee reads it: a data race on purpose, which the race
// detector would report as such, so the test runs without it.
type flipper struct {
	script
	pkg  entente.Outcome
	stop chan struct{}
}

func (f *flipper) Start(v *protocol.View) error {
	f.pkg = entente.Outcome{1, 1}
	f.stop = make(chan struct{})
	go func() {
		for {
			select {
			case <-f.stop:
				return
			default:
			}
			for i := range 1000 {
				f.pkg[0] = float64(i%2) * 1e300
			}
		}
	}()
	return nil
}

func (f *flipper) Act(*protocol.State) protocol.Action {
	return protocol.Action{Kind: protocol.Offer, Outcome: f.pkg}
}

// TestOffersAreReadOnce: the referee checks the package it copied, not
// the negotiator's slice, so a package changed after the check never
// reaches the table. Every offer recorded is valid, or the offer was a
// fault.
func TestOffersAreReadOnce(t *testing.T) {
	if raceDetector {
		t.Skip("the flipper races with the referee on purpose")
	}
	s := deal(2)
	// The race is won by chance: before the fix, about two sessions in
	// three put an invalid package on the table.
	for range 3 {
		f := &flipper{}
		r, err := protocol.Run(context.Background(), protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
			Negotiators: negs(&script{acts: []protocol.Action{offer(0, 0)}}, f), Deadline: protocol.Deadline{Rounds: 200000}, Record: true})
		close(f.stop)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Events {
			if e.Kind == protocol.Offered && (e.Outcome[0] != 0 && e.Outcome[0] != 1 || e.Outcome[1] != 0 && e.Outcome[1] != 1) {
				t.Fatalf("round %d: an invalid package on the table: %v", e.Round, e.Outcome)
			}
		}
		if r.Offers == 0 {
			t.Fatal("no offer was valid")
		}
	}
}
