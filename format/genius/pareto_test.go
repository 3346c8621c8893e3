package genius_test

import (
	"fmt"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
)

func TestDecodeParetoPoints(t *testing.T) {
	tests := []struct {
		data string
		want string // points, or the error
	}{
		{"\n0.5, 1.0\n0.75, 0.8\n1,0\n", "[[0.5 1] [0.75 0.8] [1 0]]"},
		{"0.25,0.5,0.75\r\n\r\n  1 , 0 , 0.5  \r\n", "[[0.25 0.5 0.75] [1 0 0.5]]"},
		{"\ufeff0.5, 1.0", "[[0.5 1]]"},
		{"0.5, 1.0\n0.75, high\n", `pareto.xml:2:7: "high" is not a finite number; expected comma-separated utilities such as "0.5, 1.0"`},
		{"0.5, 1.0\n0.75, 0.8, 0.1\n", "pareto.xml:2:1: 3 values on this line, but 2 on the first; expected one column per profile"},
		{"0.5,, 1.0\n", `pareto.xml:1:5: "" is not a finite number; expected comma-separated utilities such as "0.5, 1.0"`},
		{"0.5, NaN\n", `pareto.xml:1:6: "NaN" is not a finite number; expected comma-separated utilities such as "0.5, 1.0"`},
		{"\n \n", `pareto.xml: no points found; expected lines of comma-separated utilities such as "0.5, 1.0"`},
	}
	for _, tt := range tests {
		pts, err := genius.DecodeParetoPoints(entente.Source{Name: "pareto.xml", Data: []byte(tt.data)})
		got := fmt.Sprint(pts)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("DecodeParetoPoints(%q) = %s, want %s", tt.data, got, tt.want)
		}
	}
}
