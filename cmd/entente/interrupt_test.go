//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReportInterrupted runs "entente report" as a child process (this
// test binary, which TestMain installs as entente on PATH), interrupts it
// mid-run with SIGINT and with SIGTERM, and checks that it stops within a
// second (five under the race detector), exits with 130 or 143 and writes
// nothing: no HTML, no Markdown, no charts, no temporary file.
func TestReportInterrupted(t *testing.T) {
	bin, err := exec.LookPath("entente")
	if err != nil {
		t.Fatal(err)
	}
	example, err := filepath.Abs("../../examples/ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		// Simulated negotiations of 1,000 rounds (several seconds of
		// processor time): the signal lands while they run (they were
		// counted as failed negotiations, exit 0).
		{"simulation", []string{"--samples", "0", "--runs", "0", "--sessions", "200000", "--rounds", "1000"}},
		// The robustness draws (more than the default --max-work allows
		// without the flag).
		{"robustness", []string{"--samples", "20000", "--max-work", "1e11"}},
		// The tipping points: scans of a space that nothing prunes (see
		// slowTipping), long enough to be caught in the middle.
		{"tipping", []string{"--samples", "1", "--runs", "0", "--sessions", "0"}},
	} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(c.name+"/"+signalName(sig), func(t *testing.T) {
				dir := t.TempDir()
				args := append([]string{"report", "-o", "out.html"}, c.args...)
				scenario := example
				if c.name == "tipping" {
					scenario = slowTipping(t)
				}
				cmd := exec.Command(bin, append(args, scenario)...)
				cmd.Dir = dir
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { cmd.Process.Kill() }) //nolint:errcheck // ended already, normally
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				if !waitBusy(cmd.Process.Pid, exited) {
					t.Fatalf("the report finished before the signal: %s%s", stdout.String(), stderr.String())
				}
				sent := time.Now()
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				var err error
				select {
				case err = <-exited:
				case <-time.After(30 * time.Second):
					cmd.Process.Kill()
					<-exited
					t.Fatalf("%s: still running 30 s after the signal", signalName(sig))
				}
				took := time.Since(sent)
				t.Logf("%s: stopped %v after the signal", signalName(sig), took.Round(time.Millisecond))
				if took > stopWithin {
					t.Errorf("%s: stopped %v after the signal; want within %v", signalName(sig), took.Round(time.Millisecond), time.Duration(stopWithin))
				}
				var ee *exec.ExitError
				if errors.As(err, &ee) && ee.ExitCode() == -1 {
					t.Fatalf("%s: killed by the signal, not stopped: it came before the command caught signals", signalName(sig))
				}
				if !errors.As(err, &ee) || ee.ExitCode() != 128+int(sig) {
					t.Errorf("%s: exit %v; want status %d\nstdout: %s\nstderr: %s", signalName(sig), err, 128+int(sig), stdout.String(), stderr.String())
				}
				es, rerr := os.ReadDir(dir)
				if rerr != nil {
					t.Fatal(rerr)
				}
				for _, e := range es {
					t.Errorf("an interrupted report left %s", e.Name())
				}
			})
		}
	}
}

// busyCPU is the processor time after which a command is surely past
// loading its input and installing its signal handler, in the middle of
// its work: loading the flagship takes 0.02 s (0.3 s under the race
// detector). Processor time, unlike the clock, does not depend on how
// loaded the machine is.
const busyCPU = 1500 * time.Millisecond

// waitBusy waits until the process has used busyCPU of processor time
// (read from /proc; where there is none, it waits startDelay). It returns
// false if the process ended first (its Wait result is put back).
func waitBusy(pid int, exited chan error) bool {
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			return false
		case <-time.After(20 * time.Millisecond):
		}
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			select {
			case err := <-exited:
				exited <- err
				return false
			case <-time.After(startDelay):
				return true
			}
		}
		// Fields after the command name (which may hold spaces): state is
		// the 3rd field, utime and stime the 14th and 15th, in ticks of
		// 1/100 s.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) < 13 {
			continue
		}
		ut, _ := strconv.Atoi(f[11])
		st, _ := strconv.Atoi(f[12])
		if time.Duration(ut+st)*10*time.Millisecond >= busyCPU {
			return true
		}
	}
	return true
}

// slowTipping writes a scenario whose tipping points take seconds: 10^6
// packages, a bloc whose members never accept (so the zone is empty at
// every value and every scan walks the whole space: nothing prunes it, no
// package witnesses a zone) and six uncertain numbers. The flagship's
// tipping points now take a fraction of a second.
func slowTipping(t *testing.T) string {
	var b strings.Builder
	b.WriteString("entente: 1\nname: slow tipping\nissues:\n")
	for i := range 6 {
		fmt.Fprintf(&b, "  - {name: i%d, options: [o0, o1, o2, o3, o4, o5, o6, o7, o8, o9]}\n", i)
	}
	profile := func(indent string, top float64, ranged bool, rv string) {
		fmt.Fprintf(&b, "%sweights:\n", indent)
		for i := range 6 {
			w := "0.2"
			if i == 5 {
				w = "0"
			} else if ranged {
				w = "{value: 0.2, range: [0.1, 0.3]}"
			}
			fmt.Fprintf(&b, "%s  i%d: %s\n", indent, i, w)
		}
		fmt.Fprintf(&b, "%svalues:\n", indent)
		for i := range 5 {
			fmt.Fprintf(&b, "%s  i%d: {", indent, i)
			for k := range 10 {
				if k > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "o%d: %v", k, float64(k)*top/9)
			}
			b.WriteString("}\n")
		}
		fmt.Fprintf(&b, "%sreservation: %s\n", indent, rv)
	}
	b.WriteString("parties:\n  - name: a\n")
	profile("    ", 1, true, "{value: 0.05, range: [0, 0.1]}")
	b.WriteString("  - name: b\n")
	profile("    ", 1, false, "0")
	b.WriteString("    bloc:\n      rule: unanimity\n      members:\n")
	for m := range 2 {
		fmt.Fprintf(&b, "        - name: m%d\n", m)
		profile("          ", 0.9, false, "1")
	}
	path := filepath.Join(t.TempDir(), "slow.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
