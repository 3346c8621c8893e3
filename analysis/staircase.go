package analysis

import (
	"math"
	"sort"
)

// staircase is a balanced two-dimensional staircase: the maximal points
// (y, z) of the points inserted so far (no other point has y' >= y and
// z' >= z). Sorted by y ascending, z is strictly descending, so the
// largest z among the points with y >= a is that of the first point with
// y >= a. The points are kept in blocks of at most stairBlock, found by
// binary search over the blocks' last y: an insertion or a query costs
// O(log n + stairBlock), whatever the order of insertion.
type staircase struct {
	blocks [][]stair
	size   int
}

type stair struct{ y, z float64 }

const stairBlock = 256

// find returns the block and position of the first point with y >= a
// (b == len(blocks) when there is none).
func (s *staircase) find(a float64) (b, i int) {
	b = sort.Search(len(s.blocks), func(j int) bool {
		blk := s.blocks[j]
		return blk[len(blk)-1].y >= a
	})
	if b == len(s.blocks) {
		return b, 0
	}
	blk := s.blocks[b]
	i = sort.Search(len(blk), func(j int) bool { return blk[j].y >= a })
	return b, i
}

// maxZ returns the largest z among the points with y >= a (-Inf when
// there is none).
func (s *staircase) maxZ(a float64) float64 {
	b, i := s.find(a)
	if b == len(s.blocks) {
		return math.Inf(-1)
	}
	return s.blocks[b][i].z
}

// maxZAbove returns the largest z among the points with y > a.
func (s *staircase) maxZAbove(a float64) float64 {
	return s.maxZ(math.Nextafter(a, math.Inf(1)))
}

// covers reports whether some point has y >= y0 and z >= z0.
func (s *staircase) covers(y0, z0 float64) bool { return s.maxZ(y0) >= z0 }

// insert adds (y, z) unless a point covers it, removing the points it
// covers.
func (s *staircase) insert(y, z float64) {
	b, i := s.find(y)
	if b < len(s.blocks) && s.blocks[b][i].z >= z {
		return // covered (this includes an equal point)
	}
	if len(s.blocks) == 0 {
		s.blocks = append(s.blocks, []stair{{y, z}})
		s.size = 1
		return
	}
	if b == len(s.blocks) {
		// Beyond every point: append to the last block.
		b = len(s.blocks) - 1
		i = len(s.blocks[b])
	}
	// The points covered by (y, z) have y' <= y and z' <= z: the one at
	// position (b, i) when its y' equals y, and those just before it, in
	// this block and maybe earlier ones.
	blk := s.blocks[b]
	if i < len(blk) && blk[i].y == y {
		i++ // its z' < z, or it would cover (y, z)
	}
	lo := i
	for lo > 0 && blk[lo-1].z <= z {
		lo--
	}
	removedEarlier := false
	if lo == 0 {
		// Remove whole or partial earlier blocks.
		for pb := b - 1; pb >= 0; pb-- {
			prev := s.blocks[pb]
			j := len(prev)
			for j > 0 && prev[j-1].z <= z {
				j--
			}
			s.size -= len(prev) - j
			s.blocks[pb] = prev[:j]
			if j > 0 {
				break
			}
			removedEarlier = true
		}
	}
	s.size -= i - lo
	if lo < i {
		// Overwrite the first covered point, close the gap.
		blk[lo] = stair{y, z}
		blk = blk[:lo+1+copy(blk[lo+1:], blk[i:])]
	} else {
		blk = append(blk, stair{})
		copy(blk[lo+1:], blk[lo:])
		blk[lo] = stair{y, z}
	}
	s.size++
	s.blocks[b] = blk
	if removedEarlier || len(blk) > stairBlock {
		s.rebalance(b)
	}
}

// rebalance drops empty blocks and splits the block b when it is too
// large.
func (s *staircase) rebalance(b int) {
	if len(s.blocks[b]) > stairBlock {
		blk := s.blocks[b]
		half := len(blk) / 2
		first := append([]stair(nil), blk[:half]...)
		second := append(make([]stair, 0, stairBlock+1), blk[half:]...)
		s.blocks = append(s.blocks[:b], append([][]stair{first, second}, s.blocks[b+1:]...)...)
	}
	kept := s.blocks[:0]
	for _, blk := range s.blocks {
		if len(blk) > 0 {
			kept = append(kept, blk)
		}
	}
	for j := len(kept); j < len(s.blocks); j++ {
		s.blocks[j] = nil
	}
	s.blocks = kept
}
