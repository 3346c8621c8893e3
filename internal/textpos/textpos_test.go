package textpos

import "testing"

func TestPos(t *testing.T) {
	text := "\ufeffab\nçd\n\nx"
	cases := []struct{ off, line, col int }{
		{0, 1, 1}, {3, 1, 1}, {4, 1, 2}, {5, 1, 3}, // BOM skipped
		{6, 2, 1}, {8, 2, 2}, {9, 2, 3}, // ç is two bytes, one column
		{10, 3, 1}, {11, 4, 1}, {12, 4, 2}, {99, 4, 2},
	}
	ix := New([]byte(text))
	for _, c := range cases {
		if l, col := ix.Pos(c.off); l != c.line || col != c.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}
