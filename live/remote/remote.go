// Package remote plays a party by a remote agent served at a URL: a
// protocol.Negotiator that dials the agent's WebSocket and speaks the live
// protocol (docs/protocol.md) from the referee's side, as the server does
// for agents that join it. A tournament plan names such agents by URL
// (tournament.Plan.Remote), so that agents written elsewhere enter a
// league with the built-in negotiators.
//
// The agent is a hostile negotiator like any other: the session's referee
// checks every move. An agent that does not answer within the timeout, or
// whose connection fails, loses its turns (a fault each).
package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/coder/websocket"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
	"github.com/entente/entente/live/msg"
	"github.com/entente/entente/protocol"
)

// DefaultTimeout bounds the wait for an agent's answer.
const DefaultTimeout = 30 * time.Second

// Negotiator is a remote agent at URL. Each session dials it anew.
type Negotiator struct {
	URL string
	// Timeout bounds the connection and each answer (default
	// DefaultTimeout).
	Timeout time.Duration

	c      *websocket.Conn
	view   *protocol.View
	sc     *entente.Scenario // the issues and the parties' names
	events []live.Event
	seq    int
	moves  int
	err    error
}

// New returns a negotiator for the agent at url.
func New(url string) *Negotiator { return &Negotiator{URL: url} }

var _ protocol.Negotiator = (*Negotiator)(nil)

func (n *Negotiator) timeout() time.Duration {
	if n.Timeout > 0 {
		return n.Timeout
	}
	return DefaultTimeout
}

// Start dials the agent and welcomes it to its seat.
func (n *Negotiator) Start(v *protocol.View) error {
	n.view, n.events, n.seq, n.moves, n.err = v, nil, 0, 0, nil
	n.sc = &entente.Scenario{Issues: v.Issues}
	for _, name := range v.Parties {
		n.sc.Parties = append(n.sc.Parties, entente.Party{Name: name})
	}
	ctx, cancel := context.WithTimeout(context.Background(), n.timeout())
	defer cancel()
	c, _, err := websocket.Dial(ctx, n.URL, nil)
	if err != nil {
		return fmt.Errorf("dialing the agent at %s: %w", n.URL, err)
	}
	c.SetReadLimit(1 << 20)
	n.c = c
	d := msg.Deadline{Rounds: v.Deadline.Rounds, Seconds: v.Deadline.Time.Seconds()}
	you := &msg.Seat{Party: v.Parties[v.Self], Index: v.Self, Parties: v.Parties, Issues: msg.Issues(n.sc)}
	if v.Utility != nil {
		you.Reservation, you.Discount = v.Utility.Reservation(), v.Utility.DiscountFactor()
	}
	return n.send(msg.Welcome{Type: "welcome", Version: msg.Version, Protocol: v.Protocol, Voting: v.Voting, Status: "running",
		Parties: v.Parties, Issues: msg.Issues(n.sc), Deadline: d, You: you})
}

func (n *Negotiator) send(m any) error {
	if n.err != nil {
		return n.err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), n.timeout())
	defer cancel()
	if err := n.c.Write(ctx, websocket.MessageText, b); err != nil {
		n.fail(err)
		return n.err
	}
	return nil
}

func (n *Negotiator) fail(err error) {
	if n.err == nil {
		n.err = fmt.Errorf("the agent at %s: %w", n.URL, err)
		n.c.Close(websocket.StatusPolicyViolation, "") //nolint:errcheck // failing anyway
	}
}

// Observe keeps the events to tell the agent at its next turn.
func (n *Negotiator) Observe(e *protocol.Event) {
	c := *e
	if c.Outcome != nil {
		c.Outcome = append(entente.Outcome(nil), c.Outcome...)
	}
	n.seq++
	n.events = append(n.events, live.Event{Seq: n.seq, Event: c})
}

// turn tells the agent the events since its last turn and the turn, and
// returns its move.
func (n *Negotiator) turn(t *live.Turn, want ...string) (*msg.Client, bool) {
	if n.err != nil {
		return nil, false
	}
	if n.events != nil {
		if n.send(msg.Update{Type: "update", Moves: n.moves, Status: "running", Round: t.Round, Table: n.sc.Values(t.Table),
			Waiting: n.sc.Parties[n.view.Self].Name, Events: msg.Events(n.sc, n.events), Next: n.seq}) != nil {
			return nil, false
		}
		n.events = n.events[:0]
	}
	own := func(o entente.Outcome) float64 { return n.view.Utility.Utility(o) }
	if n.send(msg.YourTurn{Type: "your_turn", Moves: n.moves, Turn: msg.TurnOf(n.sc, t, own)}) != nil {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), n.timeout())
	defer cancel()
	for {
		_, data, err := n.c.Read(ctx)
		if err != nil {
			n.fail(err)
			return nil, false
		}
		var m msg.Client
		if err := json.Unmarshal(data, &m); err != nil {
			n.reply(nil, entente.Errorf(entente.EInvalid, "", 0, 0, "", "malformed JSON: %v", err))
			continue
		}
		switch {
		case m.Type == "evaluate":
			n.evaluate(&m)
		case contains(want, m.Type):
			return &m, true
		default:
			n.reply(m.ID, entente.Errorf(entente.EInvalid, "", 0, 0, "type", "%q: expected %v or evaluate", m.Type, want))
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func (n *Negotiator) reply(id json.RawMessage, err error) {
	var e *entente.Error
	if !errors.As(err, &e) {
		e = entente.Errorf(entente.EInvalid, "", 0, 0, "", "%v", err)
	}
	n.send(msg.ErrorMsg{Type: "error", ID: id, Error: msg.Error{Code: e.Code, Message: e.Message, Field: e.Field}}) //nolint:errcheck // sticky
}

func (n *Negotiator) evaluate(m *msg.Client) {
	if len(m.Packages) > 10000 {
		n.reply(m.ID, entente.Errorf(entente.ELimit, "", 0, 0, "packages", "%d packages; evaluate at most 10000 at a time", len(m.Packages)))
		return
	}
	u := make([]float64, len(m.Packages))
	for i, p := range m.Packages {
		o, err := live.ParsePackage(n.sc, p)
		if err != nil {
			n.reply(m.ID, err)
			return
		}
		u[i] = n.view.Utility.Utility(o)
	}
	n.send(msg.Utilities{Type: "utilities", ID: m.ID, Party: n.sc.Parties[n.view.Self].Name, Utilities: u}) //nolint:errcheck // sticky
}

// Act asks the agent for its move.
func (n *Negotiator) Act(st *protocol.State) protocol.Action {
	t := &live.Turn{Seat: n.view.Self, Kind: live.Act, Round: st.Round, Time: st.Time, Table: st.Table, By: st.By,
		Allowed: []live.MoveKind{live.Offer, live.Walk}}
	if st.Table != nil {
		t.Allowed = []live.MoveKind{live.Offer, live.Accept, live.Walk}
	}
	m, ok := n.turn(t, "offer", "accept", "walk")
	if !ok {
		return protocol.Action{}
	}
	var a protocol.Action
	switch m.Type {
	case "walk":
		a.Kind = protocol.Walk
	default:
		o, err := live.ParsePackage(n.sc, m.Package)
		if err != nil {
			n.reply(m.ID, err)
			return protocol.Action{} // the referee records the fault
		}
		a.Kind, a.Outcome = protocol.Offer, o
		if m.Type == "accept" {
			a.Kind = protocol.Accept
		}
	}
	n.moves++
	n.send(msg.Ack{Type: "ack", ID: m.ID, Moves: n.moves}) //nolint:errcheck // sticky
	return a
}

// Vote asks the agent for its vote on a mediator's proposal.
func (n *Negotiator) Vote(st *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	t := &live.Turn{Seat: n.view.Self, Kind: live.Ballot, Round: st.Round, Time: st.Time, Table: st.Table, By: st.By,
		Proposal: proposal, Text: text}
	m, ok := n.turn(t, "vote")
	if !ok {
		return protocol.Ballot{}
	}
	n.moves++
	n.send(msg.Ack{Type: "ack", ID: m.ID, Moves: n.moves}) //nolint:errcheck // sticky
	return protocol.Ballot{Accept: m.Accept, Prefer: m.Prefer}
}

// Finish tells the agent how the session ended and closes the connection.
func (n *Negotiator) Finish(r *protocol.Result) {
	if n.c == nil {
		return
	}
	if n.err == nil {
		n.send(msg.End{Type: "end", Moves: n.moves, Result: msg.ResultOf(n.sc, r, n.view.Self)}) //nolint:errcheck // closing anyway
		n.c.Close(websocket.StatusNormalClosure, "the negotiation ended")                        //nolint:errcheck // closing anyway
	}
	n.c = nil
}
