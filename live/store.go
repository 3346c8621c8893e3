package live

import (
	"context"
	"time"

	"github.com/entente/entente"
)

// Store keeps scenarios, negotiations and their move logs. Implementations
// (package store/serverdb) commit every call before returning. Missing
// things are *entente.Error with code ENotFound; a move appended at a
// sequence number already taken is an *entente.Error with code EConflict.
type Store interface {
	// PutScenario stores a new scenario with its files.
	PutScenario(ctx context.Context, sc *ScenarioRecord) error
	// Scenario returns a stored scenario with its files.
	Scenario(ctx context.Context, id string) (*ScenarioRecord, error)
	// Scenarios lists the stored scenarios, without their files, oldest
	// first.
	Scenarios(ctx context.Context) ([]ScenarioRecord, error)
	// DeleteScenario deletes a scenario.
	DeleteScenario(ctx context.Context, id string) error

	// CreateNegotiation stores a new negotiation.
	CreateNegotiation(ctx context.Context, n *NegotiationRecord) error
	// Negotiation returns a negotiation.
	Negotiation(ctx context.Context, id string) (*NegotiationRecord, error)
	// Negotiations lists the negotiations, oldest first.
	Negotiations(ctx context.Context) ([]NegotiationRecord, error)
	// Open counts the negotiations that have not ended.
	Open(ctx context.Context) (int, error)
	// Start marks a negotiation started at a time; EConflict when it
	// already was.
	Start(ctx context.Context, id string, at time.Time) error
	// Append adds moves at sequence numbers seq, seq+1, ... in one
	// transaction, and marks the negotiation ended with status end when
	// end is not empty.
	Append(ctx context.Context, id string, seq int, moves []Move, end string, at time.Time) error
	// Moves returns the moves from sequence number from on, in order.
	Moves(ctx context.Context, id string, from int) ([]Move, error)

	// Setting returns a server setting ("" when unset).
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting stores a server setting.
	SetSetting(ctx context.Context, key, value string) error

	// Close closes the store.
	Close() error
}

// Notifier is implemented by stores shared by several servers: Listen
// calls f for every append by any server (with the negotiation's id and
// its number of moves after the append) until ctx is done.
type Notifier interface {
	Listen(ctx context.Context, f func(id string, moves int)) error
}

// ScenarioRecord is a stored scenario.
type ScenarioRecord struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Format  string    `json:"format"`
	Created time.Time `json:"created"`
	// Files are the uploaded files, the scenario file (or domain) first.
	Files []entente.Source `json:"-"`
}

// NegotiationRecord is a stored negotiation.
type NegotiationRecord struct {
	ID      string
	Spec    Spec
	Created time.Time
	// Started is zero until the negotiation starts.
	Started time.Time
	// Status is "created", "running" or the session's final status
	// (protocol.Status names: "agreement", "deadline", ...).
	Status string
	// Ended is when it ended (zero while it goes on).
	Ended time.Time
	// Tokens are the seats' token hashes (HashToken), "" for built-in
	// seats, in scenario order.
	Tokens []string
}

// Negotiation statuses before the end.
const (
	StatusCreated = "created"
	StatusRunning = "running"
)

// Ended reports whether a status is a final one.
func Ended(status string) bool {
	return status != StatusCreated && status != StatusRunning && status != ""
}
