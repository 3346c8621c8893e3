package main

import (
	"bytes"
	"strings"
	"testing"
)

// A stream as `go test -json` writes it, trimmed: a passing test, a test
// skipped with a reason (and its subtest), two tests skipped for the same
// reason in another package, a failure, a package without tests and a
// line that is not an event.
const stream = `{"Action":"start","Package":"github.com/entente/entente/report"}
{"Action":"run","Package":"github.com/entente/entente/report","Test":"TestA"}
{"Action":"output","Package":"github.com/entente/entente/report","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"github.com/entente/entente/report","Test":"TestA","Output":"    a_test.go:9: a log line that is no skip\n"}
{"Action":"output","Package":"github.com/entente/entente/report","Test":"TestA","Output":"--- PASS: TestA (0.00s)\n"}
{"Action":"pass","Package":"github.com/entente/entente/report","Test":"TestA"}
{"Action":"output","Package":"github.com/entente/entente/report","Test":"TestBrowser","Output":"=== RUN   TestBrowser\n"}
{"Action":"output","Package":"github.com/entente/entente/report","Test":"TestBrowser","Output":"    browser_test.go:41: no chromium installed\n"}
{"Action":"output","Package":"github.com/entente/entente/report","Test":"TestBrowser","Output":"--- SKIP: TestBrowser (0.00s)\n"}
{"Action":"skip","Package":"github.com/entente/entente/report","Test":"TestBrowser"}
{"Action":"output","Package":"github.com/entente/entente/report","Output":"ok  \tgithub.com/entente/entente/report\t0.1s\n"}
{"Action":"pass","Package":"github.com/entente/entente/report"}
{"Action":"output","Package":"github.com/entente/entente/store/postgres","Test":"TestX","Output":"    pg_test.go:20: no PostgreSQL: set ENTENTE_PGURL\n"}
{"Action":"skip","Package":"github.com/entente/entente/store/postgres","Test":"TestX"}
{"Action":"output","Package":"github.com/entente/entente/store/postgres","Test":"TestY","Output":"    pg_test.go:20: no PostgreSQL: set ENTENTE_PGURL\n"}
{"Action":"skip","Package":"github.com/entente/entente/store/postgres","Test":"TestY"}
{"Action":"output","Package":"github.com/entente/entente/store/postgres","Test":"TestZ","Output":"--- FAIL: TestZ (0.00s)\n"}
{"Action":"fail","Package":"github.com/entente/entente/store/postgres","Test":"TestZ"}
{"Action":"fail","Package":"github.com/entente/entente/store/postgres"}
{"Action":"skip","Package":"github.com/entente/entente/examples"}
# github.com/entente/entente/broken
`

func TestSummary(t *testing.T) {
	s := newSummary()
	var echo, sum bytes.Buffer
	if err := s.read(strings.NewReader(stream), &echo); err != nil {
		t.Fatal(err)
	}
	s.write(&sum)
	// What go test prints without -v: results, and the failing tests' output.
	if want := "ok  \tgithub.com/entente/entente/report\t0.1s\n--- FAIL: TestZ (0.00s)\n# github.com/entente/entente/broken\n"; echo.String() != want {
		t.Errorf("echo:\n%s\nwant:\n%s", echo.String(), want)
	}
	want := "skipped 3 tests, by reason:\n" +
		"  2 × no PostgreSQL: set ENTENTE_PGURL (store/postgres.TestX, store/postgres.TestY)\n" +
		"  1 × no chromium installed (report.TestBrowser)\n" +
		"failed: store/postgres\n" +
		"tests: 1 passed, 1 failed, 3 skipped\n"
	if sum.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", sum.String(), want)
	}
	if s.pkgFailed != 1 {
		t.Errorf("%d packages failed, want 1", s.pkgFailed)
	}
}
