package server

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/livetest"
	"github.com/entente/entente/live"
	"github.com/entente/entente/load"
)

// TestLoad drives many concurrent negotiations between remote agents over
// WebSocket on loopback (200, or ENTENTE_LOAD_NEGOTIATIONS; 50 under the
// race detector), and checks that every acknowledged move is in the log
// once, in order, and nothing else is: no move lost, none duplicated. It
// logs the moves per second and the latency from a move's sending to its
// acknowledgement (docs/benchmarks.md).
func TestLoad(t *testing.T) {
	n := 200
	if raceEnabled {
		n = 50
	}
	if s := os.Getenv("ENTENTE_LOAD_NEGOTIATIONS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, nil)
	scID := h.scenario("laptop")
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	sc := res.Scenario
	offers := make([]map[string]any, 0, 3)
	for k := range 3 {
		o := make(entente.Outcome, len(sc.Issues))
		for i := range sc.Issues {
			is := &sc.Issues[i]
			if is.Kind == entente.Discrete {
				o[i] = float64(k % len(is.Options))
			} else {
				o[i] = min(is.Min+float64(k), is.Max)
			}
		}
		offers = append(offers, sc.Values(o))
	}
	type game struct {
		id     string
		agents []*livetest.Agent
	}
	games := make([]game, n)
	wsBase := "ws" + strings.TrimPrefix(h.ts.URL, "http") + "/api/v1/negotiations/"
	for g := range games {
		c := h.create(live.Spec{Scenario: scID, Rounds: 10, Seats: []live.SeatSpec{
			{Party: sc.Parties[0].Name, Kind: live.Agent}, {Party: sc.Parties[1].Name, Kind: live.Agent}}})
		games[g].id = c.ID
		for p := range 2 {
			url := wsBase + c.ID + "/live"
			games[g].agents = append(games[g].agents, &livetest.Agent{URL: func() string { return url }, Token: c.Seats[p].Token,
				Decide: livetest.Conceder(offers, 4+p)})
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for _, g := range games {
		for _, a := range g.agents {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := a.Play(ctx); err != nil {
					errs <- err
				}
			}()
		}
	}
	time.Sleep(200 * time.Millisecond) // the agents join first
	start := time.Now()
	for _, g := range games {
		h.must(http.StatusOK, "POST", "/api/v1/negotiations/"+g.id+"/start", adminToken, nil, nil)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	var lat []time.Duration
	moves := 0
	for _, g := range games {
		var doc live.MovesDoc
		h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+g.id+"/moves", adminToken, nil, &doc)
		for p, a := range g.agents {
			var logged []string
			for _, m := range doc.Moves {
				if m.Party == sc.Parties[p].Name {
					logged = append(logged, m.Kind+fmt.Sprint(m.Package))
				}
			}
			var acked []string
			last := 0
			for _, ack := range a.Acked {
				kind := ack.Msg["type"].(string)
				pkg, _ := ack.Msg["package"].(map[string]any)
				acked = append(acked, kind+fmt.Sprint(pkg))
				if ack.Moves <= last {
					t.Errorf("%s: acks out of order: %d after %d", g.id, ack.Moves, last)
				}
				last = ack.Moves
			}
			if !slices.Equal(logged, acked) {
				t.Errorf("%s, %s: logged moves %v, acknowledged %v", g.id, sc.Parties[p].Name, logged, acked)
			}
			if a.Result == nil {
				t.Errorf("%s: no end", g.id)
			}
			moves += len(a.Acked)
			lat = append(lat, a.Latencies...)
		}
	}
	slices.Sort(lat)
	if len(lat) == 0 {
		t.Fatal("no moves")
	}
	pct := func(q float64) time.Duration { return lat[min(int(q*float64(len(lat))), len(lat)-1)] }
	t.Logf("%d negotiations, %d agents over WebSocket: %d moves in %v, %.0f moves/s; latency p50 %v, p99 %v",
		n, 2*n, moves, elapsed.Round(time.Millisecond), float64(moves)/elapsed.Seconds(), pct(0.5).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond))
}
