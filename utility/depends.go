package utility

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
