package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestFlagIsNoFolder: "go run ./internal/synth/write -h" wrote the six
// scenarios into a folder named -h (which was then committed); an
// argument that looks like a flag now gets the usage and writes nothing.
func TestFlagIsNoFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{"-h"}, {"--help"}, {}, {"a", "b"}} {
		var errb bytes.Buffer
		if code := run(args, &errb); code != 2 || !strings.Contains(errb.String(), "usage") {
			t.Errorf("%q: exit code %d: %s", args, code, errb.String())
		}
	}
	if es, _ := os.ReadDir("."); len(es) != 0 {
		t.Errorf("wrote %v", es)
	}
}
