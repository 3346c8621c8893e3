// Package livetest is a client of the live protocol for tests: an agent
// that joins a seat, plays a simple strategy and records what the server
// acknowledged, reconnecting when the connection drops.
package livetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Agent plays one seat over the live protocol.
type Agent struct {
	// URL returns the live endpoint to (re)connect to: ws://host/api/v1/negotiations/ID/live.
	URL func() string
	// Token is the seat's token.
	Token string
	// Decide answers a turn: the message to send (type offer, accept,
	// walk or vote, with its fields).
	Decide func(turn map[string]any) map[string]any

	mu sync.Mutex
	// Acked are the moves the server acknowledged, in order, with the
	// moves count of each ack.
	Acked []Ack
	// Latencies are the times from sending a move to its ack.
	Latencies []time.Duration
	// Result is the end message's result.
	Result map[string]any
	// Reconnects counts the connections after the first.
	Reconnects int
	next       int
	since      int
}

// Ack is an acknowledged move.
type Ack struct {
	Msg   map[string]any
	Moves int
}

// Play plays until the negotiation ends or ctx is done, reconnecting when
// the connection drops.
func (a *Agent) Play(ctx context.Context) error {
	var last error
	for first := true; ctx.Err() == nil; first = false {
		if !first {
			a.mu.Lock()
			a.Reconnects++
			a.mu.Unlock()
			select {
			case <-ctx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
		done, err := a.session(ctx)
		if done {
			return nil
		}
		last = err
	}
	return fmt.Errorf("the negotiation did not end: %w (last error: %v)", ctx.Err(), last)
}

func (a *Agent) session(ctx context.Context) (bool, error) {
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	c, _, err := websocket.Dial(dctx, a.URL(), nil)
	cancel()
	if err != nil {
		return false, err
	}
	defer c.CloseNow()
	c.SetReadLimit(16 << 20)
	send := func(m map[string]any) error {
		b, _ := json.Marshal(m)
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		return c.Write(wctx, websocket.MessageText, b)
	}
	if err := send(map[string]any{"type": "join", "version": 1, "token": a.Token, "since": a.since}); err != nil {
		return false, err
	}
	sent := map[int]struct {
		msg map[string]any
		at  time.Time
	}{}
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			return false, err
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return false, err
		}
		switch m["type"] {
		case "update":
			a.since = int(m["next"].(float64))
		case "your_turn":
			turn := m["turn"].(map[string]any)
			mv := a.Decide(turn)
			a.next++
			mv["id"] = a.next
			sent[a.next] = struct {
				msg map[string]any
				at  time.Time
			}{mv, time.Now()}
			if err := send(mv); err != nil {
				return false, err
			}
		case "ack":
			id := int(m["id"].(float64))
			s, ok := sent[id]
			if !ok {
				return false, fmt.Errorf("an ack of a message never sent: %s", data)
			}
			delete(sent, id)
			a.mu.Lock()
			a.Acked = append(a.Acked, Ack{Msg: s.msg, Moves: int(m["moves"].(float64))})
			a.Latencies = append(a.Latencies, time.Since(s.at))
			a.mu.Unlock()
		case "error":
			e := m["error"].(map[string]any)
			if code := e["code"]; code == "conflict" && strings.Contains(fmt.Sprint(e["message"]), "ended") {
				continue
			}
			if id, ok := m["id"].(float64); ok {
				delete(sent, int(id))
			}
		case "end":
			a.mu.Lock()
			a.Result = m["result"].(map[string]any)
			a.mu.Unlock()
			return true, nil
		}
	}
}

// Conceder returns a Decide function for a two-issue-agnostic seat: it
// offers the packages of offers in turn and accepts any table from round
// acceptFrom on.
func Conceder(offers []map[string]any, acceptFrom int) func(map[string]any) map[string]any {
	i := 0
	return func(turn map[string]any) map[string]any {
		if turn["kind"] == "vote" {
			return map[string]any{"type": "vote", "accept": true, "prefer": true}
		}
		if t, ok := turn["table"]; ok && t != nil && int(turn["round"].(float64)) >= acceptFrom {
			return map[string]any{"type": "accept", "package": t}
		}
		o := offers[i%len(offers)]
		i++
		return map[string]any{"type": "offer", "package": o}
	}
}
