package live

import (
	"testing"

	"github.com/entente/entente"
)

// BenchmarkGameMove measures one move through a live game: the seat's
// hand-over to the session goroutine and back, the referee's checks, the
// events kept (no store: see the server's load test for moves committed).
func BenchmarkGameMove(b *testing.B) {
	sc := example(b, "laptop")
	spec := Spec{Rounds: 1_000_000, Seats: []SeatSpec{{Party: sc.Parties[0].Name, Kind: Person}, {Party: sc.Parties[1].Name, Kind: Person}}}
	if _, err := spec.Normalize(sc); err != nil {
		b.Fatal(err)
	}
	g, err := NewGame(sc, spec)
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	g.Begin()
	pkgs := []entente.Outcome{{0, 0, 10}, {1, 2, 12}, {2, 1, 14}}
	b.ResetTimer()
	for i := range b.N {
		w := g.Wait()
		if _, err := g.Apply(Move{Seat: w.Seat, Kind: Offer, Package: pkgs[i%len(pkgs)]}); err != nil {
			b.Fatal(err)
		}
	}
}
