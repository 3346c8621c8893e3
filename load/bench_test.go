package load_test

import (
	"testing"

	"github.com/entente/entente/load"
)

// BenchmarkFlagship loads the flagship example (124 KB of YAML, 4
// parties, a 7-member bloc, 3 constituencies): parse, decode, validate
// and prove every profile's range (utility.Check).
func BenchmarkFlagship(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load.Paths("ukraine-2025"); err != nil {
			b.Fatal(err)
		}
	}
}
