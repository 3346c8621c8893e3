package analysis

import "github.com/entente/entente"

// NashProduct is the objective of the Nash solutions (Result.Nash and
// Ratification.Nash): the product over the analysed parties of the gains
// u_i − r_i (rv holds the r_i), a gain below 0 counted as 0 when clamp is
// set. Analyze clamps over the agreement zone when Clamps says so, and
// always over the ratifiable zone. The arithmetic is Analyze's, in the
// same order: the same bits.
func NashProduct(u, rv []float64, clamp bool) float64 {
	prod, _, _ := objectives(u, rv, clamp)
	return prod
}

// Clamps reports whether Analyze of every party of s counts a gain below
// 0 as 0 in the objectives of its solutions over the agreement zone: when
// the scenario's politics apply (rules, blocs, red lines or
// constituencies; Result.Politics), under which a zone package may leave a
// party below its reservation value, or when some party accepts within a
// tolerance (entente.Preferences.AcceptTolerance).
func Clamps(s *entente.Scenario) bool {
	if hasPolitics(s) {
		return true
	}
	for p := range s.Parties {
		if s.Parties[p].Preferences.AcceptTolerance() > 0 {
			return true
		}
	}
	return false
}
