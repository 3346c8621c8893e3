package bdm

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// resultsDigest hashes every number of seeded runs of every variant on
// random models (positions, risk exponents, medians, means and offers of
// every round), bit for bit.
func resultsDigest(t *testing.T) uint64 {
	h := fnv.New64a()
	put := func(xs ...float64) {
		for _, x := range xs {
			b := math.Float64bits(x)
			h.Write([]byte{byte(b), byte(b >> 8), byte(b >> 16), byte(b >> 24), byte(b >> 32), byte(b >> 40), byte(b >> 48), byte(b >> 56)})
		}
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	vs := variants()
	names := make([]string, 0, len(vs))
	for name := range vs {
		names = append(names, name)
	}
	slices.Sort(names)
	for trial := range 40 {
		m := randomModel(rng, 2+rng.IntN(14), 1+rng.IntN(3))
		for _, name := range names {
			rs, err := RunAll(m, vs[name])
			if err != nil {
				t.Fatalf("trial %d, %s: %v", trial, name, err)
			}
			for _, r := range rs {
				put(r.Forecast)
				for _, rd := range r.Rounds {
					put(rd.Positions...)
					put(rd.Risk...)
					put(rd.Median, rd.Mean)
					for _, o := range rd.Offers {
						put(float64(o.Receiver), float64(o.Proposer), float64(o.Kind), o.Position, o.EUReceiver, o.EUProposer)
					}
				}
			}
		}
	}
	return h.Sum64()
}

// TestSameBits pins the digest of resultsDigest as the model computed it
// before its powers shared their logarithms and its status-quo utility
// was computed once per actor (commit 5203930): those changes, made for
// speed, must not move a single bit of any result.
func TestSameBits(t *testing.T) {
	const want = 0x18508b0d2f5e4afc
	if got := resultsDigest(t); got != want {
		t.Errorf("digest %#x, want %#x: the results changed", got, want)
	}
}

// TestRunScaled: RunScaled gives, issue by issue, what Run gives with
// that issue's salience scale, and Run's errors.
func TestRunScaled(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for trial := range 20 {
		m := randomModel(rng, 2+rng.IntN(8), 1+rng.IntN(4))
		scales := make([]float64, len(m.Issues))
		for k := range scales {
			scales[k] = []float64{0, 1, 2}[rng.IntN(3)]
		}
		got, err := RunScaled(m, DefaultParams(), scales)
		if err != nil {
			t.Fatal(err)
		}
		for k := range m.Issues {
			p := DefaultParams()
			p.SalienceMax = scales[k]
			want, err := Run(m, k, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[k], want) {
				t.Fatalf("trial %d, issue %d: RunScaled differs from Run", trial, k)
			}
		}
	}
	m := randomModel(rng, 3, 2)
	if _, err := RunScaled(m, DefaultParams(), []float64{1}); err == nil {
		t.Error("one scale for two issues: no error")
	}
	m.Stances[1][1].Salience = 5
	_, err := RunScaled(m, DefaultParams(), []float64{1, 1})
	_, want := Run(m, 1, Params{Rounds: 10, Q: 1, T: 1, SalienceMax: 1})
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("a salience of 5 on a scale of 1: %v, want Run's %v", err, want)
	}
}
