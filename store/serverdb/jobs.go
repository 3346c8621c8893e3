package serverdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/jobs"
)

var _ jobs.Store = (*DB)(nil)

// Enqueue implements jobs.Store.
func (d *DB) Enqueue(ctx context.Context, j *jobs.Job) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	_, err := d.db.ExecContext(c, "INSERT INTO jobs (id, kind, params, status, created, updated) VALUES ($1, $2, $3, $4, $5, $6)",
		j.ID, j.Kind, string(j.Params), string(j.Status), j.Created.UnixNano(), j.Updated.UnixNano())
	return d.wrap(err)
}

// Job implements jobs.Store.
func (d *DB) Job(ctx context.Context, id string) (*jobs.Job, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	var j jobs.Job
	var params, result, status string
	var created, updated int64
	err := d.db.QueryRowContext(c, "SELECT id, kind, params, status, progress, result, error, attempts, owner, created, updated FROM jobs WHERE id = $1", id).
		Scan(&j.ID, &j.Kind, &params, &status, &j.Progress, &result, &j.Error, &j.Attempts, &j.Owner, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, entente.Errorf(entente.ENotFound, "", 0, 0, "", "no such job")
	}
	if err != nil {
		return nil, d.wrap(err)
	}
	j.Params, j.Status = json.RawMessage(params), jobs.Status(status)
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	j.Created, j.Updated = time.Unix(0, created).UTC(), time.Unix(0, updated).UTC()
	return &j, nil
}

// Pending implements jobs.Store.
func (d *DB) Pending(ctx context.Context) (int, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	var n int
	err := d.db.QueryRowContext(c, "SELECT COUNT(*) FROM jobs WHERE status IN ($1, $2)", string(jobs.Queued), string(jobs.Running)).Scan(&n)
	return n, d.wrap(err)
}

// Claim implements jobs.Store. On PostgreSQL the row is locked with FOR
// UPDATE SKIP LOCKED, so that servers claiming at once take different
// jobs; SQLite has one writer, whose transaction serialises claims.
func (d *DB) Claim(ctx context.Context, owner string, now, lease time.Time) (*jobs.Job, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	tx, err := d.db.BeginTx(c, nil)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	q := "SELECT id FROM jobs WHERE status = $1 OR (status = $2 AND lease < $3) ORDER BY created, id LIMIT 1"
	if d.pg != nil {
		q += " FOR UPDATE SKIP LOCKED"
	}
	var id string
	err = tx.QueryRowContext(c, q, string(jobs.Queued), string(jobs.Running), now.UnixNano()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, d.wrap(err)
	}
	if _, err := tx.ExecContext(c, "UPDATE jobs SET status = $1, owner = $2, lease = $3, attempts = attempts + 1, progress = 0, updated = $4 WHERE id = $5",
		string(jobs.Running), owner, lease.UnixNano(), now.UnixNano(), id); err != nil {
		return nil, d.wrap(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, d.wrap(err)
	}
	return d.Job(ctx, id)
}

// Renew implements jobs.Store.
func (d *DB) Renew(ctx context.Context, id, owner string, progress float64, lease time.Time) (bool, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	r, err := d.db.ExecContext(c, "UPDATE jobs SET lease = $1, progress = $2, updated = $3 WHERE id = $4 AND owner = $5 AND status = $6",
		lease.UnixNano(), progress, time.Now().UnixNano(), id, owner, string(jobs.Running))
	if err != nil {
		return false, d.wrap(err)
	}
	n, _ := r.RowsAffected()
	return n == 1, nil
}

// Finish implements jobs.Store.
func (d *DB) Finish(ctx context.Context, id, owner string, result []byte, failure string, at time.Time) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	status, progress := jobs.Done, 1.0
	if failure != "" {
		status, progress, result = jobs.Failed, 0, nil
	}
	_, err := d.db.ExecContext(c, "UPDATE jobs SET status = $1, result = $2, error = $3, progress = $4, updated = $5 WHERE id = $6 AND owner = $7 AND status = $8",
		string(status), string(result), failure, progress, at.UnixNano(), id, owner, string(jobs.Running))
	return d.wrap(err)
}
