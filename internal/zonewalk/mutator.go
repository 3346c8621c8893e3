package zonewalk

import (
	"github.com/entente/entente"
)

// Mutator sets numbers into a copy of a scenario the way analyses that
// vary them do, and renormalises what must be: a profile with a set weight
// is rescaled to the sum its weights are written with
// (entente.Preferences.ScaleWeights), interaction terms or not, unless its
// weights are free (entente.Preferences.FreeWeights) or sum to 0; a
// constituency with a set voter share is renormalised
// (entente.Constituency.NormalizeShares). The values set are the numbers
// before that renormalisation.
type Mutator struct {
	s     *entente.Scenario // nominal, read only
	refs  []entente.Ref
	prof  []int // per number: index into profs of the profile to renormalise, or -1
	profs []entente.ProfileRef
	cons  []int // per number: constituency whose shares to renormalise, or -1
	conss []int
}

// NewMutator returns a mutator that sets the numbers refs locate in copies
// of the nominal scenario s (which it reads, never changes).
func NewMutator(s *entente.Scenario, refs []entente.Ref) *Mutator {
	m := &Mutator{s: s, refs: refs, prof: make([]int, len(refs)), cons: make([]int, len(refs))}
	for j, ref := range refs {
		m.prof[j], m.cons[j] = -1, -1
		switch ref.Kind {
		case entente.RefWeight:
			if StatedSum(s.Profile(ref.Profile)) == 0 {
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

// StatedSum returns the sum a profile's set weights are rescaled to: the
// sum of its nominal weights, or 0 (no rescaling) when the profile says
// its weights are free or they sum to 0.
func StatedSum(p *entente.Preferences) float64 {
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
func (m *Mutator) restoreProfile(c *entente.Scenario, q int) {
	copy(c.Profile(m.profs[q]).Weights, m.s.Profile(m.profs[q]).Weights)
}

// restoreShares copies the nominal voter shares of constituency ci into c.
func (m *Mutator) restoreShares(c *entente.Scenario, ci int) {
	for g := range c.Constituencies[ci].Voters {
		c.Constituencies[ci].Voters[g].Share = m.s.Constituencies[ci].Voters[g].Share
	}
}

// ApplyAll sets every number of c (a copy of the nominal scenario) that
// the mutator's refs locate to vals (one per ref, in order) and
// renormalises: the weights of a profile with a set weight and the shares
// of a constituency with a set share are first restored to their nominal
// values, so the result does not depend on what c held before. Numbers
// that no ref locates are left as they are.
func (m *Mutator) ApplyAll(c *entente.Scenario, vals []float64) {
	for q := range m.profs {
		m.restoreProfile(c, q)
	}
	for _, ci := range m.conss {
		m.restoreShares(c, ci)
	}
	c.SetAll(m.refs, vals)
	for _, pr := range m.profs {
		c.Profile(pr).ScaleWeights(StatedSum(m.s.Profile(pr)))
	}
	for _, ci := range m.conss {
		c.Constituencies[ci].NormalizeShares()
	}
}

// ApplyOne sets number j of c (a fresh copy of the nominal scenario, or
// one only ever changed by ApplyOne for the same j) to v and renormalises
// what it belongs to.
func (m *Mutator) ApplyOne(c *entente.Scenario, j int, v float64) {
	q, ci := m.prof[j], m.cons[j]
	if q >= 0 {
		m.restoreProfile(c, q)
	}
	if ci >= 0 {
		m.restoreShares(c, ci)
	}
	c.Set(m.refs[j], v)
	if q >= 0 {
		c.Profile(m.profs[q]).ScaleWeights(StatedSum(m.s.Profile(m.profs[q])))
	}
	if ci >= 0 {
		c.Constituencies[ci].NormalizeShares()
	}
}
