package tournament

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/internal/infile"
	"github.com/entente/entente/internal/tree"
	"github.com/entente/entente/load"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
)

// Plan is a tournament: negotiators × scenarios × role assignments ×
// protocol settings × repetitions, expanded into numbered negotiations.
type Plan struct {
	// Name labels the tournament in reports.
	Name string
	// Seed derives every negotiation's seed.
	Seed uint64
	// Scenarios are the negotiations' scenarios, loaded.
	Scenarios []Scenario
	// Negotiators are the competitors.
	Negotiators []Competitor
	// Protocols are the protocol settings; each scenario is played under
	// each.
	Protocols []Setting
	// Roles says which assignments of negotiators to parties are played.
	Roles Roles
	// Repetitions is how often each negotiation is played (with its own
	// seed each time).
	Repetitions int
	// Deadline, Budget and Faults apply to every negotiation.
	Deadline protocol.Deadline
	Budget   time.Duration
	Faults   protocol.FaultPolicy
	// Disclosure says what negotiators are told about blocs and
	// constituencies (protocol.Disclosure).
	Disclosure protocol.Disclosure
	// Resolution is the grid size for real issues.
	Resolution int
	// MetricsMaxOutcomes skips the Pareto and Nash metrics of scenarios
	// with more packages.
	MetricsMaxOutcomes uint64
	// Custom holds negotiators written in Go, by the name a competitor's
	// spec gives; they take precedence over the built-in strategies.
	Custom map[string]func() protocol.Negotiator
	// Remote makes the negotiator of a remote agent that a competitor's
	// spec names by URL (ws:// or wss://; package live/remote speaks to
	// it). Without it, such competitors cannot play.
	Remote func(url string) protocol.Negotiator
	// MaxNegotiations bounds the plan's expansion (0: MaxNegotiations).
	MaxNegotiations int
	// MaxMemory bounds the memory of a scenario's Pareto and Nash metrics,
	// estimated before they are computed (0: 1 GiB); a scenario above it
	// gets no metrics.
	MaxMemory int64
}

// maxMemory returns the plan's bound on the metrics' memory.
func (p *Plan) maxMemory() int64 {
	if p.MaxMemory > 0 {
		return p.MaxMemory
	}
	return 1 << 30
}

// Scenario is one scenario of a plan.
type Scenario struct {
	// Name is how the plan names it (an example name or a path).
	Name     string
	Scenario *entente.Scenario
}

// Competitor is one negotiator of a plan: a label and a strategy spec.
type Competitor struct {
	Name string
	Spec string
}

// Setting is one protocol setting.
type Setting struct {
	// Protocol is alternating, stacked or mediated; empty means alternating
	// for two parties and stacked for more.
	Protocol string
	// Voting (accept or compare) and Mediator apply to mediated sessions.
	Voting   string
	Mediator string
}

// Label names the setting in results, e.g. "mediated/compare/hillclimb".
func (st Setting) Label() string {
	switch st.Protocol {
	case "":
		return "offers"
	case "mediated":
		return "mediated/" + st.Voting + "/" + st.Mediator
	}
	return st.Protocol
}

// Roles selects role assignments.
type Roles struct {
	// Sample, when positive, plays only this many assignments per
	// scenario, drawn without replacement from all of them (seeded).
	Sample int
	// SelfPlay lets a negotiator play several parties of one session.
	SelfPlay bool
	// AllOrders makes a sample draw sets of negotiators and play each set
	// in every order of roles (both orders of a pair), so that no
	// negotiator gains from the side it was drawn on.
	AllOrders bool
}

// Job is one negotiation of an expanded plan.
type Job struct {
	// Index is the negotiation's number, from 0, in expansion order:
	// scenario, protocol setting, role assignment, repetition.
	Index int
	// Scenario and Setting index Plan.Scenarios and Plan.Protocols.
	Scenario, Setting int
	// Roles holds the competitor (index into Plan.Negotiators) playing each
	// party, in party order.
	Roles []int
	// Repetition counts from 0.
	Repetition int
	// Seed is the negotiation's own seed.
	Seed uint64
}

var planKeys = []string{"tournament", "name", "seed", "scenarios", "negotiators", "protocols", "roles", "self_play", "repetitions", "deadline", "budget", "on_fault", "disclosure", "resolution", "metrics_max_outcomes"}

// ReadPlan reads a plan file (YAML, see docs/tournament.md) and loads its
// scenarios: built-in example names, or paths relative to the plan file,
// within the plan's folder. It applies the default limits.
func ReadPlan(path string) (*Plan, error) { return PlanReader{}.Read(path) }

// ParsePlan parses a plan from data (named name in messages), resolving
// scenario paths against dir (and only within it), with the default
// limits.
func ParsePlan(name string, data []byte, dir string) (*Plan, error) {
	return PlanReader{}.Parse(name, data, dir)
}

// PlanReader reads plans within limits.
type PlanReader struct {
	// Limits bound the plan file, its scenarios and its expansion (zero
	// fields: entente.DefaultLimits).
	Limits entente.Limits
	// Allow lists folders, besides the plan's own, that its scenario paths
	// may name (--allow-path).
	Allow []string
}

// MaxDeadline is the longest time limit a plan may give a negotiation.
const MaxDeadline = 30 * 24 * time.Hour

// MaxRounds is the largest number of rounds a plan may give a
// negotiation.
const MaxRounds = 1_000_000

// Read reads a plan file as ReadPlan does, within the reader's limits.
func (r PlanReader) Read(path string) (*Plan, error) {
	data, err := infile.Read(path, r.Limits.FileSize)
	if err != nil {
		return nil, err
	}
	return r.Parse(path, data, filepath.Dir(path))
}

// Parse parses a plan as ParsePlan does, within the reader's limits. It
// reports every problem of the plan (up to tree.MaxErrors), each with its
// line and column, as an entente.ErrorList.
func (r PlanReader) Parse(name string, data []byte, dir string) (*Plan, error) {
	lim := r.Limits.Defaults()
	root, err := tree.Parse(name, data, tree.Options{Nodes: lim.Nodes, Expected: "a mapping with tournament: 1, scenarios and negotiators"})
	if err != nil {
		return nil, entente.ErrorList{err}
	}
	pr := &planReader{Reader: tree.Reader{File: name}, r: r, dir: dir}
	if tree.Aliases(root, func(a *yaml.Node) {
		pr.Errorf(a, "", "YAML aliases (*%s) are not supported in a plan; write the value out in full", a.Value)
	}) > 0 {
		return nil, pr.Errs.List()
	}
	if root.Kind != yaml.MappingNode {
		pr.Errorf(root, "", "expected a mapping with tournament: 1, scenarios and negotiators, got %s", tree.Describe(root))
		return nil, pr.Errs.List()
	}
	p := pr.plan(root)
	if pr.Errs.Len() > 0 {
		return nil, pr.Errs.List()
	}
	p.MaxNegotiations = lim.Negotiations
	if pps := p.problems(); len(pps) > 0 {
		for _, pp := range pps {
			pr.Errorf(pr.at(root, pp.key, pp.item), "", "%v", pp.err)
		}
		return nil, pr.Errs.List()
	}
	return p, nil
}

// at returns the node of the plan that a problem of Check concerns: the
// item of the list under key, the value of key, or the plan.
func (pr *planReader) at(root *yaml.Node, key string, item int) *yaml.Node {
	e, ok := pr.top[key]
	switch {
	case !ok:
		return root
	case item >= 0 && e.Val.Kind == yaml.SequenceNode && item < len(e.Val.Content):
		return e.Val.Content[item]
	}
	return e.Val
}

// planReader reads a plan's tree, recording every problem.
type planReader struct {
	tree.Reader
	r   PlanReader
	dir string
	// top holds the plan's top-level entries by key.
	top map[string]tree.Entry
}

// plan reads the top-level mapping.
func (pr *planReader) plan(top *yaml.Node) *Plan {
	p := &Plan{Seed: 1, Repetitions: 1, Resolution: 11, MetricsMaxOutcomes: 1 << 24, Budget: 10 * time.Second,
		Deadline: protocol.Deadline{Rounds: 1000}}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := top.Content[i]; k.Value == "entente" {
			pr.Errorf(k, "", "this is a scenario file, not a tournament plan; a plan starts with tournament: 1 and names its scenarios (see docs/tournament.md)")
			return p
		}
	}
	f := pr.Fields(top, "", "a mapping with tournament: 1, scenarios and negotiators", planKeys)
	if f == nil {
		return p
	}
	pr.top = f
	if e, ok := f["tournament"]; !ok {
		pr.Errorf(top, "tournament", "expected tournament: 1 (the plan format version) at the top")
	} else if v, ok := tree.ParseNumber(e.Val); !ok || v != 1 || e.Val.Kind != yaml.ScalarNode {
		pr.Errorf(e.Val, "tournament", "expected tournament: 1 (the plan format version) at the top")
	}
	if e, ok := f["name"]; ok {
		if e.Val.Tag != "!!null" {
			p.Name, _ = pr.Text(e.Val, "name", "the tournament's name")
		}
	}
	pr.whole(f, "seed", &p.Seed)
	pr.scenarios(p, top, f["scenarios"])
	pr.negotiators(p, top, f["negotiators"])
	if e, ok := f["protocols"]; ok {
		pr.protocols(p, e)
	}
	if len(p.Protocols) == 0 {
		p.Protocols = []Setting{{}}
	}
	if e, ok := f["roles"]; ok {
		pr.roles(p, e.Val)
	}
	if e, ok := f["self_play"]; ok {
		p.Roles.SelfPlay, _ = pr.Bool(e.Val, "self_play")
	}
	pr.atLeast(f, "repetitions", 1, "expected at least 1", &p.Repetitions)
	if e, ok := f["deadline"]; ok {
		pr.deadline(p, e.Val)
	}
	if e, ok := f["budget"]; ok {
		if b, ok := pr.Text(e.Val, "budget", "a duration such as 10s or 500ms"); ok {
			d, err := time.ParseDuration(b)
			if err != nil || d < 0 {
				pr.Errorf(e.Val, "budget", "expected a duration such as 10s or 500ms (0: none), got %q", b)
			} else {
				p.Budget = d
			}
		}
	}
	if e, ok := f["on_fault"]; ok {
		switch v, ok := pr.Text(e.Val, "on_fault", "skip or abort"); {
		case !ok, v == "skip":
		case v == "abort":
			p.Faults = protocol.FaultAbort
		default:
			pr.Errorf(e.Val, "on_fault", "expected skip or abort, got %q", v)
		}
	}
	if e, ok := f["disclosure"]; ok {
		if v, ok := pr.Text(e.Val, "disclosure", "own or all"); ok {
			d, err := protocol.ParseDisclosure(v)
			if err != nil {
				pr.Errorf(e.Val, "disclosure", "expected own (each party is told its own bloc and constituencies) or all (every constituency is public), got %q", v)
			} else {
				p.Disclosure = d
			}
		}
	}
	pr.atLeast(f, "resolution", 2, "expected at least 2 grid points per real issue", &p.Resolution)
	pr.whole(f, "metrics_max_outcomes", &p.MetricsMaxOutcomes)
	return p
}

// atLeast reads the whole number under key, at least lo (else the
// message), into dst.
func (pr *planReader) atLeast(f map[string]tree.Entry, key string, lo int64, message string, dst *int) {
	e, ok := f[key]
	if !ok {
		return
	}
	if n, ok := pr.Int(e.Val, key, math.MinInt64, math.MaxInt32); !ok {
		return
	} else if n < lo {
		pr.Errorf(e.Val, key, "%s", message)
	} else {
		*dst = int(n)
	}
}

// whole reads the non-negative whole number under key into dst.
func (pr *planReader) whole(f map[string]tree.Entry, key string, dst *uint64) {
	e, ok := f[key]
	if !ok {
		return
	}
	var v uint64
	if err := e.Val.Decode(&v); err != nil || e.Val.Kind != yaml.ScalarNode || e.Val.Tag != "!!int" {
		pr.Errorf(e.Val, key, "expected a whole number from 0 to %d, got %s", uint64(math.MaxUint64), tree.Describe(e.Val))
		return
	}
	*dst = v
}

// items returns the list under key, reporting a missing or empty one.
func (pr *planReader) items(top *yaml.Node, e tree.Entry, key, missing string) []*yaml.Node {
	if e.Val == nil {
		pr.Errorf(top, key, "%s", missing)
		return nil
	}
	l, ok := pr.List(e.Val, key, "a list")
	if ok && len(l) == 0 {
		pr.Errorf(e.Val, key, "%s", missing)
	}
	return l
}

func (pr *planReader) scenarios(p *Plan, top *yaml.Node, e tree.Entry) {
	for k, it := range pr.items(top, e, "scenarios", "missing; list at least one scenario (an example name or a path)") {
		field := fmt.Sprintf("scenarios[%d]", k)
		sc, ok := pr.Text(it, field, "a scenario: an example name or a path")
		if !ok {
			continue
		}
		if slices.ContainsFunc(p.Scenarios, func(o Scenario) bool { return o.Name == sc }) {
			pr.Errorf(it, field, "scenario %s is listed twice; results are grouped by scenario, so list each once (and raise repetitions instead)", sc)
			continue
		}
		res, err := pr.r.loadScenario(sc, pr.dir)
		if err != nil {
			pr.Errorf(it, field, "%v", err)
			continue
		}
		p.Scenarios = append(p.Scenarios, Scenario{Name: sc, Scenario: res})
	}
}

func (pr *planReader) negotiators(p *Plan, top *yaml.Node, e tree.Entry) {
	const want = "expected a strategy spec, or {name: LABEL, strategy: SPEC}"
	for k, it := range pr.items(top, e, "negotiators", "missing; list at least one strategy spec") {
		field := fmt.Sprintf("negotiators[%d]", k)
		var c Competitor
		switch it.Kind {
		case yaml.ScalarNode:
			if it.Tag != "!!str" {
				pr.Errorf(it, field, "%s", want)
				continue
			}
			c = Competitor{Name: it.Value, Spec: it.Value}
		case yaml.MappingNode:
			f := pr.Fields(it, field, "{name: LABEL, strategy: SPEC}", []string{"name", "strategy"})
			if f == nil {
				continue
			}
			n, s := f["name"], f["strategy"]
			if n.Val == nil || s.Val == nil || n.Val.Tag != "!!str" || s.Val.Tag != "!!str" || n.Val.Value == "" || s.Val.Value == "" {
				pr.Errorf(it, field, "%s", want)
				continue
			}
			c = Competitor{Name: n.Val.Value, Spec: s.Val.Value}
		default:
			pr.Errorf(it, field, "%s", want)
			continue
		}
		if IsRemote(c.Spec) {
			if _, err := url.Parse(c.Spec); err != nil {
				pr.Errorf(it, field, "a remote agent's URL: %v", err)
				continue
			}
		} else if _, err := negotiator.New(c.Spec, nil); err != nil {
			pr.Errorf(it, field, "%v", err)
			continue
		}
		if slices.ContainsFunc(p.Negotiators, func(o Competitor) bool { return o.Name == c.Name }) {
			pr.Errorf(it, field, "negotiator %q is listed twice; give one a name: {name: LABEL, strategy: SPEC}", c.Name)
			continue
		}
		p.Negotiators = append(p.Negotiators, c)
	}
}

func (pr *planReader) protocols(p *Plan, e tree.Entry) {
	l, _ := pr.List(e.Val, "protocols", "a list of protocol settings")
	for k, it := range l {
		field := fmt.Sprintf("protocols[%d]", k)
		var st Setting
		switch it.Kind {
		case yaml.ScalarNode:
			st.Protocol = it.Value
		case yaml.MappingNode:
			f := pr.Fields(it, field, "{protocol, voting, mediator}", []string{"protocol", "voting", "mediator"})
			if f == nil {
				continue
			}
			bad := false
			for _, kd := range []struct {
				key string
				dst *string
			}{{"protocol", &st.Protocol}, {"voting", &st.Voting}, {"mediator", &st.Mediator}} {
				key, dst := kd.key, kd.dst
				if v := f[key].Val; v != nil {
					if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
						pr.Errorf(v, field+"."+key, "expected text")
						bad = true
						continue
					}
					*dst = v.Value
				}
			}
			if bad {
				continue
			}
		default:
			pr.Errorf(it, field, "expected a protocol name or {protocol, voting, mediator}")
			continue
		}
		if err := st.check(); err != nil {
			pr.Errorf(it, field, "%v", err)
			continue
		}
		p.Protocols = append(p.Protocols, st)
	}
}

func (pr *planReader) roles(p *Plan, n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag != "!!null" && n.Value != "all" {
			pr.Errorf(n, "roles", "expected all, or {sample: N}")
		}
	case yaml.MappingNode:
		const want = "expected all, or {sample: N, all_orders: true|false} with N >= 1"
		f := pr.Fields(n, "roles", want, []string{"sample", "all_orders"})
		if f == nil {
			return
		}
		s := f["sample"].Val
		if s == nil {
			pr.Errorf(n, "roles.sample", "missing; %s", want)
			return
		}
		if v, ok := pr.Int(s, "roles.sample", 1, math.MaxInt32); ok {
			p.Roles.Sample = int(v)
		}
		if o := f["all_orders"].Val; o != nil {
			p.Roles.AllOrders, _ = pr.Bool(o, "roles.all_orders")
		}
	default:
		pr.Errorf(n, "roles", "expected all, or {sample: N}")
	}
}

func (pr *planReader) deadline(p *Plan, n *yaml.Node) {
	f := pr.Fields(n, "deadline", "{rounds: N} and/or {seconds: S}", []string{"rounds", "seconds"})
	if f == nil {
		return
	}
	var rounds int64
	var sec float64
	if r := f["rounds"].Val; r != nil {
		v, ok := pr.Int(r, "deadline.rounds", math.MinInt64, math.MaxInt64)
		if !ok {
			return
		}
		if v > MaxRounds {
			pr.Errorf(r, "deadline.rounds", "%d rounds; expected at most %d for one negotiation", v, MaxRounds)
			return
		}
		rounds = v
	}
	if s := f["seconds"].Val; s != nil {
		v, ok := tree.ParseNumber(s)
		if !ok || s.Kind != yaml.ScalarNode || (s.Tag != "!!int" && s.Tag != "!!float") {
			pr.Errorf(s, "deadline.seconds", "expected a number of seconds, got %s", tree.Describe(s))
			return
		}
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			pr.Errorf(s, "deadline.seconds", "expected a finite number of seconds, got %v", v)
			return
		case v > MaxDeadline.Seconds():
			pr.Errorf(s, "deadline.seconds", "%v seconds; expected at most %v (%s) for one negotiation", v, MaxDeadline.Seconds(), MaxDeadline)
			return
		}
		sec = v
	}
	if rounds < 0 || sec < 0 || (rounds == 0 && sec == 0) {
		pr.Errorf(n, "deadline", "expected {rounds: N} and/or {seconds: S}, positive")
		return
	}
	p.Deadline = protocol.Deadline{Rounds: int(rounds), Time: time.Duration(sec * float64(time.Second))}
	if sec > 0 && p.Deadline.Time <= 0 {
		pr.Errorf(f["seconds"].Val, "deadline.seconds", "%v seconds is shorter than a nanosecond; expected a positive time limit", sec)
	}
}

// loadScenario loads a scenario of the plan: a built-in example, or a path
// within the plan's folder (or an allowed one).
func (r PlanReader) loadScenario(name, dir string) (*entente.Scenario, error) {
	if res, err := load.Example(name); err == nil {
		return res.Scenario, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	if _, ok := infile.Within(path, append([]string{dir}, r.Allow...)...); !ok {
		abs, err := filepath.Abs(dir)
		if err != nil {
			abs = dir
		}
		return nil, fmt.Errorf("%q lies outside the folder %s of the plan; a plan names scenarios in its own folder only (allow another folder with --allow-path FOLDER)", name, abs)
	}
	l := &load.Loader{Limits: r.Limits, Allow: r.Allow}
	res, err := l.Paths(path)
	if err != nil {
		return nil, err
	}
	return res.Scenario, nil
}

func (st *Setting) check() error {
	switch st.Protocol {
	case "", "alternating", "stacked":
		if st.Voting != "" || st.Mediator != "" {
			return fmt.Errorf("voting and mediator apply to the mediated protocol only")
		}
	case "mediated":
		if st.Voting == "" {
			st.Voting = "accept"
		}
		if st.Voting != "accept" && st.Voting != "compare" {
			return fmt.Errorf("voting %q: expected accept or compare", st.Voting)
		}
		if st.Mediator == "" {
			st.Mediator = "hillclimb"
		}
		if _, err := negotiator.NewMediator(st.Mediator, nil); err != nil {
			return fmt.Errorf("mediator: %v", err)
		}
	default:
		return fmt.Errorf("unknown protocol %q; expected alternating, stacked or mediated", st.Protocol)
	}
	return nil
}

// newNegotiator makes a competitor's negotiator: a custom one, or a
// built-in strategy.
func (p *Plan) newNegotiator(spec string, c *negotiator.Cache) (protocol.Negotiator, error) {
	if f, ok := p.Custom[spec]; ok {
		return f(), nil
	}
	if IsRemote(spec) {
		if p.Remote == nil {
			return nil, fmt.Errorf("%s names a remote agent, and this program cannot reach remote agents", spec)
		}
		return p.Remote(spec), nil
	}
	return negotiator.New(spec, c)
}

// IsRemote reports whether a competitor's spec names a remote agent by
// URL (ws:// or wss://).
func IsRemote(spec string) bool {
	return strings.HasPrefix(spec, "ws://") || strings.HasPrefix(spec, "wss://")
}

// protocolFor returns the protocol of a setting for a scenario with n
// parties.
func (st Setting) protocolFor(n int) protocol.Protocol {
	switch st.Protocol {
	case "alternating":
		return protocol.Alternating{Bilateral: true}
	case "stacked":
		return protocol.Alternating{}
	case "mediated":
		return protocol.Mediated{Compare: st.Voting == "compare"}
	}
	return protocol.Alternating{Bilateral: n == 2}
}

// Check reports a plan that cannot run: an unknown strategy, a protocol
// that does not fit a scenario, or too few negotiators to fill a
// scenario's parties.
func (p *Plan) Check() error {
	var errs []error
	for _, pp := range p.problems() {
		errs = append(errs, pp.err)
	}
	return errors.Join(errs...)
}

// planProblem is a problem Check finds, with where a plan file would hold
// it: the item of the list under key (item -1: the value of key; key "":
// the plan as a whole).
type planProblem struct {
	key  string
	item int
	err  error
}

// problems returns the problems Check reports.
func (p *Plan) problems() []planProblem {
	var out []planProblem
	add := func(key string, item int, err error) { out = append(out, planProblem{key, item, err}) }
	if len(p.Scenarios) == 0 || len(p.Negotiators) == 0 {
		add("", -1, errors.New("a plan needs at least one scenario and one negotiator"))
	}
	for k, c := range p.Negotiators {
		if IsRemote(c.Spec) {
			continue // reached when the negotiations run
		}
		if _, err := p.newNegotiator(c.Spec, nil); err != nil {
			add("negotiators", k, fmt.Errorf("negotiators[%d] (%s): %v", k, c.Name, err))
		}
	}
	for i, sc := range p.Scenarios {
		n := len(sc.Scenario.Parties)
		for j, st := range p.Protocols {
			if err := st.protocolFor(n).Check(n, st.Protocol == "mediated"); err != nil {
				if st == (Setting{}) {
					// The default setting: no protocol was written.
					add("scenarios", i, fmt.Errorf("scenario %s under %s: %v", sc.Name, st.Label(), err))
				} else {
					add("protocols", j, fmt.Errorf("scenario %s under %s: %v", sc.Name, st.Label(), err))
				}
			}
		}
		if !p.Roles.SelfPlay && len(p.Negotiators) < n {
			add("negotiators", -1, fmt.Errorf("scenario %s has %d parties and the plan %d negotiators; add negotiators or set self_play: true", sc.Name, n, len(p.Negotiators)))
		}
	}
	if p.Repetitions < 1 {
		add("repetitions", -1, errors.New("repetitions must be at least 1"))
	}
	if len(out) == 0 {
		limit := p.maxNegotiations()
		if n := p.count(); n > limit {
			in := "far more"
			if n < countCap {
				in = strconv.Itoa(n)
			}
			add("", -1, fmt.Errorf("the plan expands into more than %d negotiations (%s in all), the limit; sample the roles ({sample: N}), split it, or raise the limit with --max-negotiations", limit, in))
		} else if n == 0 {
			add("", -1, errors.New("the plan expands into no negotiations"))
		}
	}
	return out
}

// MaxNegotiations is the default bound on a plan's size, so that listing
// and expanding it stays within memory (about 100 bytes a negotiation).
const MaxNegotiations = entente.DefaultNegotiations

// maxNegotiations returns the plan's bound on its size.
func (p *Plan) maxNegotiations() int {
	if p.MaxNegotiations > 0 {
		return p.MaxNegotiations
	}
	return MaxNegotiations
}

// countCap is where count stops counting.
const countCap = 1 << 50

// count returns the number of negotiations without expanding the plan,
// saturating at countCap.
func (p *Plan) count() int {
	mul := func(a, b int) int {
		if a == 0 || b == 0 {
			return 0
		}
		if a > countCap/b {
			return countCap
		}
		return a * b
	}
	total := 0
	for _, sc := range p.Scenarios {
		k := len(sc.Scenario.Parties)
		a := p.total(k) // n^k with self-play, else n!/(n-k)!
		if p.Roles.Sample > 0 {
			if p.Roles.AllOrders {
				// Sets of negotiators times their orders: at most
				// Sample × k! of them.
				orders := 1
				for d := 2; d <= k; d++ {
					orders = mul(orders, d)
				}
				a = min(a, mul(p.Roles.Sample, orders))
			} else {
				a = min(a, p.Roles.Sample)
			}
		}
		total = min(countCap, total+mul(mul(a, len(p.Protocols)), max(p.Repetitions, 0)))
	}
	return total
}

// Jobs expands the plan into its numbered negotiations.
func (p *Plan) Jobs() []Job {
	var jobs []Job
	for s, sc := range p.Scenarios {
		roles := p.assignments(s, len(sc.Scenario.Parties))
		for st := range p.Protocols {
			for _, r := range roles {
				for rep := range p.Repetitions {
					i := len(jobs)
					jobs = append(jobs, Job{Index: i, Scenario: s, Setting: st, Roles: r, Repetition: rep, Seed: seedOf(p.Seed, uint64(i))})
				}
			}
		}
	}
	return jobs
}

// assignments lists the role assignments of scenario s with k parties:
// every ordered choice of k distinct negotiators (any k with self-play), or
// a seeded sample of them. Small sets are enumerated and shuffled; large
// ones are sampled directly, so that a sample of a huge set costs only its
// size.
func (p *Plan) assignments(s, k int) [][]int {
	n := len(p.Negotiators)
	rng := rand.New(rand.NewPCG(p.Seed, uint64(s)+0x5eed))
	if p.Roles.Sample > 0 && p.total(k) > max(1<<16, 4*p.Roles.Sample) {
		return p.drawAssignments(rng, n, k)
	}
	var all [][]int
	cur := make([]int, k)
	used := make([]bool, n)
	var rec func(d int)
	rec = func(d int) {
		if d == k {
			all = append(all, slices.Clone(cur))
			return
		}
		for c := range n {
			if used[c] && !p.Roles.SelfPlay {
				continue
			}
			used[c] = true
			cur[d] = c
			rec(d + 1)
			used[c] = false
		}
	}
	rec(0)
	if p.Roles.Sample <= 0 {
		return all
	}
	if !p.Roles.AllOrders {
		if p.Roles.Sample < len(all) {
			rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
			all = all[:p.Roles.Sample]
			slices.SortFunc(all, slices.Compare)
		}
		return all
	}
	// Sample sets (assignments in ascending order stand for their set),
	// then play every order of each.
	var sets [][]int
	for _, a := range all {
		if slices.IsSorted(a) {
			sets = append(sets, a)
		}
	}
	if p.Roles.Sample < len(sets) {
		rng.Shuffle(len(sets), func(i, j int) { sets[i], sets[j] = sets[j], sets[i] })
		sets = sets[:p.Roles.Sample]
	}
	var out [][]int
	for _, a := range all {
		sorted := slices.Clone(a)
		slices.Sort(sorted)
		if slices.ContainsFunc(sets, func(set []int) bool { return slices.Equal(set, sorted) }) {
			out = append(out, a)
		}
	}
	return out
}

// total is the number of assignments of k parties before sampling,
// saturating at countCap.
func (p *Plan) total(k int) int {
	n, a := len(p.Negotiators), 1
	for d := range k {
		f := n
		if !p.Roles.SelfPlay {
			f = n - d
		}
		if f <= 0 {
			return 0
		}
		if a > countCap/f {
			return countCap
		}
		a *= f
	}
	return a
}

// drawAssignments samples assignments from a set too large to enumerate:
// Sample distinct ones (or Sample distinct sets, each in all its orders).
func (p *Plan) drawAssignments(rng *rand.Rand, n, k int) [][]int {
	draw := func() []int {
		a := make([]int, k)
		if p.Roles.SelfPlay {
			for d := range a {
				a[d] = rng.IntN(n)
			}
			return a
		}
		perm := rng.Perm(n)
		copy(a, perm[:k])
		return a
	}
	seen := map[string]bool{}
	var picked [][]int
	for len(picked) < p.Roles.Sample {
		a := draw()
		if p.Roles.AllOrders {
			slices.Sort(a)
		}
		key := fmt.Sprint(a)
		if seen[key] {
			continue
		}
		seen[key] = true
		picked = append(picked, a)
	}
	if !p.Roles.AllOrders {
		slices.SortFunc(picked, slices.Compare)
		return picked
	}
	var out [][]int
	for _, set := range picked {
		out = append(out, orders(set)...)
	}
	slices.SortFunc(out, slices.Compare)
	return slices.CompactFunc(out, slices.Equal)
}

// orders lists the distinct orderings of a sorted tuple.
func orders(set []int) [][]int {
	var out [][]int
	cur := slices.Clone(set)
	for {
		out = append(out, slices.Clone(cur))
		// Next permutation in lexicographic order.
		i := len(cur) - 2
		for i >= 0 && cur[i] >= cur[i+1] {
			i--
		}
		if i < 0 {
			return out
		}
		j := len(cur) - 1
		for cur[j] <= cur[i] {
			j--
		}
		cur[i], cur[j] = cur[j], cur[i]
		slices.Reverse(cur[i+1:])
	}
}

// seedOf derives negotiation i's seed from the plan's (SplitMix64), within
// 63 bits so that every database stores it exactly.
func seedOf(seed, i uint64) uint64 {
	z := seed + (i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return (z ^ (z >> 31)) >> 1
}

// Hash identifies the plan's content: its settings and the scenarios
// themselves (as written by the native encoder), so that results can only
// be resumed or merged under the same plan.
func (p *Plan) Hash() (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	type settings struct {
		// Results is the version of the results: 2 since they hold the
		// ratification of each agreement, so that results of version 1
		// are not mixed in.
		Results     int
		Name        string
		Seed        uint64
		Negotiators []Competitor
		Protocols   []Setting
		Roles       Roles
		Repetitions int
		Deadline    protocol.Deadline
		Budget      time.Duration
		Faults      protocol.FaultPolicy
		Disclosure  protocol.Disclosure
		Resolution  int
		Max         uint64
	}
	if err := enc.Encode(settings{2, p.Name, p.Seed, p.Negotiators, p.Protocols, p.Roles, p.Repetitions, p.Deadline, p.Budget, p.Faults, p.Disclosure, p.Resolution, p.MetricsMaxOutcomes}); err != nil {
		return "", err
	}
	for _, sc := range p.Scenarios {
		data, err := native.Encode(sc.Scenario, native.JSON)
		if err != nil {
			return "", fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		fmt.Fprintf(h, "%s\n%d\n", sc.Name, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
