package analysis

import "github.com/entente/entente/utility"

// Funcs returns the analysed parties' compiled utility functions, in the
// order of Parties.
func (r *Result) Funcs() []*utility.Func { return append([]*utility.Func(nil), r.funcs...) }
