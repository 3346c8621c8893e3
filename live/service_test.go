package live_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
	"github.com/entente/entente/store/serverdb"
)

// clock is a wall clock a test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// addTiny stores a scenario of two parties over one issue of two options,
// each party wanting the other option.
func addTiny(t *testing.T, svc *live.Service) *live.ScenarioRecord {
	t.Helper()
	rec, _, err := svc.AddScenario(context.Background(), "", []entente.Source{{Name: "x.yaml", Data: []byte(`entente: 1
name: tiny
issues:
  - {name: a, options: [x, y]}
parties:
  - {name: p, weights: {a: 1}, values: {a: {x: 1, y: 0}}}
  - {name: q, weights: {a: 1}, values: {a: {x: 0, y: 1}}}
`)}})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// A seat's token works while its negotiation goes on and for TokenTTL
// after its end, then it is refused like any unknown token; the admin's
// view of the record keeps only hashes.
func TestTokenExpiry(t *testing.T) {
	ctx := context.Background()
	db, err := serverdb.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clk := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	svc := live.NewService(live.Config{Store: db, TokenTTL: time.Hour, Now: clk.now})
	defer svc.Close()
	rec := addTiny(t, svc)
	n, tokens, err := svc.Create(ctx, live.Spec{Scenario: rec.ID, Rounds: 5, Seats: []live.SeatSpec{{Party: "p", Kind: live.Person}, {Party: "q", Kind: live.Agent}}})
	if err != nil {
		t.Fatal(err)
	}
	for p, tok := range tokens {
		if n.Tokens[p] != live.HashToken(tok) || n.Tokens[p] == tok {
			t.Fatalf("seat %d: stored %q for the token %q", p, n.Tokens[p], tok)
		}
	}
	if err := svc.Start(ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	if p, err := svc.Seat(ctx, n.ID, tokens[1]); err != nil || p != 1 {
		t.Fatalf("seat %d, %v", p, err)
	}
	if _, err := svc.Move(ctx, n.ID, live.Move{Seat: 0, Kind: live.Walk}); err != nil {
		t.Fatal(err)
	}
	clk.add(59 * time.Minute)
	if _, err := svc.Seat(ctx, n.ID, tokens[0]); err != nil {
		t.Fatalf("within the TTL after the end: %v", err)
	}
	clk.add(2 * time.Minute)
	for _, tok := range []string{tokens[0], tokens[1], "", "nonsense"} {
		if _, err := svc.Seat(ctx, n.ID, tok); entente.ErrorCode(err) != entente.EUnauthorized {
			t.Errorf("token %q past the TTL: %v", tok, err)
		}
	}
	if _, err := svc.Seat(ctx, "nonexistent", tokens[0]); entente.ErrorCode(err) != entente.EUnauthorized {
		t.Errorf("an unknown negotiation: %v", err)
	}
}

// Ended negotiations leave memory when many are held, and come back from
// the store, replayed, when asked for.
func TestEviction(t *testing.T) {
	ctx := context.Background()
	db, err := serverdb.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := live.NewService(live.Config{Store: db, MaxOpen: 1})
	defer svc.Close()
	rec := addTiny(t, svc)
	var ids []string
	for range 5 {
		n, _, err := svc.Create(ctx, live.Spec{Scenario: rec.ID, Rounds: 3, Seats: []live.SeatSpec{{Party: "p", Kind: live.Person}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Start(ctx, n.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Move(ctx, n.ID, live.Move{Seat: 0, Kind: live.Offer, Package: entente.Outcome{1}}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	for _, id := range ids {
		v, err := svc.View(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if v.Result == nil || v.Result.Status.String() != "agreement" || v.Moves != 2 {
			t.Errorf("%s after eviction: %+v", id, v)
		}
	}
}
