package serverdb

import (
	"context"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/pgtest"
	"github.com/entente/entente/live"
	"github.com/entente/entente/store/postgres"
)

// Saved variants on both databases: listed oldest first, a name saved
// again replaces its variant and keeps its id, a variant deleted twice is
// not found the second time, and deleting the scenario deletes its
// variants.
func TestVariants(t *testing.T) {
	ctx := context.Background()
	for _, b := range []struct {
		name string
		open func(t *testing.T) (*DB, error)
	}{
		{"sqlite", func(t *testing.T) (*DB, error) { return OpenSQLite(ctx, t.TempDir()) }},
		{"postgres", func(t *testing.T) (*DB, error) { return OpenPostgres(ctx, pgtest.Fresh(t), postgres.Options{}) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			db, err := b.open(t)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			at := time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC)
			for _, id := range []string{"S1", "S2"} {
				if err := db.PutScenario(ctx, &live.ScenarioRecord{ID: id, Name: id, Format: "native", Created: at,
					Files: []entente.Source{{Name: "s.yaml", Data: []byte("entente: 1\n")}}}); err != nil {
					t.Fatal(err)
				}
			}
			put := func(id, scenario, name, doc string, created time.Time) {
				t.Helper()
				if err := db.PutVariant(ctx, &live.VariantRecord{ID: id, Scenario: scenario, Name: name, Doc: []byte(doc), Created: created}); err != nil {
					t.Fatal(err)
				}
			}
			list := func(scenario string) string {
				t.Helper()
				vs, err := db.Variants(ctx, scenario)
				if err != nil {
					t.Fatal(err)
				}
				out := ""
				for _, v := range vs {
					out += v.ID + ":" + v.Name + "=" + string(v.Doc) + ";"
				}
				return out
			}
			put("V1", "S1", "US out", `{"a":1}`, at.Add(time.Second))
			put("V2", "S1", "threshold 55%", `{"b":2}`, at.Add(2*time.Second))
			put("V3", "S2", "US out", `{"c":3}`, at.Add(3*time.Second))
			if got, want := list("S1"), `V1:US out={"a":1};V2:threshold 55%={"b":2};`; got != want {
				t.Errorf("S1's variants: %s, want %s", got, want)
			}
			// Saved again under its name: replaced, with its id, and listed
			// by its new time.
			put("V4", "S1", "US out", `{"a":4}`, at.Add(4*time.Second))
			if got, want := list("S1"), `V2:threshold 55%={"b":2};V1:US out={"a":4};`; got != want {
				t.Errorf("S1's variants after a replacement: %s, want %s", got, want)
			}
			if err := db.DeleteVariant(ctx, "S1", "V2"); err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteVariant(ctx, "S1", "V2"); entente.ErrorCode(err) != entente.ENotFound {
				t.Errorf("deleting a deleted variant: %v", err)
			}
			if err := db.DeleteVariant(ctx, "S1", "V3"); entente.ErrorCode(err) != entente.ENotFound {
				t.Errorf("deleting another scenario's variant: %v", err)
			}
			if err := db.DeleteScenario(ctx, "S1"); err != nil {
				t.Fatal(err)
			}
			if got := list("S1"); got != "" {
				t.Errorf("the deleted scenario's variants: %s", got)
			}
			if got, want := list("S2"), `V3:US out={"c":3};`; got != want {
				t.Errorf("S2's variants: %s, want %s", got, want)
			}
		})
	}
}
