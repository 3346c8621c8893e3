package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDatabaseArgumentsNeverLeak: --db takes a PostgreSQL URL only. A
// key=value connection string used to become an SQLite results file named
// after it, password included, with the password printed in the summary;
// a URL of another scheme (a typo) was opened as a file and quoted in the
// error. Each is refused, the password never printed and no file written.
func TestDatabaseArgumentsNeverLeak(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(plan, []byte("tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const secret = "Sup3rSecret"
	for _, c := range []struct {
		args []string
		exit int
	}{
		{[]string{"tournament", "--db", "host=127.0.0.1 port=1 user=alice password=" + secret + " dbname=x", plan}, 2},
		{[]string{"tournament", "--db", "postgress://alice:" + secret + "@127.0.0.1:1/db", plan}, 2},
		{[]string{"tournament", "--results", "postgress://alice:" + secret + "@127.0.0.1:1/db", plan}, 1},
		{[]string{"tournament", "report", "postgress://alice:" + secret + "@127.0.0.1:1/db"}, 1},
		{[]string{"tournament", "export", "host=127.0.0.1 password=" + secret}, 1},
		{[]string{"tournament", "merge", "--out", filepath.Join(dir, "all.db"), "host=127.0.0.1 password=" + secret}, 1},
	} {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != c.exit {
			t.Errorf("%q: exit code %d, want %d\n%s%s", c.args, code, c.exit, out.String(), errb.String())
		}
		if strings.Contains(out.String()+errb.String(), secret) {
			t.Errorf("%q: the password is printed:\n%s%s", c.args, out.String(), errb.String())
		}
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Name() != "plan.yaml" {
			t.Errorf("a file was written: %q", e.Name())
		}
	}
}
