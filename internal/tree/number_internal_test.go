package tree

import (
	"math/rand/v2"
	"testing"
)

// numberCases are strings at the edges of the plain number syntax.
var numberCases = []string{"", "0", "-0", "+1", "1.", ".5", "-.5", "+.", ".", "-", "1e5", "1E+5", "1e-05", "1e", "1e+", ".e1", "1.e1",
	"1.5.2", "1_000", "0x10", "1e5.5", " 1", "1 ", "12345678901234567890", "--1", "+-1", "1.5e3", "Inf", ".inf", "NaN", "1,5", "٣"}

// TestPlainNumber checks plainNumber against NumberSyntax on the edge cases
// and on random strings over the syntax's alphabet.
func TestPlainNumber(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := plainNumber(s), NumberSyntax.MatchString(s); got != want {
			t.Errorf("plainNumber(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range numberCases {
		check(s)
	}
	rng := rand.New(rand.NewPCG(1, 9))
	const alphabet = "0123456789.eE+-x_ "
	for range 50_000 {
		b := make([]byte, rng.IntN(8))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
}

func FuzzPlainNumber(f *testing.F) {
	for _, s := range numberCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainNumber(s), NumberSyntax.MatchString(s); got != want {
			t.Errorf("plainNumber(%q) = %v, want %v", s, got, want)
		}
	})
}
