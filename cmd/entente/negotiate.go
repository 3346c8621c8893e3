package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/atomicfile"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	document "github.com/entente/entente/report"
	"github.com/entente/entente/report/plot"
	"github.com/entente/entente/space"
	"github.com/entente/entente/tournament"
	"github.com/entente/entente/utility"
	"github.com/entente/entente/wire"
)

func init() {
	register(&command{
		name:    "negotiate",
		args:    "[flags] SCENARIO",
		summary: "simulate a negotiation between automated negotiators",
		help: `Negotiate plays one negotiation session: each party is played by a
strategy, under a protocol, until the parties agree, one walks away or the
deadline passes. It prints the outcome, every party's utility, and the
outcome's distance to the Pareto frontier and to the Nash point.

Protocols: alternating (bilateral alternating offers, the ANAC SAOP),
stacked (stacked alternating offers, any number of parties), mediated (a
mediator proposes a single negotiating text; parties vote on it, with
--voting accept or compare). The scenario's rules decide whose acceptance a
package needs; a bloc accepts only when its members do, by its rule. After
an agreement, every constituency says whether it ratifies it.

A strategy with aware=own keeps to what its own bloc and constituencies
would pass; aware=all to every constituency it is told about (--disclose
all tells every party and the mediator every one).

Give each party a strategy with --party NAME=STRATEGY[:key=value,...]; the
others play --strategy. Strategies:
` + strategyHelp(negotiator.Strategies()) + `
Mediators (--mediator):
` + strategyHelp(negotiator.Mediators()) + `
The same scenario, strategies, flags and seed give the same result and
trace, byte for byte (unless --time cuts the session short).`,
		example: `  entente negotiate laptop
  entente negotiate --party buyer=conceder --party shop=boulware:e=0.1 --rounds 200 laptop
  entente negotiate --protocol mediated --voting compare --trace run.jsonl ceasefire
  entente negotiate --json --plot offers.svg --seed 7 laptop`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			o := &negotiateOptions{parties: map[string]string{}}
			fs.Func("party", "NAME=STRATEGY[:params]: the strategy playing a party (repeatable)", func(v string) error {
				name, spec, ok := strings.Cut(v, "=")
				name = strings.TrimSpace(name)
				if !ok || name == "" || strings.TrimSpace(spec) == "" {
					return fmt.Errorf("expected NAME=STRATEGY, got %q", v)
				}
				if _, twice := o.parties[name]; twice {
					return fmt.Errorf("party %q is given twice", name)
				}
				o.parties[name] = strings.TrimSpace(spec)
				o.order = append(o.order, name)
				return nil
			})
			fs.StringVar(&o.strategy, "strategy", "boulware", "the strategy of every party not named with --party")
			fs.StringVar(&o.protocol, "protocol", "", "alternating, stacked or mediated (default: alternating for two parties, stacked for more, mediated with --mediator)")
			fs.StringVar(&o.mediator, "mediator", "", "the mediator's strategy for the mediated protocol (default hillclimb)")
			fs.StringVar(&o.voting, "voting", "accept", "mediated voting: accept (would you sign it?) or compare (is it at least as good as the current text?)")
			fs.StringVar(&o.turns, "order", "", "comma-separated party names: the order of turns (default scenario order)")
			fs.IntVar(&o.rounds, "rounds", 1000, "deadline in rounds (0: none; then give --time)")
			fs.DurationVar(&o.time, "time", 0, "deadline in wall-clock time, e.g. 3s (0: none)")
			fs.Uint64Var(&o.seed, "seed", 1, "seed of every random choice")
			fs.DurationVar(&o.budget, "budget", 10*time.Second, "time limit of each call into a negotiator (0: none)")
			fs.StringVar(&o.faults, "on-fault", "skip", "what a negotiator's fault costs: skip (it loses its turn) or abort (the session ends)")
			fs.StringVar(&o.disclose, "disclose", "own", "what negotiators are told of the constituencies: own (each party its own) or all (every one, to every party and the mediator)")
			fs.StringVar(&o.trace, "trace", "", "write the session as JSON Lines to FILE (- for standard output)")
			fs.StringVar(&o.plot, "plot", "", "draw the offers in the utility space to FILE.svg or FILE.png")
			fs.StringVar(&o.plotParties, "plot-parties", "", "the two parties whose utilities the plot shows (default the first two)")
			fs.BoolVar(&o.json, "json", false, "print the result as JSON (see docs/negotiate.md)")
			fs.StringVar(&o.moves, "moves", "", "replay the moves of a live session's people and remote agents from FILE (GET /api/v1/negotiations/ID/moves of entente serve)")
			fs.IntVar(&o.resolution, "resolution", 11, "grid points per real issue")
			fs.Uint64Var(&o.max, "max-outcomes", 1<<27, "skip the Pareto and Nash metrics for larger spaces")
			return func(args []string) error { return negotiate(out, args, o) }
		},
	})
}

// strategyHelp lists strategies with their parameters for the help text.
func strategyHelp(infos []negotiator.Info) string {
	var b strings.Builder
	for _, in := range infos {
		fmt.Fprintf(&b, "  %-11s %s\n", in.Name, in.Summary)
		if len(in.Params) > 0 {
			var ps []string
			for _, p := range in.Params {
				ps = append(ps, p.Name+"="+p.Default)
			}
			fmt.Fprintf(&b, "  %-11s params: %s\n", "", strings.Join(ps, ", "))
		}
	}
	return b.String()
}

type negotiateOptions struct {
	parties                      map[string]string
	order                        []string
	strategy, protocol, mediator string
	voting, turns, faults        string
	disclose                     string
	rounds, resolution           int
	time, budget                 time.Duration
	seed, max                    uint64
	trace, plot, plotParties     string
	json                         bool
	moves                        string
}

func negotiate(out *output, args []string, o *negotiateOptions) error {
	if len(args) == 0 {
		return usagef("name a scenario to negotiate")
	}
	if o.rounds < 0 || o.time < 0 || (o.rounds == 0 && o.time == 0) {
		return usagef("give a deadline: --rounds N (N > 0) or --time DURATION")
	}
	if o.rounds > tournament.MaxRounds {
		return usagef("--rounds %d: a negotiation takes at most %d rounds", o.rounds, tournament.MaxRounds)
	}
	if o.time > tournament.MaxDeadline {
		return usagef("--time %v: a negotiation takes at most %v", o.time, tournament.MaxDeadline)
	}
	if o.resolution < 2 {
		return usagef("--resolution %d: use at least 2 grid points per real issue", o.resolution)
	}
	if o.trace == "-" && o.json {
		return usagef("--trace - and --json both write to standard output; write the trace to a file")
	}
	if o.budget < 0 {
		return usagef("--budget %v: expected a duration of 0 (none) or more", o.budget)
	}
	var faults protocol.FaultPolicy
	switch o.faults {
	case "skip":
	case "abort":
		faults = protocol.FaultAbort
	default:
		return usagef("--on-fault %q: expected skip or abort", o.faults)
	}
	disclosure, err := protocol.ParseDisclosure(o.disclose)
	if err != nil {
		return usagef("--disclose %q: expected own or all", o.disclose)
	}
	if o.plot != "" {
		if err := checkPlotPath(o.plot); err != nil {
			return err
		}
	}
	res, err := loadScenario(out, args)
	if err != nil {
		return err
	}
	s := res.Scenario
	n := len(s.Parties)
	for name := range o.parties {
		if s.PartyIndex(name) < 0 {
			return usagef("--party: no party %q; the parties are %s", name, partyNames(s))
		}
	}
	proto, err := o.chooseProtocol(s)
	if err != nil {
		return err
	}
	cache := negotiator.NewCache()
	specs := make([]string, n)
	negs := make([]protocol.Negotiator, n)
	for p := range s.Parties {
		spec, ok := o.parties[s.Parties[p].Name]
		if !ok {
			spec = o.strategy
		}
		specs[p] = spec
		if negs[p], err = negotiator.New(spec, cache); err != nil {
			return usagef("party %q: %v", s.Parties[p].Name, err)
		}
	}
	if o.moves != "" {
		if err := scriptMoves(out, o.moves, s, negs, specs); err != nil {
			return err
		}
	}
	var med protocol.Mediator
	medSpec := ""
	if proto.Name() == "mediated" {
		medSpec = o.mediator
		if medSpec == "" {
			medSpec = "hillclimb"
		}
		if med, err = negotiator.NewMediator(medSpec, cache); err != nil {
			return usagef("--mediator: %v", err)
		}
	} else if o.mediator != "" {
		return usagef("--mediator needs --protocol mediated")
	} else if o.voting != "accept" {
		return usagef("--voting applies to the mediated protocol; add --protocol mediated")
	}
	plotPair, err := o.plotPair(s)
	if err != nil {
		return err
	}
	fns, err := utility.Compile(s)
	if err != nil {
		return err
	}
	// Before the first offer every built-in strategy sorts the packages
	// (up to negotiator.ExactLimit of them) by its party's utility: with
	// interaction terms that is the exact analysis's work, estimated the
	// same way. (Beyond the limit they search instead; that work is not
	// estimated.)
	if e := estimateFor(s, analysis.Options{Resolution: o.resolution, MaxOutcomes: negotiator.ExactLimit}); e != nil && e.work > out.in.maxWork() {
		return entente.Errorf(entente.EUnsupported, "", 0, 0, "",
			"the negotiators sort the %d packages by each party's utility before the first offer, checking about %.2g conditions of interaction terms, more than the limit of %.2g; fix some issues in the scenario, discretise real issues more coarsely (--resolution), or raise the limit with --max-work",
			e.Outcomes, e.work, out.in.maxWork())
	}
	cfg := protocol.Config{
		Scenario: s, Utilities: fns, Space: space.Discretized(s.Issues, o.resolution), Disclosure: disclosure,
		Protocol: proto, Negotiators: negs, Mediator: med,
		Deadline: protocol.Deadline{Rounds: o.rounds, Time: o.time},
		Seed:     o.seed, Budget: o.budget, Faults: faults, Record: o.plot != "",
	}
	var traceFile *atomicfile.File
	var traceBuf *bufio.Writer
	switch o.trace {
	case "":
	case "-":
		traceBuf = bufio.NewWriter(out.stdout)
		cfg.Trace = traceBuf
	default:
		// Written whole when the command succeeds, not at all otherwise.
		if traceFile, err = atomicfile.Create(o.trace); err != nil {
			return outputError(o.trace, err)
		}
		defer traceFile.Abort()
		traceBuf = bufio.NewWriter(traceFile)
		cfg.Trace = traceBuf
	}
	ctx, stop := signalContext()
	defer stop()
	r, err := protocol.Run(ctx, cfg)
	if err := stopped(ctx); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	if traceBuf != nil {
		if err := traceBuf.Flush(); err != nil {
			return fmt.Errorf("writing the trace: %w", err)
		}
	}

	// The metrics need the frontier: analyse the scenario on the same grid.
	var an *analysis.Result
	var metrics *protocol.Metrics
	aopt := analysis.Options{Resolution: o.resolution, MaxOutcomes: o.max}
	if plotPair != nil {
		aopt.CloudPairs = [][2]int{*plotPair}
	}
	if e := estimateFor(s, aopt); e != nil && e.memory > out.in.maxMemory() {
		err = fmt.Errorf("%s, more than the limit of %s (raise it with --max-memory)", e.describe(), entente.FormatSize(out.in.maxMemory()))
	} else if e != nil && e.work > out.in.maxWork() {
		err = fmt.Errorf("%s, more than the limit of %.2g (raise it with --max-work)", e.describeWork(), out.in.maxWork())
	} else {
		an, err = analysis.Analyze(ctx, s, aopt)
	}
	if err := stopped(ctx); err != nil {
		return err
	}
	if err != nil {
		fmt.Fprintf(out.stderr, "warning: no Pareto or Nash metrics: %v\n", err)
		an = nil
	} else {
		m := protocol.Measure(r, an, fns)
		metrics = &m
	}
	if o.plot != "" {
		if an == nil {
			return fmt.Errorf("--plot needs the analysis of the scenario, which failed")
		}
		if err := writeNegotiationPlot(o.plot, s, r, an, fns, *plotPair); err != nil {
			return err
		}
	}
	if traceFile != nil {
		if err := traceFile.Commit(); err != nil {
			return outputError(o.trace, err)
		}
	}
	if o.trace == "-" {
		return nil
	}
	rep := &negotiationReport{s: s, r: r, m: metrics, specs: specs, mediator: medSpec, voting: o.voting, seed: o.seed, deadline: cfg.Deadline, fns: fns, disclosure: disclosure}
	if o.json {
		return rep.writeJSON(out.stdout)
	}
	return rep.writeText(out.stdout)
}

// chooseProtocol picks the protocol from the flags and the scenario.
func (o *negotiateOptions) chooseProtocol(s *entente.Scenario) (protocol.Protocol, error) {
	n := len(s.Parties)
	name := o.protocol
	if name == "" {
		switch {
		case o.mediator != "":
			name = "mediated"
		case n == 2:
			name = "alternating"
		default:
			name = "stacked"
		}
	}
	var order []int
	if o.turns != "" {
		if name == "mediated" {
			return nil, usagef("--order applies to alternating offers; the mediated protocol has no turns")
		}
		for _, t := range strings.Split(o.turns, ",") {
			p := s.PartyIndex(strings.TrimSpace(t))
			if p < 0 {
				return nil, usagef("--order: no party %q; the parties are %s", t, partyNames(s))
			}
			if slices.Contains(order, p) {
				return nil, usagef("--order names %q twice; name every party once", strings.TrimSpace(t))
			}
			order = append(order, p)
		}
		if len(order) != len(s.Parties) {
			return nil, usagef("--order names %d of the %d parties; name every party once (%s)", len(order), len(s.Parties), partyNames(s))
		}
	}
	var proto protocol.Protocol
	switch name {
	case "alternating":
		proto = protocol.Alternating{Bilateral: true, Order: order}
	case "stacked":
		proto = protocol.Alternating{Order: order}
	case "mediated":
		switch o.voting {
		case "accept", "compare":
		default:
			return nil, usagef("--voting %q: expected accept or compare", o.voting)
		}
		proto = protocol.Mediated{Compare: o.voting == "compare"}
	default:
		return nil, usagef("--protocol %q: expected alternating, stacked or mediated", name)
	}
	if err := proto.Check(n, name == "mediated"); err != nil {
		return nil, usagef("--protocol %s: %v", name, err)
	}
	return proto, nil
}

// plotPair returns the two parties the plot shows, or nil without a plot.
func (o *negotiateOptions) plotPair(s *entente.Scenario) (*[2]int, error) {
	if o.plot == "" {
		if o.plotParties != "" {
			return nil, usagef("--plot-parties needs --plot")
		}
		return nil, nil
	}
	if len(s.Parties) < 2 {
		return nil, usagef("--plot draws two parties' utilities; this scenario has one party")
	}
	if o.plotParties == "" {
		return &[2]int{0, 1}, nil
	}
	names := strings.Split(o.plotParties, ",")
	if len(names) != 2 {
		return nil, usagef("--plot-parties: expected two party names separated by a comma")
	}
	var pair [2]int
	for i, nm := range names {
		if pair[i] = s.PartyIndex(strings.TrimSpace(nm)); pair[i] < 0 {
			return nil, usagef("--plot-parties: no party %q; the parties are %s", nm, partyNames(s))
		}
	}
	if pair[0] == pair[1] {
		return nil, usagef("--plot-parties names %q twice", names[0])
	}
	return &pair, nil
}

// writeNegotiationPlot draws each party's offers (or the mediator's
// proposals) over the frontier in two parties' utility space.
// Utilities are undiscounted, like the frontier's.
func writeNegotiationPlot(path string, s *entente.Scenario, r *protocol.Result, an *analysis.Result, fns []*utility.Func, pair [2]int) error {
	format, err := plot.FormatOf(path)
	if err != nil {
		return err
	}
	f := document.SpaceFigure(s, an)
	f.Subtitle = fmt.Sprintf("%s: %s after %d rounds", r.Protocol, r.Status, r.Rounds)
	f.Marks = nil
	paths := map[int]int{}
	for _, e := range r.Events {
		if e.Kind != protocol.Offered && e.Kind != protocol.Proposed {
			continue
		}
		k, ok := paths[e.Party]
		if !ok {
			name := "proposals of the mediator"
			if e.Party >= 0 {
				name = "offers of " + s.Parties[e.Party].Name
			}
			k = len(f.Paths)
			paths[e.Party] = k
			f.Paths = append(f.Paths, plot.Path{Name: name})
		}
		u := make([]float64, len(fns))
		for p, fn := range fns {
			u[p] = fn.Utility(e.Outcome)
		}
		// A repeated offer adds nothing to the drawing.
		if pts := f.Paths[k].Points; len(pts) > 0 && slices.Equal(pts[len(pts)-1], u) {
			continue
		}
		f.Paths[k].Points = append(f.Paths[k].Points, u)
	}
	if an.Nash != nil {
		f.Marks = append(f.Marks, plot.Mark{Name: "Nash", Utilities: an.Nash.Utilities})
	}
	if r.Status == protocol.Agreement {
		f.Marks = append(f.Marks, plot.Mark{Name: "agreement", Utilities: r.Utilities})
	}
	panel := plot.Panel{X: pair[0], Y: pair[1]}
	if len(an.Clouds) > 0 {
		panel.ZoneCloud, panel.Cloud = an.Clouds[0].Points()
	}
	f.Panels = []plot.Panel{panel}
	var buf bytes.Buffer
	if err := plot.Render(&buf, f, format); err != nil {
		return err
	}
	return writeFile(path, buf.Bytes())
}

// negotiationReport prints a session's result.
type negotiationReport struct {
	s          *entente.Scenario
	r          *protocol.Result
	m          *protocol.Metrics
	fns        []*utility.Func
	specs      []string
	mediator   string
	voting     string
	seed       uint64
	deadline   protocol.Deadline
	disclosure protocol.Disclosure
}

func (rep *negotiationReport) deadlineText() string {
	var parts []string
	if rep.deadline.Rounds > 0 {
		parts = append(parts, fmt.Sprintf("%d rounds", rep.deadline.Rounds))
	}
	if rep.deadline.Time > 0 {
		parts = append(parts, rep.deadline.Time.String())
	}
	return strings.Join(parts, " or ")
}

func (rep *negotiationReport) writeText(w io.Writer) error {
	s, r := rep.s, rep.r
	bw := bufio.NewWriter(w)
	proto := r.Protocol
	if rep.mediator != "" {
		proto += fmt.Sprintf(" (mediator %s, %s voting)", rep.mediator, rep.voting)
	}
	name := s.Name
	if name == "" {
		name = "scenario"
	}
	fmt.Fprintf(bw, "%s: %s protocol, deadline %s, seed %d\n", name, proto, rep.deadlineText(), rep.seed)
	switch r.Status {
	case protocol.Agreement:
		fmt.Fprintf(bw, "agreement in round %d (t = %.4f)\n", r.Rounds, r.Time)
		fmt.Fprintf(bw, "package: %s\n", packageText(s, r.Agreement))
		for _, v := range r.Ratification {
			who := fmt.Sprintf("ratification: %s (%s)", v.Constituency, s.Parties[v.Party].Name)
			switch {
			case !v.Applies:
				fmt.Fprintf(bw, "%s is not asked: the package lies outside its region\n", who)
			case v.Ratified:
				fmt.Fprintf(bw, "%s ratifies it: approval %.4f, threshold %.4f\n", who, v.Approval, v.Threshold)
			default:
				fmt.Fprintf(bw, "%s rejects it: approval %.4f, threshold %.4f\n", who, v.Approval, v.Threshold)
			}
		}
		if r.Ratification != nil {
			if r.Stands {
				fmt.Fprintln(bw, "the deal stands: every constituency lets it pass")
			} else {
				fmt.Fprintln(bw, "the deal does not stand: a constituency rejects it")
			}
		}
	default:
		fmt.Fprintf(bw, "no agreement (%s) in round %d (t = %.4f): %s\n", r.Status, r.Rounds, r.Time, r.Reason)
	}
	fmt.Fprintln(bw)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "party\tstrategy\tutility\tdiscounted\treservation")
	for p := range s.Parties {
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%.4f\n", s.Parties[p].Name, rep.specs[p], r.Utilities[p], r.Discounted[p], rep.fns[p].Reservation())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(bw)
	if m := rep.m; m != nil {
		fmt.Fprintf(bw, "distance to the Pareto frontier: %.4f\n", m.ParetoDistance)
		if math.IsNaN(m.NashDistance) {
			fmt.Fprintln(bw, "distance to the Nash point:      none (the agreement zone is empty)")
		} else {
			fmt.Fprintf(bw, "distance to the Nash point:      %.4f\n", m.NashDistance)
		}
		fmt.Fprintf(bw, "social welfare:                  %.4f\n", m.SocialWelfare)
	}
	fmt.Fprintf(bw, "offers: %d, faults: %d, time: %v\n", r.Offers, r.Faults, r.Elapsed.Round(time.Microsecond))
	return bw.Flush()
}

func (rep *negotiationReport) writeJSON(w io.Writer) error {
	set := wire.NegotiationSettings{Strategies: rep.specs, Mediator: rep.mediator, Voting: rep.voting, Seed: rep.seed,
		Deadline: rep.deadline, Disclosure: rep.disclosure}
	for _, f := range rep.fns {
		set.Reservations = append(set.Reservations, f.Reservation())
	}
	return wire.Encode(w, wire.Negotiation(rep.s, set, rep.r, rep.m))
}
