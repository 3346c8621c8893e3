package utility

import "github.com/entente/entente"

// Depends reports whether the utility can change with issue i's value:
// the issue has an additive term with a non-zero entry, is evaluated
// through its value function (a real issue, or an integer issue too large
// to tabulate), or conditions an interaction term. Two complete outcomes
// that agree on every issue the function depends on have the same
// utility, bit for bit: Total adds the other issues' entries, all zero,
// and adding a zero to the running total (which starts at +0) leaves it
// unchanged.
func (f *Func) Depends(i int) bool {
	if f.real[i] != nil || len(f.byIssue[i]) > 0 {
		return true
	}
	for _, x := range f.tables[i] {
		if x != 0 {
			return true
		}
	}
	return false
}

// TermsOn reports whether an interaction term conditions issue i.
func (f *Func) TermsOn(i int) bool { return len(f.byIssue[i]) > 0 }

// AppendTerms appends to dst the values of the interaction terms that
// apply at outcome o, in order: adding them one by one to a raw total t
// gives AddTerms(t, o), bit for bit. A caller that meets many outcomes
// differing only in issues no term conditions (TermsOn) finds them once.
func (f *Func) AppendTerms(dst []float64, o entente.Outcome) []float64 {
	for k := range f.inter {
		if f.inter[k].applies(o) {
			dst = append(dst, f.inter[k].value)
		}
	}
	return dst
}
