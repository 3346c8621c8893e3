package analysis

// kdTree answers, for more than three parties, the one question the sweep
// and the classification ask: is there a point e with e >= low in every
// coordinate and e_j > high_j in some coordinate j? (With high = low:
// is there a point above low other than low itself; with high = low plus
// a margin: does a point dominate low with that margin.)
//
// It is a static k-d tree (Bentley 1975): the points are split at the
// median of the coordinate with the widest spread, down to leaves of
// kdLeaf points, and every node keeps the corners of its bounding box. A
// subtree is skipped when its upper corner is below low somewhere or
// within high everywhere, and accepted whole when its lower corner is at
// least low everywhere and beyond high somewhere.
type kdTree struct {
	k   int
	n   int
	pts []float64 // the points in leaf order
	ids []int     // their positions in the points given to buildKD
	box []float64 // box[node*2k:]: lower corner, then upper corner
}

const kdLeaf = 8

// buildKD builds the tree of the n points in pts (k coordinates each).
func buildKD(k int, pts []float64) *kdTree {
	n := len(pts) / k
	t := &kdTree{k: k, n: n}
	if n == 0 {
		return t
	}
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	nodes := 1
	for size := n; size > kdLeaf; size = (size + 1) / 2 {
		nodes = 2*nodes + 1
	}
	t.box = make([]float64, nodes*2*k)
	t.build(pts, ord, 0, 0, n)
	t.pts = make([]float64, 0, n*k)
	for _, i := range ord {
		t.pts = append(t.pts, pts[i*k:(i+1)*k]...)
	}
	t.ids = ord
	return t
}

func (t *kdTree) build(pts []float64, ord []int, node, lo, hi int) {
	k := t.k
	box := t.box[node*2*k : (node+1)*2*k]
	low, up := box[:k], box[k:]
	copy(low, pts[ord[lo]*k:(ord[lo]+1)*k])
	copy(up, low)
	for _, i := range ord[lo+1 : hi] {
		for p, x := range pts[i*k : (i+1)*k] {
			low[p] = min(low[p], x)
			up[p] = max(up[p], x)
		}
	}
	if hi-lo <= kdLeaf {
		return
	}
	dim := 0
	for p := 1; p < k; p++ {
		if up[p]-low[p] > up[dim]-low[dim] {
			dim = p
		}
	}
	mid := (lo + hi + 1) / 2
	selectNth(ord[lo:hi], mid-lo, func(i int) float64 { return pts[i*k+dim] })
	t.build(pts, ord, 2*node+1, lo, mid)
	t.build(pts, ord, 2*node+2, mid, hi)
}

// exists reports whether some point e has e >= low everywhere and
// e_j > high_j for some j.
func (t *kdTree) exists(low, high []float64) bool { return t.find(low, high) >= 0 }

// find returns the position (in the points given to buildKD) of a point
// e with e >= low everywhere and e_j > high_j for some j, or -1.
func (t *kdTree) find(low, high []float64) int {
	if t.n == 0 {
		return -1
	}
	return t.search(0, 0, t.n, low, high)
}

func (t *kdTree) search(node, lo, hi int, low, high []float64) int {
	k := t.k
	box := t.box[node*2*k : (node+1)*2*k]
	down, up := box[:k], box[k:]
	beyond := false
	for p := 0; p < k; p++ {
		if up[p] < low[p] {
			return -1
		}
		if up[p] > high[p] {
			beyond = true
		}
	}
	if !beyond {
		return -1
	}
	all, some := true, false
	for p := 0; p < k; p++ {
		if down[p] < low[p] {
			all = false
			break
		}
		if down[p] > high[p] {
			some = true
		}
	}
	if all && some {
		return t.ids[lo]
	}
	if hi-lo <= kdLeaf {
		for i := lo; i < hi; i++ {
			if aboveBeyond(t.pts[i*k:(i+1)*k], low, high) {
				return t.ids[i]
			}
		}
		return -1
	}
	mid := (lo + hi + 1) / 2
	if i := t.search(2*node+1, lo, mid, low, high); i >= 0 {
		return i
	}
	return t.search(2*node+2, mid, hi, low, high)
}

// aboveBeyond reports whether e >= low everywhere and e_j > high_j for
// some j.
func aboveBeyond(e, low, high []float64) bool {
	beyond := false
	for p := range e {
		if e[p] < low[p] {
			return false
		}
		if e[p] > high[p] {
			beyond = true
		}
	}
	return beyond
}

// kdForest is a k-d tree that grows: trees of 2^i points at most, merged
// and rebuilt when they fill (the logarithmic method of Bentley and Saxe
// 1980), so that n insertions cost O(n log^2 n) and a query asks
// O(log n) trees. Points waiting for a tree sit in a short list.
type kdForest struct {
	k     int
	trees []*kdTree // trees[i] holds 2^i*kdLeaf points, or is nil
	small []float64 // up to kdLeaf points not yet in a tree
}

func (f *kdForest) insert(v []float64) {
	f.small = append(f.small, v...)
	if len(f.small) < kdLeaf*f.k {
		return
	}
	pts := f.small
	f.small = nil
	i := 0
	for ; i < len(f.trees) && f.trees[i] != nil; i++ {
		pts = append(pts, f.trees[i].pts...)
		f.trees[i] = nil
	}
	if i == len(f.trees) {
		f.trees = append(f.trees, nil)
	}
	f.trees[i] = buildKD(f.k, pts)
}

func (f *kdForest) exists(low, high []float64) bool {
	for i := 0; i+f.k <= len(f.small); i += f.k {
		if aboveBeyond(f.small[i:i+f.k], low, high) {
			return true
		}
	}
	for _, t := range f.trees {
		if t != nil && t.exists(low, high) {
			return true
		}
	}
	return false
}

// selectNth reorders ord so that the element at n has the key it would
// have in sorted order, those before it keys at most its key and those
// after at least (Hoare's selection, with the middle element as pivot).
func selectNth(ord []int, n int, key func(int) float64) {
	lo, hi := 0, len(ord)-1
	for lo < hi {
		pivot := key(ord[(lo+hi)/2])
		i, j := lo, hi
		for i <= j {
			for key(ord[i]) < pivot {
				i++
			}
			for key(ord[j]) > pivot {
				j--
			}
			if i <= j {
				ord[i], ord[j] = ord[j], ord[i]
				i++
				j--
			}
		}
		switch {
		case n <= j:
			hi = j
		case n >= i:
			lo = i
		default:
			return
		}
	}
}
