package parallel

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestForCoversEveryItemOnce(t *testing.T) {
	for _, tc := range []struct {
		n       uint64
		workers int
		chunk   uint64
	}{
		{0, 2, 0}, {1, 2, 0}, {7, 3, 2}, {1000, 2, 0}, {1000, 4, 1}, {12345, 2, 100}, {64, 1, 0},
	} {
		t.Run(fmt.Sprintf("n%d_w%d_c%d", tc.n, tc.workers, tc.chunk), func(t *testing.T) {
			seen := make([]atomic.Int32, tc.n)
			perWorker := make([]uint64, tc.workers)
			err := For(context.Background(), tc.n, Options{Workers: tc.workers, Chunk: tc.chunk}, func(w int, lo, hi uint64) error {
				if lo >= hi || hi > tc.n {
					return fmt.Errorf("bad chunk [%d, %d)", lo, hi)
				}
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
				perWorker[w] += hi - lo // each worker writes only its own entry
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Fatalf("item %d seen %d times", i, c)
				}
			}
			total := uint64(0)
			for _, c := range perWorker {
				total += c
			}
			if total != tc.n {
				t.Fatalf("workers handled %d items of %d", total, tc.n)
			}
		})
	}
}

func TestForStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	var after atomic.Int32
	err := For(context.Background(), 1000, Options{Workers: 2, Chunk: 1}, func(_ int, lo, _ uint64) error {
		if lo == 10 {
			return boom
		}
		if lo > 200 {
			after.Add(1)
		}
		time.Sleep(50 * time.Microsecond)
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	if after.Load() > 100 {
		t.Errorf("%d chunks ran long after the error", after.Load())
	}
}

// After cancel returns, no worker starts more than the one chunk it may
// have been taking at that moment. (Counting all chunks against a fixed
// bound was flaky on a loaded machine: the other worker runs thousands of
// empty chunks while the one that cancels waits to be scheduled between
// its count and its cancel.)
func TestForCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran, after atomic.Int32
	var cancelled atomic.Bool
	err := For(ctx, 1<<20, Options{Workers: 2, Chunk: 1}, func(_ int, lo, _ uint64) error {
		if cancelled.Load() {
			after.Add(1)
		}
		if ran.Add(1) == 5 {
			cancel()
			cancelled.Store(true)
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n := after.Load(); n > 2 {
		t.Errorf("%d chunks started after cancel returned; want at most one per worker", n)
	}
	if n := ran.Load(); n == 1<<20 {
		t.Error("every chunk ran")
	}
}

func TestProgress(t *testing.T) {
	var mu sync.Mutex
	var calls [][2]uint64
	opt := Options{Workers: 2, Chunk: 10, Interval: time.Millisecond, Progress: func(done, total uint64) {
		mu.Lock()
		calls = append(calls, [2]uint64{done, total})
		mu.Unlock()
	}}
	err := For(context.Background(), 500, opt, func(_ int, _, _ uint64) error {
		time.Sleep(100 * time.Microsecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(calls) == 0 || calls[len(calls)-1] != [2]uint64{500, 500} {
		t.Fatalf("progress calls %v: want the last to be (500, 500)", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] || calls[i][0] > 500 || calls[i][1] != 500 {
			t.Fatalf("progress went %v then %v", calls[i-1], calls[i])
		}
	}
}

// TestMapMergesInOrder runs chunks that finish in random order and checks
// that merge sees them in chunk order, that the merged output equals the
// sequential one, and that no more than the window of results waits.
func TestMapMergesInOrder(t *testing.T) {
	for _, workers := range []int{1, 2, 3, 8} {
		const n = 2000
		rng := rand.New(rand.NewPCG(1, uint64(workers)))
		delays := make([]time.Duration, n)
		for i := range delays {
			delays[i] = time.Duration(rng.IntN(200)) * time.Microsecond
		}
		var started, merged atomic.Int64
		var maxAhead atomic.Int64
		var out []uint64
		next := uint64(0)
		err := Map(context.Background(), n, Options{Workers: workers, Chunk: 7}, func(lo, hi uint64) ([]uint64, error) {
			s := started.Add(1)
			if ahead := s - merged.Load(); ahead > maxAhead.Load() {
				maxAhead.Store(ahead)
			}
			time.Sleep(delays[lo])
			v := make([]uint64, 0, hi-lo)
			for i := lo; i < hi; i++ {
				v = append(v, i*i)
			}
			return v, nil
		}, func(lo, hi uint64, v []uint64) error {
			if lo != next {
				return fmt.Errorf("merged chunk %d, want %d", lo, next)
			}
			next = hi
			out = append(out, v...)
			merged.Add(1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != n {
			t.Fatalf("%d workers: merged %d items", workers, len(out))
		}
		for i, v := range out {
			if v != uint64(i*i) {
				t.Fatalf("%d workers: item %d = %d", workers, i, v)
			}
		}
		// A worker may start one chunk beyond the window before it waits.
		if a := maxAhead.Load(); a > int64(2*workers+workers) {
			t.Errorf("%d workers: %d chunks ran ahead of the merge", workers, a)
		}
	}
}

func TestMapErrors(t *testing.T) {
	boom := errors.New("boom")
	err := Map(context.Background(), 100, Options{Workers: 2, Chunk: 1}, func(lo, _ uint64) (int, error) {
		if lo == 50 {
			return 0, boom
		}
		return int(lo), nil
	}, func(lo, _ uint64, _ int) error {
		if lo >= 50 {
			return fmt.Errorf("merged chunk %d after the failing one", lo)
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("work error: got %v", err)
	}
	stop := errors.New("stop")
	var merges atomic.Int32
	err = Map(context.Background(), 1000, Options{Workers: 2, Chunk: 1}, func(lo, _ uint64) (int, error) {
		return int(lo), nil
	}, func(lo, _ uint64, _ int) error {
		merges.Add(1)
		if lo == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || merges.Load() != 4 {
		t.Fatalf("merge error: got %v after %d merges", err, merges.Load())
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = Map(ctx, 1<<20, Options{Workers: 2, Chunk: 1}, func(lo, _ uint64) (int, error) {
		if lo == 100 {
			cancel()
		}
		return 0, nil
	}, func(uint64, uint64, int) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v", err)
	}
}

func ExampleMap() {
	// Squares of 0..9 computed in chunks of 3 on two workers, merged in
	// order.
	var out []int
	_ = Map(context.Background(), 10, Options{Workers: 2, Chunk: 3},
		func(lo, hi uint64) ([]int, error) {
			var sq []int
			for i := lo; i < hi; i++ {
				sq = append(sq, int(i*i))
			}
			return sq, nil
		},
		func(_, _ uint64, sq []int) error {
			out = append(out, sq...)
			return nil
		})
	fmt.Println(out)
	// Output: [0 1 4 9 16 25 36 49 64 81]
}

func ExampleFor() {
	// Per-worker sums, merged afterwards in worker order.
	opt := Options{Workers: 2}
	sums := make([]uint64, opt.WorkerCount())
	_ = For(context.Background(), 100, opt, func(w int, lo, hi uint64) error {
		for i := lo; i < hi; i++ {
			sums[w] += i
		}
		return nil
	})
	total := uint64(0)
	for _, s := range sums {
		total += s
	}
	fmt.Println(total)
	// Output: 4950
}

func TestEachGivesEveryWorkerItsOwnState(t *testing.T) {
	type state struct {
		items []int
	}
	var made atomic.Int32
	for _, n := range []int{0, 1, 3, 1000} {
		made.Store(0)
		states, err := Each(context.Background(), n, Options{Workers: 4, Chunk: 7}, func() *state {
			made.Add(1)
			return &state{}
		}, func(s *state, i int) error {
			s.items = append(s.items, i) // unsynchronised: the race detector checks that states are not shared
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if int(made.Load()) != len(states) || len(states) > min(4, max(n, 0)) {
			t.Errorf("n=%d: %d states made, %d returned", n, made.Load(), len(states))
		}
		seen := make([]int, n)
		for _, s := range states {
			for _, i := range s.items {
				seen[i]++
			}
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d: item %d seen %d times", n, i, c)
			}
		}
	}
	boom := errors.New("boom")
	if _, err := Each(context.Background(), 100, Options{Workers: 2}, func() int { return 0 }, func(_ int, i int) error {
		if i == 50 {
			return boom
		}
		return nil
	}); !errors.Is(err, boom) {
		t.Errorf("got %v, want boom", err)
	}
}
