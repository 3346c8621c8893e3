package utility

import (
	"context"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/parallel"
)

// Check compiles every party of a valid scenario and checks that its
// utilities stay in [0,1]. It returns the problems (an AsWritten profile
// whose utilities leave [0,1], a profile whose utilities can fall below 0)
// and the warnings (a range that could not be proven because the search
// budget ran out; a reservation value outside [0,1]). Field paths are in the native
// format's terms ("parties[1]").
//
// The profiles of voter groups and bloc members are checked the same way
// (fields "constituencies[0].voters[1]", "parties[0].bloc.members[2]").
func Check(s *entente.Scenario) (errs, warnings entente.ErrorList) {
	type profile struct {
		field, who string
		f          *Func
	}
	var ps []profile
	add := func(r entente.ProfileRef, who string) {
		field := s.ProfileField(r)
		f, err := New(s.Issues, s.Profile(r))
		if err != nil {
			errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field, "%s: %v", who, err))
			return
		}
		ps = append(ps, profile{field, who, f})
	}
	for p := range s.Parties {
		pa := &s.Parties[p]
		add(entente.ProfileRef{Kind: entente.PartyProfile, Index: p}, fmt.Sprintf("party %q", pa.Name))
		if pa.Bloc != nil {
			for m := range pa.Bloc.Members {
				add(entente.ProfileRef{Kind: entente.MemberProfile, Index: p, Sub: m}, fmt.Sprintf("member %q of party %q", pa.Bloc.Members[m].Name, pa.Name))
			}
		}
	}
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		for g := range co.Voters {
			who := fmt.Sprintf("voter group %q of constituency %q", co.Voters[g].Name, co.Name)
			if co.Unitary {
				who = fmt.Sprintf("constituency %q", co.Name)
			}
			add(entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}, who)
		}
	}
	// The searches of the profiles whose quick bounds do not prove the
	// range share a budget, so that many of them cost a bounded total.
	searching := 0
	for _, p := range ps {
		if lo, hi := p.f.QuickRange(); (lo < 0 || hi > 1) && !p.f.Linear() {
			searching++
		}
	}
	work := ShareWork(CheckWork, searching)
	// The profiles are checked on all cores, each on its own; their
	// problems are listed in profile order.
	type found struct{ errs, warnings entente.ErrorList }
	res := make([]found, len(ps))
	parallel.For(context.Background(), uint64(len(ps)), parallel.Options{Chunk: 1}, func(_ int, lo, hi uint64) error { //nolint:errcheck // never fails
		for i := lo; i < hi; i++ {
			p, r := &ps[i], &res[i]
			checkRange(&r.errs, &r.warnings, s, p.field, p.who, p.f, work)
			if rv := p.f.Reservation(); rv < 0 || rv > 1 {
				r.warnings.Add(entente.Errorf(entente.EWarning, "", 0, 0, p.field+".reservation",
					"%s: reservation value %v lies outside [0,1]", p.who, rv))
			}
		}
		return nil
	})
	for _, r := range res {
		errs = append(errs, r.errs...)
		warnings = append(warnings, r.warnings...)
	}
	return errs, warnings
}

// CheckWork is the work budget Check shares among the searches of the
// profiles it cannot prove by their quick bounds (see ShareWork).
const CheckWork = 8 * Work

// checkRange proves that f stays in [0,1]: by the quick bounds when they
// suffice (always for additive profiles, and for GENIUS profiles whose cap
// holds the top), otherwise by searching for the extremes within work.
func checkRange(errs, warnings *entente.ErrorList, s *entente.Scenario, field, name string, f *Func, work int) {
	if lo, hi := f.QuickRange(); lo >= 0 && hi <= 1 {
		return
	} else if f.Linear() {
		b, w := f.Best(), f.Worst()
		reportRange(errs, s, field, name, b, w, lo, hi)
		return
	}
	b, w := f.BestWork(work), f.WorstWork(work)
	if !b.Exact || !w.Exact {
		lo, hi := w.Bound, b.Bound
		if lo < 0 || hi > 1 {
			warnings.Add(entente.Errorf(entente.EWarning, "", 0, 0, field,
				"%s: utilities could not be proven to lie in [0,1] (the search stopped at its budget; they lie within [%.6g, %.6g])", name, lo, hi))
		}
		return
	}
	reportRange(errs, s, field, name, b, w, w.Utility, b.Utility)
}

func reportRange(errs *entente.ErrorList, s *entente.Scenario, field, name string, b, w Extreme, lo, hi float64) {
	const eps = 1e-9
	if hi > 1+eps {
		errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field,
			"%s: utility reaches %.6g at %s; utilities must lie in [0,1] (lower the weights or values, or use normalization: genius to cap at 1)", name, hi, describe(s, b.Outcome)))
	}
	if lo < -eps {
		errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, field,
			"%s: utility falls to %.6g at %s; utilities must lie in [0,1]", name, lo, describe(s, w.Outcome)))
	}
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
