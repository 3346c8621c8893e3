package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/entente/entente/live"
	"github.com/entente/entente/load"
	"github.com/entente/entente/store/serverdb"
)

// The administrator aborts a running negotiation: it ends without
// agreement (status cancelled, the reason said), a seat can neither abort
// nor send the server's move, no move is accepted after, a live client
// is told the end, and the abort survives a restart of the server.
func TestAbort(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := serverdb.OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db)
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	sc := res.Scenario
	c := h.create(live.Spec{Scenario: h.scenario("laptop"), Rounds: 20, Seats: []live.SeatSpec{{Party: "buyer", Kind: live.Person}, {Party: "shop", Kind: live.Person}}})
	base := "/api/v1/negotiations/" + c.ID
	// Not started: nothing to abort.
	h.must(http.StatusConflict, "POST", base+"/abort", adminToken, nil, nil)
	h.must(http.StatusOK, "POST", base+"/start", adminToken, nil, nil)
	h.must(http.StatusOK, "POST", base+"/moves", c.Seats[0].Token, map[string]any{"kind": "offer", "package": firstPackage(sc)}, nil)

	ws := h.dial(c.ID)
	ws.send(map[string]any{"type": "join", "version": 1, "token": c.Seats[1].Token})

	// A seat may not abort, nor send the administrator's move as its own.
	h.must(http.StatusForbidden, "POST", base+"/abort", c.Seats[1].Token, nil, nil)
	h.must(http.StatusBadRequest, "POST", base+"/moves", c.Seats[1].Token, map[string]any{"kind": "abort"}, nil)

	var n struct {
		Status string
		Moves  int
		Result *struct {
			Status, Reason string
			Agreement      bool
		}
	}
	h.must(http.StatusOK, "POST", base+"/abort", adminToken, nil, &n)
	if n.Status != "cancelled" || n.Result == nil || n.Result.Status != "cancelled" || n.Result.Agreement || n.Result.Reason != live.AbortReason || n.Moves != 2 {
		t.Fatalf("after the abort: %+v (result %+v)", n, n.Result)
	}
	h.must(http.StatusConflict, "POST", base+"/moves", c.Seats[1].Token, map[string]any{"kind": "offer", "package": firstPackage(sc)}, nil)
	h.must(http.StatusConflict, "POST", base+"/abort", adminToken, nil, nil)

	// The live client hears the end.
	ended := false
	for deadline := time.Now().Add(10 * time.Second); !ended && time.Now().Before(deadline); {
		_, m := ws.recv(time.Until(deadline))
		if m == nil {
			break
		}
		if m["type"] == "end" {
			r, _ := m["result"].(map[string]any)
			ended = r != nil && r["status"] == "cancelled"
			if !ended {
				t.Errorf("the end message: %v", m)
				break
			}
		}
	}
	if !ended {
		t.Error("the live client was not told the negotiation ended")
	}

	// A new server on the same store replays the abort.
	h2 := newHarness(t, db)
	var again struct {
		Status string
		Moves  int
		Result *struct{ Status, Reason string }
	}
	h2.must(http.StatusOK, "GET", base, adminToken, nil, &again)
	if again.Status != "cancelled" || again.Result == nil || again.Result.Status != "cancelled" || again.Result.Reason != live.AbortReason || again.Moves != 2 {
		t.Errorf("after a restart: %+v (result %+v)", again, again.Result)
	}
}
