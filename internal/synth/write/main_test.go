package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagsAreNotFolders: a flag (-h, --help) gets the usage and writes
// nothing; it once became a folder named "-h", committed by mistake.
func TestFlagsAreNotFolders(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-o", "x"}, {}, {"a", "b"}} {
		var stderr bytes.Buffer
		if code := run(args, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage:") {
			t.Errorf("%q: exit %d, stderr %q; want the usage and exit 2", args, code, stderr.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a flag wrote %v", entries)
	}
}

// TestWrites: a folder gets the six scenarios.
func TestWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes six synthetic scenarios")
	}
	dir := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if code := run([]string{dir}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 6 {
		t.Fatalf("%d files (%v), want 6", len(entries), err)
	}
}
