// Package msg holds the JSON messages of the live protocol
// (docs/protocol.md), shared by the server (package server), which plays
// the referee's side for clients that join, and by remote negotiators
// (package live/remote), which play it for agents served at a URL.
package msg

import (
	"encoding/json"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
	"github.com/entente/entente/protocol"
)

// Version is the protocol's version.
const Version = 1

// Client is any message a client (an agent) sends: the union of every
// type's fields.
type Client struct {
	Type     string           `json:"type"`
	ID       json.RawMessage  `json:"id,omitempty"`
	Version  int              `json:"version,omitempty"`
	Token    string           `json:"token,omitempty"`
	Since    int              `json:"since,omitempty"`
	Package  map[string]any   `json:"package,omitempty"`
	Accept   bool             `json:"accept,omitempty"`
	Prefer   bool             `json:"prefer,omitempty"`
	Packages []map[string]any `json:"packages,omitempty"`
}

// Event is one public event.
type Event struct {
	Seq     int            `json:"seq"`
	Round   int            `json:"round"`
	Time    float64        `json:"t"`
	Party   string         `json:"party,omitempty"`
	Action  string         `json:"action"`
	Package map[string]any `json:"package,omitempty"`
	Adopted *bool          `json:"adopted,omitempty"`
	Accepts *int           `json:"accepts,omitempty"`
	Reason  string         `json:"reason,omitempty"`
}

// Events returns the public form of events.
func Events(sc *entente.Scenario, evs []live.Event) []Event {
	out := make([]Event, 0, len(evs))
	for _, e := range evs {
		j := Event{Seq: e.Seq, Round: e.Round, Time: e.Time, Action: e.Kind.String(), Package: sc.Values(e.Outcome), Reason: e.Reason}
		if e.Party >= 0 && e.Party < len(sc.Parties) {
			j.Party = sc.Parties[e.Party].Name
		}
		if e.Kind == protocol.Voted || e.Kind == protocol.BlocVoted {
			a, n := e.Adopted, e.Accepts
			j.Adopted, j.Accepts = &a, &n
		}
		out = append(out, j)
	}
	return out
}

// Turn is a seat's turn.
type Turn struct {
	Party    string         `json:"party"`
	Kind     string         `json:"kind"`
	Round    int            `json:"round"`
	Time     float64        `json:"t"`
	Table    map[string]any `json:"table,omitempty"`
	By       string         `json:"by,omitempty"`
	Allowed  []string       `json:"allowed,omitempty"`
	Proposal map[string]any `json:"proposal,omitempty"`
	Text     map[string]any `json:"text,omitempty"`
	// Utility is the seat's own utility of the table (or the proposal).
	Utility *float64 `json:"utility,omitempty"`
}

// TurnOf returns the form of a turn shown to its seat; own gives the
// seat's utility of the package before it.
func TurnOf(sc *entente.Scenario, w *live.Turn, own func(entente.Outcome) float64) *Turn {
	t := &Turn{Party: sc.Parties[w.Seat].Name, Kind: string(w.Kind), Round: w.Round, Time: w.Time,
		Table: sc.Values(w.Table), Proposal: sc.Values(w.Proposal), Text: sc.Values(w.Text)}
	if w.By >= 0 && w.By < len(sc.Parties) {
		t.By = sc.Parties[w.By].Name
	}
	for _, k := range w.Allowed {
		t.Allowed = append(t.Allowed, string(k))
	}
	if own != nil {
		switch {
		case w.Proposal != nil:
			u := own(w.Proposal)
			t.Utility = &u
		case w.Table != nil:
			u := own(w.Table)
			t.Utility = &u
		}
	}
	return t
}

// Verdict is a constituency's verdict on the agreement. Approval and
// threshold are shown to the constituency's own party (and the admin).
type Verdict struct {
	Constituency string   `json:"constituency"`
	Party        string   `json:"party"`
	Applies      bool     `json:"applies"`
	Ratified     bool     `json:"ratified"`
	Approval     *float64 `json:"approval,omitempty"`
	Threshold    *float64 `json:"threshold,omitempty"`
}

// Result is how a negotiation ended, as one viewer may see it.
type Result struct {
	Status       string             `json:"status"`
	Agreement    bool               `json:"agreement"`
	Package      map[string]any     `json:"package,omitempty"`
	Ratification []Verdict          `json:"ratification,omitempty"`
	Stands       bool               `json:"deal_stands"`
	Reason       string             `json:"reason,omitempty"`
	By           string             `json:"by,omitempty"`
	Rounds       int                `json:"rounds"`
	Time         float64            `json:"time"`
	Offers       int                `json:"offers"`
	Faults       int                `json:"faults"`
	Utilities    map[string]float64 `json:"utilities"`
	Discounted   map[string]float64 `json:"discounted_utilities"`
}

// Everyone is the viewer who sees every party's numbers (the admin).
const Everyone = -1

// ResultOf shows a result to viewer who (a party index, or Everyone): a
// party sees its own utilities and its own constituencies' approvals
// only.
func ResultOf(sc *entente.Scenario, r *protocol.Result, who int) *Result {
	if r == nil {
		return nil
	}
	j := &Result{Status: r.Status.String(), Agreement: r.Status == protocol.Agreement, Package: sc.Values(r.Agreement),
		Stands: r.Stands, Reason: r.Reason, Rounds: r.Rounds, Time: r.Time, Offers: r.Offers, Faults: r.Faults,
		Utilities: map[string]float64{}, Discounted: map[string]float64{}}
	if r.By >= 0 && r.By < len(sc.Parties) {
		j.By = sc.Parties[r.By].Name
	}
	for p := range sc.Parties {
		if who == Everyone || who == p {
			j.Utilities[sc.Parties[p].Name] = r.Utilities[p]
			j.Discounted[sc.Parties[p].Name] = r.Discounted[p]
		}
	}
	for _, v := range r.Ratification {
		vj := Verdict{Constituency: v.Constituency, Party: sc.Parties[v.Party].Name, Applies: v.Applies, Ratified: v.Ratified}
		if who == Everyone || who == v.Party {
			a, t := v.Approval, v.Threshold
			vj.Approval, vj.Threshold = &a, &t
		}
		j.Ratification = append(j.Ratification, vj)
	}
	return j
}

// Deadline is a negotiation's deadline.
type Deadline struct {
	Rounds  int     `json:"rounds,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
	// Remaining is the wall-clock time left, in seconds.
	Remaining *float64 `json:"remaining_seconds,omitempty"`
}

// Issue describes an issue: what a package may hold.
type Issue struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Options []string `json:"options,omitempty"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
}

// Issues describes a scenario's issues.
func Issues(sc *entente.Scenario) []Issue {
	out := make([]Issue, 0, len(sc.Issues))
	for i := range sc.Issues {
		is := &sc.Issues[i]
		j := Issue{Name: is.Name, Kind: is.Kind.String()}
		if is.Kind == entente.Discrete {
			j.Options = is.Options
		} else {
			lo, hi := is.Min, is.Max
			j.Min, j.Max = &lo, &hi
		}
		out = append(out, j)
	}
	return out
}

// Parties returns a scenario's party names.
func Parties(sc *entente.Scenario) []string {
	out := make([]string, len(sc.Parties))
	for p := range sc.Parties {
		out[p] = sc.Parties[p].Name
	}
	return out
}

// RawJSON is JSON written as is.
type RawJSON []byte

// MarshalJSON implements json.Marshaler.
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

// Seat is what a seat knows privately: its own party's preferences.
type Seat struct {
	Party       string   `json:"party"`
	Index       int      `json:"index"`
	Parties     []string `json:"parties"`
	Issues      []Issue  `json:"issues"`
	Reservation float64  `json:"reservation"`
	Discount    float64  `json:"discount"`
	// Preferences is the party's own preferences in the native format: a
	// scenario with the issues and this party only.
	Preferences RawJSON `json:"preferences,omitempty"`
}

// Error is an error object (the body of an HTTP error, the error of an
// error message).
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Field   string `json:"field,omitempty"`
}

// Server messages.
type (
	// Welcome answers a join.
	Welcome struct {
		Type        string   `json:"type"` // welcome
		Version     int      `json:"version"`
		Negotiation string   `json:"negotiation"`
		Protocol    string   `json:"protocol"`
		Voting      string   `json:"voting,omitempty"`
		Status      string   `json:"status"`
		Parties     []string `json:"parties"`
		Issues      []Issue  `json:"issues"`
		Deadline    Deadline `json:"deadline"`
		You         *Seat    `json:"you"`
	}
	// Update tells of a change of state.
	Update struct {
		Type    string         `json:"type"` // update
		Moves   int            `json:"moves"`
		Status  string         `json:"status"`
		Round   int            `json:"round,omitempty"`
		Table   map[string]any `json:"table,omitempty"`
		Waiting string         `json:"waiting_for,omitempty"`
		Events  []Event        `json:"events"`
		Next    int            `json:"next"`
	}
	// YourTurn asks the seat for its move.
	YourTurn struct {
		Type  string `json:"type"` // your_turn
		Moves int    `json:"moves"`
		Turn  *Turn  `json:"turn"`
	}
	// DeadlineMsg tells of a new round and the deadline.
	DeadlineMsg struct {
		Type     string   `json:"type"` // deadline
		Round    int      `json:"round"`
		Deadline Deadline `json:"deadline"`
	}
	// Ack acknowledges a committed move.
	Ack struct {
		Type  string          `json:"type"` // ack
		ID    json.RawMessage `json:"id,omitempty"`
		Moves int             `json:"moves"`
	}
	// Utilities answers an evaluate.
	Utilities struct {
		Type      string          `json:"type"` // utilities
		ID        json.RawMessage `json:"id,omitempty"`
		Party     string          `json:"party"`
		Utilities []float64       `json:"utilities"`
	}
	// End tells how the negotiation ended.
	End struct {
		Type   string  `json:"type"` // end
		Moves  int     `json:"moves"`
		Result *Result `json:"result"`
	}
	// ErrorMsg tells of an error.
	ErrorMsg struct {
		Type  string          `json:"type"` // error
		ID    json.RawMessage `json:"id,omitempty"`
		Error Error           `json:"error"`
	}
)
