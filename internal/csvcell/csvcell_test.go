package csvcell

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestNeutralize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"", ""},
		{"=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		// Numbers stay numbers.
		{"-0.25", "-0.25"},
		{"+3", "+3"},
		{"-1e-9", "-1e-9"},
		// Text that only holds a trigger later is safe.
		{"a=b", "a=b"},
		// An apostrophe before a trigger is doubled, so Restore is exact.
		{"'=x", "''=x"},
		{"'plain", "'plain"},
	} {
		if got := Neutralize(c.in); got != c.want {
			t.Errorf("Neutralize(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Restore(Neutralize(c.in)); got != c.in {
			t.Errorf("Restore(Neutralize(%q)) = %q", c.in, got)
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.Write([]string{"=1+1", "-0.5", "@x", "ok"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	rec, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=1+1", "-0.5", "'@x", "ok"}
	for i := range want {
		if rec[i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, rec[i], want[i])
		}
	}
}

// FuzzRestore: Restore undoes Neutralize, and a neutralized cell never
// starts a formula.
func FuzzRestore(f *testing.F) {
	for _, s := range []string{"=1", "'=1", "''@x", "-0.5", "-x", "", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Neutralize(s)
		if Restore(n) != s {
			t.Fatalf("Restore(Neutralize(%q)) = %q", s, Restore(n))
		}
		if n != "" && (n[0] == '=' || n[0] == '@') {
			t.Fatalf("Neutralize(%q) = %q starts a formula", s, n)
		}
	})
}
