package robust

import (
	"github.com/entente/entente"
)

// mutator sets drawn values into a worker's copy of a scenario and
// renormalises what must be (see the package documentation).
type mutator struct {
	s      *entente.Scenario // nominal, read only
	params []entente.Param
	prof   []int // per param: index into profs of the profile to renormalise, or -1
	profs  []entente.ProfileRef
	cons   []int // per param: constituency whose shares to renormalise, or -1
	conss  []int
}

func newMutator(s *entente.Scenario, params []entente.Param) *mutator {
	m := &mutator{s: s, params: params, prof: make([]int, len(params)), cons: make([]int, len(params))}
	for j := range params {
		m.prof[j], m.cons[j] = -1, -1
		ref := params[j].Ref
		switch ref.Kind {
		case entente.RefWeight:
			if statedSum(s.Profile(ref.Profile)) == 0 {
				continue
			}
			m.prof[j] = len(m.profs)
			for q, pr := range m.profs {
				if pr == ref.Profile {
					m.prof[j] = q
				}
			}
			if m.prof[j] == len(m.profs) {
				m.profs = append(m.profs, ref.Profile)
			}
		case entente.RefShare:
			c := ref.Profile.Index
			m.cons[j] = c
			found := false
			for _, x := range m.conss {
				found = found || x == c
			}
			if !found {
				m.conss = append(m.conss, c)
			}
		}
	}
	return m
}

// statedSum returns the sum a profile's drawn weights are rescaled to: the
// sum of its nominal weights, or 0 (no rescaling) when the profile says
// its weights are free or they sum to 0.
func statedSum(p *entente.Preferences) float64 {
	if p == nil || p.FreeWeights {
		return 0
	}
	sum := 0.0
	for _, w := range p.Weights {
		sum += w
	}
	if !(sum > 0) {
		return 0
	}
	return sum
}

// restoreProfile copies the nominal weights of profile q into c.
func (m *mutator) restoreProfile(c *entente.Scenario, q int) {
	copy(c.Profile(m.profs[q]).Weights, m.s.Profile(m.profs[q]).Weights)
}

// restoreShares copies the nominal voter shares of constituency ci into c.
func (m *mutator) restoreShares(c *entente.Scenario, ci int) {
	for g := range c.Constituencies[ci].Voters {
		c.Constituencies[ci].Voters[g].Share = m.s.Constituencies[ci].Voters[g].Share
	}
}

// applyAll sets every sampled number of c to vals (by param index) and
// renormalises.
func (m *mutator) applyAll(c *entente.Scenario, vals []float64) {
	for q := range m.profs {
		m.restoreProfile(c, q)
	}
	for _, ci := range m.conss {
		m.restoreShares(c, ci)
	}
	for j := range m.params {
		c.Set(m.params[j].Ref, vals[j])
	}
	for _, pr := range m.profs {
		c.Profile(pr).ScaleWeights(statedSum(m.s.Profile(pr)))
	}
	for _, ci := range m.conss {
		c.Constituencies[ci].NormalizeShares()
	}
}

// applyOne sets number j of c (a fresh copy of the nominal scenario, or
// one only ever changed by applyOne for the same j) to v and renormalises
// what it belongs to.
func (m *mutator) applyOne(c *entente.Scenario, j int, v float64) {
	q, ci := m.prof[j], m.cons[j]
	if q >= 0 {
		m.restoreProfile(c, q)
	}
	if ci >= 0 {
		m.restoreShares(c, ci)
	}
	c.Set(m.params[j].Ref, v)
	if q >= 0 {
		c.Profile(m.profs[q]).ScaleWeights(statedSum(m.s.Profile(m.profs[q])))
	}
	if ci >= 0 {
		c.Constituencies[ci].NormalizeShares()
	}
}
