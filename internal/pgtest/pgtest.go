// Package pgtest gives a test a fresh PostgreSQL database on the server
// that ENTENTE_TEST_POSTGRES names (.ci/run starts one and sets it).
package pgtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// EnvURL names the variable holding a PostgreSQL server's URL for the
// tests; .ci/run starts a server and sets it, and sets EnvRequire so that
// the tests fail rather than skip without one.
const (
	EnvURL     = "ENTENTE_TEST_POSTGRES"
	EnvRequire = "ENTENTE_REQUIRE_POSTGRES"
)

// Fresh creates an empty database for one test, drops it after, and
// returns its URL. Without a server it skips the test (fails it when
// EnvRequire is set).
func Fresh(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		if os.Getenv(EnvRequire) != "" {
			t.Fatalf("%s is set but %s is not: no PostgreSQL server to test against", EnvRequire, EnvURL)
		}
		t.Skipf("no PostgreSQL server: set %s=postgres://... to run these tests (.ci/run does)", EnvURL)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("entente_test_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") }) //nolint:errcheck // best effort
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
