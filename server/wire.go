package server

import (
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
	"github.com/entente/entente/protocol"
)

// ProtocolVersion is the version of the live protocol (docs/protocol.md).
const ProtocolVersion = 1

// admin is the viewer index of the admin.
const admin = -1

// eventJSON is one public event.
type eventJSON struct {
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

func eventsJSON(sc *entente.Scenario, evs []live.Event) []eventJSON {
	out := make([]eventJSON, 0, len(evs))
	for _, e := range evs {
		j := eventJSON{Seq: e.Seq, Round: e.Round, Time: e.Time, Action: e.Kind.String(), Package: live.FormatPackage(sc, e.Outcome), Reason: e.Reason}
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

// turnJSON is a seat's turn.
type turnJSON struct {
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

func turnOf(v *live.View, w *live.Turn, own bool, fn func(entente.Outcome) float64) *turnJSON {
	sc := v.Scenario
	t := &turnJSON{Party: sc.Parties[w.Seat].Name, Kind: string(w.Kind), Round: w.Round, Time: w.Time,
		Table: live.FormatPackage(sc, w.Table), Proposal: live.FormatPackage(sc, w.Proposal), Text: live.FormatPackage(sc, w.Text)}
	if w.By >= 0 && w.By < len(sc.Parties) {
		t.By = sc.Parties[w.By].Name
	}
	for _, k := range w.Allowed {
		t.Allowed = append(t.Allowed, string(k))
	}
	if own {
		switch {
		case w.Proposal != nil:
			u := fn(w.Proposal)
			t.Utility = &u
		case w.Table != nil:
			u := fn(w.Table)
			t.Utility = &u
		}
	}
	return t
}

// verdictJSON is a constituency's verdict on the agreement. Approval and
// threshold are shown to the constituency's own party (and the admin).
type verdictJSON struct {
	Constituency string   `json:"constituency"`
	Party        string   `json:"party"`
	Applies      bool     `json:"applies"`
	Ratified     bool     `json:"ratified"`
	Approval     *float64 `json:"approval,omitempty"`
	Threshold    *float64 `json:"threshold,omitempty"`
}

// resultJSON is how a negotiation ended, as one viewer may see it: a seat
// sees its own utilities only.
type resultJSON struct {
	Status       string             `json:"status"`
	Agreement    bool               `json:"agreement"`
	Package      map[string]any     `json:"package,omitempty"`
	Ratification []verdictJSON      `json:"ratification,omitempty"`
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

func resultOf(sc *entente.Scenario, r *protocol.Result, who int) *resultJSON {
	if r == nil {
		return nil
	}
	j := &resultJSON{Status: r.Status.String(), Agreement: r.Status == protocol.Agreement, Package: live.FormatPackage(sc, r.Agreement),
		Stands: r.Stands, Reason: r.Reason, Rounds: r.Rounds, Time: r.Time, Offers: r.Offers, Faults: r.Faults,
		Utilities: map[string]float64{}, Discounted: map[string]float64{}}
	if r.By >= 0 && r.By < len(sc.Parties) {
		j.By = sc.Parties[r.By].Name
	}
	for p := range sc.Parties {
		if who == admin || who == p {
			j.Utilities[sc.Parties[p].Name] = r.Utilities[p]
			j.Discounted[sc.Parties[p].Name] = r.Discounted[p]
		}
	}
	for _, v := range r.Ratification {
		vj := verdictJSON{Constituency: v.Constituency, Party: sc.Parties[v.Party].Name, Applies: v.Applies, Ratified: v.Ratified}
		if who == admin || who == v.Party {
			a, t := v.Approval, v.Threshold
			vj.Approval, vj.Threshold = &a, &t
		}
		j.Ratification = append(j.Ratification, vj)
	}
	return j
}

// seatJSON describes a seat (never its token).
type seatJSON struct {
	Party    string `json:"party"`
	Kind     string `json:"kind"`
	Strategy string `json:"strategy,omitempty"`
	// Token is shown once, in the answer to the negotiation's creation.
	Token string `json:"token,omitempty"`
}

type deadlineJSON struct {
	Rounds  int     `json:"rounds,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
	// Remaining is the wall-clock time left, in seconds.
	Remaining *float64 `json:"remaining_seconds,omitempty"`
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
		j.Table = live.FormatPackage(sc, w.Table)
		j.Waiting = sc.Parties[w.Seat].Name
		if w.Seat == who {
			j.YourTurn = turnOf(v, w, true, s.utilityOf(v, who))
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
