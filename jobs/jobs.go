package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/entente/entente"
)

// Status is a job's state.
type Status string

// Job states.
const (
	Queued  Status = "queued"
	Running Status = "running"
	Done    Status = "done"
	Failed  Status = "failed"
)

// Job is a background computation.
type Job struct {
	ID     string          `json:"id"`
	Kind   string          `json:"kind"`
	Params json.RawMessage `json:"params"`
	Status Status          `json:"status"`
	// Progress is the share done, in [0,1].
	Progress float64 `json:"progress"`
	// Result is the finished job's document (JSON).
	Result json.RawMessage `json:"result,omitempty"`
	// Error says why a job failed.
	Error   string    `json:"error,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Attempts counts the claims: more than one means a runner died
	// with the job and another took it over.
	Attempts int `json:"attempts"`
	// Owner names the runner that claimed it last.
	Owner string `json:"owner,omitempty"`
}

// Store keeps jobs. Implementations commit every call before returning.
type Store interface {
	// Enqueue stores a new queued job.
	Enqueue(ctx context.Context, j *Job) error
	// Job returns a job (ENotFound when missing).
	Job(ctx context.Context, id string) (*Job, error)
	// Pending counts the jobs queued or running.
	Pending(ctx context.Context) (int, error)
	// Claim takes the oldest job that is queued, or running under a lease
	// that ran out before now, for owner until lease; nil when none.
	Claim(ctx context.Context, owner string, now, lease time.Time) (*Job, error)
	// Renew extends the lease of a job owner holds and records its
	// progress; false when owner no longer holds it.
	Renew(ctx context.Context, id, owner string, progress float64, lease time.Time) (bool, error)
	// Finish records a job's result or error, if owner still holds it.
	Finish(ctx context.Context, id, owner string, result []byte, failure string, at time.Time) error
}

// Func runs a job of one kind: it reads params, reports progress in [0,1]
// and returns the result's JSON. Errors with code EInvalid (and the like)
// are the caller's mistakes, shown as they are; others are logged and
// shown as an internal error.
type Func func(ctx context.Context, params json.RawMessage, progress func(float64)) ([]byte, error)

// Kind is one kind of job.
type Kind struct {
	// Check, when set, checks a job's parameters when it is submitted,
	// so that mistakes are answered at once.
	Check func(ctx context.Context, params json.RawMessage) error
	// Run runs a job.
	Run Func
}

// Config tunes a Runner.
type Config struct {
	Store Store
	// Kinds maps each job kind's name to the kind.
	Kinds map[string]Kind
	// Workers is the number of jobs run at once (default 1).
	Workers int
	// MaxPending bounds the jobs queued or running (default 100).
	MaxPending int
	// Lease is how long a claim lasts without renewal (default 15 s);
	// runners renew at a third of it.
	Lease time.Duration
	// Poll is how often an idle worker looks for work (default 1 s).
	Poll time.Duration
	// Owner names this runner in the store (default a random id).
	Owner  string
	Logger *slog.Logger
	Now    func() time.Time
	NewID  func() string
}

// Runner queues and runs jobs.
type Runner struct {
	cfg  Config
	wake chan struct{}
	wg   sync.WaitGroup
}

// New returns a runner; Run starts its workers.
func New(cfg Config) *Runner {
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = 100
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 15 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = func() string { return fmt.Sprintf("%x", time.Now().UnixNano()) }
	}
	if cfg.Owner == "" {
		cfg.Owner = cfg.NewID()
	}
	return &Runner{cfg: cfg, wake: make(chan struct{}, 1)}
}

// Submit queues a job of a kind with its parameters.
func (r *Runner) Submit(ctx context.Context, kind string, params any) (*Job, error) {
	k, ok := r.cfg.Kinds[kind]
	if !ok {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "kind", "no job kind %q", kind)
	}
	p, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	if k.Check != nil {
		if err := k.Check(ctx, p); err != nil {
			return nil, err
		}
	}
	n, err := r.cfg.Store.Pending(ctx)
	if err != nil {
		return nil, err
	}
	if n >= r.cfg.MaxPending {
		return nil, entente.Errorf(entente.ELimit, "", 0, 0, "", "%d jobs are queued or running, the server's limit; try again later", n)
	}
	now := r.cfg.Now().UTC()
	j := &Job{ID: r.cfg.NewID(), Kind: kind, Params: p, Status: Queued, Created: now, Updated: now}
	if err := r.cfg.Store.Enqueue(ctx, j); err != nil {
		return nil, err
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return j, nil
}

// Job returns a job.
func (r *Runner) Job(ctx context.Context, id string) (*Job, error) { return r.cfg.Store.Job(ctx, id) }

// Run runs the workers until ctx is done, then waits for them: a job cut
// short stays claimed until its lease runs out, and is run again.
func (r *Runner) Run(ctx context.Context) {
	for range r.cfg.Workers {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.work(ctx)
		}()
	}
	r.wg.Wait()
}

func (r *Runner) work(ctx context.Context) {
	for ctx.Err() == nil {
		now := r.cfg.Now()
		j, err := r.cfg.Store.Claim(ctx, r.cfg.Owner, now, now.Add(r.cfg.Lease))
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Warn("claiming a job", "err", err)
		}
		if j == nil {
			select {
			case <-ctx.Done():
			case <-r.wake:
			case <-time.After(r.cfg.Poll):
			}
			continue
		}
		r.run(ctx, j)
	}
}

// run runs one claimed job, renewing its lease as it goes.
func (r *Runner) run(ctx context.Context, j *Job) {
	st := r.cfg.Store
	jctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	progress := 0.0
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(r.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				mu.Lock()
				p := progress
				mu.Unlock()
				held, err := st.Renew(jctx, j.ID, r.cfg.Owner, p, r.cfg.Now().Add(r.cfg.Lease))
				if err == nil && !held {
					cancel() // another runner took it over
					return
				}
			}
		}
	}()
	result, err := r.call(jctx, j, func(p float64) {
		mu.Lock()
		progress = min(max(p, 0), 1)
		mu.Unlock()
	})
	close(done)
	if ctx.Err() != nil {
		return // shutting down: the lease runs out, another run takes it
	}
	failure := ""
	if err != nil {
		failure = err.Error()
		if code := entente.ErrorCode(err); code == entente.EInternal {
			r.cfg.Logger.Error("job failed", "job", j.ID, "kind", j.Kind, "err", err)
			failure = "internal error"
		}
	}
	if err := st.Finish(context.WithoutCancel(ctx), j.ID, r.cfg.Owner, result, failure, r.cfg.Now().UTC()); err != nil {
		r.cfg.Logger.Error("recording a job's end", "job", j.ID, "err", err)
	}
}

// call runs the job's function, turning a panic into an error.
func (r *Runner) call(ctx context.Context, j *Job, progress func(float64)) (out []byte, err error) {
	k, ok := r.cfg.Kinds[j.Kind]
	f := k.Run
	if !ok || f == nil {
		return nil, fmt.Errorf("no job kind %q on this server", j.Kind)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s panicked: %v\n%s", j.ID, p, debug.Stack())
		}
	}()
	out, err = f(ctx, j.Params, progress)
	if err == nil && !json.Valid(out) {
		err = errors.New("the job's result is not JSON")
	}
	return out, err
}
