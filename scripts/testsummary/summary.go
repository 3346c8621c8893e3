package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// summary counts the results and keeps, per skipped test, its reason.
type summary struct {
	passed, failed, pkgFailed int
	// failedPkgs names the packages that failed (a test, or the build).
	failedPkgs []string
	// reasons maps a skip reason to the tests that gave it, in order.
	reasons map[string][]string
	order   []string
	// last holds, per running test, the last line it printed that can be
	// a skip message; held, its output, shown only if it fails.
	last map[string]string
	held map[string][]string
}

func newSummary() *summary {
	return &summary{reasons: map[string][]string{}, last: map[string]string{}, held: map[string][]string{}}
}

// logLine matches the message of t.Skip and t.Log: "    file_test.go:12: text".
var logLine = regexp.MustCompile(`^\s+[\w.-]+\.go:\d+: (.*)$`)

// read consumes the events and writes to out what go test prints without
// -v: each package's result line, and the output of the tests that fail
// (go test -json runs the tests verbosely; the rest is held back).
func (s *summary) read(in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	w := bufio.NewWriter(out)
	defer w.Flush()
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			w.Write(line)
			w.WriteByte('\n')
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output", "build-output":
			switch {
			case e.Test != "":
				if m := logLine.FindStringSubmatch(strings.TrimRight(e.Output, "\n")); m != nil {
					s.last[key] = m[1]
				}
				if !strings.HasPrefix(e.Output, "=== ") {
					s.held[key] = append(s.held[key], e.Output)
				}
			case e.Output != "PASS\n":
				w.WriteString(e.Output)
			}
		case "pass":
			if e.Test != "" {
				s.passed++
			}
			delete(s.last, key)
			delete(s.held, key)
		case "fail", "build-fail":
			if e.Test != "" {
				s.failed++
				for _, o := range s.held[key] {
					w.WriteString(o)
				}
			} else {
				s.pkgFailed++
				if e.Package != "" {
					s.failedPkgs = append(s.failedPkgs, shortPkg(e.Package))
				}
			}
			delete(s.last, key)
			delete(s.held, key)
		case "skip":
			if e.Test == "" {
				continue // a package without test files
			}
			reason := s.last[key]
			if reason == "" {
				reason = "no reason given"
			}
			if _, ok := s.reasons[reason]; !ok {
				s.order = append(s.order, reason)
			}
			s.reasons[reason] = append(s.reasons[reason], shortPkg(e.Package)+"."+e.Test)
			delete(s.last, key)
			delete(s.held, key)
		}
		w.Flush()
	}
	return sc.Err()
}

func (s *summary) skipped() int {
	n := 0
	for _, ts := range s.reasons {
		n += len(ts)
	}
	return n
}

// write prints the skipped tests by reason, most frequent first, and the
// closing count line.
func (s *summary) write(w io.Writer) {
	if n := s.skipped(); n > 0 {
		reasons := append([]string(nil), s.order...)
		sort.SliceStable(reasons, func(a, b int) bool { return len(s.reasons[reasons[a]]) > len(s.reasons[reasons[b]]) })
		fmt.Fprintf(w, "skipped %d %s, by reason:\n", n, plural(n, "test", "tests"))
		for _, r := range reasons {
			ts := s.reasons[r]
			names := strings.Join(ts[:min(len(ts), 3)], ", ")
			if len(ts) > 3 {
				names += fmt.Sprintf(" and %d more", len(ts)-3)
			}
			fmt.Fprintf(w, "  %d × %s (%s)\n", len(ts), clip(r, 160), names)
		}
	}
	if len(s.failedPkgs) > 0 {
		fmt.Fprintf(w, "failed: %s\n", strings.Join(s.failedPkgs, ", "))
	}
	fmt.Fprintf(w, "tests: %d passed, %d failed, %d skipped\n", s.passed, s.failed, s.skipped())
}

// shortPkg drops the module path from a package path.
func shortPkg(p string) string {
	const mod = "github.com/entente/entente"
	switch {
	case p == mod:
		return "entente"
	case strings.HasPrefix(p, mod+"/"):
		return p[len(mod)+1:]
	}
	return p
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
