package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/serverdbtest"
	"github.com/entente/entente/live"
	"github.com/entente/entente/load"
	"github.com/entente/entente/store/serverdb"
	"github.com/entente/entente/utility"
)

// negotiation is the part of GET /negotiations/{id} the tests read.
type negotiation struct {
	Status   string
	Moves    int
	YourTurn *struct {
		Kind    string
		Round   int
		Table   map[string]any
		Utility *float64
	} `json:"your_turn"`
	Result *struct {
		Agreement bool
		Package   map[string]any
	}
}

// firstPackage is the package of every issue's first value.
func firstPackage(sc *entente.Scenario) map[string]any {
	o := make(entente.Outcome, len(sc.Issues))
	for i := range sc.Issues {
		o[i] = sc.Issues[i].Min
	}
	return sc.Values(o)
}

// playHTTP plays the person seats of a negotiation through the HTTP API
// until it ends: each offers the first package until round 3, then
// accepts what is on the table; each votes yes. visit is called with
// every answer a seat reads.
func playHTTP(t testing.TB, h *harness, id string, sc *entente.Scenario, tokens map[int]string, visit func(p int, body []byte)) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		moved := false
		for p, tok := range tokens {
			var n negotiation
			body := h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+id, tok, nil, &n)
			if visit != nil {
				visit(p, body)
			}
			if n.Result != nil {
				return
			}
			if n.YourTurn == nil {
				continue
			}
			var m map[string]any
			switch {
			case n.YourTurn.Kind == "vote":
				m = map[string]any{"kind": "vote", "accept": true, "prefer": true}
			case n.YourTurn.Table != nil && n.YourTurn.Round >= 3:
				m = map[string]any{"kind": "accept", "package": n.YourTurn.Table}
			default:
				m = map[string]any{"kind": "offer", "package": firstPackage(sc)}
			}
			body = h.must(http.StatusOK, "POST", "/api/v1/negotiations/"+id+"/moves", tok, m, nil)
			if visit != nil {
				visit(p, body)
			}
			moved = true
		}
		if !moved {
			time.Sleep(5 * time.Millisecond)
		}
	}
	t.Fatal("the negotiation did not end")
}

// secrets holds, by party, the numbers only that party may see: its
// reservation value, its utilities of every package offered, its
// constituencies' approvals.
type secrets map[int]map[float64]bool

func (s secrets) add(p int, x float64) {
	// Short numbers (0, 1, 0.5) are everywhere: only numbers with more
	// digits than a round share identify a party's utility.
	if len(strings.TrimLeft(fmt.Sprint(x), "-0.")) < 4 {
		return
	}
	if s[p] == nil {
		s[p] = map[float64]bool{}
	}
	s[p][x] = true
}

// leaks returns the numbers in a JSON document that are another party's
// secrets (and not the viewer's own), and the parties named as keys of
// "utilities" objects other than the viewer's.
func (s secrets) leaks(viewer int, names []string, doc []byte) []string {
	var found []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if (key == "utilities" || key == "discounted_utilities") && k != names[max(viewer, 0)] {
					found = append(found, fmt.Sprintf("%s of %s", key, k))
				}
				walk(k, x)
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case float64:
			if s[viewer][v] {
				return
			}
			for q, sec := range s {
				if q != viewer && sec[v] {
					found = append(found, fmt.Sprintf("%s=%v (a secret of %s)", key, v, names[q]))
				}
			}
		case string:
			// The native document of a seat's preferences is JSON too.
			if key == "preferences" {
				var inner any
				if json.Unmarshal([]byte(v), &inner) == nil {
					walk("", inner)
				}
			}
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(doc)), "\n") {
		var v any
		if json.Unmarshal([]byte(line), &v) != nil {
			if json.Unmarshal(doc, &v) != nil {
				return []string{"not JSON: " + string(doc)}
			}
			walk("", v)
			break
		}
		walk("", v)
	}
	return found
}

// TestLeakWalk plays a four-party negotiation with a bloc and two
// constituencies, and walks every endpoint and every message type as
// each seat, before the start, in the middle and after the end: no answer
// shows a seat another party's utilities, reservation value or
// constituency's approval, and no seat may act for another or read what
// is the admin's.
func TestLeakWalk(t *testing.T) {
	serverdbtest.Each(t, func(t *testing.T, open func() *serverdb.DB) {
		h := newHarness(t, open())
		scID := h.scenario("coalition-government")
		res, err := load.Example("coalition-government")
		if err != nil {
			t.Fatal(err)
		}
		sc := res.Scenario
		fns, err := utility.Compile(sc)
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, len(sc.Parties))
		for p := range names {
			names[p] = sc.Parties[p].Name
		}
		spec := live.Spec{Scenario: scID, Rounds: 30}
		for p, name := range names {
			kind := live.Person
			if p == 1 {
				kind = live.Agent
			}
			if p == 0 {
				kind = live.Builtin
			}
			spec.Seats = append(spec.Seats, live.SeatSpec{Party: name, Kind: kind})
		}
		c := h.create(spec)
		tokens := map[int]string{}
		for p, s := range c.Seats {
			if s.Token != "" {
				tokens[p] = s.Token
			}
		}
		other := h.create(live.Spec{Scenario: scID, Rounds: 5, Seats: []live.SeatSpec{{Party: names[2], Kind: live.Person}}})

		var seen = map[int][][]byte{}
		record := func(p int, body []byte) { seen[p] = append(seen[p], body) }
		base := "/api/v1/negotiations/" + c.ID
		walk := func(stage string) {
			for p, tok := range tokens {
				for _, ep := range []struct {
					method, path string
					body         any
					want         []int
				}{
					{"GET", base, nil, []int{200}},
					{"GET", base + "?since=2", nil, []int{200}},
					{"GET", base + "/seat", nil, []int{200}},
					{"POST", base + "/evaluate", map[string]any{"packages": []any{firstPackage(sc)}}, []int{200}},
					{"POST", base + "/evaluate", map[string]any{"packages": []any{firstPackage(sc)}, "ratification": true}, []int{200}},
					{"GET", base + "/trajectory", nil, []int{403}},
					{"GET", base + "/result", nil, []int{200, 409}},
					{"POST", base + "/moves", map[string]any{"kind": "walk"}, []int{409, 200}},
					{"POST", base + "/moves", map[string]any{"kind": "offer", "package": map[string]any{"nonsense": 1}}, []int{400}},
					{"POST", base + "/moves", `{"kind": "offer", `, []int{400}},
					{"GET", base + "/trace", nil, []int{403}},
					{"GET", base + "/moves", nil, []int{403}},
					{"POST", base + "/start", nil, []int{403}},
					{"POST", base + "/abort", nil, []int{403}},
					{"GET", "/api/v1/negotiations", nil, []int{401}},
					{"POST", "/api/v1/negotiations", spec, []int{401}},
					{"GET", "/api/v1/scenarios", nil, []int{401}},
					{"GET", "/api/v1/scenarios/" + scID, nil, []int{401}},
					{"DELETE", "/api/v1/scenarios/" + scID, nil, []int{401}},
					{"POST", "/api/v1/scenarios", map[string]string{"example": "laptop"}, []int{401}},
					{"POST", "/api/v1/scenarios/validate", map[string]string{"example": "laptop"}, []int{401}},
					{"POST", "/api/v1/analyses", map[string]string{"scenario": scID}, []int{401}},
					{"POST", "/api/v1/robustness", map[string]string{"scenario": scID}, []int{401}},
					{"POST", "/api/v1/forecasts", map[string]any{}, []int{401}},
					{"POST", "/api/v1/tournaments", map[string]string{"plan": ""}, []int{401}},
					{"GET", "/api/v1/jobs/x", nil, []int{401}},
					{"GET", "/api/v1/jobs", nil, []int{401}},
					{"GET", "/api/v1/scenarios/" + scID + "/source", nil, []int{401}},
					{"GET", "/api/v1/scenarios/" + scID + "/numbers", nil, []int{401}},
					{"POST", "/api/v1/scenarios/" + scID + "/whatif", map[string]any{"set": []any{}}, []int{401}},
					{"POST", "/api/v1/scenarios/" + scID + "/compare", map[string]any{"variants": []any{}}, []int{401}},
					{"POST", "/api/v1/scenarios/" + scID + "/export", map[string]any{"set": []any{}}, []int{401}},
					{"GET", "/api/v1/scenarios/" + scID + "/variants", nil, []int{401}},
					{"POST", "/api/v1/scenarios/" + scID + "/variants", map[string]any{"name": "x", "set": []any{}}, []int{401}},
					{"GET", "/api/v1/tournaments/x/league", nil, []int{401}},
					{"GET", "/api/v1/tournaments/x/results", nil, []int{401}},
					// Another negotiation's endpoints: the token is unknown there.
					{"GET", "/api/v1/negotiations/" + other.ID, nil, []int{401}},
					{"GET", "/api/v1/negotiations/" + other.ID + "/seat", nil, []int{401}},
					{"POST", "/api/v1/negotiations/" + other.ID + "/moves", map[string]any{"kind": "walk"}, []int{401}},
					{"GET", "/api/v1/negotiations/nonexistent", nil, []int{401}},
				} {
					if ep.method == "POST" && strings.HasSuffix(ep.path, "/moves") && stage != "end" {
						// A walk-away in the middle would end it: only
						// when it is not this seat's turn (409) is it sent.
						var n negotiation
						h.must(200, "GET", base, tok, nil, &n)
						if n.YourTurn != nil {
							continue
						}
					}
					code, body := h.do(ep.method, ep.path, tok, ep.body)
					if !containsInt(ep.want, code) {
						t.Errorf("%s, %s: %s %s: status %d, want %v: %s", stage, names[p], ep.method, ep.path, code, ep.want, body)
					}
					if code == 401 || code == 403 {
						if s := string(body); strings.Contains(s, c.ID) || strings.Contains(s, other.ID) || strings.Contains(s, "seat") {
							t.Errorf("%s: a %d says more than it should: %s", ep.path, code, body)
						}
					}
					record(p, body)
				}
				// Every message type of the live protocol.
				w := h.dial(c.ID)
				w.send(map[string]any{"type": "join", "version": 1, "token": tok})
				for _, m := range []any{
					map[string]any{"type": "evaluate", "id": 1, "packages": []any{firstPackage(sc)}},
					map[string]any{"type": "vote", "id": 2, "accept": true},
					map[string]any{"type": "accept", "id": 3, "package": firstPackage(sc)},
					map[string]any{"type": "offer", "id": 4, "package": map[string]any{"x": 1}},
					map[string]any{"type": "join", "id": 5, "version": 1, "token": tok},
					map[string]any{"type": "nonsense", "id": 6},
					`{"type": "offer", "id": 7, `,
				} {
					w.send(m)
				}
				for {
					data, msg := w.recv(300 * time.Millisecond)
					if msg == nil {
						break
					}
					record(p, data)
				}
				w.c.CloseNow()
			}
			// A live connection with another negotiation's token, or none.
			for _, tok := range []string{tokens[2], "", "garbage"} {
				w := h.dial(other.ID)
				w.send(map[string]any{"type": "join", "version": 1, "token": tok})
				data, msg := w.recv(5 * time.Second)
				if msg == nil || msg["type"] != "error" || !strings.Contains(string(data), "unauthorized") {
					t.Errorf("joining another negotiation: %s", data)
				}
			}
		}
		walk("created")
		h.must(200, "POST", base+"/start", adminToken, nil, nil)
		walk("started")
		playHTTP(t, h, c.ID, sc, tokens, record)
		walk("end")

		var res2 struct {
			Agreement    bool
			Ratification []any
		}
		h.must(200, "GET", base+"/result", adminToken, nil, &res2)
		if !res2.Agreement || len(res2.Ratification) == 0 {
			t.Fatalf("the walk needs an agreement with ratification to check: %+v", res2)
		}

		// The secrets, from the trace (every offered package) and the
		// scenario, computed here.
		sec := secrets{}
		for p, f := range fns {
			sec.add(p, f.Reservation())
		}
		trace := h.must(200, "GET", base+"/trace", adminToken, nil, nil)
		for _, line := range strings.Split(strings.TrimSpace(string(trace)), "\n") {
			var e struct {
				Package      map[string]any
				Ratification []struct {
					Party               string
					Approval, Threshold float64
				}
			}
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				t.Fatal(err)
			}
			if e.Package != nil {
				o, err := live.ParsePackage(sc, e.Package)
				if err != nil {
					t.Fatal(err)
				}
				for p, f := range fns {
					sec.add(p, f.Utility(o))
					sec.add(p, math.Round(f.Utility(o)*1e12)/1e12)
				}
			}
			for _, r := range e.Ratification {
				sec.add(sc.PartyIndex(r.Party), r.Approval)
			}
		}
		for p, bodies := range seen {
			for _, b := range bodies {
				if l := sec.leaks(p, names, b); len(l) > 0 {
					t.Errorf("%s sees %v in %s", names[p], l, b)
				}
			}
		}
		// The walk can fail: the admin's answers hold every secret.
		if l := sec.leaks(1, names, trace); len(l) == 0 {
			t.Error("the leak check finds nothing in the trace, which holds every party's utilities")
		}
	})
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
