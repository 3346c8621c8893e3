package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/serverdbtest"
	"github.com/entente/entente/jobs"
	"github.com/entente/entente/store/serverdb"
)

var ids atomic.Int64

func newID() string { return fmt.Sprintf("job%d", ids.Add(1)) }

// sum adds the numbers of its params, reporting progress on the way.
func sum(calls *atomic.Int64) jobs.Func {
	return func(ctx context.Context, params json.RawMessage, progress func(float64)) ([]byte, error) {
		calls.Add(1)
		var xs []int
		if err := json.Unmarshal(params, &xs); err != nil {
			return nil, err
		}
		t := 0
		for i, x := range xs {
			t += x
			progress(float64(i+1) / float64(len(xs)))
		}
		return json.Marshal(map[string]int{"sum": t})
	}
}

func wait(t *testing.T, r *jobs.Runner, id string) *jobs.Job {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		j, err := r.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status == jobs.Done || j.Status == jobs.Failed {
			return j
		}
	}
	t.Fatalf("job %s did not finish", id)
	return nil
}

// Two runners on one store (two servers on one database) run every job
// exactly once; a failing job keeps its error; the limit of pending jobs
// holds.
func TestRunners(t *testing.T) {
	serverdbtest.Each(t, func(t *testing.T, open func() *serverdb.DB) {
		var calls atomic.Int64
		kinds := map[string]jobs.Kind{"sum": {Run: sum(&calls)}, "fail": {Run: func(context.Context, json.RawMessage, func(float64)) ([]byte, error) {
			return nil, errors.New("deliberately")
		}}}
		var rs []*jobs.Runner
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for k := range 2 {
			r := jobs.New(jobs.Config{Store: open(), Kinds: kinds, Workers: 2, Poll: 5 * time.Millisecond, Owner: fmt.Sprint("runner", k), NewID: newID, MaxPending: 50})
			rs = append(rs, r)
			wg.Add(1)
			go func() { defer wg.Done(); r.Run(ctx) }()
		}
		defer func() { cancel(); wg.Wait() }()
		var submitted []string
		for i := range 20 {
			j, err := rs[i%2].Submit(context.Background(), "sum", []int{i, i, 1})
			if err != nil {
				t.Fatal(err)
			}
			submitted = append(submitted, j.ID)
		}
		for i, id := range submitted {
			j := wait(t, rs[(i+1)%2], id)
			var got map[string]int
			if err := json.Unmarshal(j.Result, &got); err != nil || j.Status != jobs.Done || got["sum"] != 2*i+1 || j.Progress != 1 || j.Attempts != 1 {
				t.Errorf("job %d: %+v %s", i, j, j.Result)
			}
		}
		if n := calls.Load(); n != 20 {
			t.Errorf("%d runs of 20 jobs", n)
		}
		j, err := rs[0].Submit(context.Background(), "fail", nil)
		if err != nil {
			t.Fatal(err)
		}
		if j = wait(t, rs[1], j.ID); j.Status != jobs.Failed || j.Error != "internal error" {
			t.Errorf("a failing job: %+v", j)
		}
		if _, err := rs[0].Submit(context.Background(), "nonsense", nil); err == nil {
			t.Error("an unknown kind was queued")
		}
	})
}

// A job whose runner dies (its lease runs out) is taken over by another
// runner and finished there.
func TestTakeover(t *testing.T) {
	serverdbtest.Each(t, func(t *testing.T, open func() *serverdb.DB) {
		started := make(chan struct{})
		var once sync.Once
		block := func(ctx context.Context, _ json.RawMessage, progress func(float64)) ([]byte, error) {
			once.Do(func() { close(started) })
			progress(0.5)
			<-ctx.Done() // the first runner never finishes
			return nil, ctx.Err()
		}
		dead := jobs.New(jobs.Config{Store: open(), Kinds: map[string]jobs.Kind{"sum": {Run: block}}, Lease: 300 * time.Millisecond, Poll: 5 * time.Millisecond, Owner: "dead", NewID: newID})
		ctx, kill := context.WithCancel(context.Background())
		go dead.Run(ctx)
		j, err := dead.Submit(context.Background(), "sum", []int{1, 2})
		if err != nil {
			t.Fatal(err)
		}
		<-started
		kill() // the server dies: its lease is not renewed any more
		var calls atomic.Int64
		alive := jobs.New(jobs.Config{Store: open(), Kinds: map[string]jobs.Kind{"sum": {Run: sum(&calls)}}, Lease: 300 * time.Millisecond, Poll: 5 * time.Millisecond, Owner: "alive", NewID: newID})
		ctx2, stop := context.WithCancel(context.Background())
		defer stop()
		go alive.Run(ctx2)
		got := wait(t, alive, j.ID)
		if got.Status != jobs.Done || got.Attempts != 2 || string(got.Result) != `{"sum":3}` {
			t.Errorf("after the takeover: %+v %s", got, got.Result)
		}
	})
}

// Past the limit of pending jobs, a submission is refused (ELimit), and
// a kind's check answers mistakes at once.
func TestSubmitLimits(t *testing.T) {
	db, err := serverdb.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var calls atomic.Int64
	checked := errors.New("bad parameters")
	r := jobs.New(jobs.Config{Store: db, MaxPending: 2, NewID: newID, Kinds: map[string]jobs.Kind{
		"sum":   {Run: sum(&calls)},
		"picky": {Check: func(context.Context, json.RawMessage) error { return checked }, Run: sum(&calls)},
	}})
	for range 2 {
		if _, err := r.Submit(context.Background(), "sum", []int{1}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Submit(context.Background(), "sum", []int{1}); entente.ErrorCode(err) != entente.ELimit {
		t.Errorf("a third pending job: %v", err)
	}
	if _, err := r.Submit(context.Background(), "picky", nil); !errors.Is(err, checked) {
		t.Errorf("a job whose check fails: %v", err)
	}
}
