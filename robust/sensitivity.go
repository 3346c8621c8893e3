package robust

import (
	"math"
	"sort"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/stats"
)

// Sensitivity says how strongly one sampled number decides whether the
// agreement zone, and the ratifiable zone, exist.
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
// values. Correlations are signed: a positive one means that larger
// values of the number make the zone likelier to exist (or larger).
type Sensitivity struct {
	// Param is the number's index in Result.Params; Field its path and
	// Label its name in words (entente.Scenario.Label).
	Param        int
	Field, Label string
	// Structural reports whether the number shapes the model's structure
	// rather than a preference or a credibility (entente.RefKind.Structural).
	Structural bool
	// PointBiserial and RatifiablePointBiserial correlate the drawn values
	// with the non-emptiness of the agreement zone and of the ratifiable
	// zone; NaN when either does not vary over the draws.
	PointBiserial, RatifiablePointBiserial float64
	// Spearman and RatifiableSpearman are the rank correlations of the
	// drawn values with the sizes of the agreement zone and of the
	// ratifiable zone; NaN when either does not vary.
	Spearman, RatifiableSpearman float64
	// ZoneLow and ZoneHigh are the agreement zone's sizes at the ends of
	// the number's range, RatifiableLow and RatifiableHigh the ratifiable
	// zone's (all 0 when tipping points were skipped).
	ZoneLow, ZoneHigh, RatifiableLow, RatifiableHigh uint64
	// Reads reports whether the agreement zone (Reads[0]) and the
	// ratifiable zone (Reads[1]) depend on the number at all: a bloc
	// party's own profile never decides (its members do), and a
	// constituency's numbers only decide the ratifiable zone.
	Reads [2]bool

	// nominalZone and nominalRat are the zones' nominal sizes when the
	// swings were computed, -1 otherwise.
	nominalZone, nominalRat int64
}

// Correlation returns the point-biserial correlation for the agreement
// zone, or for the ratifiable zone.
func (s *Sensitivity) Correlation(ratifiable bool) float64 {
	if ratifiable {
		return s.RatifiablePointBiserial
	}
	return s.PointBiserial
}

// Swing returns the one-at-a-time sizes of the zone at the low and the
// high end of the number's range.
func (s *Sensitivity) Swing(ratifiable bool) (low, high uint64) {
	if ratifiable {
		return s.RatifiableLow, s.RatifiableHigh
	}
	return s.ZoneLow, s.ZoneHigh
}

// sensitivity computes the sensitivity of every sampled number, ranked for
// the headline zone (the ratifiable zone when there are constituencies,
// see Result.Ranking), then the others in Params order.
func sensitivity(s *entente.Scenario, r *Result, swings [][4]uint64) []Sensitivity {
	nd := len(r.Draws)
	zone := make([]float64, nd)
	rat := make([]float64, nd)
	size := make([]float64, nd)
	rsize := make([]float64, nd)
	for d := range nd {
		zone[d] = float64(min(r.ZoneSize[d], 1))
		rat[d] = float64(min(r.RatifiableSize[d], 1))
		size[d] = float64(r.ZoneSize[d])
		rsize[d] = float64(r.RatifiableSize[d])
	}
	sizeRanks := stats.Ranks(size)
	rsizeRanks := stats.Ranks(rsize)
	x := make([]float64, nd)
	out := make([]Sensitivity, len(r.Params))
	for j := range r.Params {
		for d := range nd {
			x[d] = r.Draws[d][j]
		}
		xr := stats.Ranks(x)
		ref := r.Params[j].Ref
		out[j] = Sensitivity{Param: j, Field: field(&r.Params[j]), Label: s.Label(ref), Structural: ref.Kind.Structural(),
			PointBiserial:           stats.Pearson(x, zone),
			RatifiablePointBiserial: stats.Pearson(x, rat),
			Spearman:                stats.Pearson(xr, sizeRanks),
			RatifiableSpearman:      stats.Pearson(xr, rsizeRanks),
			Reads:                   reads(s, ref), nominalZone: -1, nominalRat: -1}
		if swings != nil {
			out[j].nominalZone, out[j].nominalRat = int64(r.NominalZone), int64(r.NominalRatifiable)
			sw := swings[j]
			out[j].ZoneLow, out[j].ZoneHigh, out[j].RatifiableLow, out[j].RatifiableHigh = sw[0], sw[1], sw[2], sw[3]
		}
	}
	rank(out, r.Constituencies, false)
	return out
}

// reads reports whether the agreement zone and the ratifiable zone depend
// on the number ref locates (see Sensitivity.Reads).
func reads(s *entente.Scenario, ref entente.Ref) [2]bool {
	switch ref.Kind {
	case entente.RefThreshold, entente.RefShare, entente.RefCentre, entente.RefSpread:
		return [2]bool{false, true}
	case entente.RefCredibility, entente.RefAlone, entente.RefRequired, entente.RefBlocThreshold, entente.RefMemberWeight:
		return [2]bool{true, true}
	}
	switch ref.Profile.Kind {
	case entente.VoterProfile:
		return [2]bool{false, true}
	case entente.PartyProfile:
		if ref.Profile.Index >= 0 && ref.Profile.Index < len(s.Parties) && s.Parties[ref.Profile.Index].Bloc != nil {
			return [2]bool{false, false}
		}
	}
	return [2]bool{true, true}
}

// rank sorts sensitivities for one zone: largest |correlation| with that
// zone's non-emptiness first, then the larger |one-at-a-time swing| of
// that zone's size, then the larger |rank correlation| with its size (NaN
// counting as smallest), then Params order. With filter set it drops the
// numbers that cannot move the zone (see Result.Ranking).
func rank(out []Sensitivity, ratifiable, filter bool) []Sensitivity {
	z := 0
	if ratifiable {
		z = 1
	}
	if filter {
		kept := out[:0]
		for _, sv := range out {
			lo, hi := sv.Swing(ratifiable)
			if !sv.Reads[z] || (sv.swung() && lo == hi && lo == sv.nominal(ratifiable)) {
				continue
			}
			kept = append(kept, sv)
		}
		out = kept
	}
	key := func(s *Sensitivity) [3]float64 {
		lo, hi := s.Swing(ratifiable)
		sp := s.Spearman
		if ratifiable {
			sp = s.RatifiableSpearman
		}
		return [3]float64{abs(s.Correlation(ratifiable)), math.Abs(float64(hi) - float64(lo)), abs(sp)}
	}
	sort.SliceStable(out, func(a, b int) bool {
		ka, kb := key(&out[a]), key(&out[b])
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] > kb[i]
			}
		}
		return out[a].Param < out[b].Param
	})
	return out
}

// swung reports whether the one-at-a-time swings were computed.
func (s *Sensitivity) swung() bool { return s.nominalZone >= 0 }

// nominal is the zone's nominal size (set by Run).
func (s *Sensitivity) nominal(ratifiable bool) uint64 {
	if ratifiable {
		return uint64(s.nominalRat)
	}
	return uint64(s.nominalZone)
}

// Ranking returns the sampled numbers that can move one zone (the
// ratifiable zone, or the agreement zone), most decisive first: by the
// size of their signed point-biserial correlation with that zone being
// non-empty (the statistic a tornado chart of the zone plots), then by
// their one-at-a-time swing of its size. Numbers that cannot move the zone
// are left out: those the zone does not read at all (Sensitivity.Reads)
// and, when swings were computed, those whose swing is zero (the zone has
// its nominal size at both ends of their range). With structural set only
// structural numbers are kept, otherwise only parametric ones.
func (r *Result) Ranking(ratifiable, structural bool) []Sensitivity {
	var out []Sensitivity
	for _, sv := range r.Sensitivity {
		if sv.Structural == structural {
			out = append(out, sv)
		}
	}
	return rank(out, ratifiable, true)
}

// abs is |x|, with NaN counting as -1 (below every correlation).
func abs(x float64) float64 {
	if math.IsNaN(x) {
		return -1
	}
	return math.Abs(x)
}

// Map is the share of draws with a non-empty zone over a grid of two
// sampled numbers: the draws are binned by the values drawn for both, and
// each cell holds the share of its draws in which the zone exists. It is
// estimated from the same draws, every other number varying as drawn.
type Map struct {
	// X and Y are the numbers' indices in Result.Params.
	X, Y int
	// Ratifiable says the zone is the ratifiable zone.
	Ratifiable bool
	// XEdges and YEdges are the bins' edges (bins+1 each, over the
	// numbers' ranges).
	XEdges, YEdges []float64
	// Share[i][k] is the share for X in bin i and Y in bin k (NaN without
	// draws); Count[i][k] the number of draws in the cell.
	Share [][]float64
	Count [][]int
}

// Map bins the draws over numbers x and y (indices into Params) into
// bins × bins cells.
func (r *Result) Map(x, y, bins int, ratifiable bool) *Map {
	if bins < 1 || x < 0 || y < 0 || x >= len(r.Params) || y >= len(r.Params) {
		return nil
	}
	m := &Map{X: x, Y: y, Ratifiable: ratifiable}
	edges := func(j int) []float64 {
		lo, hi := scanRange(&r.Params[j])
		e := make([]float64, bins+1)
		for b := range e {
			e[b] = lo + (hi-lo)*float64(b)/float64(bins)
		}
		e[bins] = hi
		return e
	}
	m.XEdges, m.YEdges = edges(x), edges(y)
	bin := func(e []float64, v float64) int {
		w := e[len(e)-1] - e[0]
		if !(w > 0) {
			return 0
		}
		return max(0, min(bins-1, int((v-e[0])/w*float64(bins))))
	}
	hits := make([][]int, bins)
	m.Count = make([][]int, bins)
	m.Share = make([][]float64, bins)
	for i := range bins {
		hits[i], m.Count[i], m.Share[i] = make([]int, bins), make([]int, bins), make([]float64, bins)
	}
	sizes := r.ZoneSize
	if ratifiable {
		sizes = r.RatifiableSize
	}
	for d, row := range r.Draws {
		i, k := bin(m.XEdges, row[x]), bin(m.YEdges, row[y])
		m.Count[i][k]++
		if sizes[d] > 0 {
			hits[i][k]++
		}
	}
	for i := range bins {
		for k := range bins {
			m.Share[i][k] = math.NaN()
			if m.Count[i][k] > 0 {
				m.Share[i][k] = float64(hits[i][k]) / float64(m.Count[i][k])
			}
		}
	}
	return m
}
