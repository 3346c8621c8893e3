package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entente/entente/internal/hostile"
)

// The bounds every hostile case must keep (issue 15, "Done when"): an
// answer or a clear message within hostileTime of processor time (user and
// system, both cores counted), at most hostileMemory of resident memory.
// Wall-clock time is held to hostileWall, looser because the machine may
// be shared, but tight enough to catch a wait (a read from a pipe). The
// child also runs under a hard address-space limit (hostileAddressSpace),
// so that a regression fails the test instead of exhausting the machine.
const (
	hostileTime         = 5 * time.Second
	hostileWall         = 20 * time.Second
	hostileMemory       = 1 << 30
	hostileAddressSpace = 3 << 30
	hostileKill         = 60 * time.Second
)

// TestHostileInputs runs every case of the hostile corpus (internal/hostile)
// as a child process, the test binary acting as entente, and checks its
// exit code, its message, its time and its peak memory. It runs without
// the race detector only: the detector multiplies time and memory.
func TestHostileInputs(t *testing.T) {
	if raceEnabled {
		t.Skip("time and memory bounds are measured without the race detector")
	}
	if runtime.GOOS != "linux" {
		t.Skip("memory is measured with Linux's rusage and limited with prlimit")
	}
	if testing.Short() {
		t.Skip("writes a corpus of some 400 MB")
	}
	bin, err := exec.LookPath("entente")
	if err != nil {
		t.Fatalf("the test binary is not on PATH as entente: %v", err)
	}
	dir := t.TempDir()
	cases, err := hostile.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("the corpus has %d cases", len(cases))
	}
	var rows []string
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			r := runBounded(t, bin, c)
			rows = append(rows, fmt.Sprintf("%-26s exit %d  %5.2f s wall  %5.2f s cpu  %4d MB", c.Name, r.exit, r.wall.Seconds(), r.cpu.Seconds(), r.rss>>20))
			out := r.stdout + r.stderr
			if strings.Contains(out, "goroutine ") || strings.Contains(out, "fatal error") || strings.Contains(out, "panic:") {
				t.Fatalf("%v: a crash:\n%s", c.Args, clip(out))
			}
			if r.exit != c.Exit {
				t.Errorf("%v: exit code %d, want %d\n%s", c.Args, r.exit, c.Exit, clip(out))
			}
			if !regexp.MustCompile(c.Want).MatchString(out) {
				t.Errorf("%v: the output does not match %q:\n%s", c.Args, c.Want, clip(out))
			}
			if r.cpu > hostileTime {
				t.Errorf("%v: took %v of processor time, more than %v", c.Args, r.cpu.Round(time.Millisecond), hostileTime)
			}
			if r.wall > hostileWall {
				t.Errorf("%v: took %v, more than %v", c.Args, r.wall.Round(time.Millisecond), hostileWall)
			}
			if r.rss > hostileMemory {
				t.Errorf("%v: peak resident memory %d MB, more than %d MB", c.Args, r.rss>>20, hostileMemory>>20)
			}
		})
	}
	t.Logf("hostile corpus, %d cases:\n%s", len(rows), strings.Join(rows, "\n"))
	if c := countCase(cases, "party-file-no-echo"); c != nil {
		// The secret's content never shows, whatever the message.
		r := runBounded(t, bin, *c)
		if strings.Contains(r.stdout+r.stderr, "PRIVATE KEY") || strings.Contains(r.stdout+r.stderr, "MIIEvQ") {
			t.Errorf("the message quotes the content of a file that is not a scenario:\n%s", r.stderr)
		}
	}
}

func countCase(cases []hostile.Case, name string) *hostile.Case {
	for i := range cases {
		if cases[i].Name == name {
			return &cases[i]
		}
	}
	return nil
}

type boundedRun struct {
	stdout, stderr string
	exit           int
	wall, cpu      time.Duration
	rss            int64
}

// runBounded runs entente with the case's arguments under an address-space
// limit (set on the child with prlimit right after it starts; the Go
// runtime reserves its heap as it grows, so the limit applies to what the
// child allocates) and kills it after hostileKill.
func runBounded(t *testing.T, bin string, c hostile.Case) boundedRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileKill)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, c.Args...)
	cmd.Dir = c.Dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	limitAddressSpace(t, cmd.Process.Pid, hostileAddressSpace)
	err := cmd.Wait()
	r := boundedRun{stdout: stdout.String(), stderr: stderr.String(), wall: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.exit = ee.ExitCode()
	default:
		t.Fatalf("%v: %v", c.Args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%v: still running after %v; killed", c.Args, hostileKill)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = int64(ru.Maxrss) << 10 // kilobytes on Linux
	}
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}
