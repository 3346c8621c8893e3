package smp

import (
	"math"

	"github.com/entente/entente"
)

// vote is KTAB's Model::vote: the vote of an actor with weight w for option
// 1 over option 2, given its utilities u1 and u2 (positive: for 1).
func vote(r VotingRule, w, u1, u2 float64) float64 {
	du := u1 - u2
	switch r {
	case Binary:
		return w * clip1(du/1e-8)
	case PropBin:
		const rbp = 0.2
		return w * ((1-rbp)*du + rbp*clip1(du/1e-8))
	case PropCbc:
		const rpc = 0.5
		return w * ((1-rpc)*du + rpc*du*du*du)
	case Cubic:
		return w * du * du * du
	case ASymProsp:
		if du < 0 {
			return w * du
		}
		if du > 0 {
			return 2 * w * du / 3
		}
		return 0
	}
	return w * du
}

func clip1(x float64) float64 {
	if x > 1 {
		return 1
	}
	if x < -1 {
		return -1
	}
	return x
}

// victory is KTAB's Model::vProb: the probabilities that coalitions of
// strengths s1 and s2 win against each other.
func victory(m VictoryModel, s1, s2 float64) (p1, p2 float64) {
	x1, x2 := s1, s2
	switch m {
	case Square:
		x1, x2 = s1*s1, s2*s2
	case Quartic:
		x1, x2 = s1*s1*s1*s1, s2*s2*s2*s2
	case Octic:
		q1, q2 := s1*s1*s1*s1, s2*s2*s2*s2
		x1, x2 = q1*q1, q2*q2
	case BinaryVictory:
		const thresh, minX = 1.10, 1e-6
		switch {
		case s1 >= thresh*s2:
			x1, x2 = 1, minX
		case s2 >= thresh*s1:
			x1, x2 = minX, 1
		default:
			r12 := s1 / (s1 + s2)
			p12 := (r12*(thresh+1) - 1) / (thresh - 1)
			x1, x2 = p12, 1-p12
		}
	}
	return x1 / (x1 + x2), x2 / (x1 + x2)
}

// elector holds the scratch space of probabilistic Condorcet elections, so
// that repeated elections do not allocate.
type elector struct {
	c, pv, q, ct, cp []float64
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// elect runs a probabilistic Condorcet election (KTAB Model::scalarPCE) among
// m options with nv voters of weights w; u is option-major, u[i*nv+k] the
// utility to voter k of option i. The probabilities go to out[:m].
func (e *elector) elect(p *Params, w, u []float64, m int, out []float64) error {
	nv := len(w)
	e.c = grow(e.c, m*m)
	c := e.c
	const minC = 1e-8
	for i := 0; i < m; i++ {
		ui := u[i*nv : i*nv+nv]
		for j := 0; j < i; j++ {
			uj := u[j*nv : j*nv+nv]
			cij, cji := minC, minC
			if p.VotingRule == Proportional {
				ui, uj := ui[:len(w)], uj[:len(w)]
				for k, wk := range w {
					v := wk * (ui[k] - uj[k])
					cij += max(v, 0) // adding zero changes nothing
					cji -= min(v, 0)
				}
			} else {
				for k, wk := range w {
					v := vote(p.VotingRule, wk, ui[k], uj[k])
					if v > 0 {
						cij += v
					}
					if v < 0 {
						cji -= v
					}
				}
			}
			c[i*m+j], c[j*m+i] = cij, cji
		}
		c[i*m+i] = minC
	}
	return e.fromCoalitions(p, m, out)
}

// fromCoalitions turns the coalition matrix in e.c into PCE probabilities
// (KTAB Model::probCE2).
func (e *elector) fromCoalitions(p *Params, m int, out []float64) error {
	c := e.c
	e.pv = grow(e.pv, m*m)
	pv := e.pv
	for i := 0; i < m; i++ {
		for j := 0; j < i; j++ {
			pv[i*m+j], pv[j*m+i] = victory(p.VictoryModel, c[i*m+j], c[j*m+i])
		}
		pv[i*m+i] = 0.5
	}
	out = out[:m]
	switch p.PCE {
	case MarkovIncentive:
		return e.markovIncentive(m, out)
	case MarkovUniform:
		return e.markovUniform(m, out)
	}
	// Conditional: π_i ∝ Π_j P(i>j), in KTAB's order of multiplication.
	sum := 0.0
	for i := 0; i < m; i++ {
		pi := 1.0
		for _, x := range pv[i*m : i*m+m] {
			pi *= x
		}
		out[i] = pi
		sum += pi
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		// The products underflowed: the same distribution from logarithms.
		mx := math.Inf(-1)
		for i := 0; i < m; i++ {
			l := 0.0
			for _, x := range pv[i*m : i*m+m] {
				l += math.Log(x)
			}
			out[i] = l
			mx = math.Max(mx, l)
		}
		sum = 0
		for i := range out {
			out[i] = math.Exp(out[i] - mx)
			sum += out[i]
		}
	}
	for i := range out {
		out[i] /= sum
	}
	return nil
}

func (e *elector) markovIncentive(m int, out []float64) error {
	c, pv := e.c, e.pv
	e.cp = grow(e.cp, m*m)
	cp := e.cp // cp[i*m+j]: probability that i challenges j
	e.ct = grow(e.ct, m*m)
	ct := e.ct
	for j := 0; j < m; j++ {
		sum := 0.0
		for k := 0; k < m; k++ {
			sum += incentive(c, pv, m, k, j)
		}
		for i := 0; i < m; i++ {
			cp[i*m+j] = incentive(c, pv, m, i, j) / sum
		}
	}
	e.q = grow(e.q, m)
	pr, q := out, e.q
	for i := range pr {
		pr[i] = 1 / float64(m)
	}
	const pTol, iMax = 1e-8, 1000
	for iter := 0; ; iter++ {
		if iter >= iMax {
			return entente.Errorf(entente.EUnsupported, "", 0, 0, "params.PCE", "the MarkovIncentive election did not converge in %d iterations", iMax)
		}
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				ct[i*m+j] = pr[i] * cp[j*m+i]
			}
		}
		change := 0.0
		for i := 0; i < m; i++ {
			qi := 0.0
			for j := 0; j < m; j++ {
				qi += pv[i*m+j] * (ct[i*m+j] + ct[j*m+i])
			}
			q[i] = qi
			change = math.Max(change, math.Abs(qi-pr[i]))
		}
		for i := range pr {
			pr[i] = (pr[i] + q[i]) / 2
		}
		if !(change > pTol) {
			return nil
		}
	}
}

func incentive(c, pv []float64, m, i, j int) float64 {
	x := c[i*m+j] * pv[i*m+j]
	if i == j {
		x += 1e-10
	}
	return x
}

func (e *elector) markovUniform(m int, out []float64) error {
	pv := e.pv
	e.q = grow(e.q, m)
	pr, q := out, e.q
	for i := range pr {
		pr[i] = 1 / float64(m)
	}
	const pTol, iMax = 1e-6, 1000
	for iter := 0; ; iter++ {
		if iter >= iMax {
			return entente.Errorf(entente.EUnsupported, "", 0, 0, "params.PCE", "the MarkovUniform election did not converge in %d iterations", iMax)
		}
		change := 0.0
		for i := 0; i < m; i++ {
			s := 0.0
			for j := 0; j < m; j++ {
				s += pv[i*m+j] * (pr[i] + pr[j])
			}
			q[i] = s / float64(m)
			change = math.Max(change, math.Abs(q[i]-pr[i]))
		}
		for i := range pr {
			pr[i] = (pr[i] + q[i]) / 2
		}
		if !(change > pTol) {
			return nil
		}
	}
}

// utility is KTAB's bsUtil: the utility of a position at salience-weighted
// distance d for an actor with risk attitude r.
func utility(d, r float64) float64 {
	if d <= 1 {
		return (1 - d) * (1 + d*r)
	}
	return (1 - d) * (1 + r)
}

// adjustRisk is KTAB's estNRA: h's estimate of i's risk attitude.
func adjustRisk(a RiskAdjust, rh, ri float64) float64 {
	switch a {
	case NoAdjust:
		return rh
	case Half:
		return (rh + ri) / 2
	case TwoThirds:
		return (rh + 2*ri) / 3
	case Full:
		return ri
	}
	return (2*rh + ri) / 3
}

// riskFromProb is KTAB's bigRfromProb for one probability.
func riskFromProb(rr RiskRange, p, pMin, pMax float64) float64 {
	switch rr {
	case Min:
		return (p - pMin) / (pMax - pMin)
	case Max:
		return (2*p - (pMax + pMin)) / (pMax - pMin)
	}
	return (3*p - (pMax + 2*pMin)) / (2 * (pMax - pMin))
}
