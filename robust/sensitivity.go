package robust

import (
	"math"
	"sort"

	"github.com/entente/entente/forecast/montecarlo"
)

// Sensitivity says how strongly one sampled number decides whether the
// agreement zone exists.
//
// It combines two standard screening measures of global sensitivity
// analysis (Saltelli et al., Global Sensitivity Analysis: The Primer,
// Wiley 2008, ch. 1): correlations between the drawn values and the
// outcome over the draws, and one-at-a-time swings. PointBiserial is the
// point-biserial correlation (Tate 1954, Ann. Math. Statist. 25(3)) between
// the number's drawn values and the 0/1 indicator "the zone is non-empty":
// the Pearson correlation with a dichotomous variable. Spearman is the
// rank correlation (Spearman 1904) between the drawn values and the zone's
// size, which still ranks the numbers when the zone exists in every draw
// (or in none). ZoneLow and ZoneHigh are the zone's sizes with the number
// at the low and high end of its range, the others at their nominal
// values.
type Sensitivity struct {
	// Param is the number's index in Result.Params; Field its path.
	Param int
	Field string
	// PointBiserial and RatifiablePointBiserial correlate the drawn values
	// with the non-emptiness of the agreement zone and of the ratifiable
	// zone; NaN when either does not vary over the draws.
	PointBiserial, RatifiablePointBiserial float64
	// Spearman is the rank correlation of the drawn values with the
	// agreement zone's size; NaN when either does not vary.
	Spearman float64
	// ZoneLow and ZoneHigh are the agreement zone's sizes at the ends of
	// the number's range, RatifiableLow and RatifiableHigh the ratifiable
	// zone's (all 0 when tipping points were skipped).
	ZoneLow, ZoneHigh, RatifiableLow, RatifiableHigh uint64
}

// sensitivity ranks the sampled numbers: largest |PointBiserial| first,
// then |RatifiablePointBiserial|, |Spearman| and the one-at-a-time swings
// |ZoneHigh − ZoneLow| and |RatifiableHigh − RatifiableLow| (NaN counting
// as smallest), then Params order.
func sensitivity(r *Result, swings [][4]uint64) []Sensitivity {
	nd := len(r.Draws)
	zone := make([]float64, nd)
	rat := make([]float64, nd)
	size := make([]float64, nd)
	for d := range nd {
		zone[d] = float64(min(r.ZoneSize[d], 1))
		rat[d] = float64(min(r.RatifiableSize[d], 1))
		size[d] = float64(r.ZoneSize[d])
	}
	sizeRanks := montecarlo.Ranks(size)
	x := make([]float64, nd)
	out := make([]Sensitivity, len(r.Params))
	for j := range r.Params {
		for d := range nd {
			x[d] = r.Draws[d][j]
		}
		out[j] = Sensitivity{Param: j, Field: field(&r.Params[j]),
			PointBiserial:           montecarlo.Pearson(x, zone),
			RatifiablePointBiserial: montecarlo.Pearson(x, rat),
			Spearman:                montecarlo.Pearson(montecarlo.Ranks(x), sizeRanks)}
		if swings != nil {
			sw := swings[j]
			out[j].ZoneLow, out[j].ZoneHigh, out[j].RatifiableLow, out[j].RatifiableHigh = sw[0], sw[1], sw[2], sw[3]
		}
	}
	key := func(s *Sensitivity) [5]float64 {
		sw := math.Abs(float64(s.ZoneHigh) - float64(s.ZoneLow))
		rsw := math.Abs(float64(s.RatifiableHigh) - float64(s.RatifiableLow))
		return [5]float64{abs(s.PointBiserial), abs(s.RatifiablePointBiserial), abs(s.Spearman), sw, rsw}
	}
	sort.SliceStable(out, func(a, b int) bool {
		ka, kb := key(&out[a]), key(&out[b])
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] > kb[i]
			}
		}
		return false
	})
	return out
}

// abs is |x|, with NaN counting as -1 (below every correlation).
func abs(x float64) float64 {
	if math.IsNaN(x) {
		return -1
	}
	return math.Abs(x)
}
