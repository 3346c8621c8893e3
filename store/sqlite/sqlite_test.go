package sqlite_test

import (
	"context"
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
