package analysis

import "math"

// Cloud is a thinned picture of every outcome projected onto two parties'
// utilities: the cells of a Cells x Cells grid over [0,1]^2 that some
// outcome falls into, split by whether that outcome is in the agreement
// zone. Memory stays fixed however large the space.
type Cloud struct {
	// X and Y are positions in Result.Parties.
	X, Y int
	// Cells is the grid size per axis.
	Cells int
	// Zone and Other mark occupied cells (row-major, Y*Cells+X) by
	// outcomes in and outside the zone.
	Zone, Other []bool
}

// Points returns the centres of the occupied cells, in the zone and
// outside it, as (x, y) utilities.
func (c *Cloud) Points() (zone, other [][2]float64) {
	conv := func(marks []bool) [][2]float64 {
		var out [][2]float64
		for i, m := range marks {
			if m {
				x, y := i%c.Cells, i/c.Cells
				out = append(out, [2]float64{(float64(x) + 0.5) / float64(c.Cells), (float64(y) + 0.5) / float64(c.Cells)})
			}
		}
		return out
	}
	return conv(c.Zone), conv(c.Other)
}

func newClouds(pairs [][2]int, cells int) []*Cloud {
	cs := make([]*Cloud, len(pairs))
	for i, p := range pairs {
		cs[i] = &Cloud{X: p[0], Y: p[1], Cells: cells, Zone: make([]bool, cells*cells), Other: make([]bool, cells*cells)}
	}
	return cs
}

func (c *Cloud) cell(v float64) int {
	i := int(v * float64(c.Cells))
	if i < 0 || math.IsNaN(v) {
		return 0
	}
	if i >= c.Cells {
		return c.Cells - 1
	}
	return i
}

func (c *Cloud) add(u []float64, zone bool) {
	i := c.cell(u[c.Y])*c.Cells + c.cell(u[c.X])
	if zone {
		c.Zone[i] = true
	} else {
		c.Other[i] = true
	}
}

func (c *Cloud) merge(o *Cloud) {
	for i := range c.Zone {
		c.Zone[i] = c.Zone[i] || o.Zone[i]
		c.Other[i] = c.Other[i] || o.Other[i]
	}
}

// Distance returns the Euclidean distance in utility space from the
// utility vector u (one entry per analysed party) to the nearest frontier
// vector, and to the Nash solution (NaN when the zone is empty).
func (r *Result) Distance(u []float64) (frontier, nash float64) {
	frontier = r.FrontierDistance(u, nil)
	nash = math.NaN()
	if r.Nash != nil {
		nash = euclid(u, r.Nash.Utilities)
	}
	return frontier, nash
}

// FrontierDistance returns the Euclidean distance from u to the nearest
// frontier vector with each party's utility multiplied by scale (nil: no
// scaling), e.g. discount factors at the end of a negotiation.
func (r *Result) FrontierDistance(u, scale []float64) float64 {
	best := math.Inf(1)
	f := r.Frontier
	for i := 0; i < f.Len(); i++ {
		var d float64
		for p, x := range f.Utilities(i) {
			if scale != nil {
				x *= scale[p]
			}
			e := x - u[p]
			d += e * e
		}
		best = min(best, d)
	}
	return math.Sqrt(best)
}

// Euclid returns the Euclidean distance between two utility vectors.
func Euclid(a, b []float64) float64 { return euclid(a, b) }

func euclid(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}
