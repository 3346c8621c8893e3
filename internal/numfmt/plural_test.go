package numfmt

import "testing"

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 rounds"}, {1, "1 round"}, {2, "2 rounds"}, {-1, "-1 rounds"}, {1000, "1000 rounds"}} {
		if got := Plural(tc.n, "round"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
