package entente

import "math"

// CompiledCDF is a Param's CDF with what does not depend on x computed
// once: for a normal distribution truncated to its range, the mass below
// and above the range (two evaluations of the normal CDF that Param.CDF
// repeats at every call). At(x) is Param.CDF(x), bit for bit.
type CompiledCDF struct {
	p      Param
	normal bool // a normal distribution with a range of positive mass
	trunc  bool // ... truncated to [lo, hi]
	lo, hi float64
	fa, fb float64
}

// CompileCDF compiles the number's CDF (see CompiledCDF).
func (p *Param) CompileCDF() CompiledCDF {
	c := CompiledCDF{p: *p}
	if p.Dist != DistNormal {
		return c
	}
	lo, hi := p.bounds()
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		c.normal = true
		return c
	}
	fa, fb := phi((lo-p.Value)/p.SD), phi((hi-p.Value)/p.SD)
	if !(fb > fa) {
		return c // a step: Param.CDF
	}
	c.normal, c.trunc = true, true
	c.lo, c.hi, c.fa, c.fb = lo, hi, fa, fb
	return c
}

// At returns P(X <= x), as Param.CDF does.
func (c *CompiledCDF) At(x float64) float64 {
	switch {
	case !c.normal:
		return c.p.CDF(x)
	case !c.trunc:
		return phi((x - c.p.Value) / c.p.SD)
	}
	x = math.Max(c.lo, math.Min(c.hi, x))
	return clamp01((phi((x-c.p.Value)/c.p.SD) - c.fa) / (c.fb - c.fa))
}
