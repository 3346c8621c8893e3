package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entente/entente/store/sqlite"
	"github.com/entente/entente/store/sqlstore"
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

// results writes a results file of n results and returns its bytes, and
// the pages of the primary key's index leaves.
func results(t *testing.T, path string, n int) ([]byte, []int) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Init(ctx, tournament.Meta{Hash: "h", Name: "n", Total: n}); err != nil {
		t.Fatal(err)
	}
	var rs []tournament.Record
	for i := range n {
		rs = append(rs, tournament.Record{Index: i, Scenario: "laptop", Status: "agreement", Parties: []string{"a", "b"}, Roles: []string{"x", "y"},
			Utilities: []float64{0.5, 0.25}, Discounted: []float64{0.5, 0.25}})
	}
	if err := st.Put(ctx, rs); err != nil {
		t.Fatal(err)
	}
	rows, err := st.DB().Query("SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_results_1' AND pagetype = 'leaf' ORDER BY pageno")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var pages []int
	for rows.Next() {
		var p int
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b, pages
}

// quickCheck runs SQLite's quick_check on the file, outside the store.
func quickCheck(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA quick_check").Scan(&res); err != nil {
		return err.Error()
	}
	return res
}

// TestDamagedFileIsRefused damages a results file as a failing disk or a
// stray write would, and checks that neither a run (OpenExclusive) nor a
// reader (Open) uses it: before the check, a resumed run read part of the
// results as done, stored some again, then failed with "database disk
// image is malformed".
func TestDamagedFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	orig, pages := results(t, filepath.Join(dir, "orig.db"), 3000)
	if len(pages) < 2 {
		t.Fatalf("the index has %d leaf pages", len(pages))
	}
	const pageSize = 4096
	cases := []struct {
		name   string
		damage func(b []byte)
		// quickOK: SQLite's quick_check finds nothing wrong (the index no
		// longer matches its table, which only integrity_check compares).
		quickOK bool
	}{
		{"index entry", func(b []byte) {
			// The last byte of the primary key index's second leaf page: the
			// low byte of the row id its last cell points to. The entry
			// stays well formed but names another row.
			b[pages[1]*pageSize-1] ^= 0x01
		}, true},
	}
	for seed := range uint64(5) {
		cases = append(cases, struct {
			name    string
			damage  func(b []byte)
			quickOK bool
		}{fmt.Sprintf("20 scattered bit flips, seed %d", seed), func(b []byte) {
			rng := rand.New(rand.NewPCG(seed, 1))
			for range 20 {
				b[100+rng.IntN(len(b)-100)] ^= 1 << rng.IntN(8)
			}
		}, false})
	}
	ctx := context.Background()
	for k, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("damaged%d.db", k))
			b := bytes.Clone(orig)
			c.damage(b)
			if bytes.Equal(b, orig) {
				t.Fatal("nothing damaged")
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if c.quickOK {
				if q := quickCheck(t, path); q != "ok" {
					t.Errorf("quick_check finds this damage (%q); the case no longer shows what only integrity_check finds", q)
				}
			}
			for _, open := range []func(context.Context, string) (*sqlstore.Store, error){sqlite.Open, sqlite.OpenExclusive} {
				st, err := open(ctx, path)
				if err == nil {
					st.Close()
					t.Fatal("a damaged results file was opened")
				}
				if !errors.Is(err, sqlite.ErrDamaged) || !strings.Contains(err.Error(), path) {
					t.Errorf("error %q; want ErrDamaged naming the file", err)
				}
			}
			after, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(after, b) {
				t.Errorf("refusing the file changed it (%v)", err)
			}
		})
	}
	// The undamaged file opens, and resumes.
	path := filepath.Join(dir, "intact.db")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.OpenExclusive(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if rs, err := st.All(ctx); err != nil || len(rs) != 3000 {
		t.Errorf("the intact file holds %d results (%v)", len(rs), err)
	}
}

// TestOneRunPerFile: the run that writes a results file holds it; a
// second one stops with ErrLocked, readers are not kept out, and the lock
// goes with the store.
func TestOneRunPerFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	first, err := sqlite.OpenExclusive(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Init(ctx, tournament.Meta{Hash: "h", Name: "n", Total: 1}); err != nil {
		t.Fatal(err)
	}
	second, err := sqlite.OpenExclusive(ctx, path)
	if err == nil {
		second.Close()
		t.Fatal("a second run opened a results file in use")
	}
	if !errors.Is(err, sqlite.ErrLocked) {
		t.Errorf("second run: %v; want ErrLocked", err)
	}
	reader, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("a reader was kept out: %v", err)
	}
	if m, err := reader.Meta(ctx); err != nil || m.Hash != "h" {
		t.Errorf("reader: %+v %v", m, err)
	}
	reader.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := sqlite.OpenExclusive(ctx, path)
	if err != nil {
		t.Fatalf("after the first run closed: %v", err)
	}
	again.Close()
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
