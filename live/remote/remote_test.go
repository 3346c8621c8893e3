package remote_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/entente/entente/live/remote"
	"github.com/entente/entente/load"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
)

// agent serves a scripted agent: it records every message it receives,
// answers a bad message first on its first turn, then accepts any table
// from round 3 and otherwise offers the table (or its first welcome's
// first options).
type agent struct {
	mu   sync.Mutex
	seen []map[string]any
	raw  []string
}

func (a *agent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx := r.Context()
	var first map[string]any
	bad := true
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			return
		}
		var m map[string]any
		json.Unmarshal(data, &m) //nolint:errcheck // a test
		a.mu.Lock()
		a.seen = append(a.seen, m)
		a.raw = append(a.raw, string(data))
		a.mu.Unlock()
		if first == nil {
			first = m
		}
		if m["type"] != "your_turn" {
			continue
		}
		send := func(v any) { b, _ := json.Marshal(v); c.Write(ctx, websocket.MessageText, b) } //nolint:errcheck // a test
		if bad {
			bad = false
			send(map[string]any{"type": "offer", "id": 1, "package": map[string]any{"nonsense": 1}})
			continue
		}
		turn := m["turn"].(map[string]any)
		send(map[string]any{"type": "evaluate", "id": 2, "packages": []any{map[string]any{"model": "Aero 13", "memory": "8 GB", "price": 10}}})
		if table, ok := turn["table"]; ok && turn["round"].(float64) >= 3 {
			send(map[string]any{"type": "accept", "id": 3, "package": table})
		} else {
			send(map[string]any{"type": "offer", "id": 3, "package": map[string]any{"model": "Basalt 14", "memory": "16 GB", "price": 12}})
		}
	}
}

// A session with a remote agent: the agent is welcomed to its seat, told
// the events and its turns, its bad message costs it a turn (a fault),
// its evaluation is answered with its own utility, and it is told the end
// with its own utility only.
func TestRemoteAgent(t *testing.T) {
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	sc := res.Scenario
	a := &agent{}
	ts := httptest.NewServer(a)
	defer ts.Close()
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/"
	shop, err := negotiator.New("conceder", nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := protocol.Run(context.Background(), protocol.Config{Scenario: sc, Protocol: protocol.Alternating{Bilateral: true},
		Negotiators: []protocol.Negotiator{&remote.Negotiator{URL: url, Timeout: 5 * time.Second}, shop},
		Deadline:    protocol.Deadline{Rounds: 20}, Record: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != protocol.Agreement || r.Faults != 1 {
		t.Errorf("status %s with %d faults; want an agreement and the bad message's fault", r.Status, r.Faults)
	}
	time.Sleep(50 * time.Millisecond) // the end message
	a.mu.Lock()
	defer a.mu.Unlock()
	types := map[string]int{}
	for _, m := range a.seen {
		types[m["type"].(string)]++
	}
	for _, k := range []string{"welcome", "update", "your_turn", "error", "utilities", "ack", "end"} {
		if types[k] == 0 {
			t.Errorf("the agent got no %s message (got %v)", k, types)
		}
	}
	if you := a.seen[0]["you"].(map[string]any); you["party"] != "buyer" || you["reservation"].(float64) != 0.35 {
		t.Errorf("welcome: %v", a.seen[0])
	}
	end := a.seen[len(a.seen)-1]
	us := end["result"].(map[string]any)["utilities"].(map[string]any)
	if _, own := us["buyer"]; len(us) != 1 || !own {
		t.Errorf("the end shows utilities %v; want the buyer's only", us)
	}
	for _, raw := range a.raw {
		if strings.Contains(raw, `"shop":`) && strings.Contains(raw, "utilities") {
			t.Errorf("the shop's utilities reached the agent: %s", raw)
		}
	}
}

// An agent that never answers loses its turns: faults, not a hang.
func TestSilentAgent(t *testing.T) {
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			if _, _, err := c.Read(r.Context()); err != nil {
				return
			}
		}
	}))
	defer ts.Close()
	shop, _ := negotiator.New("hardliner", nil)
	start := time.Now()
	r, err := protocol.Run(context.Background(), protocol.Config{Scenario: res.Scenario, Protocol: protocol.Alternating{Bilateral: true},
		Negotiators: []protocol.Negotiator{&remote.Negotiator{URL: "ws" + strings.TrimPrefix(ts.URL, "http"), Timeout: 100 * time.Millisecond}, shop},
		Deadline:    protocol.Deadline{Rounds: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Faults == 0 || r.Status == protocol.Agreement || time.Since(start) > 5*time.Second {
		t.Errorf("a silent agent: %s, %d faults, %v", r.Status, r.Faults, time.Since(start))
	}
}
