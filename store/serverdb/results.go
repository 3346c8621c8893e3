package serverdb

import (
	"context"
	"fmt"

	"github.com/entente/entente/store/sqlstore"
)

// Results is the store of tournament results in the server's database.
type Results struct{ *sqlstore.Store }

// Close does nothing: the database is the server's, closed with it.
func (Results) Close() error { return nil }

// Results opens the store of tournament results (package sqlstore's
// tables) in the server's database; each tournament's results are kept
// by its plan's hash.
func (d *DB) Results(ctx context.Context) (Results, error) {
	if d.pg != nil {
		// Servers creating the tables at once would race: serialise them
		// as store/postgres does, with its advisory lock.
		c, cancel := d.bound(ctx)
		defer cancel()
		conn, err := d.db.Conn(c)
		if err != nil {
			return Results{}, fmt.Errorf("%s: %w", d.name, err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(c, "SELECT pg_advisory_lock(74616265)"); err != nil {
			return Results{}, fmt.Errorf("%s: locking the schema: %w", d.name, err)
		}
		defer conn.ExecContext(context.WithoutCancel(c), "SELECT pg_advisory_unlock(74616265)") //nolint:errcheck // released with the session anyway
	}
	st, err := sqlstore.Open(ctx, d.db, sqlstore.Config{Timeout: d.timeout, Name: d.name})
	return Results{st}, err
}
