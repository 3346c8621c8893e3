// Package serverdbtest runs a test against the server's store on both its
// databases: SQLite in a temporary folder, and PostgreSQL (a fresh
// database on the server internal/pgtest names, skipped without one).
package serverdbtest

import (
	"context"
	"testing"

	"github.com/entente/entente/internal/pgtest"
	"github.com/entente/entente/store/postgres"
	"github.com/entente/entente/store/serverdb"
)

// Each runs f as subtests "sqlite" and "postgres". open opens the
// subtest's database, a new connection each call (as another server
// would), closed when the subtest ends.
func Each(t *testing.T, f func(t *testing.T, open func() *serverdb.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		f(t, opener(t, func() (*serverdb.DB, error) { return serverdb.OpenSQLite(context.Background(), dir) }))
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.Fresh(t)
		f(t, opener(t, func() (*serverdb.DB, error) {
			return serverdb.OpenPostgres(context.Background(), url, postgres.Options{})
		}))
	})
}

func opener(t *testing.T, open func() (*serverdb.DB, error)) func() *serverdb.DB {
	return func() *serverdb.DB {
		db, err := open()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
}
