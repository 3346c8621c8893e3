package tournament_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/store/sqlite"
	"github.com/entente/entente/store/sqlstore"
	"github.com/entente/entente/tournament"
)

func example(t testing.TB, name string) tournament.Scenario {
	t.Helper()
	res, err := load.Example(name)
	if err != nil {
		t.Fatalf("example %s: %v", name, err)
	}
	return tournament.Scenario{Name: name, Scenario: res.Scenario}
}

// smallPlan: two scenarios, four negotiators, all role orders, two
// repetitions: 2 × 12 × 2 = 48 negotiations.
func smallPlan(t testing.TB) *tournament.Plan {
	laptop := example(t, "laptop")
	// A second two-party scenario: the laptop with the shop's reservation
	// value raised.
	sc := *laptop.Scenario
	sc.Parties = slices.Clone(sc.Parties)
	sc.Parties[1].Preferences.Reservation = 0.7
	sc.Parties[1].Preferences.ReservationOutcome = nil
	tough := tournament.Scenario{Name: "tough-laptop", Scenario: &sc}
	p := &tournament.Plan{
		Name: "small", Seed: 9,
		Scenarios: []tournament.Scenario{laptop, tough},
		Negotiators: []tournament.Competitor{
			{Name: "boulware", Spec: "boulware"}, {Name: "conceder", Spec: "conceder"},
			{Name: "hard", Spec: "hardliner"}, {Name: "random", Spec: "random"},
		},
		Protocols:   []tournament.Setting{{}},
		Repetitions: 2, Deadline: protocol.Deadline{Rounds: 100}, Resolution: 11, MetricsMaxOutcomes: 1 << 20,
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	return p
}

func openStore(t testing.TB, path string) *sqlstore.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func all(t testing.TB, st tournament.Store) []tournament.Record {
	t.Helper()
	rs, err := st.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func sameResults(t *testing.T, what string, got, want []tournament.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d results, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !got[i].Same(&want[i]) {
			t.Fatalf("%s: result %d differs:\n got %+v\nwant %+v", what, i, got[i], want[i])
		}
	}
}

func TestJobs(t *testing.T) {
	p := smallPlan(t)
	jobs := p.Jobs()
	if len(jobs) != 48 {
		t.Fatalf("%d jobs, want 48", len(jobs))
	}
	seeds := map[uint64]bool{}
	for i, j := range jobs {
		if j.Index != i || seeds[j.Seed] || j.Seed >= 1<<63 || j.Roles[0] == j.Roles[1] {
			t.Fatalf("job %d: %+v", i, j)
		}
		seeds[j.Seed] = true
	}
	p.Roles.SelfPlay = true
	if n := len(p.Jobs()); n != 2*16*2 {
		t.Errorf("self-play: %d jobs, want 64", n)
	}
	p.Roles = tournament.Roles{Sample: 5}
	a, b := p.Jobs(), p.Jobs()
	if len(a) != 2*5*2 {
		t.Fatalf("sample: %d jobs, want 20", len(a))
	}
	for i := range a {
		if a[i].Seed != b[i].Seed || a[i].Roles[0] != b[i].Roles[0] || a[i].Roles[1] != b[i].Roles[1] {
			t.Fatal("sampling is not deterministic")
		}
	}
	// All orders: 3 pairs per scenario, each played both ways.
	p.Roles = tournament.Roles{Sample: 3, AllOrders: true}
	jobs = p.Jobs()
	if len(jobs) != 2*3*2*2 {
		t.Fatalf("all orders: %d jobs, want 24", len(jobs))
	}
	pairs := map[[3]int]int{}
	for _, j := range jobs {
		pairs[[3]int{j.Scenario, j.Roles[0], j.Roles[1]}]++
	}
	for k := range pairs {
		if pairs[[3]int{k[0], k[2], k[1]}] == 0 {
			t.Errorf("scenario %d: pair %d-%d plays only one order", k[0], k[1], k[2])
		}
	}
}

func TestRunResumeShardsMerge(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := smallPlan(t)

	one := openStore(t, filepath.Join(dir, "one.db"))
	sum, err := tournament.Run(ctx, p, one, tournament.Options{})
	if err != nil || sum.Ran != 48 || sum.Skipped != 0 {
		t.Fatalf("run: %+v %v", sum, err)
	}
	want := all(t, one)
	agreed := 0
	for i, r := range want {
		if r.Index != i || r.Status == "error" || len(r.Utilities) != 2 {
			t.Fatalf("result %d: %+v", i, r)
		}
		if r.Agreement {
			agreed++
		}
	}
	if agreed == 0 || agreed == len(want) {
		t.Errorf("%d of %d negotiations agreed; hardliners against each other should not", agreed, len(want))
	}
	// Running again does nothing.
	if sum, err := tournament.Run(ctx, p, one, tournament.Options{}); err != nil || sum.Ran != 0 || sum.Skipped != 48 {
		t.Fatalf("rerun: %+v %v", sum, err)
	}

	// Interrupted after ten results, then resumed: the same results.
	two := openStore(t, filepath.Join(dir, "two.db"))
	cctx, cancel := context.WithCancel(ctx)
	_, err = tournament.Run(cctx, p, two, tournament.Options{Batch: 1, Progress: func(done, _ uint64) {
		if done >= 10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	part := len(all(t, two))
	if part < 10 || part >= 48 {
		t.Fatalf("interrupted run stored %d results", part)
	}
	sum, err = tournament.Run(ctx, p, two, tournament.Options{})
	if err != nil || sum.Skipped != part || sum.Ran != 48-part {
		t.Fatalf("resumed: %+v %v", sum, err)
	}
	sameResults(t, "resumed", all(t, two), want)

	// Four shards, merged.
	var shards []tournament.Store
	for i := range 4 {
		st := openStore(t, filepath.Join(dir, "shard"+string(rune('0'+i))+".db"))
		sum, err := tournament.Run(ctx, p, st, tournament.Options{Shard: tournament.Shard{I: i, N: 4}, Workers: 1})
		if err != nil || sum.Ran != 12 {
			t.Fatalf("shard %d: %+v %v", i, sum, err)
		}
		shards = append(shards, st)
	}
	merged := openStore(t, filepath.Join(dir, "merged.db"))
	if n, err := tournament.Merge(ctx, merged, shards...); err != nil || n != 48 {
		t.Fatalf("merge: %d %v", n, err)
	}
	sameResults(t, "merged shards", all(t, merged), want)

	// A results file belongs to one plan.
	q := smallPlan(t)
	q.Repetitions = 3
	var other *tournament.ErrOtherPlan
	if _, err := tournament.Run(ctx, q, one, tournament.Options{}); !errors.As(err, &other) {
		t.Errorf("running another plan into a results file: %v", err)
	}
	if _, err := tournament.Merge(ctx, openStore(t, filepath.Join(dir, "m2.db")), one, openStore(t, filepath.Join(dir, "empty.db"))); err == nil {
		t.Error("merging an empty source succeeded")
	}
}

type panicky struct{}

func (panicky) Start(*protocol.View) error          { return nil }
func (panicky) Act(*protocol.State) protocol.Action { panic("deliberate") }
func (panicky) Observe(*protocol.Event)             {}

type hanging struct{ panicky }

func (hanging) Act(*protocol.State) protocol.Action {
	time.Sleep(time.Second)
	return protocol.Action{Kind: protocol.Walk}
}

func TestFailuresAreRecorded(t *testing.T) {
	p := smallPlan(t)
	p.Scenarios = p.Scenarios[:1]
	p.Repetitions = 1
	p.Negotiators = []tournament.Competitor{{Name: "boulware", Spec: "boulware"}, {Name: "panicky", Spec: "panicky"}, {Name: "hanging", Spec: "hanging"}}
	p.Custom = map[string]func() protocol.Negotiator{
		"panicky": func() protocol.Negotiator { return panicky{} },
		"hanging": func() protocol.Negotiator { return hanging{} },
	}
	p.Faults = protocol.FaultAbort
	p.Budget = 20 * time.Millisecond
	st := openStore(t, filepath.Join(t.TempDir(), "r.db"))
	sum, err := tournament.Run(context.Background(), p, st, tournament.Options{})
	if err != nil || sum.Ran != 6 {
		t.Fatalf("%+v %v", sum, err)
	}
	for _, r := range all(t, st) {
		bad := r.Roles[0] != "boulware" || r.Roles[1] != "boulware"
		switch {
		case !bad:
		case r.Status != "failed" || r.Agreement:
			t.Errorf("%v: status %s", r.Roles, r.Status)
		case strings.Contains(strings.Join(r.Roles, ","), "panicky") && !strings.Contains(r.Reason, "panicked: deliberate") && !strings.Contains(r.Reason, "did not return"):
			t.Errorf("%v: reason %q", r.Roles, r.Reason)
		case strings.Contains(strings.Join(r.Roles, ","), "hanging") && !strings.Contains(r.Reason, "panicked") && !strings.Contains(r.Reason, "did not return") && !strings.Contains(r.Reason, "time budget"):
			t.Errorf("%v: reason %q", r.Roles, r.Reason)
		}
	}
}

// slow plays like a hardliner but takes a millisecond per turn, so that a
// child process can be killed in the middle of a tournament.
type slow struct{ best entente.Outcome }

func (s *slow) Start(v *protocol.View) error { s.best = v.Utility.Best().Outcome; return nil }
func (s *slow) Act(*protocol.State) protocol.Action {
	time.Sleep(time.Millisecond)
	return protocol.Action{Kind: protocol.Offer, Outcome: s.best}
}
func (s *slow) Observe(*protocol.Event) {}

func killPlan(t testing.TB) *tournament.Plan {
	p := smallPlan(t)
	p.Negotiators = append(p.Negotiators, tournament.Competitor{Name: "slow", Spec: "slow"})
	p.Custom = map[string]func() protocol.Negotiator{"slow": func() protocol.Negotiator { return &slow{} }}
	p.Deadline = protocol.Deadline{Rounds: 15}
	return p
}

// TestChildRun is the child process of TestKilledRunResumes.
func TestChildRun(t *testing.T) {
	path := os.Getenv("ENTENTE_TOURNAMENT_CHILD")
	if path == "" {
		t.Skip("runs only as TestKilledRunResumes's child process")
	}
	st := openStore(t, path)
	if _, err := tournament.Run(context.Background(), killPlan(t), st, tournament.Options{Batch: 1}); err != nil {
		t.Fatal(err)
	}
}

// TestKilledRunResumes kills a tournament process (SIGKILL) in the middle,
// checks the results file, resumes, and compares with an uninterrupted run.
func TestKilledRunResumes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "killed.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildRun$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ENTENTE_TOURNAMENT_CHILD="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var n int
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		st, err := sqlite.Open(context.Background(), path)
		if err != nil {
			continue
		}
		if err := st.DB().QueryRow("SELECT count(*) FROM results").Scan(&n); err != nil {
			n = 0
		}
		st.Close()
		if n >= 8 {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() //nolint:errcheck // killed
	p := killPlan(t)
	total := len(p.Jobs())
	if n < 8 {
		t.Fatalf("the child stored %d results in 30 s", n)
	}
	st := openStore(t, path)
	var check string
	if err := st.DB().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check after SIGKILL: %q %v", check, err)
	}
	kept := len(all(t, st))
	if kept == 0 || kept >= total {
		t.Fatalf("after the kill the file holds %d of %d results", kept, total)
	}
	sum, err := tournament.Run(context.Background(), p, st, tournament.Options{})
	if err != nil || sum.Skipped != kept || sum.Ran != total-kept {
		t.Fatalf("resume: %+v %v", sum, err)
	}
	ref := openStore(t, filepath.Join(dir, "ref.db"))
	if _, err := tournament.Run(context.Background(), p, ref, tournament.Options{}); err != nil {
		t.Fatal(err)
	}
	sameResults(t, "resumed after SIGKILL", all(t, st), all(t, ref))
}

func TestPlanSizeIsBounded(t *testing.T) {
	p := smallPlan(t)
	p.Repetitions = tournament.MaxNegotiations
	if err := p.Check(); err == nil || !strings.Contains(err.Error(), "expands into more than") {
		t.Errorf("a plan of %d repetitions: %v", p.Repetitions, err)
	}
	p = smallPlan(t)
	for i := range 30 {
		p.Negotiators = append(p.Negotiators, tournament.Competitor{Name: fmt.Sprint("b", i), Spec: "boulware"})
	}
	p.Scenarios = append(p.Scenarios, example(t, "coalition")) // 4 parties: 34·33·32·31 role orders
	p.Repetitions = 10
	if err := p.Check(); err == nil {
		t.Error("a plan of 11 million negotiations passed its check")
	}
	p.Roles.Sample = 10
	if err := p.Check(); err != nil {
		t.Errorf("sampled: %v", err)
	}
}

func TestSampleOfAHugeRoleSet(t *testing.T) {
	p := smallPlan(t)
	p.Scenarios = []tournament.Scenario{example(t, "coalition")}
	p.Negotiators = nil
	for i := range 200 {
		p.Negotiators = append(p.Negotiators, tournament.Competitor{Name: fmt.Sprint("n", i), Spec: "boulware"})
	}
	p.Repetitions = 1
	for _, allOrders := range []bool{false, true} {
		p.Roles = tournament.Roles{Sample: 7, AllOrders: allOrders}
		if err := p.Check(); err != nil {
			t.Fatal(err)
		}
		jobs := p.Jobs()
		want := 7
		if allOrders {
			want = 7 * 24
		}
		if len(jobs) != want {
			t.Fatalf("all orders %v: %d jobs, want %d", allOrders, len(jobs), want)
		}
		again := p.Jobs()
		seen := map[string]bool{}
		for i, j := range jobs {
			key := fmt.Sprint(j.Roles)
			if seen[key] || fmt.Sprint(again[i].Roles) != key {
				t.Fatalf("job %d: roles %v repeated or not reproducible", i, j.Roles)
			}
			seen[key] = true
		}
	}
}
