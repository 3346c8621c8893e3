//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/entente/entente/internal/pgtest"
	"github.com/entente/entente/store/sqlite"
)

// runEntente runs the command (this test binary, installed on PATH by
// TestMain) in dir, through sh when umask is not empty, and returns its
// output and exit code.
func runEntente(t *testing.T, dir, umask string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	bin, err := exec.LookPath("entente")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	if umask != "" {
		cmd = exec.Command("/bin/sh", append([]string{"-c", "umask " + umask + ` && exec "$0" "$@"`, bin}, args...)...)
	}
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

// entries lists a folder, hidden files too (a temporary file left over
// would show).
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

var quickReport = []string{"report", "--samples", "0", "--runs", "0", "--sessions", "0"}

// TestOutputPermissions: outputs get the umask's permissions when new and
// keep those of the file they replace (they were always 0644).
func TestOutputPermissions(t *testing.T) {
	dir := t.TempDir()
	if _, e, code := runEntente(t, dir, "077", append(quickReport, "-o", "r.html", "laptop")...); code != 0 {
		t.Fatalf("report: %d %s", code, e)
	}
	for path, want := range map[string]fs.FileMode{
		"r.html": 0o600, "r.md": 0o600, "r-figures": fs.ModeDir | 0o700, "r-figures/figure-1.svg": 0o600,
	} {
		if got := mode(t, filepath.Join(dir, path)); got != want {
			t.Errorf("umask 077: %s has mode %v, want %v", path, got, want)
		}
	}
	if _, e, code := runEntente(t, dir, "022", "convert", "--to", "json", "-o", "new.json", "laptop"); code != 0 {
		t.Fatalf("convert: %d %s", code, e)
	}
	if got := mode(t, filepath.Join(dir, "new.json")); got != 0o644 {
		t.Errorf("umask 022: a new file has mode %v, want 0644", got)
	}
	// A private file stays private when replaced.
	old := filepath.Join(dir, "private.json")
	if err := os.WriteFile(old, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, e, code := runEntente(t, dir, "022", "convert", "--to", "json", "-o", "private.json", "laptop"); code != 0 {
		t.Fatalf("convert: %d %s", code, e)
	}
	if got := mode(t, old); got != 0o600 {
		t.Errorf("a replaced 0600 file became %v", got)
	}
	if b, _ := os.ReadFile(old); !bytes.Contains(b, []byte(`"laptop"`)) {
		t.Errorf("the file was not replaced: %q", b)
	}
}

// TestOutputSpecialFiles: a pipe (or device) in the output's place is
// refused, not replaced by a regular file; a symbolic link is written
// through; - writes to standard output.
func TestOutputSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.html")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, e, code := runEntente(t, dir, "", append(quickReport, "-o", "out.html", "--markdown", "-", "laptop")...)
	if code != 1 || !strings.Contains(e, "out.html: cannot write: not a regular file (a named pipe)") {
		t.Errorf("report into a pipe: exit %d, %s", code, e)
	}
	if m := mode(t, fifo); m&fs.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v", m)
	}

	real := filepath.Join(dir, "real.json")
	if err := os.WriteFile(real, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.json", filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	if _, e, code := runEntente(t, dir, "", "convert", "--to", "json", "-o", "link.json", "laptop"); code != 0 {
		t.Fatalf("convert through a link: %d %s", code, e)
	}
	if m := mode(t, filepath.Join(dir, "link.json")); m&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a %v", m)
	}
	if b, _ := os.ReadFile(real); !bytes.Contains(b, []byte(`"laptop"`)) || mode(t, real) != 0o640 {
		t.Errorf("the linked file was not written in place: %q %v", b, mode(t, real))
	}

	sub := t.TempDir()
	out, e, code := runEntente(t, sub, "", append(quickReport, "-o", "-", "laptop")...)
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") || len(entries(t, sub)) != 0 {
		t.Errorf("report -o -: exit %d, %d bytes out, files %v, %s", code, len(out), entries(t, sub), e)
	}
}

// manyParties writes a scenario of n parties.
func manyParties(t *testing.T, dir, name string, n int) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "entente: 1\nname: %s\nissues:\n  - {name: a, options: [x, y, z]}\n  - {name: b, options: [u, v]}\nparties:\n", name)
	for p := range n {
		fmt.Fprintf(&b, "  - {name: p%d, weights: {a: 0.5, b: 0.5}, values: {a: {x: 0, y: 0.5, z: 1}, b: {u: %d, v: %d}}}\n", p, p%2, 1-p%2)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestConvertFolderIsWrittenWhole: converting into a folder that holds an
// earlier conversion is refused (it used to leave the earlier files beside
// the new ones, a mixed scenario); --replace replaces the folder whole; a
// full disk leaves nothing behind.
func TestConvertFolderIsWrittenWhole(t *testing.T) {
	dir := t.TempDir()
	manyParties(t, dir, "many", 40)
	manyParties(t, dir, "few", 3)
	if _, e, code := runEntente(t, dir, "", "convert", "--to", "geniusweb", "-o", "g", "many.yaml"); code != 0 {
		t.Fatalf("convert: %d %s", code, e)
	}
	_, e, code := runEntente(t, dir, "", "convert", "--to", "geniusweb", "-o", "g", "few.yaml")
	if code != 1 || !strings.Contains(e, "not empty") || !strings.Contains(e, "--replace") {
		t.Errorf("converting into a folder with files: exit %d, %s", code, e)
	}
	if out, _, _ := runEntente(t, dir, "", "validate", "g"); !strings.Contains(out, "40 parties") {
		t.Errorf("the refused conversion changed the folder: %s", out)
	}
	if _, e, code := runEntente(t, dir, "", "convert", "--replace", "--to", "geniusweb", "-o", "g", "few.yaml"); code != 0 {
		t.Fatalf("convert --replace: %d %s", code, e)
	}
	if out, _, _ := runEntente(t, dir, "", "validate", "g"); !strings.Contains(out, "3 parties") {
		t.Errorf("after --replace the folder reads as: %s", out)
	}
	if got := entries(t, filepath.Join(dir, "g")); len(got) != 4 {
		t.Errorf("the replaced folder holds %v; want the domain and 3 profiles", got)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"few.yaml", "g", "many.yaml"}) {
		t.Errorf("the working folder holds %v", got)
	}

	t.Run("full disk", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("mounting a small file system needs root")
		}
		mnt := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", mnt).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a small file system here: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", mnt).Run() }) //nolint:errcheck // best effort
		_, e, code := runEntente(t, dir, "", "convert", "--to", "geniusweb", "-o", filepath.Join(mnt, "g"), "many.yaml")
		if code != 1 || !strings.Contains(e, "no space left") {
			t.Errorf("converting onto a full disk: exit %d, %s", code, e)
		}
		if got := entries(t, mnt); len(got) != 0 {
			t.Errorf("a failed conversion left %v", got)
		}
	})
}

// TestReportFiguresFolder: a report replaces the charts folder an earlier
// report wrote, and refuses one holding other files unless --replace.
func TestReportFiguresFolder(t *testing.T) {
	dir := t.TempDir()
	args := append(quickReport, "-o", "r.html", "laptop")
	for range 2 {
		if _, e, code := runEntente(t, dir, "", args...); code != 0 {
			t.Fatalf("report: %d %s", code, e)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "r-figures", "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, e, code := runEntente(t, dir, "", args...)
	if code != 1 || !strings.Contains(e, "r-figures") || !strings.Contains(e, "--replace") {
		t.Errorf("a charts folder with another file: exit %d, %s", code, e)
	}
	if _, err := os.Stat(filepath.Join(dir, "r-figures", "notes.txt")); err != nil {
		t.Errorf("the refused report removed a file: %v", err)
	}
	if _, e, code := runEntente(t, dir, "", append([]string{"report", "--replace"}, args[1:]...)...); code != 0 {
		t.Fatalf("report --replace: %d %s", code, e)
	}
	if got := entries(t, filepath.Join(dir, "r-figures")); slices.Contains(got, "notes.txt") || len(got) == 0 {
		t.Errorf("after --replace the charts folder holds %v", got)
	}
}

const plan = `tournament: 1
name: faults
seed: 4
scenarios: [laptop]
negotiators: [boulware, conceder, hardliner]
repetitions: %d
deadline: {rounds: 100}
`

func writePlan(t *testing.T, dir string, reps int) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte(fmt.Sprintf(plan, reps)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTournamentResultsFile: a second run on a results file in use stops
// with a message (both used to play every negotiation), and a damaged
// file is refused before anything is written into it.
func TestTournamentResultsFile(t *testing.T) {
	dir := t.TempDir()
	writePlan(t, dir, 4)
	db := filepath.Join(dir, "r.db")
	held, err := sqlite.OpenExclusive(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	out, e, code := runEntente(t, dir, "", "tournament", "--results", "r.db", "plan.yaml")
	held.Close()
	if code != 1 || !strings.Contains(e, "in use by another run") || out != "" {
		t.Errorf("a second run on a held file: exit %d, %s%s", code, out, e)
	}
	if out, e, code := runEntente(t, dir, "", "tournament", "--results", "r.db", "plan.yaml"); code != 0 || !strings.Contains(out, "24 run now") {
		t.Fatalf("run: %d %s%s", code, out, e)
	}
	// Damage the file: a bit in every page after the first two, as a
	// failing disk would.
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for off := 2*4096 + 100; off < len(b); off += 4096 {
		b[off] ^= 0x10
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"tournament", "--results", "r.db", "plan.yaml"}, {"tournament", "export", "r.db"}} {
		out, e, code := runEntente(t, dir, "", args...)
		if code != 1 || !strings.Contains(e, "damaged") || out != "" {
			t.Errorf("%v on a damaged file: exit %d, %s%s", args, code, out, e)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(after, b) {
		t.Error("the damaged file was written into")
	}
}

// TestTournamentInterrupted: SIGINT stops a run with status 130 (it was
// 1), and the summary counts the results the file holds.
func TestTournamentInterrupted(t *testing.T) {
	dir := t.TempDir()
	writePlan(t, dir, 20000) // 120,000 negotiations: minutes at one worker
	bin, err := exec.LookPath("entente")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "tournament", "--workers", "1", "plan.yaml")
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() }) //nolint:errcheck // ended already, normally
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	if !waitBusy(cmd.Process.Pid, exited) {
		t.Fatalf("the tournament finished before the signal: %s%s", o.String(), e.String())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("interrupted tournament: %v; want status 130\n%s%s", err, o.String(), e.String())
	}
	if !strings.Contains(e.String(), "run the same command again to resume") {
		t.Errorf("no word on resuming: %s", e.String())
	}
	var ran int
	if _, err := fmt.Sscanf(o.String(), "120000 negotiations: %d run now", &ran); err != nil {
		t.Fatalf("summary %q: %v", o.String(), err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "plan.results.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := st.All(context.Background())
	if err != nil || len(rs) != ran {
		t.Errorf("the summary says %d run now; the file holds %d (%v)", ran, len(rs), err)
	}
}

// TestDatabasePasswordStaysSecret: a password given in the URL never shows
// in the summary, the report, the export or an error (the summary printed
// the URL as given, so that it reached pod logs).
func TestDatabasePasswordStaysSecret(t *testing.T) {
	const secret = "S3cretPassw0rd"
	dir := t.TempDir()
	writePlan(t, dir, 1)
	// A refused connection: the error names the server, not the password.
	_, e, code := runEntente(t, dir, "", "tournament", "--db-timeout", "2s", "--db", "postgres://ent:"+secret+"@127.0.0.1:1/x?sslmode=disable", "plan.yaml")
	if code != 1 || strings.Contains(e, secret) || !strings.Contains(e, "xxxxx") {
		t.Errorf("refused connection: exit %d, %s", code, e)
	}
	u, err := url.Parse(pgtest.Fresh(t))
	if err != nil {
		t.Fatal(err)
	}
	// The test server trusts its clients, so any password is accepted.
	u.User = url.UserPassword(u.User.Username(), secret)
	for _, args := range [][]string{
		{"tournament", "--db", u.String(), "plan.yaml"},
		{"tournament", "report", u.String()},
		{"tournament", "export", u.String()},
		{"tournament", "merge", "--out", u.String(), filepath.Join(dir, "missing.db")},
	} {
		out, e, _ := runEntente(t, dir, "", args...)
		if strings.Contains(out+e, secret) {
			t.Errorf("%s %s printed the password:\n%s%s", args[0], args[1], out, e)
		}
	}
	out, _, _ := runEntente(t, dir, "", "tournament", "--db", u.String(), "plan.yaml")
	if !strings.Contains(out, "results in postgres://") || !strings.Contains(out, ":xxxxx@") {
		t.Errorf("the summary does not name the database, masked: %s", out)
	}
	// The password can come from a file instead.
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.User = url.User(u.User.Username())
	if out, e, code := runEntente(t, dir, "", "tournament", "--db-password-file", pw, "--db", u.String(), "plan.yaml"); code != 0 || strings.Contains(out+e, secret) {
		t.Errorf("--db-password-file: exit %d, %s%s", code, out, e)
	}
}

// TestCSVFormulasNeutralized: names a spreadsheet would run as formulas
// are written with an apostrophe by analyze --csv and tournament export.
func TestCSVFormulasNeutralized(t *testing.T) {
	dir := t.TempDir()
	scenario := `entente: 1
name: "=HYPERLINK(""x"")"
issues:
  - {name: "@issue", options: ["=1+1", "+cmd", "-x", "ok"]}
parties:
  - {name: "=p", weights: {"@issue": 1}, values: {"@issue": {"=1+1": 1, "+cmd": 0.5, "-x": 0.25, ok: 0}}}
  - {name: "@q", weights: {"@issue": 1}, values: {"@issue": {"=1+1": 0, "+cmd": 0.5, "-x": 0.75, ok: 1}}}
`
	scenario = strings.ReplaceAll(scenario, `""x""`, `\"x\"`)
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(scenario), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte("tournament: 1\nname: p\nseed: 1\nscenarios: [s.yaml]\nnegotiators: [boulware, conceder]\nrepetitions: 1\ndeadline: {rounds: 20}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, e, code := runEntente(t, dir, "", "tournament", "plan.yaml"); code != 0 {
		t.Fatalf("tournament: %d %s", code, e)
	}
	for _, args := range [][]string{{"analyze", "--csv", "--zone", "s.yaml"}, {"tournament", "export", "plan.results.db"}} {
		out, e, code := runEntente(t, dir, "", args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, e)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		neutralized := 0
		for _, row := range rows {
			for _, cell := range row {
				if cell == "" {
					continue
				}
				if strings.ContainsRune("=+@", rune(cell[0])) || (cell[0] == '-' && !isNumber(cell)) {
					t.Errorf("%v: a cell a spreadsheet runs: %q", args, cell)
				}
				if strings.HasPrefix(cell, "'") {
					neutralized++
				}
			}
		}
		if neutralized == 0 {
			t.Errorf("%v: no cell neutralized in:\n%s", args, out)
		}
	}
}

func isNumber(s string) bool {
	var f float64
	_, err := fmt.Sscan(s, &f)
	return err == nil
}
