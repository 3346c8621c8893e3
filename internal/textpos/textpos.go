package textpos

import "unicode/utf8"

// Index answers position queries for one text. The line table is built on
// the first query, so texts that never need a position cost nothing.
type Index struct {
	data  []byte
	skip  int   // length of a leading byte order mark
	lines []int // offset where each line starts
	ascii []bool
}

// New returns an index of data.
func New(data []byte) *Index {
	ix := &Index{data: data}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		ix.skip = 3
	}
	return ix
}

// Pos returns the line and column of byte offset off (clamped to the
// text).
func (ix *Index) Pos(off int) (line, col int) {
	if ix.lines == nil {
		ix.lines, ix.ascii = []int{ix.skip}, []bool{true}
		for i := ix.skip; i < len(ix.data); i++ {
			switch c := ix.data[i]; {
			case c == '\n':
				ix.lines, ix.ascii = append(ix.lines, i+1), append(ix.ascii, true)
			case c >= utf8.RuneSelf:
				ix.ascii[len(ix.ascii)-1] = false
			}
		}
	}
	off = max(ix.skip, min(off, len(ix.data)))
	lo, hi := 0, len(ix.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ix.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if ix.ascii[lo] {
		return lo + 1, off - ix.lines[lo] + 1
	}
	return lo + 1, utf8.RuneCount(ix.data[ix.lines[lo]:off]) + 1
}
