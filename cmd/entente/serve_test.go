package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/entente/entente/internal/livetest"
	"github.com/entente/entente/internal/pgtest"
)

const serveAdmin = "serve-test-admin-token-0123"

// server is an "entente serve" child process (this test binary, installed
// as entente by TestMain).
type serveProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
	mu   *sync.Mutex
}

// startServer starts "entente serve" with args on a free loopback port
// and waits until it listens.
func startServer(t *testing.T, args ...string) *serveProc {
	t.Helper()
	bin, err := exec.LookPath("entente")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "ENTENTE_ADMIN_TOKEN="+serveAdmin)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &serveProc{t: t, cmd: cmd, logs: &bytes.Buffer{}, mu: &sync.Mutex{}}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() }) //nolint:errcheck // may have ended
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.logs.WriteString(line + "\n")
			s.mu.Unlock()
			if _, rest, ok := strings.Cut(line, "listening on "); ok {
				addr, _, _ := strings.Cut(rest, " ")
				select {
				case found <- addr:
				default:
				}
			}
		}
	}()
	select {
	case s.url = <-found:
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not start: %s", s.log())
	}
	return s
}

func (s *serveProc) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// do sends a request, checks its status and decodes its answer into v.
func (s *serveProc) do(want int, method, path, token string, body, v any) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		s.t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, data)
	}
	if v != nil {
		if err := json.Unmarshal(data, v); err != nil {
			s.t.Fatalf("%s %s: %v: %s", method, path, err, data)
		}
	}
}

func (s *serveProc) live(id string) string {
	return "ws" + strings.TrimPrefix(s.url, "http") + "/api/v1/negotiations/" + id + "/live"
}

type createdNegotiation struct {
	ID    string
	Seats []struct{ Party, Kind, Token string }
}

func (s *serveProc) negotiation(example string, spec map[string]any) *createdNegotiation {
	var sc struct{ ID string }
	s.do(201, "POST", "/api/v1/scenarios", serveAdmin, map[string]string{"example": example}, &sc)
	spec["scenario"] = sc.ID
	var c createdNegotiation
	s.do(201, "POST", "/api/v1/negotiations", serveAdmin, spec, &c)
	return &c
}

// state is the part of a negotiation the tests read.
type state struct {
	Status   string
	Moves    int
	Round    int
	YourTurn *struct {
		Kind    string
		Round   int
		Table   map[string]any
		Utility *float64
	} `json:"your_turn"`
	Events []struct {
		Party, Action string
		Package       map[string]any
	}
	Result map[string]any
}

// interpreter returns the path of an interpreter, skipping the test without
// it (failing it in CI, whose .ci/run installs it).
func interpreter(t *testing.T, name string) string {
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing; .ci/run installs it", name)
		}
		t.Skipf("%s is missing", name)
	}
	return path
}

// TestServeThreeParties: a person through the HTTP API, a remote agent
// (the Python example, then the Node one) and a built-in negotiator
// finish a three-party negotiation of the ceasefire example; the result,
// with ratification, is the document "entente negotiate --moves --json"
// writes for the same moves, byte for byte. The coalition-government
// example (four parties, two constituencies) checks the ratification's
// numbers too.
func TestServeThreeParties(t *testing.T) {
	type setup struct {
		example, person, agent string
		builtins               []string
		best                   map[string]any
	}
	for _, c := range []struct {
		name, runtime, file string
		setup
	}{
		{"python3", "python3", "agent.py", setup{"ceasefire", "government", "movement", []string{"mediator"},
			map[string]any{"withdrawal": 90, "guarantee": "peacekeepers", "army caps": "none", "autonomy": "none"}}},
		{"node", "node", "agent.js", setup{"ceasefire", "government", "movement", []string{"mediator"},
			map[string]any{"withdrawal": 90, "guarantee": "peacekeepers", "army caps": "none", "autonomy": "none"}}},
		{"python3-ratification", "python3", "agent.py", setup{"coalition-government", "Greens", "Social Democrats", []string{"People's Party", "Regional Alliance"},
			map[string]any{"prime minister": "Social Democrats", "finance ministry": "Greens", "budget rule": "investment exemption", "coal exit": "2030",
				"minimum wage": 15, "regional fund": "1 billion", "migration": "easier naturalisation"}}},
	} {
		agent := c
		t.Run(c.name, func(t *testing.T) {
			interp := interpreter(t, agent.runtime)
			srv := startServer(t, "--data", t.TempDir())
			seats := []map[string]any{{"party": c.person, "kind": "person"}, {"party": c.agent, "kind": "agent"}}
			builtinFlags := []string{}
			for _, b := range c.builtins {
				seats = append(seats, map[string]any{"party": b, "kind": "builtin", "strategy": "conceder"})
				builtinFlags = append(builtinFlags, "--party", b+"=conceder")
			}
			neg := srv.negotiation(c.example, map[string]any{"rounds": 60, "seed": 5, "seats": seats})
			c := struct {
				*createdNegotiation
				setup
			}{neg, c.setup}
			token := map[string]string{}
			for _, st := range neg.Seats {
				token[st.Party] = st.Token
			}
			script, err := filepath.Abs("../../examples/agents/" + agent.file)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, interp, script, srv.live(c.ID), token[c.agent])
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			srv.do(200, "POST", "/api/v1/negotiations/"+c.ID+"/start", serveAdmin, nil, nil)
			// The person: asks the server for its own utilities, and
			// accepts a table worth at least 0.55 from round 10 on, offering
			// its best package before.
			tok := token[c.person]
			best := c.best
			for deadline := time.Now().Add(60 * time.Second); ; {
				if time.Now().After(deadline) {
					t.Fatalf("the negotiation did not end; agent: %s", errb.String())
				}
				var st state
				srv.do(200, "GET", "/api/v1/negotiations/"+c.ID, tok, nil, &st)
				if st.Result != nil {
					break
				}
				if st.YourTurn == nil {
					time.Sleep(5 * time.Millisecond)
					continue
				}
				move := map[string]any{"kind": "offer", "package": best}
				if y := st.YourTurn; y.Table != nil && y.Round >= 10 && *y.Utility >= 0.55 {
					move = map[string]any{"kind": "accept", "package": y.Table}
				}
				srv.do(200, "POST", "/api/v1/negotiations/"+c.ID+"/moves", tok, move, nil)
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("the agent: %v\n%s\n%s", err, out.String(), errb.String())
			}
			var got json.RawMessage
			srv.do(200, "GET", "/api/v1/negotiations/"+c.ID+"/result", serveAdmin, nil, &got)
			var doc struct {
				Agreement    bool
				Ratification []any
			}
			if err := json.Unmarshal(got, &doc); err != nil || !doc.Agreement {
				t.Fatalf("no agreement: %s", got)
			}
			if c.example == "coalition-government" && len(doc.Ratification) == 0 {
				t.Fatalf("no ratification: %s", got)
			}
			var moves json.RawMessage
			srv.do(200, "GET", "/api/v1/negotiations/"+c.ID+"/moves", serveAdmin, nil, &moves)
			dir := t.TempDir()
			movesFile := filepath.Join(dir, "moves.json")
			if err := os.WriteFile(movesFile, moves, 0o600); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			args := append([]string{"negotiate", "--json", "--moves", movesFile, "--rounds", "60", "--seed", "5"}, builtinFlags...)
			code := run(append(args, c.example), &stdout, &stderr)
			if code != 0 {
				t.Fatalf("negotiate: exit %d: %s", code, stderr.String())
			}
			// The same document, byte for byte (the server's answer as
			// sent, the command's output as written).
			if want := bytes.TrimSpace(stdout.Bytes()); !bytes.Equal(bytes.TrimSpace(got), want) {
				t.Errorf("the server's result:\n%s\nnegotiate --moves:\n%s", got, want)
			}
		})
	}
}

// playPerson makes seat tok's moves through the API while it has the
// turn, up to n moves, and returns the moves acknowledged.
func playPerson(t *testing.T, srv *serveProc, id, tok string, n int, offer map[string]any) int {
	done := 0
	for deadline := time.Now().Add(30 * time.Second); done < n && time.Now().Before(deadline); {
		var st state
		srv.do(200, "GET", "/api/v1/negotiations/"+id, tok, nil, &st)
		if st.Result != nil {
			return done
		}
		if st.YourTurn == nil {
			time.Sleep(2 * time.Millisecond)
			continue
		}
		srv.do(200, "POST", "/api/v1/negotiations/"+id+"/moves", tok, map[string]any{"kind": "offer", "package": offer}, nil)
		done++
	}
	return done
}

// TestServeKilled kills the server (SIGKILL) in the middle of live
// negotiations and starts it again on the same data: every acknowledged
// move is there, the sessions resume where they were (a round deadline
// paused), a wall-clock deadline kept running while the server was down,
// and clients reconnect with their tokens and finish.
func TestServeKilled(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, "--data", data)
	offerA := map[string]any{"price": 10, "model": "Aero 13", "memory": "8 GB"}
	offerB := map[string]any{"price": 14, "model": "Cobalt 16", "memory": "32 GB"}
	rounds := srv.negotiation("laptop", map[string]any{"rounds": 40, "seats": []map[string]any{
		{"party": "buyer", "kind": "person"}, {"party": "shop", "kind": "person"}}})
	clock := srv.negotiation("laptop", map[string]any{"seconds": 3, "seats": []map[string]any{
		{"party": "buyer", "kind": "person"}, {"party": "shop", "kind": "builtin", "strategy": "hardliner"}}})
	for _, c := range []*createdNegotiation{rounds, clock} {
		srv.do(200, "POST", "/api/v1/negotiations/"+c.ID+"/start", serveAdmin, nil, nil)
	}
	acked := 0
	for range 5 {
		acked += playPerson(t, srv, rounds.ID, rounds.Seats[0].Token, 1, offerA)
		acked += playPerson(t, srv, rounds.ID, rounds.Seats[1].Token, 1, offerB)
	}
	var before state
	srv.do(200, "GET", "/api/v1/negotiations/"+rounds.ID, serveAdmin, nil, &before)
	if before.Moves != acked || acked != 10 {
		t.Fatalf("%d moves before the kill, %d acknowledged", before.Moves, acked)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.cmd.Wait()              //nolint:errcheck // killed
	time.Sleep(3 * time.Second) // past the wall-clock deadline, while down

	srv = startServer(t, "--data", data)
	var after state
	srv.do(200, "GET", "/api/v1/negotiations/"+rounds.ID, serveAdmin, nil, &after)
	if after.Moves != before.Moves || after.Round != before.Round || after.Status != "running" || len(after.Events) != len(before.Events) {
		t.Fatalf("after the restart: %d moves in round %d (%s), %d events; before: %d moves in round %d, %d events",
			after.Moves, after.Round, after.Status, len(after.Events), before.Moves, before.Round, len(before.Events))
	}
	for i, e := range before.Events {
		a := after.Events[i]
		if fmt.Sprint(a) != fmt.Sprint(e) {
			t.Errorf("event %d: %v after the restart, %v before", i, a, e)
		}
	}
	// The wall-clock deadline ran on while the server was down.
	var ended state
	for deadline := time.Now().Add(5 * time.Second); ; {
		srv.do(200, "GET", "/api/v1/negotiations/"+clock.ID, serveAdmin, nil, &ended)
		if ended.Result != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if ended.Result == nil || ended.Result["status"] != "deadline" {
		t.Errorf("the negotiation with a 3 s deadline, 3 s after a kill: %+v", ended)
	}
	// The clients reconnect with their tokens and finish.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	agents := []*livetest.Agent{}
	for p, offer := range []map[string]any{offerA, offerB} {
		a := &livetest.Agent{URL: func() string { return srv.live(rounds.ID) }, Token: rounds.Seats[p].Token, Decide: livetest.Conceder([]map[string]any{offer}, 8)}
		agents = append(agents, a)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := a.Play(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if agents[0].Result == nil || agents[0].Result["agreement"] != true {
		t.Errorf("after the restart: %v", agents[0].Result)
	}
}

// TestServeTerminated: SIGTERM closes live connections with a reason and
// the server exits 0, every acknowledged move committed.
func TestServeTerminated(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, "--data", data)
	c := srv.negotiation("laptop", map[string]any{"rounds": 40, "seats": []map[string]any{{"party": "buyer", "kind": "person"}}})
	srv.do(200, "POST", "/api/v1/negotiations/"+c.ID+"/start", serveAdmin, nil, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, srv.live(c.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	join, _ := json.Marshal(map[string]any{"type": "join", "version": 1, "token": c.Seats[0].Token})
	if err := conn.Write(ctx, websocket.MessageText, join); err != nil {
		t.Fatal(err)
	}
	if _, _, err := conn.Read(ctx); err != nil { // welcome
		t.Fatal(err)
	}
	if n := playPerson(t, srv, c.ID, c.Seats[0].Token, 3, map[string]any{"price": 10, "model": "Aero 13", "memory": "8 GB"}); n != 3 {
		t.Fatalf("%d moves", n)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var closeErr websocket.CloseError
	for {
		_, _, err := conn.Read(ctx)
		if err != nil {
			if !errors.As(err, &closeErr) {
				t.Fatalf("the connection ended without a close frame: %v", err)
			}
			break
		}
	}
	if closeErr.Code != websocket.StatusGoingAway || !strings.Contains(closeErr.Reason, "shutting down") {
		t.Errorf("closed with %v %q", closeErr.Code, closeErr.Reason)
	}
	if err := srv.cmd.Wait(); err != nil {
		t.Errorf("the server exited with %v: %s", err, srv.log())
	}
	srv = startServer(t, "--data", data)
	var st state
	srv.do(200, "GET", "/api/v1/negotiations/"+c.ID, serveAdmin, nil, &st)
	if st.Moves < 6 { // three of the person's, three of the built-in's
		t.Errorf("%d moves after the restart", st.Moves)
	}
}

// TestServeReplicas runs two servers on one PostgreSQL database with a
// client on each, and kills one in the middle of the session: the other
// serves its client (reconnected as a load balancer would), live updates
// cross from one server to the other, and the negotiation finishes with
// every acknowledged move logged once.
func TestServeReplicas(t *testing.T) {
	url := pgtest.Fresh(t)
	a := startServer(t, "--db", url)
	b := startServer(t, "--db", url)
	c := a.negotiation("laptop", map[string]any{"rounds": 30, "seats": []map[string]any{
		{"party": "buyer", "kind": "agent"}, {"party": "shop", "kind": "agent"}}})
	// The negotiation created on a is visible on b.
	b.do(200, "POST", "/api/v1/negotiations/"+c.ID+"/start", serveAdmin, nil, nil)
	var mu sync.Mutex
	target := map[int]*serveProc{0: a, 1: b}
	offers := []map[string]any{{"price": 10, "model": "Aero 13", "memory": "8 GB"}, {"price": 14, "model": "Cobalt 16", "memory": "32 GB"}}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	agents := make([]*livetest.Agent, 2)
	for p := range 2 {
		// The buyer slows down so that the kill lands mid-session.
		decide := livetest.Conceder([]map[string]any{offers[p]}, 15)
		if p == 0 {
			inner := decide
			decide = func(turn map[string]any) map[string]any { time.Sleep(20 * time.Millisecond); return inner(turn) }
		}
		agents[p] = &livetest.Agent{URL: func() string { mu.Lock(); defer mu.Unlock(); return target[p].live(c.ID) }, Token: c.Seats[p].Token, Decide: decide}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := agents[p].Play(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	// Kill as soon as both seats have moved (a loaded machine may take a
	// while to connect them); the buyer's pace leaves the session far from
	// its end then.
	var mid state
	for wait := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		a.do(200, "GET", "/api/v1/negotiations/"+c.ID, serveAdmin, nil, &mid)
		if mid.Result != nil || mid.Moves >= 2 || time.Now().After(wait) {
			break
		}
	}
	if mid.Result != nil || mid.Moves < 2 {
		cancel()
		wg.Wait()
		t.Fatalf("the kill should land mid-session: %d moves, result %v", mid.Moves, mid.Result)
	}
	mu.Lock()
	target[1] = a // the load balancer sends b's client to a
	mu.Unlock()
	b.cmd.Process.Signal(syscall.SIGKILL) //nolint:errcheck // checked by the reconnection
	wg.Wait()
	if agents[1].Reconnects == 0 {
		t.Error("the client on the killed server did not reconnect")
	}
	for p, ag := range agents {
		if ag.Result == nil || ag.Result["agreement"] != true {
			t.Errorf("seat %d: %v", p, ag.Result)
		}
	}
	var doc struct {
		Moves []struct {
			Party, Kind string
			Package     map[string]any
		}
	}
	a.do(200, "GET", "/api/v1/negotiations/"+c.ID+"/moves", serveAdmin, nil, &doc)
	for p, ag := range agents {
		var logged, acked []string
		for _, m := range doc.Moves {
			if m.Party == []string{"buyer", "shop"}[p] {
				logged = append(logged, m.Kind+fmt.Sprint(m.Package))
			}
		}
		for _, k := range ag.Acked {
			pkg, _ := k.Msg["package"].(map[string]any)
			acked = append(acked, k.Msg["type"].(string)+fmt.Sprint(pkg))
		}
		if strings.Join(logged, ";") != strings.Join(acked, ";") {
			t.Errorf("seat %d: logged %v, acknowledged %v", p, logged, acked)
		}
	}
}

// TestTournamentRemoteAgent: a tournament plan names the example agent
// (Python, then Node), served at a URL, beside a built-in strategy; the
// tournament dials it for each negotiation and the league table ranks it.
func TestTournamentRemoteAgent(t *testing.T) {
	for _, a := range []struct{ runtime, file string }{{"python3", "agent.py"}, {"node", "agent.js"}} {
		t.Run(a.runtime, func(t *testing.T) { tournamentRemoteAgent(t, a.runtime, a.file) })
	}
}

func tournamentRemoteAgent(t *testing.T, runtime, file string) {
	interp := interpreter(t, runtime)
	script, err := filepath.Abs("../../examples/agents/" + file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(interp, script, "--serve", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }() //nolint:errcheck // killed
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "serving at "); ok {
				urls <- u
			}
		}
	}()
	var url string
	select {
	case url = <-urls:
	case <-time.After(10 * time.Second):
		t.Fatal("the agent did not start")
	}
	dir := t.TempDir()
	for _, f := range []string{"laptop.yaml", "laptop-seller.yaml"} {
		b, err := os.ReadFile("../../examples/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	plan := fmt.Sprintf("tournament: 1\nname: remote\nseed: 1\nscenarios: [laptop.yaml]\nnegotiators:\n  - conceder\n  - {name: python, strategy: %q}\nrepetitions: 2\ndeadline: {rounds: 50}\n", url)
	planFile := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(planFile, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, errb bytes.Buffer
	if code := run([]string{"tournament", planFile}, &stdout, &errb); code != 0 {
		t.Fatalf("tournament: exit %d: %s", code, errb.String())
	}
	stdout.Reset()
	if code := run([]string{"tournament", "report", "--json", filepath.Join(dir, "plan.results.db")}, &stdout, &errb); code != 0 {
		t.Fatalf("tournament report: exit %d: %s", code, errb.String())
	}
	var rep struct {
		Errors int
		Tables []struct {
			Standings []struct {
				Negotiator string
				Matches    int
				Agreements struct{ Mean float64 }
			}
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	found := false
	for _, tb := range rep.Tables {
		for _, s := range tb.Standings {
			if s.Negotiator == "python" {
				found = true
				if s.Matches != 2 || s.Agreements.Mean != 1 {
					t.Errorf("the remote agent's standing: %+v", s)
				}
			}
		}
	}
	if !found || rep.Errors != 0 {
		t.Errorf("the league table: %s", stdout.String())
	}
}

// TestServeJobs: analyses, robustness runs, forecasts and tournaments run
// in the background with progress, and each result is the document the
// command line writes for the same input, byte for byte.
func TestServeJobs(t *testing.T) {
	srv := startServer(t, "--data", t.TempDir())
	scenario := func(example string) string {
		var sc struct{ ID string }
		srv.do(201, "POST", "/api/v1/scenarios", serveAdmin, map[string]string{"example": example}, &sc)
		return sc.ID
	}
	ceasefire, err := os.ReadFile("../../examples/ceasefire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plan := "tournament: 1\nname: jobs\nseed: 3\nscenarios: [laptop]\nnegotiators: [conceder, boulware, hardliner]\nrepetitions: 2\ndeadline: {rounds: 100}\n"
	planFile := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(planFile, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) []byte {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		return stdout.Bytes()
	}
	cli("tournament", planFile)
	for _, c := range []struct {
		name, path string
		params     any
		want       []byte
	}{
		{"analysis", "/api/v1/analyses", map[string]any{"scenario": scenario("laptop")}, cli("analyze", "--json", "laptop")},
		{"robustness", "/api/v1/robustness", map[string]any{"scenario": scenario("coalition-government"), "samples": 300, "seed": 4},
			cli("analyze", "--json", "--samples", "300", "--seed", "4", "coalition-government")},
		{"forecast", "/api/v1/forecasts", map[string]any{"file": map[string]string{"name": "../../examples/ceasefire.yaml", "content": string(ceasefire)}},
			cli("forecast", "--json", "../../examples/ceasefire.yaml")},
		{"tournament", "/api/v1/tournaments", map[string]any{"plan": plan}, cli("tournament", "report", "--json", filepath.Join(dir, "plan.results.db"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			var job struct {
				ID, Status, Error string
				Progress          float64
				Result            json.RawMessage
			}
			srv.do(202, "POST", c.path, serveAdmin, c.params, &job)
			for deadline := time.Now().Add(60 * time.Second); job.Status != "done" && job.Status != "failed"; {
				if time.Now().After(deadline) {
					t.Fatalf("the job did not finish: %+v", job)
				}
				time.Sleep(20 * time.Millisecond)
				srv.do(200, "GET", "/api/v1/jobs/"+job.ID, serveAdmin, nil, &job)
			}
			if job.Status != "done" || job.Progress != 1 {
				t.Fatalf("%+v", job)
			}
			var got, want bytes.Buffer
			json.Indent(&got, job.Result, "", "  ") //nolint:errcheck // checked below
			json.Indent(&want, c.want, "", "  ")    //nolint:errcheck // checked below
			if got.Len() == 0 || !bytes.Equal(bytes.TrimSpace(got.Bytes()), bytes.TrimSpace(want.Bytes())) {
				t.Errorf("the job's result differs from the command line's: %s", firstDiff(got.String(), want.String()))
			}
			if c.name == "tournament" {
				var league json.RawMessage
				srv.do(200, "GET", "/api/v1/tournaments/"+job.ID+"/league", serveAdmin, nil, &league)
				var a, b bytes.Buffer
				json.Indent(&a, league, "", "  ") //nolint:errcheck // compared
				json.Indent(&b, c.want, "", "  ") //nolint:errcheck // compared
				if !bytes.Equal(bytes.TrimSpace(a.Bytes()), bytes.TrimSpace(b.Bytes())) {
					t.Errorf("the league table: %s", league)
				}
			}
		})
	}
	// Mistakes are answered at once, with the field.
	code, body := srv.raw("POST", "/api/v1/analyses", serveAdmin, `{"scenario": "nope"}`)
	if code != 400 || !strings.Contains(body, "no scenario") {
		t.Errorf("an analysis of a missing scenario: %d %s", code, body)
	}
	code, body = srv.raw("POST", "/api/v1/tournaments", serveAdmin, `{"plan": "tournament: 1\nscenarios: [laptop]\nnegotiators: [nonsense]\n"}`)
	if code != 400 || !strings.Contains(body, "nonsense") {
		t.Errorf("a plan with an unknown strategy: %d %s", code, body)
	}
}

// raw sends a request with a raw JSON body and returns its status and body.
func (s *serveProc) raw(method, path, token, body string) (int, string) {
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// firstDiff shows where two texts first differ, line by line.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: %q, not %q", i+1, x, y)
		}
	}
	return "no difference"
}

// runner returns the job runner's name a server printed.
func (s *serveProc) runner() string {
	_, rest, _ := strings.Cut(s.log(), "job runner ")
	name, _, _ := strings.Cut(rest, ")")
	return name
}

// TestServeReplicaJobs: a tournament job runs on one of two replicas
// sharing PostgreSQL; that replica is killed mid-job, and the other takes
// the job over when its lease runs out and finishes it, every negotiation
// stored once.
func TestServeReplicaJobs(t *testing.T) {
	url := pgtest.Fresh(t)
	replicas := []*serveProc{startServer(t, "--db", url, "--job-lease", "1s"), startServer(t, "--db", url, "--job-lease", "1s")}
	plan := "tournament: 1\nname: takeover\nseed: 2\nscenarios: [ceasefire]\nnegotiators: [conceder, boulware, linear, hardliner, titfortat, frequency]\nrepetitions: 3\ndeadline: {rounds: 1000}\n"
	var job struct {
		ID, Status, Owner string
		Progress          float64
		Attempts          int
	}
	replicas[0].do(202, "POST", "/api/v1/tournaments", serveAdmin, map[string]string{"plan": plan}, &job)
	for deadline := time.Now().Add(30 * time.Second); job.Status != "running" || job.Progress == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) || job.Status == "done" {
			t.Fatalf("the job should be caught running: %+v", job)
		}
		replicas[1].do(200, "GET", "/api/v1/jobs/"+job.ID, serveAdmin, nil, &job)
	}
	var dead, alive *serveProc
	for k, r := range replicas {
		if r.runner() == job.Owner {
			dead, alive = r, replicas[1-k]
		}
	}
	if dead == nil {
		t.Fatalf("no replica runs %q (%q, %q)", job.Owner, replicas[0].runner(), replicas[1].runner())
	}
	dead.cmd.Process.Signal(syscall.SIGKILL) //nolint:errcheck // checked by the takeover
	dead.cmd.Wait()                          //nolint:errcheck // killed
	killedAt := job.Progress
	for deadline := time.Now().Add(60 * time.Second); job.Status != "done" && job.Status != "failed"; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the job was not taken over: %+v", job)
		}
		alive.do(200, "GET", "/api/v1/jobs/"+job.ID, serveAdmin, nil, &job)
	}
	if job.Status != "done" || job.Attempts != 2 || job.Owner != alive.runner() {
		t.Fatalf("after the takeover: %+v", job)
	}
	var league struct{ Negotiations, Total, Errors, Missing int }
	alive.do(200, "GET", "/api/v1/tournaments/"+job.ID+"/league", serveAdmin, nil, &league)
	if league.Total != 360 || league.Negotiations != 360 || league.Errors != 0 || league.Missing != 0 {
		t.Errorf("the league after the takeover (killed at %.0f%%): %+v", 100*killedAt, league)
	}
	req, _ := http.NewRequest("GET", alive.url+"/api/v1/tournaments/"+job.ID+"/results", nil)
	req.Header.Set("Authorization", "Bearer "+serveAdmin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if n := bytes.Count(b, []byte("\n")); n != 360 {
		t.Errorf("%d results stored; want 360, each once", n)
	}
}

// TestServeAdminToken: without a token given, the first start prints a new
// one (only its hash is stored); the next start prints none, and the same
// token still works.
func TestServeAdminToken(t *testing.T) {
	data := t.TempDir()
	bin, err := exec.LookPath("entente")
	if err != nil {
		t.Fatal(err)
	}
	start := func() (*exec.Cmd, *bytes.Buffer, string) {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
		cmd.Env = slicesDelete(os.Environ(), "ENTENTE_ADMIN_TOKEN=")
		var logs bytes.Buffer
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.WriteString(sc.Text() + "\n")
			if _, rest, ok := strings.Cut(sc.Text(), "listening on "); ok {
				addr, _, _ := strings.Cut(rest, " ")
				go io.Copy(io.Discard, stderr) //nolint:errcheck // drained
				return cmd, &logs, addr
			}
		}
		t.Fatalf("no start: %s", logs.String())
		return nil, nil, ""
	}
	cmd, logs, _ := start()
	_, tok, ok := strings.Cut(logs.String(), "admin token (shown once; only its hash is stored): ")
	tok, _, _ = strings.Cut(tok, "\n")
	if !ok || len(tok) < 40 {
		t.Fatalf("no token printed: %s", logs.String())
	}
	cmd.Process.Kill() //nolint:errcheck // restarted
	cmd.Wait()         //nolint:errcheck // killed
	cmd, logs, addr := start()
	defer func() { cmd.Process.Kill(); cmd.Wait() }() //nolint:errcheck // the end
	if strings.Contains(logs.String(), "admin token") {
		t.Errorf("the token was printed again: %s", logs.String())
	}
	for _, c := range []struct {
		token string
		want  int
	}{{tok, 200}, {tok + "x", 401}, {"", 401}} {
		req, _ := http.NewRequest("GET", addr+"/api/v1/scenarios", nil)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("token %.6q...: %d, want %d", c.token, resp.StatusCode, c.want)
		}
	}
	raw, err := os.ReadFile(filepath.Join(data, "entente.db"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(tok)) {
		t.Error("the database holds the admin token itself")
	}
}

// slicesDelete returns env without the variables starting with prefix.
func slicesDelete(env []string, prefix string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, prefix) {
			out = append(out, e)
		}
	}
	return out
}
