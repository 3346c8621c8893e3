package analysis

import (
	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// blockLen is the number of packages whose utilities a walker computes at
// a time: small enough for the first-level cache (4 parties: 32 KB),
// large enough that the passes spend their time in tight loops.
const blockLen = 1024

// walker computes the utility vectors of consecutive packages, block by
// block, in enumeration order. For additive profiles it keeps per-issue
// tables (weights folded in) and partial sums per depth: the last issue
// varies fastest, so a package costs one addition and one Finish per
// party, in the order utility.Func.Total sums (the same bits). Other
// profiles are evaluated package by package. Nothing is allocated per
// package. A walker is used by one goroutine.
type walker struct {
	sp     *space.Space
	funcs  []*utility.Func
	n, k   int
	radix  []uint64
	tabs   [][]float64 // tabled: tabs[i][d*k+p], the contribution of digit d of issue i for party p
	scale  []float64
	capped []bool
	// tabled: every issue is small enough for tables, so the additive
	// part is summed from partial sums; additive: moreover no party has
	// interaction terms (inter marks those that do: they are added per
	// package, after the additive sum, as utility.Func.Total does).
	tabled, additive bool
	inter            []bool
	// steady marks the parties with interaction terms none of which
	// conditions the last issue: the terms that apply are the same for a
	// whole run of the last issue's values, found once per run (applied).
	steady  []bool
	applied [][]float64
	cur     cursor
	partial []float64 // partial[d*k+p]: party p's sum over issues < d
}

// cursor walks the digits and values of packages in enumeration order.
type cursor struct {
	sp     *space.Space
	radix  []uint64
	vals   [][]float64 // vals[i][d]: the value of digit d (nil: ask the space)
	digits []uint64
	out    entente.Outcome
}

// maxValues is the largest issue whose values a cursor tabulates, and
// maxTable the largest a walker tabulates per party.
const (
	maxValues = 1 << 20
	maxTable  = 1 << 20
)

func newCursor(sp *space.Space) cursor {
	n := len(sp.Issues())
	c := cursor{sp: sp, radix: make([]uint64, n), vals: make([][]float64, n), digits: make([]uint64, n), out: make(entente.Outcome, n)}
	for i := 0; i < n; i++ {
		c.radix[i] = sp.Radix(i)
		if c.radix[i] <= maxValues {
			c.vals[i] = make([]float64, c.radix[i])
			for d := range c.vals[i] {
				c.vals[i][d] = sp.Value(i, uint64(d))
			}
		}
	}
	return c
}

func (c *cursor) value(i int, d uint64) float64 {
	if v := c.vals[i]; v != nil {
		return v[d]
	}
	return c.sp.Value(i, d)
}

// seek positions the cursor at package idx.
func (c *cursor) seek(idx uint64) {
	for i := len(c.radix) - 1; i >= 0; i-- {
		c.digits[i] = idx % c.radix[i]
		idx /= c.radix[i]
		c.out[i] = c.value(i, c.digits[i])
	}
}

// next moves to the following package and returns the first issue whose
// digit changed (0 after the last package, which wraps around).
func (c *cursor) next() int {
	i := len(c.radix) - 1
	for ; i >= 0; i-- {
		c.digits[i]++
		if c.digits[i] < c.radix[i] {
			c.out[i] = c.value(i, c.digits[i])
			return i
		}
		c.digits[i] = 0
		c.out[i] = c.value(i, 0)
	}
	return 0
}

func newWalker(sp *space.Space, funcs []*utility.Func) *walker {
	n := len(sp.Issues())
	k := len(funcs)
	w := &walker{sp: sp, funcs: funcs, n: n, k: k, radix: make([]uint64, n), tabled: true,
		scale: make([]float64, k), capped: make([]bool, k), inter: make([]bool, k), cur: newCursor(sp), partial: make([]float64, (n+1)*k)}
	linear := true
	w.steady, w.applied = make([]bool, k), make([][]float64, k)
	for p, f := range funcs {
		w.scale[p], w.capped[p] = f.Scale()
		w.inter[p] = !f.Linear()
		w.steady[p] = w.inter[p] && n > 0 && !f.TermsOn(n-1)
		linear = linear && f.Linear()
	}
	for i := 0; i < n; i++ {
		w.radix[i] = sp.Radix(i)
		if w.radix[i] > maxTable {
			w.tabled = false // tables would not fit: evaluate directly
		}
	}
	w.additive = w.tabled && linear
	if w.tabled {
		w.tabs = issueTables(sp, funcs)
	}
	return w
}

// issueTables returns, for each issue, each digit's contribution for each
// party (digit-major: tabs[i][d*k+p]).
func issueTables(sp *space.Space, funcs []*utility.Func) [][]float64 {
	n, k := len(sp.Issues()), len(funcs)
	tabs := make([][]float64, n)
	for i := 0; i < n; i++ {
		r := int(sp.Radix(i))
		t := make([]float64, r*k)
		for d := 0; d < r; d++ {
			x := sp.Value(i, uint64(d))
			for p, f := range funcs {
				t[d*k+p] = f.Contribution(i, x)
			}
		}
		tabs[i] = t
	}
	return tabs
}

// finish maps party p's raw total to its utility, as utility.Func.Finish.
func (w *walker) finish(p int, t float64) float64 {
	u := t * w.scale[p]
	if w.capped[p] && u > 1 {
		return 1
	}
	return u
}

// seek positions the walker at package idx.
func (w *walker) seek(idx uint64) {
	w.cur.seek(idx)
	if w.tabled {
		w.refresh(0)
	}
}

// refresh recomputes the partial sums from depth d to the last issue
// (excluded: the fill loop adds it).
func (w *walker) refresh(d int) {
	k := w.k
	for i := d; i < w.n-1; i++ {
		base, next := w.partial[i*k:(i+1)*k], w.partial[(i+1)*k:(i+2)*k]
		row := w.tabs[i][int(w.cur.digits[i])*k:]
		for p := 0; p < k; p++ {
			next[p] = base[p] + row[p]
		}
	}
}

// fill writes the utilities of the next cnt packages (from the current
// position, which it advances) into u[j*k+p].
func (w *walker) fill(u []float64, cnt int) {
	k := w.k
	if !w.tabled || w.n == 0 {
		for j := 0; j < cnt; j++ {
			for p, f := range w.funcs {
				u[j*k+p] = f.Utility(w.cur.out)
			}
			w.cur.next()
		}
		return
	}
	last := w.n - 1
	r := w.radix[last]
	t := w.tabs[last]
	base := w.partial[last*k : (last+1)*k]
	for j := 0; j < cnt; {
		d := w.cur.digits[last]
		m := min(r-d, uint64(cnt-j))
		out := u[j*k : (j+int(m))*k]
		row := t[int(d)*k : int(d+m)*k]
		if !w.additive {
			// Interaction terms: added per package, after the sum, in
			// order (AddTerms); a steady party's are found once per run.
			for p, f := range w.funcs {
				if w.steady[p] {
					w.applied[p] = f.AppendTerms(w.applied[p][:0], w.cur.out)
				}
			}
			for x := uint64(0); x < m; x++ {
				w.cur.out[last] = w.cur.value(last, d+x)
				for p, f := range w.funcs {
					s := base[p] + row[int(x)*k+p]
					switch {
					case w.steady[p]:
						for _, v := range w.applied[p] {
							s += v
						}
					case w.inter[p]:
						s = f.AddTerms(s, w.cur.out)
					}
					out[int(x)*k+p] = w.finish(p, s)
				}
			}
		} else {
			w.fillAdditive(out, row, base)
		}
		j += int(m)
		if d+m < r {
			w.cur.digits[last] = d + m
			w.cur.out[last] = w.cur.value(last, d+m)
			continue
		}
		// Carry into the issues before the last.
		w.cur.digits[last] = r - 1
		if i := w.cur.next(); i < last {
			w.refresh(i)
		}
	}
}

// fillAdditive writes the utilities of the packages whose last issue's
// contributions are row, the sums of the other issues being base.
func (w *walker) fillAdditive(out, row, base []float64) {
	k := w.k
	switch k {
	case 2:
		b0, b1 := base[0], base[1]
		s0, s1, c0, c1 := w.scale[0], w.scale[1], w.capped[0], w.capped[1]
		for x := 0; x+1 < len(row); x += 2 {
			v0, v1 := (b0+row[x])*s0, (b1+row[x+1])*s1
			if c0 && v0 > 1 {
				v0 = 1
			}
			if c1 && v1 > 1 {
				v1 = 1
			}
			out[x], out[x+1] = v0, v1
		}
	case 3:
		b0, b1, b2 := base[0], base[1], base[2]
		for x := 0; x+2 < len(row); x += 3 {
			out[x] = w.finish(0, b0+row[x])
			out[x+1] = w.finish(1, b1+row[x+1])
			out[x+2] = w.finish(2, b2+row[x+2])
		}
	default:
		for x := 0; x < len(row); x += k {
			for p := 0; p < k; p++ {
				out[x+p] = w.finish(p, base[p]+row[x+p])
			}
		}
	}
}

// clone returns a cursor of its own over the same tables.
func (c cursor) clone() cursor {
	n := len(c.radix)
	c.digits = make([]uint64, n)
	c.out = make(entente.Outcome, n)
	return c
}

// clone returns a walker of its own over the same tables.
func (w *walker) clone() *walker {
	c := *w
	c.cur = w.cur.clone()
	c.partial = make([]float64, len(w.partial))
	c.applied = make([][]float64, len(w.applied))
	return &c
}
