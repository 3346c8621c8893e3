package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/entente/entente/store/sqlite"
	"github.com/entente/entente/tournament"
)

// TestOddFileNames: a results file is written where it is named, with its
// durability settings, whatever characters the name holds.
func TestOddFileNames(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"we#ird.db", "x?mode=ro.db", "100%.db", "with space.db"} {
		path := filepath.Join(t.TempDir(), name)
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := st.Init(ctx, tournament.Meta{Hash: "h", Name: "n", Total: 1}); err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, []tournament.Record{{Index: 0, Scenario: "s", Status: "agreement", Parties: []string{"a"}, Roles: []string{"b"}, Utilities: []float64{1}, Discounted: []float64{1}}}); err != nil {
			t.Fatal(err)
		}
		var mode string
		if err := st.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("%s: journal mode %q (%v), want wal", name, mode, err)
		}
		st.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: the file is not where it was named: %v", name, err)
		}
	}
}

// TestOlderResultsFileGainsRatification: a results file written before
// results held ratifications gains the columns; its rows read back with
// none, and new rows keep theirs.
func TestOlderResultsFileGainsRatification(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// The schema of results version 1, and one of its rows.
	for _, stmt := range []string{
		`CREATE TABLE plans (hash TEXT PRIMARY KEY, name TEXT NOT NULL, total BIGINT NOT NULL)`,
		`CREATE TABLE results (plan TEXT NOT NULL REFERENCES plans (hash), idx BIGINT NOT NULL, scenario TEXT NOT NULL, protocol TEXT NOT NULL,
			parties TEXT NOT NULL, roles TEXT NOT NULL, repetition BIGINT NOT NULL, seed BIGINT NOT NULL, status TEXT NOT NULL, agreement INTEGER NOT NULL,
			package TEXT NOT NULL, utilities TEXT NOT NULL, discounted TEXT NOT NULL, rounds BIGINT NOT NULL, time DOUBLE PRECISION NOT NULL,
			offers BIGINT NOT NULL, faults BIGINT NOT NULL, pareto DOUBLE PRECISION, nash DOUBLE PRECISION, welfare DOUBLE PRECISION,
			genius_pareto DOUBLE PRECISION, genius_nash DOUBLE PRECISION, genius_welfare DOUBLE PRECISION, reason TEXT NOT NULL,
			by_party TEXT NOT NULL, elapsed_ns BIGINT NOT NULL, PRIMARY KEY (plan, idx))`,
		`INSERT INTO plans VALUES ('h', 'n', 2)`,
		`INSERT INTO results VALUES ('h', 0, 's', 'offers', '["a"]', '["x"]', 0, 1, 'agreement', 1, '{"i":"o"}', '[1]', '[1]', 3, 0.5, 4, 0, NULL, NULL, NULL, NULL, NULL, NULL, '', '', 7)`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Init(ctx, tournament.Meta{Hash: "h", Name: "n", Total: 2}); err != nil {
		t.Fatal(err)
	}
	v := tournament.Verdict{Constituency: "c", Party: "a", Applies: true, Approval: 0.6, Threshold: 0.5, Ratified: true}
	if err := st.Put(ctx, []tournament.Record{{Index: 1, Scenario: "s", Status: "agreement", Agreement: true, Parties: []string{"a"}, Roles: []string{"x"},
		Utilities: []float64{1}, Discounted: []float64{1}, Ratification: []tournament.Verdict{v}, Stands: true}}); err != nil {
		t.Fatal(err)
	}
	rs, err := st.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Ratification != nil || rs[0].Stands || len(rs[1].Ratification) != 1 || rs[1].Ratification[0] != v || !rs[1].Stands {
		t.Errorf("read back %+v", rs)
	}
}
