package negotiator

import (
	"math"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
)

// denseLimit is the largest number of values of an issue whose frequency
// counts are kept in a slice; larger issues use a map.
const denseLimit = 1 << 16

// learnRate is HardHeaded's learning rate l.
const learnRate = 0.2

// FrequencyModel is the HardHeaded frequency model of one opponent (van
// Krimpen, Looije & Hajizadeh 2013; GENIUS HardHeadedFrequencyModel),
// exactly as protocols.md §4 states it, with l = 0.2 and γ = l/n for n
// issues:
//
//   - start: w_i = 1/n and a count c_i(v) = 1 for every value;
//   - for each bid b_k with k >= 2: with U the issues whose value did not
//     change since b_{k−1} and m = |U|, S = 1 + γm and w_max = 1 − l/S;
//     w_i := (w_i + γ)/S when i is in U and w_i < w_max, w_i := w_i/S
//     otherwise; then c_i(b_k[i]) += 1 for every issue;
//   - predict Û(x) = min(1, Σ_i w_i · c_i(x_i) / max_v c_i(v)).
//
// The first bid is not counted unless CountFirst is set. Values are
// identified by their index in the space (nearest grid point for a real
// issue).
type FrequencyModel struct {
	// CountFirst also counts the first bid's values (protocols.md §6.12).
	CountFirst bool

	sp     *space.Space
	w      []float64
	dense  [][]float64          // counts by value index, when small enough
	sparse []map[uint64]float64 // extra counts (over 1) of large issues
	maxc   []float64
	prev   []uint64
	cur    []uint64
	bids   int
}

// NewFrequencyModel returns a fresh model over the space's issues.
func NewFrequencyModel(sp *space.Space) *FrequencyModel {
	n := len(sp.Issues())
	m := &FrequencyModel{
		sp: sp, w: make([]float64, n), dense: make([][]float64, n), sparse: make([]map[uint64]float64, n),
		maxc: make([]float64, n), prev: make([]uint64, n), cur: make([]uint64, n),
	}
	for i := range n {
		m.w[i] = 1 / float64(n)
		m.maxc[i] = 1
		if r := sp.Radix(i); r <= denseLimit {
			m.dense[i] = make([]float64, max(r, 1))
			for k := range m.dense[i] {
				m.dense[i][k] = 1
			}
		} else {
			m.sparse[i] = make(map[uint64]float64)
		}
	}
	return m
}

// Weights returns the current issue weights (the model's own slice).
func (m *FrequencyModel) Weights() []float64 { return m.w }

// Count returns c_i(v) for the value x of issue i.
func (m *FrequencyModel) Count(i int, x float64) float64 {
	return m.count(i, valueIndex(m.sp, i, x))
}

func (m *FrequencyModel) count(i int, k uint64) float64 {
	if d := m.dense[i]; d != nil {
		return d[k]
	}
	return 1 + m.sparse[i][k]
}

func (m *FrequencyModel) bump(i int, k uint64) {
	var c float64
	if d := m.dense[i]; d != nil {
		d[k]++
		c = d[k]
	} else {
		m.sparse[i][k]++
		c = 1 + m.sparse[i][k]
	}
	m.maxc[i] = math.Max(m.maxc[i], c)
}

// Bids returns the number of bids observed.
func (m *FrequencyModel) Bids() int { return m.bids }

// Update learns from the opponent's next bid.
func (m *FrequencyModel) Update(bid entente.Outcome) {
	for i := range m.cur {
		m.cur[i] = valueIndex(m.sp, i, bid[i])
	}
	m.bids++
	if m.bids == 1 {
		if m.CountFirst {
			for i, k := range m.cur {
				m.bump(i, k)
			}
		}
		m.prev, m.cur = m.cur, m.prev
		return
	}
	n := len(m.w)
	gamma := learnRate / float64(n)
	same := 0
	for i := range m.cur {
		if m.cur[i] == m.prev[i] {
			same++
		}
	}
	s := 1 + gamma*float64(same)
	wmax := 1 - learnRate/s
	for i := range m.w {
		if m.cur[i] == m.prev[i] && m.w[i] < wmax {
			m.w[i] = (m.w[i] + gamma) / s
		} else {
			m.w[i] /= s
		}
	}
	for i, k := range m.cur {
		m.bump(i, k)
	}
	m.prev, m.cur = m.cur, m.prev
}

// Predict returns the estimated utility Û(x) of outcome x.
func (m *FrequencyModel) Predict(x entente.Outcome) float64 {
	t := 0.0
	for i := range m.w {
		t += m.w[i] * m.count(i, valueIndex(m.sp, i, x[i])) / m.maxc[i]
	}
	return math.Min(1, t)
}

// predictIdx is Predict for an outcome given by value indices.
func (m *FrequencyModel) predictIdx(k []uint64) float64 {
	t := 0.0
	for i := range m.w {
		t += m.w[i] * m.count(i, k[i]) / m.maxc[i]
	}
	return math.Min(1, t)
}

// maxCandidates caps the bids of a window that the frequency strategy
// rates; a larger window is subsampled evenly.
const maxCandidates = 1000

// frequency is the opponent-modelling strategy.
type frequency struct {
	timeDep
	countFirst bool
	sum        bool // aggregate the models by sum, not min
	models     []*FrequencyModel
	digits     []uint64
	cand       entente.Outcome
}

func (f *frequency) Start(v *protocol.View) error {
	if err := f.timeDep.Start(v); err != nil {
		return err
	}
	f.models = make([]*FrequencyModel, len(v.Parties))
	for j := range f.models {
		if j != v.Self {
			f.models[j] = NewFrequencyModel(v.Space)
			f.models[j].CountFirst = f.countFirst
		}
	}
	f.digits = make([]uint64, len(f.buf))
	f.cand = make(entente.Outcome, len(f.buf))
	return nil
}

func (f *frequency) Observe(e *protocol.Event) {
	if f.otherOffer(e) && e.Party < len(f.models) {
		f.models[e.Party].Update(e.Outcome)
	}
}

// score aggregates the models' estimates of a bid (by value indices, or by
// outcome when k is nil).
func (f *frequency) score(k []uint64, o entente.Outcome) float64 {
	agg := math.Inf(1)
	if f.sum {
		agg = 0
	}
	for _, m := range f.models {
		if m == nil {
			continue
		}
		var p float64
		if k != nil {
			p = m.predictIdx(k)
		} else {
			p = m.Predict(o)
		}
		if f.sum {
			agg += p
		} else {
			agg = math.Min(agg, p)
		}
	}
	return agg
}

func (f *frequency) Act(s *protocol.State) protocol.Action {
	return f.respond(s, f.choose(f.target(s.Time)))
}

// choose writes into f.buf the bid to offer for a target and returns its
// utility (see the package doc).
func (f *frequency) choose(target float64) float64 {
	b := f.bids
	if !b.exact {
		return f.chooseApprox(target)
	}
	lo, hi := target, target+0.01
	from, to := b.Range(lo, hi)
	for to-from < 100 && hi < 1.01 {
		hi += 0.01
		from, to = b.Range(lo, hi)
	}
	if from == to {
		return f.find.Nearest(target, f.pmin, f.buf)
	}
	step := 1
	if to-from > maxCandidates {
		step = (to - from + maxCandidates - 1) / maxCandidates
	}
	best, bestS := from, math.Inf(-1)
	for k := from; k < to; k += step {
		f.decode(b.Index(k))
		if sc := f.score(f.digits, nil); sc > bestS {
			best, bestS = k, sc
		}
	}
	b.Outcome(best, f.buf)
	return b.util[best]
}

// decode writes the value indices of outcome idx into f.digits.
func (f *frequency) decode(idx uint64) {
	sp := f.bids.sp
	for i := len(f.digits) - 1; i >= 0; i-- {
		r := sp.Radix(i)
		f.digits[i] = idx % r
		idx /= r
	}
}

// approxCandidates is the number of bids the frequency strategy rates in
// approximate mode.
const approxCandidates = 8

// chooseApprox rates approxCandidates bids found by the approximate search
// for random targets in [target, target+0.01], worth at least Pmin: the
// Finder's nearest, then greedy searches from random starts.
func (f *frequency) chooseApprox(target float64) float64 {
	bestS, bestU := math.Inf(-1), math.NaN()
	for c := range approxCandidates {
		t := target + 0.01*f.rng.Float64()
		var u float64
		if c == 0 {
			u = f.find.Nearest(t, f.pmin, f.cand)
		} else {
			u = f.find.sample(t, f.pmin, f.cand)
		}
		if math.IsNaN(u) {
			continue // no allowed bid found
		}
		if c > 0 && (u < target || u > target+0.01) {
			continue // off the window (the nearest bid is always rated)
		}
		if sc := f.score(nil, f.cand); sc > bestS || math.IsNaN(bestU) {
			bestS, bestU = sc, u
			copy(f.buf, f.cand)
		}
	}
	return bestU
}

func (f *frequency) Vote(s *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	return f.ballot(f.target(s.Time), proposal, text)
}
