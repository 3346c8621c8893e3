package serverdb

import (
	"context"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/pgtest"
	"github.com/entente/entente/live"
	"github.com/entente/entente/store/postgres"
)

// The store's contract on both databases: migrations apply once (a
// second open finds them applied), moves append in order, a move at a
// sequence number already taken is a conflict that changes nothing, and
// the end is recorded with the last moves.
func TestStore(t *testing.T) {
	ctx := context.Background()
	for _, b := range []struct {
		name string
		open func(t *testing.T) func() (*DB, error)
	}{
		{"sqlite", func(t *testing.T) func() (*DB, error) {
			dir := t.TempDir()
			return func() (*DB, error) { return OpenSQLite(ctx, dir) }
		}},
		{"postgres", func(t *testing.T) func() (*DB, error) {
			url := pgtest.Fresh(t)
			return func() (*DB, error) { return OpenPostgres(ctx, url, postgres.Options{}) }
		}},
	} {
		t.Run(b.name, func(t *testing.T) {
			open := b.open(t)
			db, err := open()
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			if db, err = open(); err != nil { // migrations already applied
				t.Fatal(err)
			}
			defer db.Close()
			var applied int
			if err := db.db.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&applied); err != nil || applied != len(Migrations()) {
				t.Fatalf("%d migrations recorded, %d embedded (%v)", applied, len(Migrations()), err)
			}
			now := time.Now().UTC().Truncate(time.Microsecond)
			rec := &live.NegotiationRecord{ID: "n1", Spec: live.Spec{Scenario: "s", Rounds: 3}, Created: now, Status: live.StatusCreated, Tokens: []string{"h", ""}}
			if err := db.CreateNegotiation(ctx, rec); err != nil {
				t.Fatal(err)
			}
			if err := db.Start(ctx, "n1", now); err != nil {
				t.Fatal(err)
			}
			if err := db.Start(ctx, "n1", now); entente.ErrorCode(err) != entente.EConflict {
				t.Fatalf("starting twice: %v", err)
			}
			m := func(seat int) live.Move {
				return live.Move{Seat: seat, Kind: live.Offer, Package: entente.Outcome{1, 2.5}, Elapsed: time.Duration(seat) * time.Second}
			}
			if err := db.Append(ctx, "n1", 0, []live.Move{m(0), m(1)}, "", now); err != nil {
				t.Fatal(err)
			}
			// Another server appending move 1 again: a conflict, and the
			// batch with it (move 2) is not stored either.
			if err := db.Append(ctx, "n1", 1, []live.Move{m(0), m(1)}, "", now); entente.ErrorCode(err) != entente.EConflict {
				t.Fatalf("appending at a taken number: %v", err)
			}
			if err := db.Append(ctx, "n1", 2, []live.Move{m(1)}, "agreement", now); err != nil {
				t.Fatal(err)
			}
			got, err := db.Moves(ctx, "n1", 1)
			if err != nil || len(got) != 2 || got[0].Seat != 1 || got[1].Elapsed != time.Second || got[1].Package[1] != 2.5 {
				t.Fatalf("moves from 1: %+v, %v", got, err)
			}
			n, err := db.Negotiation(ctx, "n1")
			if err != nil || n.Status != "agreement" || !n.Ended.Equal(now) || !n.Started.Equal(now) || n.Tokens[0] != "h" {
				t.Fatalf("%+v, %v", n, err)
			}
			if open, err := db.Open(ctx); err != nil || open != 0 {
				t.Fatalf("%d open, %v", open, err)
			}
			if _, err := db.Negotiation(ctx, "nope"); entente.ErrorCode(err) != entente.ENotFound {
				t.Fatalf("a missing negotiation: %v", err)
			}
		})
	}
}
