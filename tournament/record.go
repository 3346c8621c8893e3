package tournament

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// Record is the result of one negotiation of a plan, as stored.
type Record struct {
	// Index is the negotiation's number in the plan.
	Index int `json:"index"`
	// Scenario is the scenario's name in the plan; Protocol the setting's
	// label.
	Scenario string `json:"scenario"`
	Protocol string `json:"protocol"`
	// Parties are the scenario's party names; Roles the negotiator playing
	// each, in the same order.
	Parties []string `json:"parties"`
	Roles   []string `json:"roles"`
	// Repetition counts from 0; Seed is the negotiation's seed.
	Repetition int    `json:"repetition"`
	Seed       uint64 `json:"seed"`
	// Status is protocol.Status's name, or "error" when the negotiation
	// could not run (Reason says why).
	Status    string `json:"status"`
	Agreement bool   `json:"agreement"`
	// Package is the agreement, issue -> value (nil without): a discrete
	// issue's option label, a number for an integer or real issue, as
	// entente.Scenario.Values writes it.
	Package map[string]any `json:"package"`
	// Ratification holds, for an agreement, every constituency's verdict
	// after the signature (nil without agreement or constituencies).
	Ratification []Verdict `json:"ratification,omitempty"`
	// Stands reports an agreement every constituency lets pass: the deal
	// survives ratification.
	Stands bool `json:"deal_stands"`
	// Utilities and Discounted hold each party's utility, undiscounted and
	// discounted to the end (reservation values without agreement).
	Utilities  []float64 `json:"utilities"`
	Discounted []float64 `json:"discounted_utilities"`
	Rounds     int       `json:"rounds"`
	Time       float64   `json:"time"`
	Offers     int       `json:"offers"`
	Faults     int       `json:"faults"`
	// The metrics (see protocol.Metrics); NaN when not computed (too
	// large a space) or undefined (no Nash point).
	ParetoDistance float64 `json:"pareto_distance"`
	NashDistance   float64 `json:"nash_distance"`
	SocialWelfare  float64 `json:"social_welfare"`
	GeniusPareto   float64 `json:"genius_pareto_distance"`
	GeniusNash     float64 `json:"genius_nash_distance"`
	GeniusWelfare  float64 `json:"genius_social_welfare"`
	// Reason explains an end without agreement; By names the party who
	// walked away or faulted.
	Reason string `json:"reason,omitempty"`
	By     string `json:"by,omitempty"`
	// Elapsed is the wall-clock time the negotiation took. It is the one
	// field that differs between two runs of the same plan.
	Elapsed time.Duration `json:"elapsed_ns"`
}

// Verdict is one constituency's verdict on an agreement (see
// protocol.Ratification).
type Verdict struct {
	Constituency string  `json:"constituency"`
	Party        string  `json:"party"`
	Applies      bool    `json:"applies"`
	Approval     float64 `json:"approval"`
	Threshold    float64 `json:"threshold"`
	Ratified     bool    `json:"ratified"`
}

// Verdicts writes a session's ratification (protocol.Result.Ratification)
// with the parties named.
func Verdicts(s *entente.Scenario, rs []protocol.Ratification) []Verdict {
	var out []Verdict
	for _, v := range rs {
		out = append(out, Verdict{Constituency: v.Constituency, Party: s.Parties[v.Party].Name,
			Applies: v.Applies, Approval: v.Approval, Threshold: v.Threshold, Ratified: v.Ratified})
	}
	return out
}

// MarshalJSON writes the record with null for metrics that are NaN.
func (r Record) MarshalJSON() ([]byte, error) {
	type plain Record
	type out struct {
		plain
		ParetoDistance *float64 `json:"pareto_distance"`
		NashDistance   *float64 `json:"nash_distance"`
		SocialWelfare  *float64 `json:"social_welfare"`
		GeniusPareto   *float64 `json:"genius_pareto_distance"`
		GeniusNash     *float64 `json:"genius_nash_distance"`
		GeniusWelfare  *float64 `json:"genius_social_welfare"`
	}
	num := func(x float64) *float64 {
		if math.IsNaN(x) {
			return nil
		}
		return &x
	}
	return json.Marshal(out{plain(r), num(r.ParetoDistance), num(r.NashDistance), num(r.SocialWelfare), num(r.GeniusPareto), num(r.GeniusNash), num(r.GeniusWelfare)})
}

// Same reports whether two records hold the same result, ignoring Elapsed.
func (r *Record) Same(o *Record) bool {
	a, b := *r, *o
	a.Elapsed, b.Elapsed = 0, 0
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// Meta identifies the plan a results store belongs to.
type Meta struct {
	// Hash is Plan.Hash.
	Hash string
	// Name is the plan's name; Total its number of negotiations.
	Name  string
	Total int
}

// Store keeps a tournament's results. Implementations must make every Put
// durable and atomic: a crash or kill at any moment leaves the results of
// every completed Put readable and nothing half-written.
type Store interface {
	// Init ties the store to a plan: it records meta in a new store and
	// fails when an existing store belongs to another plan.
	Init(ctx context.Context, m Meta) error
	// Meta returns the plan the store belongs to (Hash empty when none).
	Meta(ctx context.Context) (Meta, error)
	// Done returns the indices of the negotiations stored.
	Done(ctx context.Context) (map[int]bool, error)
	// Put stores results (idempotently: storing the same index twice keeps
	// the first).
	Put(ctx context.Context, rs []Record) error
	// All returns every record, by index.
	All(ctx context.Context) ([]Record, error)
	// Close releases the store.
	Close() error
}

// ErrOtherPlan is returned by Init for a store that belongs to another plan.
type ErrOtherPlan struct{ Have, Want Meta }

func (e *ErrOtherPlan) Error() string {
	return fmt.Sprintf("these results belong to another plan (%q, %d negotiations, hash %.12s); this plan is %q, %d negotiations, hash %.12s: use a new results file, or the plan they came from",
		e.Have.Name, e.Have.Total, e.Have.Hash, e.Want.Name, e.Want.Total, e.Want.Hash)
}
