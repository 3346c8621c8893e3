package wire

import (
	"encoding/json"
	"io"
	"math"

	"github.com/entente/entente"
)

// Encode writes v as the command line writes its documents: JSON indented
// by two spaces, with a newline at the end.
func Encode(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// pkg writes a package as the documents do: an object from issue name
// to value, the option's label for a discrete issue, a number for an
// integer or real issue (entente.Scenario.Values).
func pkg(s *entente.Scenario, o entente.Outcome) map[string]any { return s.Values(o) }

// value writes one value of an issue as packages do.
func value(is *entente.Issue, x float64) any {
	if is.Kind == entente.Discrete {
		return is.Format(x)
	}
	return x
}

// finite returns x, or nil (null) when it is not a finite number.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// frac is k/n, 0 when n is 0.
func frac(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}
