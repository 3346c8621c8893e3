package main

import (
	"bytes"
	"errors"
	"strings"
	"syscall"
	"testing"
)

// fullWriter accepts the first room bytes, then fails as a full disk does
// (standard output redirected to a file on a full disk, or to /dev/full).
type fullWriter struct{ room int }

func (w *fullWriter) Write(p []byte) (int, error) {
	if len(p) <= w.room {
		w.room -= len(p)
		return len(p), nil
	}
	n := w.room
	w.room = 0
	return n, &errnoError{syscall.ENOSPC}
}

type errnoError struct{ errno syscall.Errno }

func (e *errnoError) Error() string { return "write /dev/stdout: " + e.errno.Error() }
func (e *errnoError) Unwrap() error { return e.errno }

// TestLostStandardOutputFails: a command whose standard output could not
// be written (a full disk) fails with exit code 1 and says so, whatever
// it prints and however it prints it; it never reports success for an
// output that was lost.
func TestLostStandardOutputFails(t *testing.T) {
	for _, args := range [][]string{
		{"analyze", "laptop"},
		{"show", "laptop"},
		{"validate", "laptop"},
		{"negotiate", "laptop"},
		{"version"},
		{"help"},
		{"help", "analyze"},
		{"analyze", "--help"},
		{"completion", "bash"},
	} {
		for _, room := range []int{0, 20} {
			var errb bytes.Buffer
			code := run(args, &fullWriter{room: room}, &errb)
			if code != 1 || !strings.Contains(errb.String(), "no space left on device") {
				t.Errorf("%v, output full after %d bytes: exit code %d, want 1 and a message; stderr:\n%s", args, room, code, errb.String())
			}
		}
	}
	// Enough room: success, as before.
	var out, errb bytes.Buffer
	if code := run([]string{"show", "laptop"}, &out, &errb); code != 0 || out.Len() == 0 {
		t.Errorf("show laptop: exit code %d: %s", code, errb.String())
	}
	if !errors.Is(&errnoError{syscall.ENOSPC}, syscall.ENOSPC) {
		t.Fatal("the test's error does not unwrap")
	}
}
