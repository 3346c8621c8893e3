package tournament_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/tournament"
)

// failingStore is a results store whose Put fails (like a full disk) after
// ok successful calls.
type failingStore struct {
	tournament.Store
	ok int
}

var errDiskFull = errors.New("no space left on device (simulated)")

func (s *failingStore) Put(ctx context.Context, rs []tournament.Record) error {
	if s.ok == 0 {
		return errDiskFull
	}
	s.ok--
	return s.Store.Put(ctx, rs)
}

// TestSummaryCountsWhatWasCommitted: when the store fails, the summary
// counts the results it committed, not those it was handed.
func TestSummaryCountsWhatWasCommitted(t *testing.T) {
	p := smallPlan(t)
	inner := openStore(t, filepath.Join(t.TempDir(), "r.db"))
	st := &failingStore{Store: inner, ok: 3}
	sum, err := tournament.Run(context.Background(), p, st, tournament.Options{Batch: 4, Workers: 1})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("Run: %v; want the store's error", err)
	}
	stored := len(all(t, inner))
	if stored != 12 {
		t.Fatalf("%d results stored; want the 3 batches of 4 that the store took", stored)
	}
	if sum.Ran != stored {
		t.Errorf("the summary says %d run now; the store holds %d", sum.Ran, stored)
	}
	// A rerun plays exactly what is missing.
	sum, err = tournament.Run(context.Background(), p, inner, tournament.Options{})
	if err != nil || sum.Skipped != stored || sum.Ran != len(p.Jobs())-stored {
		t.Errorf("rerun: %+v %v", sum, err)
	}
}

// walker walks away at once: a negotiation of one turn, which ends before
// the protocol first looks at the context.
type walker struct{}

func (walker) Start(*protocol.View) error          { return nil }
func (walker) Act(*protocol.State) protocol.Action { return protocol.Action{Kind: protocol.Walk} }
func (walker) Observe(*protocol.Event)             {}

// bigScenario has 2 parties and 8 issues of 8 options: 16.8 million
// packages, whose analysis for the metrics takes seconds.
func bigScenario(t *testing.T) *entente.Scenario {
	t.Helper()
	var b strings.Builder
	b.WriteString("entente: 1\nname: big\nissues:\n")
	for i := range 8 {
		fmt.Fprintf(&b, "  - {name: i%d, kind: integer, range: [1, 8]}\n", i)
	}
	b.WriteString("parties:\n")
	for _, party := range []struct {
		name  string
		slope float64
	}{{"up", 1}, {"down", -1}} {
		fmt.Fprintf(&b, "  - name: %s\n    weights: {", party.name)
		for i := range 8 {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "i%d: 0.125", i)
		}
		b.WriteString("}\n    values: {")
		for i := range 8 {
			if i > 0 {
				b.WriteString(", ")
			}
			off := 0.0
			if party.slope < 0 {
				off = 1
			}
			fmt.Fprintf(&b, "i%d: {linear: {offset: %g, slope: %g, origin: 1}}", i, off, party.slope/7)
		}
		b.WriteString("}\n    reservation: 0.2\n")
	}
	res, err := load.Sources([]entente.Source{{Name: "big.yaml", Data: []byte(b.String())}})
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	return res.Scenario
}

// TestDeadlineIsNoResult runs a tournament under a context whose deadline
// passes while the metrics' analysis runs: negotiations that end before
// the protocol looks at the context must not be stored with the metrics
// of an analysis cut short (they were, as complete results without
// metrics, when only cancellation, not a deadline, was recognised).
func TestDeadlineIsNoResult(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses 16.8 million packages")
	}
	p := &tournament.Plan{
		Name: "deadline", Seed: 1,
		Scenarios:   []tournament.Scenario{{Name: "big", Scenario: bigScenario(t)}},
		Negotiators: []tournament.Competitor{{Name: "a", Spec: "walker"}, {Name: "b", Spec: "walker"}},
		Custom:      map[string]func() protocol.Negotiator{"walker": func() protocol.Negotiator { return walker{} }},
		Protocols:   []tournament.Setting{{}}, Repetitions: 20, Deadline: protocol.Deadline{Rounds: 5},
		Resolution: 11, MetricsMaxOutcomes: 1 << 25,
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	st := openStore(t, filepath.Join(t.TempDir(), "r.db"))
	// The store's own calls are not bounded by the deadline: only the
	// negotiations are.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	sum, err := tournament.Run(ctx, p, unbounded{st}, tournament.Options{Workers: 2})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run: %+v %v; want the deadline's error (the analysis took less than 300 ms?)", sum, err)
	}
	rs := all(t, st)
	for _, r := range rs {
		if math.IsNaN(r.ParetoDistance) || math.IsNaN(r.SocialWelfare) {
			t.Errorf("negotiation %d was stored without metrics after the deadline cut the analysis short: %+v", r.Index, r)
		}
	}
	if sum.Ran != len(rs) {
		t.Errorf("the summary says %d run now; the store holds %d", sum.Ran, len(rs))
	}
}

// unbounded hands the store a context without the run's deadline.
type unbounded struct{ tournament.Store }

func (u unbounded) Init(ctx context.Context, m tournament.Meta) error {
	return u.Store.Init(context.WithoutCancel(ctx), m)
}

func (u unbounded) Done(ctx context.Context) (map[int]bool, error) {
	return u.Store.Done(context.WithoutCancel(ctx))
}
