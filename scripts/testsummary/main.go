// Command testsummary reads the events of `go test -json` on its standard
// input, prints what `go test` prints without -v (each package's result
// line and the output of the tests that fail), and ends with a
// summary: the skipped tests grouped by the reason they gave, then one line
// "tests: N passed, N failed, N skipped". It exits 1 when a test or a
// package failed (or the input holds no test at all), so that
//
//	go test -json ./... | go run ./scripts/testsummary
//
// runs the README's test command with a visible account of what did not
// run. Lines that are not JSON events (a build error printed before the
// tests start) are passed through.
package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	s := newSummary()
	if err := s.read(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	s.write(w)
	w.Flush()
	if s.failed > 0 || s.pkgFailed > 0 || s.passed+s.failed+s.skipped() == 0 {
		os.Exit(1)
	}
}
