package postgres

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"

	"github.com/entente/entente/store/sqlstore"
)

// Open connects to the database at url (postgres://user:pass@host/db) and
// creates the results tables if needed.
func Open(ctx context.Context, url string) (*sqlstore.Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	// Shards starting together race to create the tables: serialise them
	// with an advisory lock for the session that creates them.
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(74616265)"); err != nil {
		db.Close()
		return nil, fmt.Errorf("locking the schema: %w", err)
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(74616265)") //nolint:errcheck // released with the session anyway
	s, err := sqlstore.New(ctx, db, false)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}
