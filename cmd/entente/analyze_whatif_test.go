package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entente/entente/examples"
)

// TestAnalyzeSetMatchesEditedFile: `entente analyze --json --set ...` on
// the flagship writes, byte for byte, what `entente analyze --json` writes
// for the flagship's file edited by hand (the US executive's credibility
// and the Ukrainian referendum's threshold substituted in its text), and
// the table says what changed.
func TestAnalyzeSetMatchesEditedFile(t *testing.T) {
	raw, err := fs.ReadFile(examples.FS, "ukraine-2025/ukraine-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, sub := range [][3]string{
		{"- name: US executive", "credibility: {value: 0.35,", "credibility: {value: 0.5,"},
		{"- name: Ukrainian referendum", "threshold: {value: 0.5,", "threshold: {value: 0.55,"},
	} {
		at := strings.Index(text, sub[0])
		k := strings.Index(text[at:], sub[1])
		if at < 0 || k < 0 {
			t.Fatalf("no %q after %q in the flagship", sub[1], sub[0])
		}
		text = text[:at+k] + sub[2] + text[at+k+len(sub[1]):]
	}
	path := filepath.Join(t.TempDir(), "ukraine-2025.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) (string, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("entente %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String(), stderr.String()
	}
	sets := []string{"--set", "guarantors[0].credibility=0.5", "--set", "constituencies[0].threshold=0.55"}
	edited, _ := cli("analyze", "--json", path)
	variant, notes := cli(append(append([]string{"analyze", "--json"}, sets...), "ukraine-2025")...)
	if edited != variant {
		t.Errorf("analyze --json --set differs from the edited file's analysis")
	}
	if !strings.Contains(edited, `"agreement_zone": 156`) || !strings.Contains(edited, `"ratifiable_zone": 5`) {
		t.Errorf("the edited file's zones are not those expected (156, 5):\n%.600s", edited)
	}
	if !strings.Contains(notes, "what-if: US executive: credibility = 0.5 (guarantors[0].credibility), written 0.35\n") {
		t.Errorf("stderr says %q", notes)
	}
	table, _ := cli(append(append([]string{"analyze"}, sets...), "ukraine-2025")...)
	if !strings.HasPrefix(table, "what-if: US executive: credibility") || !strings.Contains(table, "stated without a range") || !strings.Contains(table, "agreement zone: 156 of 72576") {
		t.Errorf("the table:\n%.800s", table)
	}
}
