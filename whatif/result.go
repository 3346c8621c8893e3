package whatif

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/utility"
)

// Result is what Evaluate finds for a variant. Its JSON document is
// wire.WhatIfDoc (docs/whatif.md).
type Result struct {
	// Variant and Scenario are the names of the variant and of the
	// scenario; Parties the parties' names, in the order of every
	// per-party list.
	Variant  string
	Scenario string
	Parties  []string
	// Changes lists the numbers that differ from the scenario as written,
	// in the order of Numbers.
	Changes []Change
	// Outside reports that some number is set outside its stated range
	// (Variant.AllowOutside): the result lies outside the stated
	// assumptions.
	Outside bool
	// Warnings say where the variant's utilities leave [0, 1], which the
	// loader refuses in a file (utility.Check): the analysis is still
	// exact, but Export refuses such a variant. A scenario's ranges may
	// allow such values, which robustness draws analyse too.
	Warnings []string
	// Outcomes is the number of packages; Resolution the grid size of real
	// issues (0 when there is none).
	Outcomes   uint64
	Resolution int
	// Zone and Ratifiable are the sizes of the agreement zone and of the
	// ratifiable zone (the same without constituencies).
	Zone       uint64
	Ratifiable uint64
	// Constituencies reports whether the scenario has any.
	Constituencies bool
	// Nash is the Nash package over the agreement zone and RatifiableNash
	// over the ratifiable zone (analysis.Result.Nash and
	// analysis.Ratification.Nash); nil when the zone is empty.
	Nash           *Package
	RatifiableNash *Package
	// RedLines says, for every red line of a party or a constituency,
	// how many packages it alone keeps out of each zone.
	RedLines []RedLineEffect
}

// Package is a bargaining solution of a variant, with every party's and
// every constituency's verdict on it.
type Package struct {
	// Index is the package's position in enumeration order and Outcome
	// the package; Values writes it as issue name -> option label or
	// number (entente.Scenario.Values).
	Index   uint64
	Outcome entente.Outcome
	Values  map[string]any
	// Utilities holds each party's utility.
	Utilities []float64
	// Value is the Nash product at the package (analysis.NashProduct) and
	// Ties the number of zone packages whose product lies within
	// analysis.Eps of it; the package is the first of them in enumeration
	// order.
	Value float64
	Ties  uint64
	// Ratified reports whether every constituency lets it pass.
	Ratified bool
	// Parties and Constituencies are their verdicts, in scenario order.
	Parties        []PartyVerdict
	Constituencies []ConstituencyVerdict
}

// PartyVerdict is what one party makes of a package.
type PartyVerdict struct {
	Party string
	// Needed reports whether the package needs the party under the
	// scenario's rules (entente.Scenario.Required).
	Needed bool
	// Accepts reports whether the party consents to the package
	// (ratify.Set.Consents): its utility reaches its walk-away value, or,
	// for a bloc, its members accept it by the bloc's rule; never across
	// one of its red lines.
	Accepts bool
	// Utility, Reservation and Margin (Utility − Reservation) are the
	// party's own; for a bloc they are its collective profile's, which
	// does not decide.
	Utility     float64
	Reservation float64
	Margin      float64
	// Bloc is the bloc's vote, for a bloc.
	Bloc *BlocVote
	// RedLine is the first of the party's red lines the package crosses,
	// or empty.
	RedLine string
}

// BlocVote is how a bloc's members vote on a package.
type BlocVote struct {
	// Rule is the bloc's rule and Threshold the share of the members'
	// weight a qualified majority needs (0 for other rules).
	Rule      string
	Threshold float64
	// Members and Accepting count the members and those who accept;
	// Weight is the share of the members' weight that accepts.
	Members   int
	Accepting int
	Weight    float64
}

// ConstituencyVerdict is what one constituency makes of a package.
type ConstituencyVerdict struct {
	Constituency string
	// Party is the party whose ratification it is.
	Party string
	// Applies reports whether the package lies in the constituency's
	// region (otherwise it need not ratify, and Ratifies is true).
	Applies bool
	// Approval is the share of the constituency that approves the package,
	// Threshold the share it needs and Margin their difference
	// (ratify.Set.Approval, Threshold, Margin).
	Approval  float64
	Threshold float64
	Margin    float64
	// Ratifies reports whether it lets the package pass (ratify.Set.Ratifies).
	Ratifies bool
	// RedLine is the first of its red lines the package crosses, or empty.
	RedLine string
}

// RedLineEffect is how many packages one red line alone keeps out of the
// zones: the size of each zone without the line, less its size with it
// (explain.Effect.Removed for a red line, for both zones).
type RedLineEffect struct {
	// Owner is the party or the constituency whose line it is; Party
	// reports a party's; Index is the owner's index in the scenario and
	// Line the line's index among its red lines; Name the line's name.
	Owner string
	Party bool
	Index int
	Line  int
	Name  string
	// Zone and Ratifiable are the packages it alone keeps out of the
	// agreement zone and of the ratifiable zone.
	Zone       uint64
	Ratifiable uint64
}

// Evaluate analyses a variant: the sizes of both zones, the Nash package
// of each with every party's and constituency's verdict on it, and what
// each red line keeps out. The scenario of the variant must validate as a
// file's would (entente.Scenario.Validate); what the loader's check of the
// utilities' range finds (utility.Check) comes back as warnings.
func (ws *Workspace) Evaluate(ctx context.Context, v Variant) (*Result, error) {
	ov, err := ws.resolve(v)
	if err != nil {
		return nil, err
	}
	e, err := ws.engine(ctx)
	if err != nil {
		return nil, err
	}
	defer ws.release(e)
	ev := e.main
	if err := ev.set(ov); err != nil {
		return nil, fmt.Errorf("variant %q: %w", v.Name, err)
	}
	c := ev.cur
	if err := validate(c, v); err != nil {
		return nil, err
	}
	r := &Result{Variant: v.Name, Scenario: ws.s.Name, Changes: ws.changes(c, ov), Constituencies: len(c.Constituencies) > 0}
	for p := range c.Parties {
		r.Parties = append(r.Parties, c.Parties[p].Name)
	}
	for _, o := range ov {
		r.Outside = r.Outside || o.as == Outside
	}
	r.Outcomes, _ = ws.sp.Len()
	for i := range c.Issues {
		if c.Issues[i].Kind == entente.Real && ws.sp.Radix(i) > 1 {
			r.Resolution = ws.res
		}
	}
	// The red lines' walks and the check of the utilities' range, on
	// other cores while this one walks the variant (all read c, none
	// writes it).
	var wg sync.WaitGroup
	var sizes [][2]uint64
	var lineErr error
	if len(e.lines) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sizes, lineErr = redLines(ctx, e, ov)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.Warnings = ws.warnings(c, ov)
	}()
	err = ws.solve(ctx, c, ev, r)
	wg.Wait()
	if err == nil {
		err = lineErr
	}
	if err != nil {
		return nil, err
	}
	r.RedLines = make([]RedLineEffect, len(ws.lines))
	for k, l := range ws.lines {
		if sizes[k][0] < r.Zone || sizes[k][1] < r.Ratifiable {
			// Removing a constraint only adds packages to a zone.
			return nil, entente.Errorf(entente.EInternal, "", 0, 0, "", "without red line %q the zones hold %d and %d packages, fewer than the %d and %d with it", l.Name, sizes[k][0], sizes[k][1], r.Zone, r.Ratifiable)
		}
		r.RedLines[k] = l.RedLineEffect
		r.RedLines[k].Zone, r.RedLines[k].Ratifiable = sizes[k][0]-r.Zone, sizes[k][1]-r.Ratifiable
	}
	return r, nil
}

// maxKept is the most zone packages whose objectives solve keeps to count
// the ties without a second walk.
const maxKept = 1 << 16

// solve walks the variant loaded in ev, sets the zones' sizes and finds
// their Nash packages and the verdicts on them.
func (ws *Workspace) solve(ctx context.Context, c *entente.Scenario, ev *evaluator, r *Result) error {
	funcs, err := utility.Compile(c)
	if err != nil {
		return err
	}
	set, err := ratify.CompileWith(c, funcs)
	if err != nil {
		return err
	}
	k := len(funcs)
	rv := make([]float64, k)
	for p, f := range funcs {
		rv[p] = f.Reservation()
	}
	u := make([]float64, k)
	type kept struct {
		z, r float64 // products over the agreement zone and the ratifiable zone
		rat  bool
	}
	var list []kept
	zone, rat := best{val: math.Inf(-1)}, best{val: math.Inf(-1)}
	products := func(o entente.Outcome) (z, rt float64) {
		for p, f := range funcs {
			u[p] = f.Utility(o)
		}
		// Analyze clamps over the ratifiable zone always.
		return analysis.NashProduct(u, rv, ws.clamp), analysis.NashProduct(u, rv, true)
	}
	r.Zone, r.Ratifiable, err = ev.w.Each(ctx, func(idx uint64, o entente.Outcome, ratified bool) {
		z, rt := products(o)
		zone.offer(z, idx)
		if ratified {
			rat.offer(rt, idx)
		}
		if len(list) < maxKept {
			list = append(list, kept{z, rt, ratified})
		}
	})
	if err != nil {
		return err
	}
	var zt, rtt uint64
	if uint64(len(list)) == r.Zone {
		for _, x := range list {
			zt += b2u(x.z >= zone.val-analysis.Eps)
			rtt += b2u(x.rat && x.r >= rat.val-analysis.Eps)
		}
	} else if r.Zone > 0 {
		// Too many to keep: count the ties in a second walk.
		if _, _, err = ev.w.Each(ctx, func(idx uint64, o entente.Outcome, ratified bool) {
			z, rt := products(o)
			zt += b2u(z >= zone.val-analysis.Eps)
			rtt += b2u(ratified && rt >= rat.val-analysis.Eps)
		}); err != nil {
			return err
		}
	}
	if r.Zone > 0 {
		r.Nash = ws.verdict(c, funcs, set, zone, zt)
	}
	if r.Ratifiable > 0 {
		r.RatifiableNash = ws.verdict(c, funcs, set, rat, rtt)
	}
	return nil
}

// best is an objective's optimum and the first package attaining it.
type best struct {
	val float64
	idx uint64
}

// offer keeps (v, i) when it beats b: a larger value, or the same value at
// an earlier package (as analysis breaks ties).
func (b *best) offer(v float64, i uint64) {
	if v > b.val || (v == b.val && i < b.idx) {
		b.val, b.idx = v, i
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// verdict describes the package b found, with ties others.
func (ws *Workspace) verdict(c *entente.Scenario, funcs []*utility.Func, set *ratify.Set, b best, ties uint64) *Package {
	o := make(entente.Outcome, len(c.Issues))
	ws.sp.At(b.idx, o)
	pk := &Package{Index: b.idx, Outcome: o, Values: c.Values(o), Value: b.val, Ties: ties, Ratified: set.All(o)}
	need := c.Required(o, make([]bool, len(c.Parties)))
	for p, f := range funcs {
		u := f.Utility(o)
		pk.Utilities = append(pk.Utilities, u)
		pa := &c.Parties[p]
		yes := pa.Bloc != nil || f.Reaches(u)
		v := PartyVerdict{Party: pa.Name, Needed: need[p], Accepts: set.Consents(p, o, yes), Utility: u, Reservation: f.Reservation(), Margin: u - f.Reservation()}
		if l := entente.Crossed(pa.RedLines, o); l >= 0 {
			v.RedLine = pa.RedLines[l].Name
		}
		if b := pa.Bloc; b != nil {
			bv := &BlocVote{Rule: b.Rule.String(), Members: len(b.Members)}
			if b.Rule == entente.BlocQualified {
				bv.Threshold = b.Threshold
			}
			total, yes := 0.0, 0.0
			for m := range b.Members {
				total += b.Members[m].Weight
				if set.MemberAccepts(p, m, o) {
					bv.Accepting++
					yes += b.Members[m].Weight
				}
			}
			if total > 0 {
				bv.Weight = yes / total
			}
			v.Bloc = bv
		}
		pk.Parties = append(pk.Parties, v)
	}
	for ci := range c.Constituencies {
		co := &c.Constituencies[ci]
		cv := ConstituencyVerdict{Constituency: co.Name, Applies: set.Applies(ci, o), Approval: set.Approval(ci, o),
			Threshold: set.Threshold(ci), Margin: set.Margin(ci, o), Ratifies: set.Ratifies(ci, o)}
		if co.Party >= 0 && co.Party < len(c.Parties) {
			cv.Party = c.Parties[co.Party].Name
		}
		if l := set.RedLine(ci, o); l >= 0 {
			cv.RedLine = co.RedLines[l].Name
		}
		pk.Constituencies = append(pk.Constituencies, cv)
	}
	return pk
}

// redLines walks the variant of overrides ov without each red line and
// returns the sizes of both zones for each.
func redLines(ctx context.Context, e *engine, ov []override) ([][2]uint64, error) {
	sizes := make([][2]uint64, len(e.lines))
	for k, ev := range e.lines {
		if err := ev.set(ov); err != nil {
			return nil, err
		}
		z, rt, err := ev.w.Scan(ctx, nil, nil, false)
		if err != nil {
			return nil, err
		}
		sizes[k] = [2]uint64{z, rt}
	}
	return sizes, nil
}
