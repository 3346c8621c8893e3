package wire

import (
	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/tournament"
)

// NegotiationVersion is the version of NegotiationDoc.
const NegotiationVersion = 1

// NegotiationDoc is the result of one negotiation session
// (protocol.Result) as negotiate --json writes it; docs/negotiate.md
// documents every field. Maps from party name hold one entry per party.
type NegotiationDoc struct {
	Version   int            `json:"version"`
	Scenario  string         `json:"scenario"`
	Protocol  string         `json:"protocol"`
	Mediator  string         `json:"mediator,omitempty"`
	Voting    string         `json:"voting,omitempty"`
	Seed      uint64         `json:"seed"`
	Deadline  Deadline       `json:"deadline"`
	Parties   []Party        `json:"parties"`
	Agreement bool           `json:"agreement"`
	Status    string         `json:"status"`
	Reason    string         `json:"reason,omitempty"`
	By        *string        `json:"by,omitempty"`
	Package   map[string]any `json:"package"`
	// Ratification and Stands: every constituency's verdict on the
	// agreement, and whether the deal survives them.
	Ratification []tournament.Verdict `json:"ratification,omitempty"`
	Stands       bool                 `json:"deal_stands"`
	Disclosure   string               `json:"disclosure"`
	Utilities    map[string]float64   `json:"utilities"`
	Discounted   map[string]float64   `json:"discounted_utilities"`
	Rounds       int                  `json:"rounds"`
	Time         float64              `json:"time"`
	Offers       int                  `json:"offers"`
	Faults       int                  `json:"faults"`
	// The metrics (protocol.Metrics): null when they were not computed,
	// NashDistance also when the zone is empty.
	Pareto    *float64           `json:"pareto_distance"`
	Nash      *float64           `json:"nash_distance"`
	Welfare   *float64           `json:"social_welfare"`
	NashPoint map[string]float64 `json:"nash_point"`
	Genius    *GeniusMetrics     `json:"genius"`
}

// Deadline is a session's deadline: rounds and/or seconds (absent when 0).
type Deadline struct {
	Rounds  int     `json:"rounds,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
}

// Party is one party of a session: its name, the negotiator that played
// it and its reservation value.
type Party struct {
	Name        string  `json:"name"`
	Strategy    string  `json:"strategy"`
	Reservation float64 `json:"reservation"`
}

// GeniusMetrics are the metrics as GENIUS logs them: without agreement
// the outcome counts as the origin and the welfare as 0.
type GeniusMetrics struct {
	Pareto  float64  `json:"pareto_distance"`
	Nash    *float64 `json:"nash_distance"`
	Welfare float64  `json:"social_welfare"`
}

// NegotiationSettings say how a session was set up, as its document
// reports it.
type NegotiationSettings struct {
	// Strategies names the negotiator of each party (its spec, such as
	// "boulware:e=0.1"), in scenario order.
	Strategies []string
	// Reservations holds each party's reservation value, in scenario
	// order (utility.Func.Reservation).
	Reservations []float64
	// Mediator names the mediator (its spec), "" without one; Voting is
	// the mediated protocol's voting, accept or compare, written only
	// with a mediator.
	Mediator, Voting string
	Seed             uint64
	Deadline         protocol.Deadline
	Disclosure       protocol.Disclosure
}

// Negotiation returns the document of session r of scenario s, set up as
// set says. m holds the metrics (protocol.Measure), nil when they could
// not be computed.
func Negotiation(s *entente.Scenario, set NegotiationSettings, r *protocol.Result, m *protocol.Metrics) *NegotiationDoc {
	j := &NegotiationDoc{
		Version: NegotiationVersion, Scenario: s.Name, Protocol: r.Protocol, Mediator: set.Mediator, Seed: set.Seed,
		Deadline:  Deadline{Rounds: set.Deadline.Rounds, Seconds: set.Deadline.Time.Seconds()},
		Agreement: r.Status == protocol.Agreement, Status: r.Status.String(), Reason: r.Reason,
		Utilities: map[string]float64{}, Discounted: map[string]float64{},
		Rounds: r.Rounds, Time: r.Time, Offers: r.Offers, Faults: r.Faults,
	}
	if set.Mediator != "" {
		j.Voting = set.Voting
	}
	if r.By >= 0 {
		j.By = &s.Parties[r.By].Name
	}
	if r.Agreement != nil {
		j.Package = pkg(s, r.Agreement)
	}
	j.Stands, j.Disclosure, j.Ratification = r.Stands, set.Disclosure.String(), tournament.Verdicts(s, r.Ratification)
	for p := range s.Parties {
		name := s.Parties[p].Name
		j.Parties = append(j.Parties, Party{Name: name, Strategy: set.Strategies[p], Reservation: set.Reservations[p]})
		j.Utilities[name] = r.Utilities[p]
		j.Discounted[name] = r.Discounted[p]
	}
	if m != nil {
		j.Pareto, j.Nash, j.Welfare = finite(m.ParetoDistance), finite(m.NashDistance), finite(m.SocialWelfare)
		j.Genius = &GeniusMetrics{Pareto: m.GeniusParetoDistance, Nash: finite(m.GeniusNashDistance), Welfare: m.GeniusSocialWelfare}
		if m.Nash != nil {
			j.NashPoint = map[string]float64{}
			for p, u := range m.Nash {
				j.NashPoint[s.Parties[p].Name] = u
			}
		}
	}
	return j
}
