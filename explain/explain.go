package explain

import (
	"context"
	"math"
	"runtime"
	"sort"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/parallel"
	"github.com/entente/entente/internal/stats"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Target is the zone an explanation is about.
type Target uint8

const (
	// AgreementZone: the packages every party they need accepts.
	AgreementZone Target = iota
	// RatifiableZone: the packages of the agreement zone that every
	// constituency lets pass.
	RatifiableZone
)

// String names the zone for people.
func (t Target) String() string {
	if t == RatifiableZone {
		return "ratifiable zone"
	}
	return "agreement zone"
}

// ConstraintKind says what kind of constraint keeps packages out of a zone.
type ConstraintKind uint8

const (
	// Reservation is a party's walk-away value.
	Reservation ConstraintKind = iota
	// BlocRule is a bloc's rule over its members' acceptance.
	BlocRule
	// Ratification is a constituency's approval threshold.
	Ratification
	// Rule is one of the scenario's agreement rules.
	Rule
	// RedLineKind is a red line of a party or a constituency: packages
	// across it are never in a zone, and no concession moves them in.
	RedLineKind
)

var kindNames = [...]string{"reservation", "bloc", "constituency", "rule", "red line"}

// String names the kind as JSON output does.
func (k ConstraintKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Constraint names one constraint of a zone.
type Constraint struct {
	Kind ConstraintKind
	// Index is the party (Reservation, BlocRule), constituency
	// (Ratification) or rule (Rule) index in the scenario; for a
	// RedLineKind, the party's index, or the constituency's when Party is
	// -1.
	Index int
	// Name is the party's or constituency's name, or the rule described
	// ("affected: europe on guarantees"); for a RedLineKind, the owner's
	// name.
	Name string
	// Line is the red line's index in its owner's RedLines and LineName
	// its name (RedLineKind only).
	Line     int
	LineName string
	// Party is true for a party's red line, false for a constituency's
	// (RedLineKind only).
	Party bool
}

// Slack is how far one constraint is from binding at a package.
type Slack struct {
	Constraint
	// Needed reports whether the package needs this party (Scenario.Required)
	// or lies in this constituency's region.
	Needed bool
	// Value is the party's utility, the bloc's accepting share of its
	// members' weight, or the constituency's approval share.
	Value float64
	// Bound is what Value must reach: the reservation value, the share
	// the bloc's rule needs, the constituency's threshold.
	Bound float64
	// Slack is Value − Bound for a party and a constituency; for a bloc it
	// is the largest amount t such that the members with at least t of
	// utility above their reservation hold the weight the rule needs (so
	// the bloc accepts when it is >= 0, and every member lowering its
	// reservation by −Slack makes it accept).
	Slack float64
}

// Near is a package close to the zone.
type Near struct {
	// Index is the package's position in enumeration order.
	Index   uint64
	Outcome entente.Outcome
	// Score is the worst slack of the zone's constraints at the package:
	// for the agreement zone the smallest utility minus reservation (or
	// bloc slack) over the parties it needs; for the ratifiable zone the
	// smallest approval minus threshold over the constituencies whose
	// region it lies in (the package itself being in the agreement zone).
	Score float64
	// Binding is the constraint that attains Score.
	Binding Constraint
	// Slacks lists every party's and constituency's slack at the package.
	Slacks []Slack
	// Issue is the issue whose best single change raises Score most, and
	// Value that change's value; Issue is -1 when no change raises it.
	Issue int
	Value float64
	// Improved is Score after that change.
	Improved float64
}

// ConcessionKind says what a concession gives up.
type ConcessionKind uint8

const (
	// WalkAway: a party lowers its reservation value by Amount.
	WalkAway ConcessionKind = iota
	// BlocWalkAway: a bloc's members lower their reservation values by
	// Amount (at least the members the rule needs).
	BlocWalkAway
	// Threshold: a constituency's threshold drops by Amount, or its
	// approval grows by Amount.
	Threshold
	// OptionValue: a party (not a bloc, which accepts by its members)
	// values one option of one issue more, so that its utility of every
	// package with that option grows by Amount.
	OptionValue
)

var concessionNames = [...]string{"walk-away", "bloc walk-away", "threshold", "option value"}

// String names the kind as JSON output does.
func (k ConcessionKind) String() string {
	if int(k) < len(concessionNames) {
		return concessionNames[k]
	}
	return "unknown"
}

// Concession is one change that, alone, opens the zone.
type Concession struct {
	Kind ConcessionKind
	// Party is the conceding party (WalkAway, BlocWalkAway, OptionValue),
	// Constituency the constituency (Threshold); -1 otherwise.
	Party, Constituency int
	// Issue and Option locate the option (OptionValue); Issue is -1
	// otherwise. Option is the value (an option index for a discrete
	// issue).
	Issue  int
	Option float64
	// Amount is the smallest sufficient change: utility for parties and
	// blocs, an approval share for constituencies (every acceptance is
	// decided within entente.Tolerance, so a change smaller by up to that
	// much suffices too).
	Amount float64
	// From is the current reservation value or threshold, To the conceded
	// one (From − Amount). For an OptionValue they are 0.
	From, To float64
	// ValueRaise is, for an OptionValue, the raise of the option's value
	// before weighting (Amount × MaxUtility / weight, on the scale the
	// weight multiplies: after GENIUS's division of a table by its largest
	// entry); NaN when the issue's weight is 0.
	ValueRaise float64
	// Index and Outcome are the package the concession brings into the
	// zone (the first in enumeration order that needs the least).
	Index   uint64
	Outcome entente.Outcome
	// Ratified reports whether that package, once the concession is made,
	// passes every constituency (always true when the target is the
	// ratifiable zone).
	Ratified bool
}

// Effect is how much one constraint shrinks the zone.
type Effect struct {
	Constraint
	// Removed is the zone's size without the constraint minus its size:
	// the packages only this constraint keeps out. Dropping a unanimity
	// rule can make the zone smaller (then every party is needed), so
	// Removed can be negative for rules.
	Removed int64
}

// Explanation is what Explain finds.
type Explanation struct {
	// Target is the zone explained: the agreement zone when it is empty
	// or the scenario has no constituencies, the ratifiable zone
	// otherwise.
	Target Target
	// Outcomes, Zone and Ratifiable are the sizes of the space, the
	// agreement zone and the ratifiable zone (Ratifiable equals Zone
	// without constituencies).
	Outcomes, Zone, Ratifiable uint64
	// Constituencies reports whether the scenario has any.
	Constituencies bool
	// Empty reports whether the target zone is empty.
	Empty bool
	// Closest lists the packages closest to the target zone, best first
	// (empty zone only).
	Closest []Near
	// Concessions lists the smallest single concessions that open the
	// target zone, smallest first (empty zone only); MoreConcessions
	// counts the others, larger, that Options.Concessions left out.
	Concessions     []Concession
	MoreConcessions int
	// NoSingle reports that no single concession opens the zone: every
	// package fails at least two constraints (empty zone only).
	NoSingle bool
	// Effects lists, for every party, constituency (ratifiable zone) and
	// rule, how many packages it alone keeps out of the target zone,
	// largest first.
	Effects []Effect
	// Sentences say all of this in plain language.
	Sentences []string
}

// Options tunes Explain.
type Options struct {
	// Analysis are the options of the analysis; Parties is ignored (an
	// explanation is about all parties).
	Analysis analysis.Options
	// Result, when set, is an analysis of the scenario with all parties,
	// reused instead of analysing again.
	Result *analysis.Result
	// Closest is how many closest packages to report (default 3).
	Closest int
	// Concessions is how many concessions to report (default 5).
	Concessions int
}

// Explain analyses s (or uses opt.Result) and explains its zone.
func Explain(ctx context.Context, s *entente.Scenario, opt Options) (*Explanation, error) {
	r := opt.Result
	if r == nil {
		ao := opt.Analysis
		ao.Parties = nil
		ao.CloudPairs = nil
		var err error
		if r, err = analysis.Analyze(ctx, s, ao); err != nil {
			return nil, err
		}
	}
	if len(r.Parties) != len(s.Parties) {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "parties", "an explanation needs an analysis of all %d parties, not %d", len(s.Parties), len(r.Parties))
	}
	if opt.Closest <= 0 {
		opt.Closest = 3
	}
	if opt.Concessions <= 0 {
		opt.Concessions = 5
	}
	e := &Explanation{Outcomes: r.Outcomes, Zone: r.Zone, Ratifiable: r.Zone, Constituencies: len(s.Constituencies) > 0}
	if r.Ratification != nil {
		e.Ratifiable = r.Ratification.Zone
		if r.Zone > 0 {
			e.Target = RatifiableZone
		}
	}
	m, err := newModel(s, r.Space(), e.Target)
	if err != nil {
		return nil, err
	}
	workers := opt.Analysis.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	a, err := m.stream(ctx, workers, opt.Closest)
	if err != nil {
		return nil, err
	}
	e.Empty = a.in == 0
	m.effects(e, a)
	if e.Empty {
		m.closest(e, a)
		m.concessions(e, a, opt.Concessions)
	}
	e.Sentences = sentences(s, e)
	return e, nil
}

// model evaluates the constraints of a scenario at one package.
type model struct {
	// red lists the red lines that can keep a package out of the target
	// zone: the parties' and (ratifiable zone) the constituencies'.
	red    []Constraint
	redID  [][]int // by party, then constituency (nP + c): by line: index into red
	s      *entente.Scenario
	sp     *space.Space
	funcs  []*utility.Func
	rv     []float64
	tol    []float64 // by party: the tolerance of its own slack (a bloc's: entente.Tolerance)
	set    *ratify.Set
	blocs  []*bloc
	target Target
	nP, nC int
	// offs[i] is the offset of issue i's values in the option tables.
	offs  []int
	nVals int
}

type bloc struct {
	rule    entente.BlocRule
	thr     float64
	leader  int
	total   float64
	members []*utility.Func
	weights []float64
}

func newModel(s *entente.Scenario, sp *space.Space, target Target) (*model, error) {
	fs, err := utility.Compile(s)
	if err != nil {
		return nil, err
	}
	set, err := ratify.Compile(s)
	if err != nil {
		return nil, err
	}
	m := &model{s: s, sp: sp, funcs: fs, set: set, blocs: make([]*bloc, len(s.Parties)), target: target, nP: len(s.Parties)}
	if target == RatifiableZone {
		m.nC = len(s.Constituencies)
	}
	for p, f := range fs {
		m.rv = append(m.rv, f.Reservation())
		tol := entente.Tolerance
		if s.Parties[p].Bloc == nil {
			tol = s.Parties[p].Preferences.AcceptTolerance()
		}
		m.tol = append(m.tol, tol)
		b := s.Parties[p].Bloc
		if b == nil {
			continue
		}
		cb := &bloc{rule: b.Rule, thr: b.Threshold, leader: b.Leader}
		for i := range b.Members {
			f, err := utility.New(s.Issues, &b.Members[i].Preferences)
			if err != nil {
				return nil, err
			}
			cb.members = append(cb.members, f)
			cb.weights = append(cb.weights, b.Members[i].Weight)
			cb.total += b.Members[i].Weight
		}
		m.blocs[p] = cb
	}
	for i := range s.Issues {
		m.offs = append(m.offs, m.nVals)
		m.nVals += int(sp.Radix(i))
	}
	m.redID = make([][]int, m.nP+m.nC)
	for p := range s.Parties {
		for k, l := range s.Parties[p].RedLines {
			m.redID[p] = append(m.redID[p], len(m.red))
			m.red = append(m.red, Constraint{Kind: RedLineKind, Index: p, Name: s.Parties[p].Name, Line: k, LineName: l.Name, Party: true})
		}
	}
	for c := 0; c < m.nC; c++ {
		for k, l := range s.Constituencies[c].RedLines {
			m.redID[m.nP+c] = append(m.redID[m.nP+c], len(m.red))
			m.red = append(m.red, Constraint{Kind: RedLineKind, Index: c, Name: s.Constituencies[c].Name, Line: k, LineName: l.Name})
		}
	}
	return m, nil
}

// crossed counts the red lines package o crosses, for the parties marked
// in need and the constituencies whose region it lies in, and returns the
// last one's index in m.red.
func (m *model) crossed(o entente.Outcome, need []bool) (n, which int) {
	which = -1
	for p := 0; p < m.nP; p++ {
		if !need[p] {
			continue
		}
		for k := range m.redID[p] {
			if m.s.Parties[p].RedLines[k].Crosses(o) {
				n++
				which = m.redID[p][k]
			}
		}
	}
	for c := 0; c < m.nC; c++ {
		if len(m.redID[m.nP+c]) == 0 || !m.set.Applies(c, o) {
			continue
		}
		for k := range m.redID[m.nP+c] {
			if m.s.Constituencies[c].RedLines[k].Crosses(o) {
				n++
				which = m.redID[m.nP+c][k]
			}
		}
	}
	return n, which
}

// probe is one goroutine's evaluation buffers.
type probe struct {
	*model
	need  []bool
	raw   []float64 // by party: slack whether needed or not
	slack []float64 // nP + nC: +Inf when not needed or not applicable
	ms    []float64 // member slacks
	ord   []int
	rneed []bool
	// redN counts the red lines the package eval saw crosses, redWhich
	// is the last one (index into model.red).
	redN, redWhich int
}

func (m *model) probe() *probe {
	pr := &probe{model: m, need: make([]bool, m.nP), raw: make([]float64, m.nP), slack: make([]float64, m.nP+m.nC), rneed: make([]bool, m.nP)}
	most := 0
	for _, b := range m.blocs {
		if b != nil {
			most = max(most, len(b.members))
		}
	}
	pr.ms, pr.ord = make([]float64, most), make([]int, most)
	return pr
}

// blocSlack is the largest t such that the members whose utility exceeds
// their reservation by at least t hold the weight the rule needs.
func (pr *probe) blocSlack(b *bloc, o entente.Outcome) float64 {
	n := len(b.members)
	ms := pr.ms[:n]
	for i, f := range b.members {
		ms[i] = f.Utility(o) - f.Reservation()
	}
	switch b.rule {
	case entente.BlocLeader:
		return ms[b.leader]
	case entente.BlocUnanimity:
		mn := math.Inf(1)
		for _, x := range ms {
			mn = math.Min(mn, x)
		}
		return mn
	}
	ord := pr.ord[:n]
	for i := range ord {
		ord[i] = i
	}
	// Insertion sort by slack, descending: blocs are small.
	for i := 1; i < n; i++ {
		for j := i; j > 0 && ms[ord[j]] > ms[ord[j-1]]; j-- {
			ord[j], ord[j-1] = ord[j-1], ord[j]
		}
	}
	yes := 0.0
	for _, i := range ord {
		yes += b.weights[i]
		if b.rule == entente.BlocMajority && ratify.Majority(yes, b.total) ||
			b.rule == entente.BlocQualified && entente.Reaches(yes, b.thr*b.total) {
			return ms[i]
		}
	}
	return math.Inf(-1)
}

// partySlack is a party's utility minus its reservation, or its bloc's
// slack.
func (pr *probe) partySlack(p int, o entente.Outcome) float64 {
	if b := pr.blocs[p]; b != nil {
		return pr.blocSlack(b, o)
	}
	return pr.funcs[p].Utility(o) - pr.rv[p]
}

// eval fills the slacks of package o and returns how many constraints it
// violates and the last of them, with the worst party slack among the
// needed parties and the worst constituency slack.
func (pr *probe) eval(o entente.Outcome) (violated, which int, partyMin, consMin float64) {
	need := pr.need
	if len(pr.s.Rules) > 0 {
		need = pr.s.Required(o, need)
	} else {
		for p := range need {
			need[p] = true
		}
	}
	partyMin, consMin = math.Inf(1), math.Inf(1)
	which = -1
	for p := 0; p < pr.nP; p++ {
		x := pr.partySlack(p, o)
		pr.raw[p] = x
		if !need[p] {
			pr.slack[p] = math.Inf(1)
			continue
		}
		pr.slack[p] = x
		partyMin = math.Min(partyMin, x)
		if x < -pr.tol[p] {
			violated++
			which = p
		}
	}
	for c := 0; c < pr.nC; c++ {
		x := math.Inf(1)
		if pr.set.Applies(c, o) {
			x = pr.set.Approval(c, o) - pr.s.Constituencies[c].Threshold
		}
		pr.slack[pr.nP+c] = x
		consMin = math.Min(consMin, x)
		if x < -entente.Tolerance {
			violated++
			which = pr.nP + c
		}
	}
	pr.redN, pr.redWhich = 0, -1
	if len(pr.red) > 0 {
		pr.redN, pr.redWhich = pr.crossed(o, need)
	}
	return violated, which, partyMin, consMin
}

// score is a package's closeness to the target zone (see Near.Score);
// -Inf for a package that cannot be a candidate.
func (pr *probe) score(violated, which int, partyMin, consMin float64) float64 {
	if pr.redN > 0 {
		return math.Inf(-1) // no concession crosses a red line
	}
	if pr.target == AgreementZone {
		return partyMin
	}
	if violated > 0 && which < pr.nP {
		return math.Inf(-1)
	}
	for p := 0; p < pr.nP; p++ {
		if pr.slack[p] < 0 {
			return math.Inf(-1) // a party fails too
		}
	}
	return consMin
}

// withoutRule reports whether package o is in the target zone when rule
// skip is dropped (eval must have run on o).
func (pr *probe) withoutRule(o entente.Outcome, skip int) bool {
	need := required(pr.s, o, skip, pr.rneed)
	for p, n := range need {
		if n && pr.raw[p] < -pr.tol[p] {
			return false
		}
	}
	for c := 0; c < pr.nC; c++ {
		if pr.slack[pr.nP+c] < -entente.Tolerance {
			return false
		}
	}
	if len(pr.red) > 0 {
		if n, _ := pr.crossed(o, need); n > 0 {
			return false
		}
	}
	return true
}

// required is Scenario.Required without rule skip.
func required(s *entente.Scenario, o entente.Outcome, skip int, dst []bool) []bool {
	base := false
	for r := range s.Rules {
		if r != skip && s.Rules[r].Kind == entente.Unanimity {
			base = true
		}
	}
	for p := range dst {
		dst[p] = !base
	}
	for r := range s.Rules {
		ru := &s.Rules[r]
		if r == skip {
			continue
		}
		switch ru.Kind {
		case entente.Unanimity:
			if len(ru.Parties) == 0 {
				for p := range dst {
					dst[p] = true
				}
			}
			for _, p := range ru.Parties {
				dst[p] = true
			}
		case entente.Affected:
			for _, i := range ru.Issues {
				if s.Issues[i].Settles(o[i]) {
					for _, p := range ru.Parties {
						dst[p] = true
					}
					break
				}
			}
		}
	}
	return dst
}

// arg is a value and the first outcome index that attains it.
type arg = stats.Argmax

var none = stats.NewArgmax(math.MaxUint64)

// acc accumulates one worker's findings.
type acc struct {
	in     uint64
	top    []arg    // the closest packages, best first
	single []arg    // by constraint: best slack where it alone fails
	count  []uint64 // by constraint: packages where it alone fails
	rules  []uint64 // by rule: packages in the zone without it
	opt    [][]arg  // by party: by option slot: best slack where the party alone fails
	red    []uint64 // by red line: packages only it keeps out
	keep   int
}

func (m *model) newAcc(keep int) *acc {
	a := &acc{keep: keep, single: make([]arg, m.nP+m.nC), count: make([]uint64, m.nP+m.nC), rules: make([]uint64, len(m.s.Rules)), opt: make([][]arg, m.nP), red: make([]uint64, len(m.red))}
	for k := range a.single {
		a.single[k] = none
	}
	for p := range a.opt {
		if m.blocs[p] != nil {
			continue
		}
		a.opt[p] = make([]arg, m.nVals)
		for v := range a.opt[p] {
			a.opt[p][v] = none
		}
	}
	return a
}

func (a *acc) offerTop(v float64, i uint64) {
	if math.IsInf(v, -1) {
		return
	}
	better := func(x arg) bool { return v > x.Val || (v == x.Val && i < x.Idx) }
	n := len(a.top)
	if n == a.keep && !better(a.top[n-1]) {
		return
	}
	j := sort.Search(n, func(j int) bool { return better(a.top[j]) })
	if n < a.keep {
		a.top = append(a.top, arg{})
	}
	copy(a.top[j+1:], a.top[j:len(a.top)-1])
	a.top[j] = arg{Val: v, Idx: i}
}

func (a *acc) merge(b *acc) {
	a.in += b.in
	for _, t := range b.top {
		a.offerTop(t.Val, t.Idx)
	}
	for k := range a.single {
		a.single[k].Offer(b.single[k].Val, b.single[k].Idx)
		a.count[k] += b.count[k]
	}
	for r := range a.rules {
		a.rules[r] += b.rules[r]
	}
	for k := range a.red {
		a.red[k] += b.red[k]
	}
	for p := range a.opt {
		for v := range a.opt[p] {
			a.opt[p][v].Offer(b.opt[p][v].Val, b.opt[p][v].Idx)
		}
	}
}

// stream evaluates every package on all workers.
func (m *model) stream(ctx context.Context, workers, keep int) (*acc, error) {
	n, _ := m.sp.Len()
	accs := make([]*acc, workers)
	for w := range accs {
		accs[w] = m.newAcc(keep)
	}
	type cursor struct {
		pr  *probe
		o   entente.Outcome
		dig []uint64
	}
	cur := make([]*cursor, workers)
	k := len(m.s.Issues)
	err := parallel.For(ctx, n, parallel.Options{Workers: workers, Chunk: max(n/uint64(workers*64), 4096)}, func(w int, start, end uint64) error {
		if cur[w] == nil {
			cur[w] = &cursor{m.probe(), make(entente.Outcome, k), make([]uint64, k)}
		}
		a, pr, o, dig := accs[w], cur[w].pr, cur[w].o, cur[w].dig
		x := start
		for i := k - 1; i >= 0; i-- {
			r := m.sp.Radix(i)
			dig[i] = x % r
			x /= r
			o[i] = m.sp.Value(i, dig[i])
		}
		for idx := start; idx < end; idx++ {
			if idx > start {
				for i := k - 1; i >= 0; i-- {
					dig[i]++
					if dig[i] < m.sp.Radix(i) {
						o[i] = m.sp.Value(i, dig[i])
						break
					}
					dig[i] = 0
					o[i] = m.sp.Value(i, 0)
				}
			}
			m.visit(pr, a, idx, o, dig)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, b := range accs[1:] {
		accs[0].merge(b)
	}
	return accs[0], nil
}

func (m *model) visit(pr *probe, a *acc, idx uint64, o entente.Outcome, dig []uint64) {
	violated, which, pmin, cmin := pr.eval(o)
	if pr.redN > 0 {
		// Across a red line: out of the zone whatever the numbers, so
		// never a single failure, a closest package or a concession.
		if violated == 0 && pr.redN == 1 {
			a.red[pr.redWhich]++
		}
		for r := range a.rules {
			if pr.withoutRule(o, r) {
				a.rules[r]++
			}
		}
		return
	}
	switch violated {
	case 0:
		a.in++
	case 1:
		sl := pr.slack[which]
		a.single[which].Offer(sl, idx)
		a.count[which]++
		if which < m.nP && a.opt[which] != nil {
			t := a.opt[which]
			for i, d := range dig {
				t[m.offs[i]+int(d)].Offer(sl, idx)
			}
		}
	}
	for r := range a.rules {
		if pr.withoutRule(o, r) {
			a.rules[r]++
		}
	}
	a.offerTop(pr.score(violated, which, pmin, cmin), idx)
}

// constraint names constraint k (a party, then a constituency).
func (m *model) constraint(k int) Constraint {
	if k < m.nP {
		kind := Reservation
		if m.blocs[k] != nil {
			kind = BlocRule
		}
		return Constraint{Kind: kind, Index: k, Name: m.s.Parties[k].Name}
	}
	c := k - m.nP
	return Constraint{Kind: Ratification, Index: c, Name: m.s.Constituencies[c].Name}
}

func (m *model) effects(e *Explanation, a *acc) {
	for k := range a.count {
		e.Effects = append(e.Effects, Effect{Constraint: m.constraint(k), Removed: int64(a.count[k])})
	}
	for r := range a.rules {
		e.Effects = append(e.Effects, Effect{Constraint: Constraint{Kind: Rule, Index: r, Name: ruleText(m.s, r)}, Removed: int64(a.rules[r]) - int64(a.in)})
	}
	for k := range a.red {
		e.Effects = append(e.Effects, Effect{Constraint: m.red[k], Removed: int64(a.red[k])})
	}
	sort.SliceStable(e.Effects, func(i, j int) bool { return e.Effects[i].Removed > e.Effects[j].Removed })
}

// slacks describes every party and constituency at package o.
func (m *model) slacks(pr *probe, o entente.Outcome) []Slack {
	pr.eval(o)
	var out []Slack
	for p := 0; p < m.nP; p++ {
		sl := Slack{Constraint: m.constraint(p), Needed: pr.need[p], Slack: pr.raw[p]}
		if b := m.blocs[p]; b != nil {
			yes := 0.0
			for i, f := range b.members {
				if f.Reaches(f.Utility(o)) {
					yes += b.weights[i]
				}
			}
			if b.total > 0 {
				sl.Value = yes / b.total
			}
			switch b.rule {
			case entente.BlocUnanimity:
				sl.Bound = 1
			case entente.BlocMajority:
				sl.Bound = 0.5
			case entente.BlocQualified:
				sl.Bound = b.thr
			case entente.BlocLeader:
				if b.total > 0 {
					sl.Bound = b.weights[b.leader] / b.total
				}
			}
		} else {
			sl.Value, sl.Bound = m.funcs[p].Utility(o), m.rv[p]
		}
		out = append(out, sl)
	}
	for c := range m.s.Constituencies {
		co := &m.s.Constituencies[c]
		sl := Slack{Constraint: Constraint{Kind: Ratification, Index: c, Name: co.Name}, Needed: m.set.Applies(c, o),
			Value: m.set.Approval(c, o), Bound: co.Threshold}
		sl.Slack = sl.Value - sl.Bound
		out = append(out, sl)
	}
	return out
}

func (m *model) closest(e *Explanation, a *acc) {
	pr := m.probe()
	for _, t := range a.top {
		o := make(entente.Outcome, len(m.s.Issues))
		m.sp.At(t.Idx, o)
		nr := Near{Index: t.Idx, Outcome: o, Score: t.Val, Issue: -1, Improved: t.Val}
		nr.Slacks = m.slacks(pr, o)
		// The binding constraint: the first attaining the score.
		pr.eval(o)
		for k := range pr.slack {
			if (m.target == AgreementZone) == (k < m.nP) && pr.slack[k] == t.Val {
				nr.Binding = m.constraint(k)
				break
			}
		}
		alt := append(entente.Outcome(nil), o...)
		for i := range m.s.Issues {
			for d := uint64(0); d < m.sp.Radix(i); d++ {
				x := m.sp.Value(i, d)
				if x == o[i] {
					continue
				}
				alt[i] = x
				if sc := pr.score(pr.eval(alt)); sc > nr.Improved+analysis.Eps {
					nr.Issue, nr.Value, nr.Improved = i, x, sc
				}
			}
			alt[i] = o[i]
		}
		e.Closest = append(e.Closest, nr)
	}
}

func (m *model) concessions(e *Explanation, a *acc, keep int) {
	var cs []Concession
	at := func(idx uint64) entente.Outcome {
		o := make(entente.Outcome, len(m.s.Issues))
		m.sp.At(idx, o)
		return o
	}
	for k, s := range a.single {
		if math.IsInf(s.Val, -1) {
			continue
		}
		c := Concession{Party: -1, Constituency: -1, Issue: -1, Amount: -s.Val, Index: s.Idx}
		switch {
		case k >= m.nP:
			c.Kind, c.Constituency = Threshold, k-m.nP
			c.From = m.s.Constituencies[c.Constituency].Threshold
			c.To = c.From - c.Amount
		case m.blocs[k] != nil:
			c.Kind, c.Party = BlocWalkAway, k
		default:
			c.Kind, c.Party = WalkAway, k
			c.From = m.rv[k]
			c.To = c.From - c.Amount
		}
		cs = append(cs, c)
	}
	for p, t := range a.opt {
		if t == nil {
			continue
		}
		prefs := &m.s.Parties[p].Preferences
		scale := prefs.MaxUtility
		if scale <= 0 {
			scale = 1
		}
		for i := range m.s.Issues {
			for d := uint64(0); d < m.sp.Radix(i); d++ {
				s := t[m.offs[i]+int(d)]
				if math.IsInf(s.Val, -1) {
					continue
				}
				c := Concession{Kind: OptionValue, Party: p, Constituency: -1, Issue: i, Option: m.sp.Value(i, d), Amount: -s.Val, Index: s.Idx, ValueRaise: math.NaN()}
				if i < len(prefs.Weights) && prefs.Weights[i] > 0 {
					c.ValueRaise = c.Amount * scale / prefs.Weights[i]
				}
				cs = append(cs, c)
			}
		}
	}
	// An option concession at the package of the same party's walk-away
	// concession only restates it (raising any of the party's values
	// there by the same amount works): keep the walk-away.
	walk := map[[2]uint64]bool{}
	for _, c := range cs {
		if c.Kind == WalkAway {
			walk[[2]uint64{uint64(c.Party), c.Index}] = true
		}
	}
	kept := cs[:0]
	for _, c := range cs {
		if c.Kind != OptionValue || !walk[[2]uint64{uint64(c.Party), c.Index}] {
			kept = append(kept, c)
		}
	}
	cs = kept
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Amount != cs[j].Amount {
			return cs[i].Amount < cs[j].Amount
		}
		return cs[i].Kind < cs[j].Kind
	})
	e.NoSingle = len(cs) == 0
	if len(cs) > keep {
		e.MoreConcessions = len(cs) - keep
		cs = cs[:keep]
	}
	for i := range cs {
		cs[i].Outcome = at(cs[i].Index)
		cs[i].Ratified = m.target == RatifiableZone || m.set.All(cs[i].Outcome)
	}
	e.Concessions = cs
}
