package utility

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
)

// Comparison is the result of Compare.
type Comparison struct {
	// Outcomes is how many outcomes were compared.
	Outcomes int
	// Exhaustive is true when that was every outcome of the space.
	Exhaustive bool
	// MaxDiff is the largest absolute utility difference found, over all
	// parties and outcomes compared, reservation values included.
	MaxDiff float64
	// Where describes the outcome and party of MaxDiff.
	Where string
}

// Compare evaluates two scenarios over the same issues and parties (for
// instance one converted to another format and read back) on every outcome
// when the space has at most limit outcomes, and otherwise on limit
// outcomes drawn with the seed. It also compares reservation values and
// discount factors. It fails when the issues or parties differ in number
// or kind.
func Compare(a, b *entente.Scenario, limit int, seed uint64) (Comparison, error) {
	var c Comparison
	if len(a.Issues) != len(b.Issues) {
		return c, fmt.Errorf("compare: %d issues against %d", len(a.Issues), len(b.Issues))
	}
	for i := range a.Issues {
		x, y := &a.Issues[i], &b.Issues[i]
		nx, _ := x.Size()
		ny, _ := y.Size()
		if x.Kind != y.Kind || nx != ny || (x.Kind != entente.Discrete && (x.Min != y.Min || x.Max != y.Max)) {
			return c, fmt.Errorf("compare: issue %d differs: %q %s against %q %s", i, x.Name, x.Kind, y.Name, y.Kind)
		}
	}
	if len(a.Parties) != len(b.Parties) {
		return c, fmt.Errorf("compare: %d parties against %d", len(a.Parties), len(b.Parties))
	}
	fa, err := Compile(a)
	if err != nil {
		return c, err
	}
	fb, err := Compile(b)
	if err != nil {
		return c, err
	}
	note := func(d float64, where func() string) {
		if d > c.MaxDiff || math.IsNaN(d) {
			c.MaxDiff, c.Where = d, where()
		}
	}
	for p := range fa {
		note(math.Abs(fa[p].Reservation()-fb[p].Reservation()), func() string {
			return fmt.Sprintf("reservation value of party %q", a.Parties[p].Name)
		})
		note(math.Abs(a.Parties[p].Preferences.DiscountFactor()-b.Parties[p].Preferences.DiscountFactor()), func() string {
			return fmt.Sprintf("discount factor of party %q", a.Parties[p].Name)
		})
	}
	check := func(o entente.Outcome) {
		c.Outcomes++
		for p := range fa {
			d := math.Abs(fa[p].Utility(o) - fb[p].Utility(o))
			note(d, func() string {
				return fmt.Sprintf("party %q at %s", a.Parties[p].Name, describe(a, o))
			})
		}
	}
	sp := space.New(a.Issues)
	if n, ok := sp.Len(); ok && n <= uint64(limit) {
		c.Exhaustive = true
		return c, sp.Each(func(_ uint64, o entente.Outcome) bool { check(o); return true })
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	o := make(entente.Outcome, len(a.Issues))
	for k := 0; k < limit; k++ {
		sp.Sample(rng, o)
		check(o)
	}
	return c, nil
}
