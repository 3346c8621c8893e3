package serverdb

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
	"github.com/entente/entente/store/postgres"
	"github.com/entente/entente/store/sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the server's store.
type DB struct {
	db      *sql.DB
	pg      *pgx.ConnConfig // nil for SQLite
	name    string
	timeout time.Duration
	// OnError, when set, receives errors of background work (the
	// listener's lost connections).
	OnError func(error)
}

func (d *DB) logErr(err error) {
	if err != nil && d.OnError != nil {
		d.OnError(err)
	}
}

var _ live.Store = (*DB)(nil)

// OpenSQLite opens (creating if needed) the database entente.db in folder
// dir.
func OpenSQLite(ctx context.Context, dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data folder: %w", err)
	}
	path := filepath.Join(dir, "entente.db")
	// FULL: a commit is on disk before the server acknowledges the move.
	db, err := sql.Open("sqlite", sqlite.DSN(path, "FULL"))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	d := &DB{db: db, name: path}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// OpenPostgres connects to the PostgreSQL database at url (see
// store/postgres.Config for the settings read besides it). Every call is
// bounded by timeout (0: postgres.DefaultTimeout).
func OpenPostgres(ctx context.Context, url string, opt postgres.Options) (*DB, error) {
	cfg, err := postgres.Config(url, opt)
	if err != nil {
		return nil, err
	}
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = postgres.DefaultTimeout
	}
	if timeout > 0 && (cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > timeout) {
		cfg.ConnectTimeout = timeout
	}
	d := &DB{db: stdlib.OpenDB(*cfg), pg: cfg, name: "PostgreSQL at " + postgres.Redact(url), timeout: max(timeout, 0)}
	c, cancel := d.bound(ctx)
	err = d.db.PingContext(c)
	cancel()
	if err != nil {
		d.db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", d.name, err)
	}
	if err := d.migrate(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// Name names the database in messages (without a password).
func (d *DB) Name() string { return d.name }

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

func (d *DB) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if d.timeout > 0 {
		return context.WithTimeout(ctx, d.timeout)
	}
	return context.WithCancel(ctx)
}

// Migrations returns the embedded migrations' versions, in order.
func Migrations() []int {
	vs, _ := versions()
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = v.n
	}
	return out
}

type version struct {
	n    int
	file string
}

func versions() ([]version, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var vs []version
	for _, name := range names {
		base := filepath.Base(name)
		num, _, _ := strings.Cut(base, "_")
		n, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: the name must start with its number", base)
		}
		vs = append(vs, version{n, name})
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].n < vs[j].n })
	return vs, nil
}

// migrate applies the migrations not yet applied, each in a transaction.
// On PostgreSQL an advisory lock keeps servers starting together from
// applying one twice.
func (d *DB) migrate(ctx context.Context) error {
	vs, err := versions()
	if err != nil {
		return err
	}
	c, cancel := d.bound(ctx)
	defer cancel()
	conn, err := d.db.Conn(c)
	if err != nil {
		return fmt.Errorf("%s: %w", d.name, err)
	}
	defer conn.Close()
	if d.pg != nil {
		if _, err := conn.ExecContext(c, "SELECT pg_advisory_lock(74616266)"); err != nil {
			return fmt.Errorf("%s: locking the schema: %w", d.name, err)
		}
		defer conn.ExecContext(context.WithoutCancel(c), "SELECT pg_advisory_unlock(74616266)") //nolint:errcheck // released with the session anyway
	}
	if _, err := conn.ExecContext(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied TEXT NOT NULL)"); err != nil {
		return fmt.Errorf("%s: %w", d.name, err)
	}
	for _, v := range vs {
		var n int
		if err := conn.QueryRowContext(c, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1", v.n).Scan(&n); err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(v.file)
		if err != nil {
			return err
		}
		tx, err := conn.BeginTx(c, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
		for _, stmt := range strings.Split(string(body), ";") {
			if strings.TrimSpace(stripComments(stmt)) == "" {
				continue
			}
			if _, err := tx.ExecContext(c, stmt); err != nil {
				tx.Rollback() //nolint:errcheck // the error at hand matters more
				return fmt.Errorf("%s: migration %s: %w", d.name, filepath.Base(v.file), err)
			}
		}
		if _, err := tx.ExecContext(c, "INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)", v.n, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback() //nolint:errcheck // the error at hand matters more
			return fmt.Errorf("%s: %w", d.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("%s: migration %s: %w", d.name, filepath.Base(v.file), err)
		}
	}
	return nil
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(line); !strings.HasPrefix(t, "--") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func (d *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	var e *entente.Error
	if errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("%s: %w", d.name, err)
}

// PutScenario implements live.Store.
func (d *DB) PutScenario(ctx context.Context, sc *live.ScenarioRecord) error {
	files, err := json.Marshal(sc.Files)
	if err != nil {
		return err
	}
	c, cancel := d.bound(ctx)
	defer cancel()
	_, err = d.db.ExecContext(c, "INSERT INTO scenarios (id, name, format, created, files) VALUES ($1, $2, $3, $4, $5)",
		sc.ID, sc.Name, sc.Format, stamp(sc.Created), string(files))
	return d.wrap(err)
}

// Scenario implements live.Store.
func (d *DB) Scenario(ctx context.Context, id string) (*live.ScenarioRecord, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	var sc live.ScenarioRecord
	var created, files string
	err := d.db.QueryRowContext(c, "SELECT id, name, format, created, files FROM scenarios WHERE id = $1", id).
		Scan(&sc.ID, &sc.Name, &sc.Format, &created, &files)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, entente.Errorf(entente.ENotFound, "", 0, 0, "", "no such scenario")
	}
	if err != nil {
		return nil, d.wrap(err)
	}
	sc.Created = parseStamp(created)
	if err := json.Unmarshal([]byte(files), &sc.Files); err != nil {
		return nil, fmt.Errorf("%s: scenario %s: %w", d.name, id, err)
	}
	return &sc, nil
}

// Scenarios implements live.Store.
func (d *DB) Scenarios(ctx context.Context) ([]live.ScenarioRecord, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	rows, err := d.db.QueryContext(c, "SELECT id, name, format, created FROM scenarios ORDER BY created, id")
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var out []live.ScenarioRecord
	for rows.Next() {
		var sc live.ScenarioRecord
		var created string
		if err := rows.Scan(&sc.ID, &sc.Name, &sc.Format, &created); err != nil {
			return nil, d.wrap(err)
		}
		sc.Created = parseStamp(created)
		out = append(out, sc)
	}
	return out, d.wrap(rows.Err())
}

// DeleteScenario implements live.Store.
func (d *DB) DeleteScenario(ctx context.Context, id string) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	r, err := d.db.ExecContext(c, "DELETE FROM scenarios WHERE id = $1", id)
	if err != nil {
		return d.wrap(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return entente.Errorf(entente.ENotFound, "", 0, 0, "", "no such scenario")
	}
	return nil
}

// CreateNegotiation implements live.Store.
func (d *DB) CreateNegotiation(ctx context.Context, n *live.NegotiationRecord) error {
	spec, err := json.Marshal(n.Spec)
	if err != nil {
		return err
	}
	tokens, err := json.Marshal(n.Tokens)
	if err != nil {
		return err
	}
	c, cancel := d.bound(ctx)
	defer cancel()
	_, err = d.db.ExecContext(c, "INSERT INTO negotiations (id, spec, created, status, tokens) VALUES ($1, $2, $3, $4, $5)",
		n.ID, string(spec), stamp(n.Created), n.Status, string(tokens))
	return d.wrap(err)
}

const negotiationColumns = "id, spec, created, started, status, ended, tokens"

func scanNegotiation(row interface{ Scan(...any) error }) (*live.NegotiationRecord, error) {
	var n live.NegotiationRecord
	var spec, created, started, ended, tokens string
	if err := row.Scan(&n.ID, &spec, &created, &started, &n.Status, &ended, &tokens); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(spec), &n.Spec); err != nil {
		return nil, fmt.Errorf("negotiation %s: %w", n.ID, err)
	}
	if err := json.Unmarshal([]byte(tokens), &n.Tokens); err != nil {
		return nil, fmt.Errorf("negotiation %s: %w", n.ID, err)
	}
	n.Created, n.Started, n.Ended = parseStamp(created), parseStamp(started), parseStamp(ended)
	return &n, nil
}

// Negotiation implements live.Store.
func (d *DB) Negotiation(ctx context.Context, id string) (*live.NegotiationRecord, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	n, err := scanNegotiation(d.db.QueryRowContext(c, "SELECT "+negotiationColumns+" FROM negotiations WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, entente.Errorf(entente.ENotFound, "", 0, 0, "", "no such negotiation")
	}
	return n, d.wrap(err)
}

// Negotiations implements live.Store.
func (d *DB) Negotiations(ctx context.Context) ([]live.NegotiationRecord, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	rows, err := d.db.QueryContext(c, "SELECT "+negotiationColumns+" FROM negotiations ORDER BY created, id")
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var out []live.NegotiationRecord
	for rows.Next() {
		n, err := scanNegotiation(rows)
		if err != nil {
			return nil, d.wrap(err)
		}
		out = append(out, *n)
	}
	return out, d.wrap(rows.Err())
}

// Open implements live.Store.
func (d *DB) Open(ctx context.Context) (int, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	var n int
	err := d.db.QueryRowContext(c, "SELECT COUNT(*) FROM negotiations WHERE status IN ($1, $2)", live.StatusCreated, live.StatusRunning).Scan(&n)
	return n, d.wrap(err)
}

// Start implements live.Store.
func (d *DB) Start(ctx context.Context, id string, at time.Time) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	r, err := d.db.ExecContext(c, "UPDATE negotiations SET started = $1, status = $2 WHERE id = $3 AND status = $4",
		stamp(at), live.StatusRunning, id, live.StatusCreated)
	if err != nil {
		return d.wrap(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation has already started")
	}
	return nil
}

// Append implements live.Store.
func (d *DB) Append(ctx context.Context, id string, seq int, moves []live.Move, end string, at time.Time) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	tx, err := d.db.BeginTx(c, nil)
	if err != nil {
		return d.wrap(err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	conflict := entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation moved on meanwhile")
	for i, m := range moves {
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		r, err := tx.ExecContext(c, "INSERT INTO moves (negotiation, seq, move) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", id, seq+i, string(b))
		if err != nil {
			return d.wrap(err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return conflict
		}
	}
	if end != "" {
		r, err := tx.ExecContext(c, "UPDATE negotiations SET status = $1, ended = $2 WHERE id = $3 AND status = $4", end, stamp(at), id, live.StatusRunning)
		if err != nil {
			return d.wrap(err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return conflict
		}
	}
	if d.pg != nil {
		if _, err := tx.ExecContext(c, "SELECT pg_notify('entente_moves', $1)", id+" "+strconv.Itoa(seq+len(moves))); err != nil {
			return d.wrap(err)
		}
	}
	return d.wrap(tx.Commit())
}

// Moves implements live.Store.
func (d *DB) Moves(ctx context.Context, id string, from int) ([]live.Move, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	rows, err := d.db.QueryContext(c, "SELECT seq, move FROM moves WHERE negotiation = $1 AND seq >= $2 ORDER BY seq", id, from)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var out []live.Move
	for rows.Next() {
		var seq int
		var b string
		if err := rows.Scan(&seq, &b); err != nil {
			return nil, d.wrap(err)
		}
		if seq != from+len(out) {
			return nil, fmt.Errorf("%s: negotiation %s: move %d is missing", d.name, id, from+len(out))
		}
		var m live.Move
		if err := json.Unmarshal([]byte(b), &m); err != nil {
			return nil, fmt.Errorf("%s: negotiation %s, move %d: %w", d.name, id, seq, err)
		}
		out = append(out, m)
	}
	return out, d.wrap(rows.Err())
}

// Setting implements live.Store.
func (d *DB) Setting(ctx context.Context, key string) (string, error) {
	c, cancel := d.bound(ctx)
	defer cancel()
	var v string
	err := d.db.QueryRowContext(c, "SELECT value FROM settings WHERE key = $1", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, d.wrap(err)
}

// SetSetting implements live.Store.
func (d *DB) SetSetting(ctx context.Context, key, value string) error {
	c, cancel := d.bound(ctx)
	defer cancel()
	_, err := d.db.ExecContext(c, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return d.wrap(err)
}
