// Package parallel runs chunked work on all cores: the range [0, n) is cut
// into chunks that the workers take in turn, cancellation is checked
// between chunks, progress is reported about ten times a second, and
// results are merged deterministically.
//
// Two shapes cover the project's worker pools:
//
//   - For gives each worker an index, so that it can keep state of its own
//     (an accumulator, a scratch buffer, a copy of a scenario) for the whole
//     run; the caller merges the per-worker states afterwards, in worker
//     order. The result does not depend on which worker took which chunk
//     when the merge is order-independent (sums, counts, maxima with a
//     tie-break on the item index).
//   - Map computes one result per chunk and hands the results to a merge
//     function in chunk order, on the calling goroutine, whatever the order
//     in which the chunks finished: the output is the same as a sequential
//     run. Only a bounded window of results waits to be merged, so memory
//     does not grow with n (streaming output, for instance).
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Options tunes a run. The zero value uses every core, picks the chunk
// size, and reports no progress.
type Options struct {
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
	// Chunk is the number of items per chunk. The default cuts the range
	// into about 32 chunks per worker, at least MinChunk items each.
	Chunk uint64
	// MinChunk is the smallest default chunk (default 1). Work whose
	// items are cheap sets it so that a chunk costs well over the
	// hand-out (tens of microseconds).
	MinChunk uint64
	// Progress, when set, is called about ten times a second from a
	// goroutine of its own with the number of items done so far and n,
	// and once more at the end of a run that was not cancelled or failed.
	Progress func(done, total uint64)
	// Interval between progress reports (default 100 ms).
	Interval time.Duration
}

// WorkerCount returns the number of workers the options ask for: Workers,
// or GOMAXPROCS when it is not positive.
func (o Options) WorkerCount() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// chunkSize returns the chunk size for n items on w workers.
func (o Options) chunkSize(n uint64, w int) uint64 {
	if o.Chunk > 0 {
		return o.Chunk
	}
	c := n / uint64(w*32)
	if m := max(o.MinChunk, 1); c < m {
		c = m
	}
	return c
}

// For calls body(w, lo, hi) for consecutive chunks [lo, hi) that cover
// [0, n) exactly once, on opt.WorkerCount() goroutines; w (0 to workers-1)
// names the worker, so that body can use state of its own. Chunks are
// handed out in increasing order. For returns the first error body
// returns, or ctx.Err() when the context is cancelled; in both cases the
// remaining chunks are not started.
func For(ctx context.Context, n uint64, opt Options, body func(w int, lo, hi uint64) error) error {
	workers := opt.WorkerCount()
	chunk := opt.chunkSize(n, workers)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next, done atomic.Uint64
	stop := startProgress(opt, n, &done)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				lo := next.Add(chunk) - chunk
				if lo >= n || lo+chunk < lo {
					return
				}
				hi := min(lo+chunk, n)
				if err := body(w, lo, hi); err != nil {
					errs[w] = err
					cancel()
					return
				}
				done.Add(hi - lo)
			}
		}()
	}
	wg.Wait()
	err := firstError(parent, errs)
	stop(err == nil)
	return err
}

// firstError returns the first error of the work itself, if any, rather
// than the cancellation it caused in the other workers; otherwise the
// caller's context error.
func firstError(parent context.Context, errs []error) error {
	for _, err := range errs {
		if err != nil && err != context.Canceled && err != context.DeadlineExceeded {
			return err
		}
	}
	return parent.Err()
}

// Map computes fn(lo, hi) for consecutive chunks [lo, hi) covering [0, n)
// on opt.WorkerCount() goroutines, and calls merge(lo, hi, result) for each
// chunk in increasing order of lo, on the calling goroutine. At most two
// results per worker wait for their turn: a worker that runs ahead waits.
// Map returns the first error fn or merge returns, or ctx.Err() when the
// context is cancelled; no merge is called after an error.
func Map[T any](ctx context.Context, n uint64, opt Options, fn func(lo, hi uint64) (T, error), merge func(lo, hi uint64, result T) error) error {
	workers := opt.WorkerCount()
	chunk := opt.chunkSize(n, workers)
	if n == 0 {
		return ctx.Err()
	}
	chunks := (n-1)/chunk + 1
	window := uint64(2 * workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type slot struct {
		val   T
		err   error
		ready bool
	}
	var (
		mu     sync.Mutex
		cond   = sync.NewCond(&mu)
		slots  = make([]slot, window)
		merged uint64 // chunks merged so far
		next   uint64 // next chunk to hand out
		done   atomic.Uint64
	)
	stopProgress := startProgress(opt, n, &done)
	// Wake waiting goroutines when the context ends.
	stopWatch := context.AfterFunc(ctx, func() {
		mu.Lock()
		cond.Broadcast()
		mu.Unlock()
	})
	defer stopWatch()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				for next < chunks && next >= merged+window && ctx.Err() == nil {
					cond.Wait()
				}
				if next >= chunks || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				c := next
				next++
				mu.Unlock()
				lo := c * chunk
				hi := min(lo+chunk, n)
				v, err := fn(lo, hi)
				mu.Lock()
				slots[c%window] = slot{val: v, err: err, ready: true}
				cond.Broadcast()
				mu.Unlock()
				if err != nil {
					cancel()
					return
				}
				done.Add(hi - lo)
			}
		}()
	}

	var err error
	for c := uint64(0); c < chunks; c++ {
		mu.Lock()
		for !slots[c%window].ready && ctx.Err() == nil {
			cond.Wait()
		}
		s := slots[c%window]
		if !s.ready {
			mu.Unlock()
			err = ctx.Err()
			break
		}
		slots[c%window] = slot{}
		mu.Unlock()
		if s.err != nil {
			err = s.err
			break
		}
		lo := c * chunk
		if err = merge(lo, min(lo+chunk, n), s.val); err != nil {
			break
		}
		mu.Lock()
		merged = c + 1
		cond.Broadcast()
		mu.Unlock()
	}
	if err != nil {
		cancel()
	}
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	stopProgress(err == nil)
	return err
}

// startProgress starts the progress reports, if asked for, and returns
// the function that stops them (with a last report when complete).
func startProgress(opt Options, n uint64, done *atomic.Uint64) func(complete bool) {
	if opt.Progress == nil {
		return func(bool) {}
	}
	every := opt.Interval
	if every <= 0 {
		every = 100 * time.Millisecond
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				opt.Progress(done.Load(), n)
			}
		}
	}()
	return func(complete bool) {
		close(quit)
		wg.Wait()
		if complete {
			opt.Progress(n, n)
		}
	}
}
