package utility

import (
	"fmt"

	"github.com/entente/entente"
)

// Check compiles every party of a valid scenario and checks that its
// utilities stay in [0,1]. It returns the problems (an AsWritten profile
// whose utilities leave [0,1], a profile whose utilities can fall below 0)
// and the warnings (a range that could not be proven because the search
// budget ran out; a reservation value outside [0,1]; GENIUS weights whose
// sum exceeds 1 so that the cap at 1 applies). Field paths are in the native
// format's terms ("parties[1]").
func Check(s *entente.Scenario) (errs, warnings entente.ErrorList) {
	for p := range s.Parties {
		pa := &s.Parties[p]
		field := fmt.Sprintf("parties[%d]", p)
		f, err := New(s.Issues, &pa.Preferences)
		if err != nil {
			errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field, "party %q: %v", pa.Name, err))
			continue
		}
		b, w := f.Best(), f.Worst()
		hi, lo := b.Utility, w.Utility
		if !b.Exact || !w.Exact {
			if !b.Exact {
				hi = b.Bound
			}
			if !w.Exact {
				lo = w.Bound
			}
			if lo < 0 || hi > 1 {
				warnings.Add(entente.Errorf(entente.EWarning, "", 0, 0, field,
					"party %q: utilities could not be proven to lie in [0,1] (the search stopped after %d nodes; they lie within [%.6g, %.6g])", pa.Name, DefaultNodes, lo, hi))
			}
		} else {
			const eps = 1e-9
			if hi > 1+eps {
				errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field,
					"party %q: utility reaches %.6g at %s; utilities must lie in [0,1] (lower the weights or values, or use normalization: genius to cap at 1)", pa.Name, hi, describe(s, b.Outcome)))
			}
			if lo < -eps {
				errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field,
					"party %q: utility falls to %.6g at %s; utilities must lie in [0,1]", pa.Name, lo, describe(s, w.Outcome)))
			}
		}
		rv := f.Reservation()
		if rv < 0 || rv > 1 {
			warnings.Add(entente.Errorf(entente.EWarning, "", 0, 0, field+".reservation",
				"party %q: reservation value %v lies outside [0,1]", pa.Name, rv))
		}
		if pa.Preferences.Normalization == entente.Genius && pa.Preferences.MaxUtility == 0 {
			sum := 0.0
			for _, x := range pa.Preferences.Weights {
				sum += x
			}
			if sum > 1+1e-9 && hi >= 1 {
				warnings.Add(entente.Errorf(entente.EWarning, "", 0, 0, field+".weights",
					"party %q: weights sum to %.6g, so utilities above 1 are capped at 1 (GENIUS convention)", pa.Name, sum))
			}
		}
	}
	return errs, warnings
}

// describe writes an outcome as issue=value pairs.
func describe(s *entente.Scenario, o entente.Outcome) string {
	out := ""
	for i := range s.Issues {
		if i > 0 {
			out += ", "
		}
		out += s.Issues[i].Name + "=" + s.Issues[i].Format(o[i])
	}
	return out
}
