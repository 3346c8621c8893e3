package server

import (
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
	"github.com/entente/entente/live/msg"
	"github.com/entente/entente/protocol"
)

// ProtocolVersion is the version of the live protocol (docs/protocol.md).
const ProtocolVersion = msg.Version

// The JSON forms shared with the live protocol's other side (live/msg).
type (
	eventJSON    = msg.Event
	turnJSON     = msg.Turn
	resultJSON   = msg.Result
	deadlineJSON = msg.Deadline
	issueJSON    = msg.Issue
	seatViewJSON = msg.Seat
	errorJSON    = msg.Error
	rawJSON      = msg.RawJSON
)

func eventsJSON(sc *entente.Scenario, evs []live.Event) []eventJSON { return msg.Events(sc, evs) }

func resultOf(sc *entente.Scenario, r *protocol.Result, who int) *resultJSON {
	return msg.ResultOf(sc, r, who)
}

func issuesOf(sc *entente.Scenario) []issueJSON { return msg.Issues(sc) }

func partiesOf(sc *entente.Scenario) []string { return msg.Parties(sc) }

// admin is the viewer index of the admin.
const admin = msg.Everyone

// seatJSON describes a seat (never its token).
type seatJSON struct {
	Party    string `json:"party"`
	Kind     string `json:"kind"`
	Strategy string `json:"strategy,omitempty"`
	// Token is shown once, in the answer to the negotiation's creation.
	Token string `json:"token,omitempty"`
}

func deadlineOf(v *live.View, now time.Time) deadlineJSON {
	d := deadlineJSON{Rounds: v.Spec.Rounds, Seconds: v.Spec.Seconds}
	if v.Spec.Seconds > 0 && !v.Started.IsZero() {
		left := max(v.Spec.Seconds-now.Sub(v.Started).Seconds(), 0)
		if v.Result != nil {
			left = 0
		}
		d.Remaining = &left
	}
	return d
}

// negotiationJSON is a negotiation as one viewer sees it.
type negotiationJSON struct {
	ID       string         `json:"id"`
	Scenario string         `json:"scenario"`
	Protocol string         `json:"protocol"`
	Voting   string         `json:"voting,omitempty"`
	Seed     uint64         `json:"seed"`
	Status   string         `json:"status"`
	Created  time.Time      `json:"created"`
	Started  *time.Time     `json:"started,omitempty"`
	Ended    *time.Time     `json:"ended,omitempty"`
	Deadline deadlineJSON   `json:"deadline"`
	Parties  []string       `json:"parties"`
	Seats    []seatJSON     `json:"seats"`
	You      string         `json:"you,omitempty"`
	Moves    int            `json:"moves"`
	Round    int            `json:"round,omitempty"`
	Table    map[string]any `json:"table,omitempty"`
	Waiting  string         `json:"waiting_for,omitempty"`
	YourTurn *turnJSON      `json:"your_turn,omitempty"`
	Events   []eventJSON    `json:"events"`
	Next     int            `json:"next"`
	Result   *resultJSON    `json:"result,omitempty"`
}

func stampPtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// negotiationOf shows view v to viewer who (a seat, or admin).
func (s *Server) negotiationOf(v *live.View, who int) *negotiationJSON {
	sc := v.Scenario
	j := &negotiationJSON{ID: v.ID, Scenario: v.Spec.Scenario, Protocol: v.Spec.Protocol, Voting: v.Spec.Voting, Seed: v.Spec.Seed,
		Status: v.Status, Created: v.Created, Started: stampPtr(v.Started), Ended: stampPtr(v.Ended),
		Deadline: deadlineOf(v, s.now()), Moves: v.Moves, Events: eventsJSON(sc, v.Events), Next: v.Next, Result: resultOf(sc, v.Result, who)}
	for p, st := range v.Spec.Seats {
		j.Parties = append(j.Parties, sc.Parties[p].Name)
		sj := seatJSON{Party: st.Party, Kind: string(st.Kind)}
		if who == admin {
			sj.Strategy = st.Strategy
		}
		j.Seats = append(j.Seats, sj)
	}
	if who >= 0 {
		j.You = sc.Parties[who].Name
	}
	if w := v.Wait; w != nil {
		j.Round = w.Round
		j.Table = sc.Values(w.Table)
		j.Waiting = sc.Parties[w.Seat].Name
		if w.Seat == who {
			j.YourTurn = msg.TurnOf(sc, w, s.utilityOf(v, who))
		}
	}
	return j
}

// utilityOf returns party p's utility function of the view's scenario.
func (s *Server) utilityOf(v *live.View, p int) func(entente.Outcome) float64 {
	fn := s.svc.UtilityOf(v.Spec.Scenario, v.Scenario, p)
	return func(o entente.Outcome) float64 {
		if fn == nil {
			return 0
		}
		return fn.Utility(o)
	}
}
