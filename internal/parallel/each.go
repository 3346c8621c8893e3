package parallel

import "context"

// Each calls body(s, i) for every i in [0, n), as For hands out chunks,
// where s is the calling worker's own state: newState makes it once per
// worker, when the worker takes its first chunk, so that a worker that
// gets no work costs nothing. It returns the states made, in worker
// order, for the caller to merge, and For's error.
//
// Workers never exceed n, so a short list does not start idle goroutines.
func Each[S any](ctx context.Context, n int, opt Options, newState func() S, body func(s S, i int) error) ([]S, error) {
	if n <= 0 {
		return nil, ctx.Err()
	}
	opt.Workers = min(opt.WorkerCount(), n)
	states := make([]S, opt.Workers)
	made := make([]bool, opt.Workers)
	err := For(ctx, uint64(n), opt, func(w int, lo, hi uint64) error {
		if !made[w] {
			states[w], made[w] = newState(), true
		}
		for i := lo; i < hi; i++ {
			if err := body(states[w], int(i)); err != nil {
				return err
			}
		}
		return nil
	})
	out := states[:0]
	for w, s := range states {
		if made[w] {
			out = append(out, s)
		}
	}
	return out, err
}
