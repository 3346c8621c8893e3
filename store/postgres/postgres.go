package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/entente/entente/store/sqlstore"
)

// DefaultTimeout bounds a call to the server when Options.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// Options tunes Open.
type Options struct {
	// Timeout bounds the connection and every call to the server: one
	// that gets no answer for this long fails with sqlstore.ErrStalled
	// (default DefaultTimeout; negative: no bound).
	Timeout time.Duration
	// PasswordFile names a file holding the password (its first line),
	// for a URL without one.
	PasswordFile string
}

// Open connects to the database at url (postgres://user@host/db) with the
// default options and creates the results tables if needed.
func Open(ctx context.Context, url string) (*sqlstore.Store, error) {
	return OpenWith(ctx, url, Options{})
}

// OpenWith connects as Open does, tuned by opt.
func OpenWith(ctx context.Context, url string, opt Options) (*sqlstore.Store, error) {
	cfg, err := Config(url, opt)
	if err != nil {
		return nil, err
	}
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	if timeout > 0 && (cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > timeout) {
		cfg.ConnectTimeout = timeout
	}
	name := "PostgreSQL at " + Redact(url)
	st, err := open(ctx, cfg, max(timeout, 0), name)
	return st, scrub(err, cfg.Password)
}

func open(ctx context.Context, cfg *pgx.ConnConfig, timeout time.Duration, name string) (*sqlstore.Store, error) {
	db := stdlib.OpenDB(*cfg)
	bounded := func() (context.Context, context.CancelFunc) {
		if timeout > 0 {
			return context.WithTimeout(ctx, timeout)
		}
		return context.WithCancel(ctx)
	}
	stalled := func(c context.Context, err error) error {
		if errors.Is(c.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			return fmt.Errorf("no answer for %v: the server may be stalled, overloaded or unreachable (%w)", timeout, sqlstore.ErrStalled)
		}
		return err
	}
	c, cancel := bounded()
	err := db.PingContext(c)
	err = stalled(c, err)
	cancel()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", name, err)
	}
	// Shards starting together race to create the tables: serialise them
	// with an advisory lock for the session that creates them.
	c, cancel = bounded()
	defer cancel()
	conn, err := db.Conn(c)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", name, stalled(c, err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(c, "SELECT pg_advisory_lock(74616265)"); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: locking the schema: %w", name, stalled(c, err))
	}
	defer func() {
		u, cancel := bounded()
		defer cancel()
		conn.ExecContext(context.WithoutCancel(u), "SELECT pg_advisory_unlock(74616265)") //nolint:errcheck // released with the session anyway
	}()
	s, err := sqlstore.Open(ctx, db, sqlstore.Config{Timeout: timeout, Name: name})
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// ErrLocked is returned by LockRun for a part of a plan that another run
// is playing.
var ErrLocked = errors.New("another run is playing this part of the plan")

// LockRun takes a lock on playing one part of a plan (key names the plan
// and the shard), held on a connection of its own until the store is
// closed: a second run of the same part, from any machine, fails with
// ErrLocked instead of playing every negotiation beside the first. Runs of
// other shards are not held up; shards that overlap would only store the
// same results once.
func LockRun(ctx context.Context, st *sqlstore.Store, key string) error {
	h := fnv.New64a()
	h.Write([]byte("entente run " + key)) //nolint:errcheck // a hash does not fail
	id := int64(h.Sum64())
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		return fmt.Errorf("locking the run: %w", err)
	}
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", id).Scan(&got); err != nil {
		conn.Close()
		return fmt.Errorf("locking the run: %w", err)
	}
	if !got {
		conn.Close()
		return fmt.Errorf("%w (%s): wait for it to finish, or run another shard", ErrLocked, key)
	}
	st.AtClose(func() error {
		// Closing the session would release the lock too; say so first.
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn.ExecContext(c, "SELECT pg_advisory_unlock($1)", id) //nolint:errcheck // released with the session anyway
		return conn.Close()
	})
	return nil
}

// Config returns the connection settings for url: the URL, then the
// standard PG* environment variables and password file for what it leaves
// out, and opt.PasswordFile for the password.
func Config(url string, opt Options) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx masks the password in its message as best it can; so do we.
		return nil, fmt.Errorf("PostgreSQL URL %s: %w", Redact(url), scrub(err, passwordOf(url)))
	}
	if opt.PasswordFile != "" {
		if passwordOf(url) != "" {
			return nil, fmt.Errorf("PostgreSQL URL %s holds a password and a password file is named too: give the password once", Redact(url))
		}
		b, err := os.ReadFile(opt.PasswordFile)
		if err != nil {
			return nil, fmt.Errorf("reading the password file: %w", err)
		}
		pw, _, _ := strings.Cut(string(b), "\n")
		pw = strings.TrimSuffix(pw, "\r")
		if pw == "" {
			return nil, fmt.Errorf("the password file %s is empty", opt.PasswordFile)
		}
		cfg.Password = pw
	}
	return cfg, nil
}

// passwordOf returns the password a URL or key=value string holds.
func passwordOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Scheme != "" {
		if pw, ok := u.User.Password(); ok {
			return pw
		}
		return u.Query().Get("password")
	}
	if m := keyword.FindStringSubmatch(s); m != nil {
		return strings.Trim(m[2], `'`)
	}
	return ""
}

var (
	keyword  = regexp.MustCompile(`(?i)\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)
	userinfo = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):[^@/]*@`)
)

// Redact returns a connection string fit to print: a URL's password (in
// its user part or a password parameter) or a key=value string's password
// replaced by xxxxx.
func Redact(s string) string {
	if u, err := url.Parse(s); err == nil && u.Scheme != "" {
		if q := u.Query(); q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	// Not a URL net/url can read: mask what looks like a password anyway.
	s = userinfo.ReplaceAllString(s, "${1}:xxxxx@")
	return keyword.ReplaceAllString(s, "${1}xxxxx")
}

// scrub replaces the password wherever an error's message quotes it.
func scrub(err error, password string) error {
	if err == nil || password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return &scrubbed{msg: strings.ReplaceAll(err.Error(), password, "xxxxx"), err: err}
}

type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }

// Unwrap keeps errors.Is and errors.As working.
func (e *scrubbed) Unwrap() error { return e.err }
