package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/entente/entente/store/sqlstore"
)

// ErrDamaged is returned for a results file that fails the integrity check.
var ErrDamaged = errors.New("the results file is damaged")

// ErrLocked is returned by OpenExclusive for a results file that another
// run holds.
var ErrLocked = errors.New("the results file is in use by another run")

// Open opens (creating if needed) the results file at path, to read it or
// to write it alone. A results file holds the results of one plan.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	return open(ctx, path, false)
}

// OpenExclusive opens the results file at path as Open does, for the one
// run that writes it: it holds a lock on the file until the store is
// closed, and fails with ErrLocked while another store (in this process or
// another) holds it. Readers (Open) are not locked out.
func OpenExclusive(ctx context.Context, path string) (*sqlstore.Store, error) {
	return open(ctx, path, true)
}

// DSN returns the data source name (for database/sql's driver "sqlite")
// of the SQLite file at path, with the pragmas entente's stores use: WAL,
// a busy timeout of 10 s, foreign keys, and synchronous (NORMAL, or FULL
// for a store whose every commit must be on disk before it is
// acknowledged).
func DSN(path, synchronous string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+synchronous+")")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(ON)")
	// An SQLite URI: the path's own '%', '?' and '#' must be escaped, or
	// they would cut it short (and drop the pragmas).
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + escaped + "?" + q.Encode()
}

func open(ctx context.Context, path string, exclusive bool) (*sqlstore.Store, error) {
	existed := false
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		existed = true
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", DSN(path, "NORMAL"))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// One connection: SQLite has one writer, and this keeps the pragmas on
	// the one connection used.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, damaged(path, err))
	}
	var unlock func() error
	if exclusive {
		if unlock, err = lock(path); err != nil {
			db.Close()
			return nil, err
		}
	}
	fail := func(err error) (*sqlstore.Store, error) {
		db.Close()
		if unlock != nil {
			unlock() //nolint:errcheck // the error at hand matters more
		}
		return nil, err
	}
	if existed {
		if err := check(ctx, db, path); err != nil {
			return fail(err)
		}
	}
	s, err := sqlstore.Open(ctx, db, sqlstore.Config{Single: true, Name: path, OnClose: unlock})
	if err != nil {
		return fail(fmt.Errorf("%s: %w", path, damaged(path, err)))
	}
	return s, nil
}

// check runs SQLite's integrity check, which reads every page and
// compares every index with its table. (quick_check, faster by a third,
// skips that comparison, and an index that disagrees with its table is
// what makes a damaged file look as if it held fewer results, so that a
// resumed run stores some twice.)
func check(ctx context.Context, db *sql.DB, path string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return fmt.Errorf("checking %s: %w", path, damaged(path, err))
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return fmt.Errorf("checking %s: %w", path, damaged(path, err))
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("checking %s: %w", path, damaged(path, err))
	}
	if len(problems) > 0 {
		return fmt.Errorf("checking %s: %w", path, damagedError(path, "the integrity check found: "+strings.Join(problems[:min(len(problems), 3)], "; ")))
	}
	return nil
}

// damaged turns SQLite's "malformed" and "not a database" errors into
// ErrDamaged.
func damaged(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "malformed") || strings.Contains(msg, "not a database") || strings.Contains(msg, "SQLITE_CORRUPT") || strings.Contains(msg, "SQLITE_NOTADB") {
		return damagedError(path, msg)
	}
	return err
}

func damagedError(path, what string) error {
	return fmt.Errorf("%w (%s); entente will neither resume into it nor read it: keep it for inspection, and run the plan again into a new results file (or restore a copy of %s)",
		ErrDamaged, what, path)
}
