package entente_test

import (
	"fmt"
	"testing"

	"github.com/entente/entente"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1024", 1024, true},
		{"64MiB", 64 << 20, true},
		{"64 MB", 64 << 20, true},
		{"64m", 64 << 20, true},
		{"1.5GiB", 3 << 29, true},
		{"2K", 2048, true},
		{"10B", 10, true},
		{"", 0, false},
		{"lots", 0, false},
		{"5 parsecs", 0, false},
		{"-1MiB", 0, false},
		{"1e30GiB", 0, false},
	}
	for _, tc := range tests {
		got, err := entente.ParseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want && tc.ok {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		300:           "300 B",
		64 << 20:      "64 MiB",
		1<<30 + 1<<29: "1.5 GiB (1610612736 bytes)",
		100<<20 + 7:   "100.0 MiB (104857607 bytes)",
	} {
		if got := entente.FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLimitsDefaults(t *testing.T) {
	l := entente.Limits{Parties: 7}.Defaults()
	if l.Parties != 7 || l.Issues != entente.DefaultIssues || l.FileSize != entente.DefaultFileSize || l.Terms != entente.DefaultTerms {
		t.Errorf("Defaults kept or filled wrongly: %+v", l)
	}
	e := entente.TooMany("f.yaml", 3, 4, "parties", 5000, 1000, "parties", "--max-parties")
	if want := "f.yaml:3:4: parties: 5000 parties, more than the limit of 1000; no real negotiation needs so many (raise the limit with --max-parties if this one does)"; e.Error() != want {
		t.Errorf("got %q", e)
	}
	e = entente.TooMany("f.xml", 1, 1, "", -1, 20, "boxes", "--max-terms")
	if want := "f.xml:1:1: more than 20 boxes, the limit; no real negotiation needs so many (raise the limit with --max-terms if this one does)"; e.Error() != want {
		t.Errorf("got %q", e)
	}
}

func ExampleParseSize() {
	n, _ := entente.ParseSize("64MiB")
	fmt.Println(n, entente.FormatSize(n))
	// Output: 67108864 64 MiB
}
