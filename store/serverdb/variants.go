package serverdb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
)

var _ live.VariantStore = (*DB)(nil)

// PutVariant implements live.VariantStore: in one transaction, a variant
// of the same scenario and name gives way to the new one, which keeps
// its id.
func (d *DB) PutVariant(ctx context.Context, v *live.VariantRecord) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	tx, err := d.db.BeginTx(c, nil)
	if err != nil {
		return d.wrap(err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	var old string
	err = tx.QueryRowContext(c, "SELECT id FROM variants WHERE scenario = $1 AND name = $2", v.Scenario, v.Name).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return d.wrap(err)
	default:
		v.ID = old
		if _, err := tx.ExecContext(c, "DELETE FROM variants WHERE id = $1", old); err != nil {
			return d.wrap(err)
		}
	}
	if _, err := tx.ExecContext(c, "INSERT INTO variants (id, scenario, name, doc, created) VALUES ($1, $2, $3, $4, $5)",
		v.ID, v.Scenario, v.Name, string(v.Doc), stamp(v.Created)); err != nil {
		return d.wrap(err)
	}
	return d.wrap(tx.Commit())
}

// Variants implements live.VariantStore.
func (d *DB) Variants(ctx context.Context, scenario string) ([]live.VariantRecord, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	rows, err := d.db.QueryContext(c, "SELECT id, scenario, name, doc, created FROM variants WHERE scenario = $1 ORDER BY created, id", scenario)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	out := []live.VariantRecord{}
	for rows.Next() {
		var v live.VariantRecord
		var doc, created string
		if err := rows.Scan(&v.ID, &v.Scenario, &v.Name, &doc, &created); err != nil {
			return nil, d.wrap(err)
		}
		v.Doc, v.Created = []byte(doc), parseStamp(created)
		out = append(out, v)
	}
	return out, d.wrap(rows.Err())
}

// DeleteVariant implements live.VariantStore.
func (d *DB) DeleteVariant(ctx context.Context, scenario, id string) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	r, err := d.db.ExecContext(c, "DELETE FROM variants WHERE scenario = $1 AND id = $2", scenario, id)
	if err != nil {
		return d.wrap(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return entente.Errorf(entente.ENotFound, "", 0, 0, "", "no such variant")
	}
	return nil
}
