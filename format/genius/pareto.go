package genius

import (
	"bytes"
	"strings"

	"github.com/entente/entente"
)

// DecodeParetoPoints reads a pareto.xml file of the ANAC 2014 and S-*
// scenarios. Despite its name it is not XML: each line holds the
// utilities of one point of the reference Pareto frontier, separated by
// commas ("0.67824775, 1.0"), one column per profile in file-name order.
// Blank lines are skipped; every line must have the same number of
// columns. Errors are located at file:line:col.
func DecodeParetoPoints(src entente.Source) ([][]float64, error) {
	var points [][]float64
	data := bytes.TrimPrefix(src.Data, []byte("\ufeff"))
	for ln, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		col := 1
		var p []float64
		for _, field := range strings.Split(line, ",") {
			lead := len(field) - len(strings.TrimLeft(field, " \t"))
			v, ok := parseFloat(field)
			if !ok {
				return nil, entente.Errorf(entente.EInvalid, src.Name, ln+1, col+lead, "", "%s is not a finite number; expected comma-separated utilities such as \"0.5, 1.0\"", describeAttr(strings.TrimSpace(field)))
			}
			p = append(p, v)
			col += len(field) + 1
		}
		if len(points) > 0 && len(p) != len(points[0]) {
			return nil, entente.Errorf(entente.EInvalid, src.Name, ln+1, 1, "", "%d values on this line, but %d on the first; expected one column per profile", len(p), len(points[0]))
		}
		points = append(points, p)
	}
	if len(points) == 0 {
		return nil, entente.Errorf(entente.EInvalid, src.Name, 0, 0, "", "no points found; expected lines of comma-separated utilities such as \"0.5, 1.0\"")
	}
	return points, nil
}
