package tournament

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/parallel"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Shard selects every n-th negotiation: those whose index modulo N is I.
// The zero value selects all.
type Shard struct{ I, N int }

// Has reports whether the shard includes negotiation i.
func (s Shard) Has(i int) bool { return s.N <= 1 || i%s.N == s.I }

// Options tunes Run.
type Options struct {
	// Workers is the number of negotiations run at once (default
	// GOMAXPROCS).
	Workers int
	// Shard restricts the run to one shard of the plan.
	Shard Shard
	// Progress, when set, is called after each negotiation with the number
	// done and to do in this run.
	Progress func(done, total uint64)
	// Batch is the most results written in one transaction (default 64);
	// results are also written at least every FlushEvery (default 200 ms).
	Batch      int
	FlushEvery time.Duration
}

// Summary says what a run did.
type Summary struct {
	// Total is the number of negotiations in the plan (or shard); Skipped
	// were already stored; Ran were run and stored now.
	Total, Skipped, Ran int
	// Failed counts the negotiations recorded with status error or failed.
	Failed int
	// Elapsed is the run's wall-clock time.
	Elapsed time.Duration
	// NoMetrics says, by scenario name, why its negotiations have no Pareto
	// and Nash metrics (a space too large to analyse).
	NoMetrics map[string]string
}

// scenarioData is what every negotiation of one scenario shares: compiled
// utilities, the offer space, the negotiators' cache and the analysis for
// the metrics, prepared once.
type scenarioData struct {
	once  sync.Once
	fns   []*utility.Func
	pol   *ratify.Set
	sp    *space.Space
	an    *analysis.Result
	err   error
	noMet string
}

// Run plays the plan's negotiations that the store does not hold yet (in
// the shard), on all cores, storing each result as it completes. When ctx
// is cancelled (or its deadline passes) it stops starting negotiations,
// abandons those running (they are not stored, so a rerun plays them) and
// returns ctx's error after storing what completed. The summary counts the
// results committed to the store: a batch the store failed to take is not
// counted.
func Run(ctx context.Context, p *Plan, st Store, opt Options) (Summary, error) {
	start := time.Now()
	hash, err := p.Hash()
	if err != nil {
		return Summary{}, err
	}
	jobs := p.Jobs()
	if err := st.Init(ctx, Meta{Hash: hash, Name: p.Name, Total: len(jobs)}); err != nil {
		return Summary{}, err
	}
	done, err := st.Done(ctx)
	if err != nil {
		return Summary{}, err
	}
	var todo []Job
	var sum Summary
	for _, j := range jobs {
		if !opt.Shard.Has(j.Index) {
			continue
		}
		sum.Total++
		if done[j.Index] {
			sum.Skipped++
			continue
		}
		todo = append(todo, j)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := max(opt.Batch, 1)
	if opt.Batch == 0 {
		batch = 64
	}
	every := opt.FlushEvery
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	data := make([]scenarioData, len(p.Scenarios))
	cache := negotiator.NewCache()

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan Record, 2*workers)
	go func() {
		defer close(results)
		// Cancelled: the negotiations not played, or abandoned, are not
		// stored, so a rerun plays them; the error is runCtx's.
		_ = parallel.For(runCtx, uint64(len(todo)), parallel.Options{Workers: workers, Chunk: 1}, func(_ int, k, _ uint64) error {
			rec, ok := p.play(runCtx, &todo[k], data, cache)
			if !ok {
				return runCtx.Err()
			}
			results <- rec
			return nil
		})
	}()

	// The writer: group commits of up to batch results, at least every
	// FlushEvery.
	var werr error
	pending := make([]Record, 0, batch)
	flush := func() {
		if len(pending) == 0 || werr != nil {
			return
		}
		// Write even when ctx is cancelled: these results are complete.
		if err := st.Put(context.WithoutCancel(ctx), pending); err != nil {
			// Not stored, so not counted: the summary says what was
			// committed, and a rerun plays these again.
			werr = err
			cancel()
			pending = pending[:0]
			return
		}
		for _, r := range pending {
			sum.Ran++
			if r.Status == "error" || r.Status == protocol.Failed.String() {
				sum.Failed++
			}
		}
		pending = pending[:0]
		if opt.Progress != nil {
			opt.Progress(uint64(sum.Ran), uint64(len(todo)))
		}
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
loop:
	for {
		select {
		case r, ok := <-results:
			if !ok {
				break loop
			}
			pending = append(pending, r)
			if len(pending) >= batch {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
	flush()
	sum.Elapsed = time.Since(start)
	for k := range data {
		if data[k].noMet != "" && ctx.Err() == nil {
			if sum.NoMetrics == nil {
				sum.NoMetrics = map[string]string{}
			}
			sum.NoMetrics[p.Scenarios[k].Name] = data[k].noMet
		}
	}
	if werr != nil {
		return sum, werr
	}
	return sum, ctx.Err()
}

// prepare compiles a scenario's utilities and analyses it, once.
func (p *Plan) prepare(ctx context.Context, d *scenarioData, sc *entente.Scenario) {
	d.once.Do(func() {
		d.fns, d.err = utility.Compile(sc)
		if d.err != nil {
			return
		}
		if d.pol, d.err = ratify.CompileWith(sc, d.fns); d.err != nil {
			return
		}
		d.sp = space.Discretized(sc.Issues, p.Resolution)
		if n, fits := d.sp.Len(); fits && n <= p.MetricsMaxOutcomes && n > 0 {
			// The metrics keep the Pareto frontier: estimate it first.
			k := len(d.fns)
			fe := space.EstimateFrontier(d.sp, k, space.SampleFor(k), 1, func(o entente.Outcome, u []float64) {
				for j, f := range d.fns {
					u[j] = f.Utility(o)
				}
			})
			if m := fe.Memory(k, -1); m > p.maxMemory() {
				d.noMet = fmt.Sprintf("the Pareto frontier of about %d packages would need about %s, more than %s (--max-memory)", fe.Frontier, entente.FormatSize(m), entente.FormatSize(p.maxMemory()))
				return
			}
		}
		an, err := analysis.Analyze(ctx, sc, analysis.Options{Resolution: p.Resolution, MaxOutcomes: p.MetricsMaxOutcomes})
		if err != nil {
			d.noMet = err.Error()
			return
		}
		d.an = an
	})
}

// play runs one negotiation. It returns false when ctx was cancelled
// during it.
func (p *Plan) play(ctx context.Context, j *Job, data []scenarioData, cache *negotiator.Cache) (rec Record, ok bool) {
	sc := p.Scenarios[j.Scenario]
	s := sc.Scenario
	setting := p.Protocols[j.Setting]
	rec = Record{
		Index: j.Index, Scenario: sc.Name, Protocol: setting.Label(), Repetition: j.Repetition, Seed: j.Seed,
		ParetoDistance: math.NaN(), NashDistance: math.NaN(), SocialWelfare: math.NaN(),
		GeniusPareto: math.NaN(), GeniusNash: math.NaN(), GeniusWelfare: math.NaN(),
	}
	for q, c := range j.Roles {
		rec.Parties = append(rec.Parties, s.Parties[q].Name)
		rec.Roles = append(rec.Roles, p.Negotiators[c].Name)
	}
	fail := func(err error) (Record, bool) {
		rec.Status, rec.Reason = "error", err.Error()
		return rec, true
	}
	// A bug anywhere below must not take the tournament down.
	defer func() {
		if r := recover(); r != nil {
			rec, ok = fail(fmt.Errorf("internal error: %v", r))
		}
	}()
	d := &data[j.Scenario]
	p.prepare(ctx, d, s)
	if ctx.Err() != nil {
		// The analysis for the metrics may have been cut short.
		return rec, false
	}
	if d.err != nil {
		return fail(d.err)
	}
	negs := make([]protocol.Negotiator, len(j.Roles))
	for q, c := range j.Roles {
		var err error
		if negs[q], err = p.newNegotiator(p.Negotiators[c].Spec, cache); err != nil {
			return fail(err)
		}
	}
	var med protocol.Mediator
	if setting.Protocol == "mediated" {
		var err error
		if med, err = negotiator.NewMediator(setting.Mediator, cache); err != nil {
			return fail(err)
		}
	}
	t0 := time.Now()
	r, err := protocol.Run(ctx, protocol.Config{
		Scenario: s, Utilities: d.fns, Politics: d.pol, Disclosure: p.Disclosure, Space: d.sp, Protocol: setting.protocolFor(len(s.Parties)),
		Negotiators: negs, Mediator: med, Deadline: p.Deadline, Seed: j.Seed, Budget: p.Budget, Faults: p.Faults,
	})
	// Cancelled (or past ctx's deadline), a negotiation is not a result,
	// even one that ended before it looked at ctx: the metrics' analysis
	// may have been cut short.
	if ctx.Err() != nil || (err == nil && r.Status == protocol.Cancelled) {
		return rec, false
	}
	if err != nil {
		return fail(err)
	}
	rec.Elapsed = time.Since(t0)
	rec.Status = r.Status.String()
	rec.Agreement = r.Status == protocol.Agreement
	if r.Agreement != nil {
		rec.Package = s.Values(r.Agreement)
	}
	rec.Stands, rec.Ratification = r.Stands, Verdicts(s, r.Ratification)
	rec.Utilities, rec.Discounted = r.Utilities, r.Discounted
	rec.Rounds, rec.Time, rec.Offers, rec.Faults = r.Rounds, r.Time, r.Offers, r.Faults
	rec.Reason = r.Reason
	if r.By >= 0 {
		rec.By = s.Parties[r.By].Name
	}
	if d.an != nil {
		m := protocol.Measure(r, d.an, d.fns)
		rec.ParetoDistance, rec.NashDistance, rec.SocialWelfare = m.ParetoDistance, m.NashDistance, m.SocialWelfare
		rec.GeniusPareto, rec.GeniusNash, rec.GeniusWelfare = m.GeniusParetoDistance, m.GeniusNashDistance, m.GeniusSocialWelfare
	}
	return rec, true
}

// Merge copies the results of the sources into dst: every source must
// belong to the same plan. A result stored in two sources must be the same
// (Record.Same); the first is kept.
func Merge(ctx context.Context, dst Store, srcs ...Store) (int, error) {
	if len(srcs) == 0 {
		return 0, errors.New("nothing to merge")
	}
	var meta Meta
	seen := map[int]Record{}
	var all []Record
	for k, src := range srcs {
		m, err := src.Meta(ctx)
		if err != nil {
			return 0, err
		}
		if m.Hash == "" {
			return 0, fmt.Errorf("source %d holds no results", k+1)
		}
		if k == 0 {
			meta = m
		} else if m.Hash != meta.Hash {
			return 0, fmt.Errorf("source %d: %w", k+1, &ErrOtherPlan{Have: m, Want: meta})
		}
		rs, err := src.All(ctx)
		if err != nil {
			return 0, err
		}
		for i := range rs {
			if prev, ok := seen[rs[i].Index]; ok {
				if !prev.Same(&rs[i]) {
					return 0, fmt.Errorf("negotiation %d differs between the sources; they cannot come from one plan", rs[i].Index)
				}
				continue
			}
			seen[rs[i].Index] = rs[i]
			all = append(all, rs[i])
		}
	}
	if err := dst.Init(ctx, meta); err != nil {
		return 0, err
	}
	for len(all) > 0 {
		n := min(len(all), 1000)
		if err := dst.Put(ctx, all[:n]); err != nil {
			return 0, err
		}
		all = all[n:]
	}
	return len(seen), nil
}
