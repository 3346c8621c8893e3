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
	single  bool
	timeout time.Duration
	name    string
	onClose func() error
	atClose []func() error
	hash    string
	insert  string
}

// Config tunes a Store.
type Config struct {
	// Single: the database may hold the results of one plan only.
	Single bool
	// Timeout bounds every call to the database: a call that gets no
	// answer for this long fails with ErrStalled (for a read, no answer
	// means no row). 0: no bound.
	Timeout time.Duration
	// Name names the database in messages; it must not hold a password.
	Name string
	// OnClose, when set, runs after the database is closed (to release a
	// lock).
	OnClose func() error
}

// ErrStalled is returned for a call to the database that got no answer
// within Config.Timeout.
var ErrStalled = errors.New("the database did not answer")

// New wraps an open database, creating the tables if needed. With single
// set, the database may hold the results of one plan only.
func New(ctx context.Context, db *sql.DB, single bool) (*Store, error) {
	return Open(ctx, db, Config{Single: single})
}

// Open wraps an open database as New does, tuned by cfg.
func Open(ctx context.Context, db *sql.DB, cfg Config) (*Store, error) {
	ph := make([]string, len(columns)+1)
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	s := &Store{db: db, single: cfg.Single, timeout: cfg.Timeout, name: cfg.Name, onClose: cfg.OnClose,
		insert: "INSERT INTO results (plan, " + strings.Join(columns, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ") ON CONFLICT DO NOTHING",
	}
	if s.name == "" {
		s.name = "the database"
	}
	exec := func(stmt string) error {
		c := s.begin(ctx)
		_, err := s.db.ExecContext(c.ctx, stmt)
		return c.end(err)
	}
	for _, stmt := range strings.Split(schema, ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if err := exec(stmt); err != nil {
			return nil, fmt.Errorf("creating the results tables: %w", err)
		}
	}
	// Tables made before results held ratifications gain the columns (a
	// shard that adds them at the same time as another finds them there).
	const probe = "SELECT ratification, stands FROM results WHERE 1 = 0"
	if err := exec(probe); err != nil {
		for _, stmt := range []string{
			"ALTER TABLE results ADD COLUMN ratification TEXT NOT NULL DEFAULT 'null'",
			"ALTER TABLE results ADD COLUMN stands INTEGER NOT NULL DEFAULT 0",
		} {
			if err := exec(stmt); err != nil {
				if exec(probe) == nil {
					break
				}
				return nil, fmt.Errorf("adding the ratification columns: %w", err)
			}
		}
	}
	return s, nil
}

// call is one call to the database, bounded by the store's timeout: its
// context is cancelled when the database gives no answer for that long.
// kick says an answer came (a row read); end releases the call and turns
// a timeout into ErrStalled.
type call struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer
	s      *Store
}

var errTimeout = errors.New("timeout")

func (s *Store) begin(ctx context.Context) *call {
	c := &call{s: s}
	c.ctx, c.cancel = context.WithCancelCause(ctx)
	if s.timeout > 0 {
		c.timer = time.AfterFunc(s.timeout, func() { c.cancel(errTimeout) })
	}
	return c
}

func (c *call) kick() {
	if c.timer != nil {
		c.timer.Reset(c.s.timeout)
	}
}

func (c *call) end(err error) error {
	if c.timer != nil {
		c.timer.Stop()
	}
	timedOut := errors.Is(context.Cause(c.ctx), errTimeout)
	c.cancel(nil)
	if err != nil && timedOut {
		return fmt.Errorf("%s gave no answer for %v: the server may be stalled, overloaded or unreachable (%w)", c.s.name, c.s.timeout, ErrStalled)
	}
	return err
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
	c := s.begin(ctx)
	_, err = s.db.ExecContext(c.ctx, "INSERT INTO plans (hash, name, total) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", m.Hash, m.Name, m.Total)
	if err := c.end(err); err != nil {
		return fmt.Errorf("recording the plan: %w", err)
	}
	s.hash = m.Hash
	return nil
}

func (s *Store) plans(ctx context.Context) ([]tournament.Meta, error) {
	c := s.begin(ctx)
	ms, err := s.readPlans(c)
	if err := c.end(err); err != nil {
		return nil, fmt.Errorf("reading the plans: %w", err)
	}
	return ms, nil
}

func (s *Store) readPlans(c *call) ([]tournament.Meta, error) {
	rows, err := s.db.QueryContext(c.ctx, "SELECT hash, name, total FROM plans ORDER BY hash")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []tournament.Meta
	for rows.Next() {
		c.kick()
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
	c := s.begin(ctx)
	done, err := s.readDone(c)
	if err := c.end(err); err != nil {
		return nil, fmt.Errorf("reading the results: %w", err)
	}
	return done, nil
}

func (s *Store) readDone(c *call) (map[int]bool, error) {
	rows, err := s.db.QueryContext(c.ctx, "SELECT idx FROM results WHERE plan = $1", s.hash)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		c.kick()
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
	c := s.begin(ctx)
	if err := c.end(s.put(c, rs)); err != nil {
		return fmt.Errorf("storing results: %w", err)
	}
	return nil
}

func (s *Store) put(c *call, rs []tournament.Record) error {
	tx, err := s.db.BeginTx(c.ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	st, err := tx.PrepareContext(c.ctx, s.insert)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := range rs {
		vals, err := values(&rs[i])
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(c.ctx, append([]any{s.hash}, vals...)...); err != nil {
			return fmt.Errorf("result %d: %w", rs[i].Index, err)
		}
		c.kick()
	}
	return tx.Commit()
}

// All returns every record of the plan, by index.
func (s *Store) All(ctx context.Context) ([]tournament.Record, error) {
	if s.hash == "" {
		if _, err := s.Meta(ctx); err != nil {
			return nil, err
		}
	}
	c := s.begin(ctx)
	out, err := s.readAll(c)
	if err := c.end(err); err != nil {
		return nil, fmt.Errorf("reading the results: %w", err)
	}
	return out, nil
}

func (s *Store) readAll(c *call) ([]tournament.Record, error) {
	rows, err := s.db.QueryContext(c.ctx, "SELECT "+strings.Join(columns, ", ")+" FROM results WHERE plan = $1 ORDER BY idx", s.hash)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tournament.Record
	for rows.Next() {
		c.kick()
		r, err := scan(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AtClose adds f to what Close runs before it closes the database (to
// release a lock held on a connection of it).
func (s *Store) AtClose(f func() error) {
	s.atClose = append(s.atClose, f)
}

// Close closes the database (and runs AtClose's and Config.OnClose's
// functions).
func (s *Store) Close() error {
	var err error
	for i := len(s.atClose) - 1; i >= 0; i-- {
		if e := s.atClose[i](); err == nil {
			err = e
		}
	}
	s.atClose = nil
	if e := s.db.Close(); err == nil {
		err = e
	}
	if s.onClose != nil {
		if e := s.onClose(); err == nil {
			err = e
		}
		s.onClose = nil
	}
	return err
}

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
