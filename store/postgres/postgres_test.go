package postgres_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/entente/entente/internal/pgtest"
	"github.com/entente/entente/load"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/store/postgres"
	"github.com/entente/entente/store/sqlite"
	"github.com/entente/entente/tournament"
)

// freshDatabase creates an empty database for one test and drops it after.
func freshDatabase(t *testing.T) string { return pgtest.Fresh(t) }

func plan(t *testing.T, reps int) *tournament.Plan {
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	p := &tournament.Plan{
		Name: "pg", Seed: 3, Scenarios: []tournament.Scenario{{Name: "laptop", Scenario: res.Scenario}},
		Negotiators: []tournament.Competitor{{Name: "boulware", Spec: "boulware"}, {Name: "conceder", Spec: "conceder"}, {Name: "random", Spec: "random"}},
		Protocols:   []tournament.Setting{{}}, Repetitions: reps, Deadline: protocol.Deadline{Rounds: 50}, Resolution: 11, MetricsMaxOutcomes: 1 << 20,
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestShardsShareADatabase runs two shards at once into one database and
// compares the results with a single run into an SQLite file.
func TestShardsShareADatabase(t *testing.T) {
	ctx := context.Background()
	dbURL := freshDatabase(t)
	p := plan(t, 4) // 6 role orders × 4 = 24 negotiations
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := postgres.Open(ctx, dbURL)
			if err != nil {
				errs[i] = err
				return
			}
			defer st.Close()
			_, errs[i] = tournament.Run(ctx, p, st, tournament.Options{Shard: tournament.Shard{I: i, N: 2}, Workers: 1})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ref.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	if _, err := tournament.Run(ctx, p, ref, tournament.Options{}); err != nil {
		t.Fatal(err)
	}
	want, _ := ref.All(ctx)
	if len(got) != 24 || len(want) != 24 {
		t.Fatalf("%d results in PostgreSQL, %d in SQLite; want 24", len(got), len(want))
	}
	for i := range got {
		if !got[i].Same(&want[i]) {
			t.Fatalf("result %d differs:\n%+v\n%+v", i, got[i], want[i])
		}
	}

	// A second plan in the same database: reading now needs a choice.
	q := plan(t, 1)
	if _, err := tournament.Run(ctx, q, st, tournament.Options{}); err != nil {
		t.Fatal(err)
	}
	other, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Meta(ctx); err == nil || !strings.Contains(err.Error(), "holds the results of 2 plans") {
		t.Errorf("two plans: %v", err)
	}
	hq, _ := q.Hash()
	if err := other.Use(ctx, hq[:10]); err != nil {
		t.Fatal(err)
	}
	if rs, err := other.All(ctx); err != nil || len(rs) != 6 {
		t.Errorf("the second plan: %d results, %v", len(rs), err)
	}
}
