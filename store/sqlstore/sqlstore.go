// Package sqlstore keeps tournament results in a SQL database through
// database/sql. The schema and statements are written once, in the SQL that
// SQLite and PostgreSQL share; packages store/sqlite and store/postgres open
// the databases.
//
// Each plan has a row in table plans (its hash, name and number of
// negotiations) and each result a row in table results keyed by the plan's
// hash and the negotiation's index. Every Put is one transaction, and a row
// is inserted only if absent, so a crash never leaves half a batch and a
// rerun never duplicates a result.
package sqlstore

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/entente/entente/tournament"
)

//go:embed schema.sql
var schema string

// Store is a results store in a SQL database.
type Store struct {
	db *sql.DB
	// single: the database holds one plan only (a results file).
	single bool
	hash   string
	insert string
}

// New wraps an open database, creating the tables if needed. With single
// set, the database may hold the results of one plan only.
func New(ctx context.Context, db *sql.DB, single bool) (*Store, error) {
	for _, stmt := range strings.Split(schema, ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("creating the results tables: %w", err)
		}
	}
	// Tables made before results held ratifications gain the columns (a
	// shard that adds them at the same time as another finds them there).
	const probe = "SELECT ratification, stands FROM results WHERE 1 = 0"
	if _, err := db.ExecContext(ctx, probe); err != nil {
		for _, stmt := range []string{
			"ALTER TABLE results ADD COLUMN ratification TEXT NOT NULL DEFAULT 'null'",
			"ALTER TABLE results ADD COLUMN stands INTEGER NOT NULL DEFAULT 0",
		} {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				if _, again := db.ExecContext(ctx, probe); again == nil {
					break
				}
				return nil, fmt.Errorf("adding the ratification columns: %w", err)
			}
		}
	}
	ph := make([]string, len(columns)+1)
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	return &Store{db: db, single: single,
		insert: "INSERT INTO results (plan, " + strings.Join(columns, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ") ON CONFLICT DO NOTHING",
	}, nil
}

// DB returns the database.
func (s *Store) DB() *sql.DB { return s.db }

// Init ties the store to a plan.
func (s *Store) Init(ctx context.Context, m tournament.Meta) error {
	have, err := s.plans(ctx)
	if err != nil {
		return err
	}
	for _, h := range have {
		if h.Hash == m.Hash {
			s.hash = m.Hash
			return nil
		}
	}
	if s.single && len(have) > 0 {
		return &tournament.ErrOtherPlan{Have: have[0], Want: m}
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO plans (hash, name, total) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", m.Hash, m.Name, m.Total); err != nil {
		return fmt.Errorf("recording the plan: %w", err)
	}
	s.hash = m.Hash
	return nil
}

func (s *Store) plans(ctx context.Context) ([]tournament.Meta, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT hash, name, total FROM plans ORDER BY hash")
	if err != nil {
		return nil, fmt.Errorf("reading the plans: %w", err)
	}
	defer rows.Close()
	var ms []tournament.Meta
	for rows.Next() {
		var m tournament.Meta
		if err := rows.Scan(&m.Hash, &m.Name, &m.Total); err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// Meta returns the plan the store belongs to: the one it was tied to, or
// the only one it holds.
func (s *Store) Meta(ctx context.Context) (tournament.Meta, error) {
	ms, err := s.plans(ctx)
	if err != nil {
		return tournament.Meta{}, err
	}
	if s.hash != "" {
		for _, m := range ms {
			if m.Hash == s.hash {
				return m, nil
			}
		}
	}
	switch len(ms) {
	case 0:
		return tournament.Meta{}, nil
	case 1:
		s.hash = ms[0].Hash
		return ms[0], nil
	}
	var names []string
	for _, m := range ms {
		names = append(names, fmt.Sprintf("%.12s (%s)", m.Hash, m.Name))
	}
	return tournament.Meta{}, fmt.Errorf("the database holds the results of %d plans: %s; choose one with --plan HASH", len(ms), strings.Join(names, ", "))
}

// Use ties the store to the plan whose hash starts with prefix.
func (s *Store) Use(ctx context.Context, prefix string) error {
	ms, err := s.plans(ctx)
	if err != nil {
		return err
	}
	var found []tournament.Meta
	for _, m := range ms {
		if strings.HasPrefix(m.Hash, prefix) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return fmt.Errorf("%d plans have a hash starting with %q; expected one", len(found), prefix)
	}
	s.hash = found[0].Hash
	return nil
}

// Done returns the indices stored.
func (s *Store) Done(ctx context.Context) (map[int]bool, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT idx FROM results WHERE plan = $1", s.hash)
	if err != nil {
		return nil, fmt.Errorf("reading the results: %w", err)
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return nil, err
		}
		done[i] = true
	}
	return done, rows.Err()
}

// Put stores results in one transaction.
func (s *Store) Put(ctx context.Context, rs []tournament.Record) error {
	if s.hash == "" {
		return errors.New("sqlstore: Put before Init")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storing results: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	st, err := tx.PrepareContext(ctx, s.insert)
	if err != nil {
		return fmt.Errorf("storing results: %w", err)
	}
	defer st.Close()
	for i := range rs {
		vals, err := values(&rs[i])
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, append([]any{s.hash}, vals...)...); err != nil {
			return fmt.Errorf("storing result %d: %w", rs[i].Index, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storing results: %w", err)
	}
	return nil
}

// All returns every record of the plan, by index.
func (s *Store) All(ctx context.Context) ([]tournament.Record, error) {
	if s.hash == "" {
		if _, err := s.Meta(ctx); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+strings.Join(columns, ", ")+" FROM results WHERE plan = $1 ORDER BY idx", s.hash)
	if err != nil {
		return nil, fmt.Errorf("reading the results: %w", err)
	}
	defer rows.Close()
	var out []tournament.Record
	for rows.Next() {
		r, err := scan(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// columns are the results table's columns after plan, in the order of
// values and scan.
var columns = []string{"idx", "scenario", "protocol", "parties", "roles", "repetition", "seed", "status", "agreement",
	"package", "utilities", "discounted", "rounds", "time", "offers", "faults",
	"pareto", "nash", "welfare", "genius_pareto", "genius_nash", "genius_welfare", "reason", "by_party", "elapsed_ns",
	"ratification", "stands"}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullable(x float64) any {
	if math.IsNaN(x) {
		return nil
	}
	return x
}

func values(r *tournament.Record) ([]any, error) {
	js := func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	}
	var texts [6]string
	var err error
	for i, v := range []any{r.Parties, r.Roles, r.Package, r.Utilities, r.Discounted, r.Ratification} {
		if texts[i], err = js(v); err != nil {
			return nil, fmt.Errorf("result %d: %w", r.Index, err)
		}
	}
	return []any{r.Index, r.Scenario, r.Protocol, texts[0], texts[1], r.Repetition, int64(r.Seed), r.Status, boolInt(r.Agreement),
		texts[2], texts[3], texts[4], r.Rounds, r.Time, r.Offers, r.Faults,
		nullable(r.ParetoDistance), nullable(r.NashDistance), nullable(r.SocialWelfare),
		nullable(r.GeniusPareto), nullable(r.GeniusNash), nullable(r.GeniusWelfare), r.Reason, r.By, int64(r.Elapsed),
		texts[5], boolInt(r.Stands)}, nil
}

func scan(sc func(dest ...any) error) (tournament.Record, error) {
	var r tournament.Record
	var parties, roles, pkg, utils, disc, rat string
	var seed, elapsed int64
	var agree, stands int
	var m [6]sql.NullFloat64
	err := sc(&r.Index, &r.Scenario, &r.Protocol, &parties, &roles, &r.Repetition, &seed, &r.Status, &agree,
		&pkg, &utils, &disc, &r.Rounds, &r.Time, &r.Offers, &r.Faults,
		&m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &r.Reason, &r.By, &elapsed, &rat, &stands)
	if err != nil {
		return r, fmt.Errorf("reading a result: %w", err)
	}
	r.Seed, r.Agreement, r.Stands, r.Elapsed = uint64(seed), agree != 0, stands != 0, time.Duration(elapsed)
	for i, dst := range []any{&r.Parties, &r.Roles, &r.Package, &r.Utilities, &r.Discounted, &r.Ratification} {
		src := []string{parties, roles, pkg, utils, disc, rat}[i]
		if err := json.Unmarshal([]byte(src), dst); err != nil {
			return r, fmt.Errorf("result %d: column %d holds %q: %w", r.Index, i, src, err)
		}
	}
	for i, dst := range []*float64{&r.ParetoDistance, &r.NashDistance, &r.SocialWelfare, &r.GeniusPareto, &r.GeniusNash, &r.GeniusWelfare} {
		*dst = math.NaN()
		if m[i].Valid {
			*dst = m[i].Float64
		}
	}
	return r, nil
}
