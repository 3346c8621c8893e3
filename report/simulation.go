package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/parallel"
	"github.com/entente/entente/internal/stats"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/report/plot"
)

// simulationBlock is how many sessions each arm runs before the intervals
// are checked again; simulationHalfWidth is the widest 95% interval the
// section aims for, as a half-width (±5 points).
const (
	simulationBlock     = 50
	simulationHalfWidth = 0.05
)

// arm is one protocol played by one kind of agents, ratification-blind or
// ratification-aware, over the same sessions as every other arm.
type arm struct {
	key, name string
	proto     protocol.Protocol
	mediated  bool
	aware     bool
	rounds    int
	agreed    []bool
	stands    []bool
	nash      []float64
	packages  map[string]int
}

func (a *arm) shares() (agreed, stands int) {
	for k := range a.agreed {
		if a.agreed[k] {
			agreed++
		}
		if a.stands[k] {
			stands++
		}
	}
	return agreed, stands
}

// halfWidth is the larger half-width of the arm's two 95% Wilson intervals.
func (a *arm) halfWidth() float64 {
	ag, st := a.shares()
	n := len(a.agreed)
	_, lo1, hi1 := stats.Wilson(ag, n)
	_, lo2, hi2 := stats.Wilson(st, n)
	return max(hi1-lo1, hi2-lo2) / 2
}

// simulations compares direct offers with a mediated single text (both
// voting rules), each played by ratification-blind agents and by agents
// that keep to every constituency and bloc they are told about (Putnam's
// two-level game; every constituency is disclosed). Session k draws every
// party's time-dependent strategy from seed k, the same in every arm, so
// that arms compare pair by pair; every protocol gets the same number of
// packages put forward. Sessions run in blocks until every arm's 95%
// Wilson intervals (agreement, and a deal that stands) are within ±5
// points, or Options.Sessions are done.
func (b *builder) simulations() error {
	n := len(b.s.Parties)
	if b.opt.Sessions < 0 || n < 2 {
		return nil
	}
	if n > protocol.MaxParties {
		// Sessions seat at most MaxParties: the simulation is left out,
		// and the limits section says so.
		b.unsimulated = true
		return nil
	}
	sec := b.doc.add(&Section{ID: "negotiation", Title: "Would a mediated single text do better than direct offers, and does knowing the politics help?",
		Question: "Under simulated negotiation, does a mediated single-text process reach agreements that direct alternating offers do not; do agreements survive ratification; and do negotiators who know what their constituencies and blocs would accept do better than those who do not?"})
	politics := len(b.s.Constituencies) > 0 || slices.ContainsFunc(b.s.Parties, func(p entente.Party) bool { return p.Bloc != nil })
	pol, err := ratify.CompileWith(b.s, b.fns)
	if err != nil {
		return err
	}
	direct := protocol.Protocol(protocol.Alternating{Bilateral: n == 2})
	var arms []*arm
	for _, aware := range []bool{false, true} {
		if aware && !politics {
			break
		}
		suffix, who := "", "blind"
		if aware {
			suffix, who = ".aware", "aware"
		}
		arms = append(arms,
			&arm{key: "direct" + suffix, name: "direct offers (" + direct.Name() + "), " + who, proto: direct, rounds: b.opt.Rounds, aware: aware},
			&arm{key: "mediated" + suffix, name: "mediated text, accept voting, " + who, proto: protocol.Mediated{}, mediated: true, rounds: n * b.opt.Rounds, aware: aware},
			&arm{key: "mediated_compare" + suffix, name: "mediated text, compare voting, " + who, proto: protocol.Mediated{Compare: true}, mediated: true, rounds: n * b.opt.Rounds, aware: aware})
	}
	for _, a := range arms {
		a.packages = map[string]int{}
	}
	strategies := []string{"boulware", "linear", "conceder"}
	cache := negotiator.NewCache()
	// Every session asks the same constituencies and blocs about the same
	// packages: their verdicts are computed once per package.
	verdicts := &protocol.Verdicts{}
	// play runs session k of an arm: it returns the result and the distance
	// of its outcome to the Nash point.
	play := func(a *arm, k int) (*protocol.Result, float64, error) {
		rng := rand.New(rand.NewPCG(b.opt.Seed, uint64(k)+1))
		negs := make([]protocol.Negotiator, n)
		for p := range negs {
			spec := strategies[rng.IntN(len(strategies))]
			if a.aware {
				spec += ":aware=all"
			}
			var err error
			if negs[p], err = negotiator.New(spec, cache); err != nil {
				return nil, 0, err
			}
		}
		var med protocol.Mediator
		if a.mediated {
			spec := "hillclimb"
			if a.aware {
				spec += ":aware=all"
			}
			var err error
			if med, err = negotiator.NewMediator(spec, cache); err != nil {
				return nil, 0, err
			}
		}
		r, err := protocol.Run(b.ctx, protocol.Config{Scenario: b.s, Utilities: b.fns, Politics: pol, Verdicts: verdicts, Disclosure: protocol.DiscloseAll, Space: b.sp,
			Protocol: a.proto, Negotiators: negs, Mediator: med, Deadline: protocol.Deadline{Rounds: a.rounds}, Seed: b.opt.Seed + uint64(k)})
		if err != nil {
			return nil, 0, err
		}
		return r, protocol.Measure(r, b.an, b.fns).NashDistance, nil
	}
	sessions := 0
	for sessions < b.opt.Sessions {
		if sessions > 0 && !slices.ContainsFunc(arms, func(a *arm) bool { return a.halfWidth() > simulationHalfWidth }) {
			break
		}
		block := min(simulationBlock, b.opt.Sessions-sessions)
		type out struct {
			r    *protocol.Result
			nash float64
		}
		results := make([][]out, len(arms))
		for i := range results {
			results[i] = make([]out, block)
		}
		// Session j of the block's arms × sessions: arm j/block, session j%block.
		err := parallel.For(b.ctx, uint64(len(arms)*block), parallel.Options{Workers: b.opt.Workers, Chunk: 1}, func(_ int, lo, hi uint64) error {
			for j := lo; j < hi; j++ {
				i, k := int(j)/block, int(j)%block
				r, nash, err := play(arms[i], sessions+k)
				if err != nil {
					return err
				}
				results[i][k] = out{r, nash}
			}
			return nil
		})
		if b.ctx.Err() != nil {
			return cancelled(b.ctx)
		}
		if err != nil {
			return err
		}
		for i, a := range arms {
			for _, o := range results[i] {
				if o.r.Status == protocol.Cancelled {
					// Cut short, not a failed negotiation.
					return cancelled(b.ctx)
				}
				ok := o.r.Status == protocol.Agreement
				a.agreed = append(a.agreed, ok)
				a.stands = append(a.stands, ok && o.r.Stands)
				a.nash = append(a.nash, o.nash)
				if ok {
					a.packages[b.pkg(o.r.Agreement)]++
				}
			}
		}
		sessions += block
	}
	b.doc.Numbers["negotiation.sessions"] = float64(sessions)
	ratification := b.an.Ratification != nil
	what := "Each arm ran the same %d sessions: in session k every party played a time-dependent strategy (Boulware, linear or Conceder) drawn from seed k, the same in every arm. Direct offers ran %d rounds of %d offers; the mediated text ran %d proposals, the same number of packages put forward. The mediator is a hill-climber that sees only votes, so the mediated results depend on it as much as on the parties."
	sec.para(what, sessions, b.opt.Rounds, n, n*b.opt.Rounds)
	if politics {
		sec.para("Blind agents negotiate by their own utility alone: a bloc's negotiator learns its members' verdict only when it offers or accepts, and no one looks ahead to ratification. Aware agents (aware=all) are told every constituency and, for their own party, whether its bloc's members would accept: they offer, accept and vote only for packages that pass, and the aware mediator proposes only such packages. Every agreement is checked by the referee against the scenario's rules and blocs, then put to every constituency.")
	} else {
		sec.para("The scenario has no blocs or constituencies, so agents that know the politics would play exactly as the others: only one kind of agent is shown.")
	}
	if sessions >= b.opt.Sessions && slices.ContainsFunc(arms, func(a *arm) bool { return a.halfWidth() > simulationHalfWidth }) {
		sec.para("The run stopped at its limit of %d sessions per arm before every 95%% interval was within ±5 points: read the intervals, not just the shares.", b.opt.Sessions)
	} else {
		sec.para("Sessions ran in blocks of %d per arm until every 95%% Wilson interval below was within ±5 points.", simulationBlock)
	}
	head := []string{"protocol and agents", "sessions", "agreements [95% CI]"}
	if ratification {
		head = append(head, "deals that stand [95% CI]")
	}
	head = append(head, "distance to Nash", "distinct packages agreed")
	t := &Table{Caption: "Simulated sessions by protocol and kind of agent (95% Wilson intervals)", Head: head, Numeric: []bool{false, true, true, true, true, true}}
	bars := plot.Bars{Title: "Agreements by protocol and agents", YLabel: "share of sessions agreed", Subtitle: "95% Wilson intervals"}
	if ratification {
		bars = plot.Bars{Title: "Deals that survive ratification", YLabel: "share of sessions", Subtitle: "agreements every constituency ratifies; 95% Wilson intervals"}
	}
	interval := func(k, n int) string {
		p, lo, hi := stats.Wilson(k, n)
		return fmt.Sprintf("%s [%s, %s]", pct(p), pct(lo), pct(hi))
	}
	for _, a := range arms {
		ag, st := a.shares()
		share, stand := float64(ag)/float64(sessions), float64(st)/float64(sessions)
		b.doc.Numbers["negotiation."+a.key+".agreements"] = share
		b.doc.Numbers["negotiation."+a.key+".stands"] = stand
		nash, _ := stats.Mean(a.nash)
		b.doc.Numbers["negotiation."+a.key+".nash_distance"] = nash
		row := []string{a.name, fmt.Sprint(sessions), interval(ag, sessions)}
		if ratification {
			row = append(row, interval(st, sessions))
			b.doc.Numbers["negotiation."+a.key+".ratified"] = float64(st)
		}
		row = append(row, num(nash), fmt.Sprint(len(a.packages)))
		t.Rows = append(t.Rows, row)
		k := ag
		if ratification {
			k = st
		}
		p, lo, hi := stats.Wilson(k, sessions)
		bars.Labels = append(bars.Labels, a.name)
		bars.Values, bars.Low, bars.High = append(bars.Values, p), append(bars.Low, lo), append(bars.High, hi)
	}
	sec.Blocks = append(sec.Blocks, t)
	sortBars(&bars)
	// Pair by pair, among the blind: sessions one protocol settles and the
	// other not.
	var items []string
	for _, a := range arms[1:3] {
		only, lost := 0, 0
		for k := range a.agreed {
			switch {
			case a.agreed[k] && !arms[0].agreed[k]:
				only++
			case !a.agreed[k] && arms[0].agreed[k]:
				lost++
			}
		}
		b.doc.Numbers["negotiation."+a.key+".only"] = float64(only)
		items = append(items, fmt.Sprintf("%s: agreement in %d sessions that blind direct offers left without one, and none in %d that they settled.", a.name, only, lost))
	}
	if politics {
		for i := range 3 {
			blind, aware := arms[i], arms[i+3]
			_, bs := blind.shares()
			_, as := aware.shares()
			items = append(items, fmt.Sprintf("%s: %d deals stand with aware agents against %d with blind ones, over the same %d sessions.", strings.TrimSuffix(blind.name, ", blind"), as, bs, sessions))
		}
	}
	sec.Blocks = append(sec.Blocks, Bullets(items))
	for _, a := range arms {
		if len(a.packages) == 0 {
			continue
		}
		type pk struct {
			text string
			n    int
		}
		var list []pk
		for text, c := range a.packages {
			list = append(list, pk{text, c})
		}
		slices.SortFunc(list, func(x, y pk) int {
			if x.n != y.n {
				return y.n - x.n
			}
			return strings.Compare(x.text, y.text)
		})
		pt := &Table{Caption: "Packages agreed under " + a.name, Head: []string{"sessions", "package"}, Numeric: []bool{true}, Widths: []int{12, 88}}
		for _, p := range list[:min(len(list), 3)] {
			pt.Rows = append(pt.Rows, []string{fmt.Sprint(p.n), p.text})
		}
		if len(list) > 3 {
			rest := 0
			for _, p := range list[3:] {
				rest += p.n
			}
			pt.Rows = append(pt.Rows, []string{fmt.Sprint(rest), fmt.Sprintf("… %d more packages, agreed once or a few times each (not shown)", len(list)-3)})
		}
		sec.Blocks = append(sec.Blocks, pt)
	}
	svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderBars(buf, &bars, plot.SVG) })
	if err != nil {
		return err
	}
	caption := "Share of simulated sessions that reached agreement, by protocol and kind of agent, with 95% Wilson intervals."
	if ratification {
		caption = "Share of simulated sessions whose agreement every constituency ratifies, by protocol and kind of agent, with 95% Wilson intervals."
	}
	sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "deals by protocol and agents", Caption: caption + " Most first.", Labels: bars.Labels, Values: bars.Values})
	sec.callout("%s", b.simulationFinding(arms, sessions, ratification))
	return nil
}

// simulationFinding states the section's main comparison in one sentence:
// blind direct offers against the blind mediated text, and, with politics,
// blind against aware agents.
func (b *builder) simulationFinding(arms []*arm, sessions int, ratification bool) string {
	stat := func(a *arm) (int, string) {
		ag, st := a.shares()
		k := ag
		if ratification {
			k = st
		}
		p, lo, hi := stats.Wilson(k, sessions)
		return k, fmt.Sprintf("%s [%s, %s]", pct(p), pct(lo), pct(hi))
	}
	what := "reached agreement"
	if ratification {
		what = "reached an agreement every constituency ratifies"
	}
	_, d := stat(arms[0])
	_, m := stat(arms[1])
	s := fmt.Sprintf("Over %d sessions per arm, blind direct offers %s in %s of sessions, the blind mediated text (accept voting) in %s.", sessions, what, d, m)
	if len(arms) > 3 {
		_, ad := stat(arms[3])
		_, am := stat(arms[4])
		s += fmt.Sprintf(" Aware agents did so in %s under direct offers and %s under the mediated text.", ad, am)
	}
	return s
}
