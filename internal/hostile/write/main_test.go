package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestFlagIsNoFolder: an argument that looks like a flag (-h) gets the
// usage; it is not taken for the folder to write the corpus (some 400 MB)
// into.
func TestFlagIsNoFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{"-h"}, {"--help"}, {}, {"a", "b"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage") {
			t.Errorf("%q: exit code %d: %s", args, code, errb.String())
		}
	}
	if es, _ := os.ReadDir("."); len(es) != 0 {
		t.Errorf("wrote %v", es)
	}
}
