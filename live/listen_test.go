package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/pgtest"
	"github.com/entente/entente/live"
	"github.com/entente/entente/store/postgres"
	"github.com/entente/entente/store/serverdb"
)

// Two servers on one PostgreSQL database, the first holding a negotiation
// before its listener has started (a server answers requests while its
// LISTEN connects): a move made meanwhile on the second, whose
// notification the first could not hear, still reaches the first once it
// listens, and its subscribers are woken.
func TestListenerCatchesUpAtStart(t *testing.T) {
	url := pgtest.Fresh(t)
	ctx := context.Background()
	open := func() *live.Service {
		db, err := serverdb.OpenPostgres(ctx, url, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		svc := live.NewService(live.Config{Store: db, Notifier: db.Listener()})
		t.Cleanup(svc.Close)
		return svc
	}
	a, b := open(), open()
	rec := addTiny(t, a)
	n, _, err := a.Create(ctx, live.Spec{Scenario: rec.ID, Rounds: 5, Seats: []live.SeatSpec{{Party: "p", Kind: live.Person}, {Party: "q", Kind: live.Person}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	woken, stop, err := a.Subscribe(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// b moves while a is not listening: its notification is lost to a.
	if _, err := b.Move(ctx, n.ID, live.Move{Seat: 0, Kind: live.Offer, Package: entente.Outcome{0}}); err != nil {
		t.Fatal(err)
	}
	if v, err := a.View(ctx, n.ID, 0); err != nil || v.Moves != 0 {
		t.Fatalf("before listening, a holds %v moves (%v); the test needs it behind", v.Moves, err)
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go a.Listen(lctx) //nolint:errcheck // ends with lctx
	select {
	case <-woken:
	case <-time.After(30 * time.Second):
		t.Fatal("a's subscriber was not woken once a listened")
	}
	v, err := a.View(ctx, n.ID, 0)
	if err != nil || v.Moves != 1 || v.Wait == nil || v.Wait.Seat != 1 {
		t.Fatalf("after listening, a holds %d moves, waiting for %+v (%v)", v.Moves, v.Wait, err)
	}
}
