package tournament

import (
	"bytes"
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

// planFile is the YAML form of a plan.
type planFile struct {
	Tournament  int       `yaml:"tournament"`
	Name        string    `yaml:"name"`
	Seed        *uint64   `yaml:"seed"`
	Scenarios   []string  `yaml:"scenarios"`
	Negotiators []any     `yaml:"negotiators"`
	Protocols   []any     `yaml:"protocols"`
	Roles       any       `yaml:"roles"`
	SelfPlay    bool      `yaml:"self_play"`
	Repetitions *int      `yaml:"repetitions"`
	Deadline    *deadline `yaml:"deadline"`
	Budget      string    `yaml:"budget"`
	OnFault     string    `yaml:"on_fault"`
	Disclosure  string    `yaml:"disclosure"`
	Resolution  *int      `yaml:"resolution"`
	MaxOutcomes *uint64   `yaml:"metrics_max_outcomes"`
}

type deadline struct {
	Rounds  int     `yaml:"rounds"`
	Seconds float64 `yaml:"seconds"`
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

// Parse parses a plan as ParsePlan does, within the reader's limits.
func (r PlanReader) Parse(name string, data []byte, dir string) (*Plan, error) {
	perr := func(line int, field, format string, args ...any) error {
		return entente.Errorf(entente.EInvalid, name, line, 0, field, format, args...)
	}
	lim := r.Limits.Defaults()
	if n, limit := infile.EstimateNodes(data), infile.NodeLimit(lim.Nodes, len(data)); n > limit {
		return nil, infile.TooManyNodes(name, n, limit)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, perr(0, "", "not valid YAML: %v", err)
	}
	if a := findAlias(&root); a != nil {
		return nil, perr(a.Line, "", "YAML aliases (*%s) are not supported in a plan; write the value out in full", a.Value)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, perr(1, "", "expected a mapping with tournament: 1, scenarios and negotiators")
	}
	top := root.Content[0]
	lines := map[string]int{}
	items := map[string][]int{} // the line of each item of a list
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := top.Content[i]
		if k.Value == "entente" {
			return nil, perr(k.Line, "", "this is a scenario file, not a tournament plan; a plan starts with tournament: 1 and names its scenarios (see docs/tournament.md)")
		}
		if !slices.Contains(planKeys, k.Value) {
			return nil, perr(k.Line, k.Value, "unknown key %q; expected one of: %s", k.Value, strings.Join(planKeys, ", "))
		}
		lines[k.Value] = k.Line
		for _, it := range top.Content[i+1].Content {
			items[k.Value] = append(items[k.Value], it.Line)
		}
	}
	itemLine := func(key string, k int) int {
		if k < len(items[key]) {
			return items[key][k]
		}
		return lines[key]
	}
	var f planFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, perr(0, "", "%v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if f.Tournament != 1 {
		return nil, perr(lines["tournament"], "tournament", "expected tournament: 1 (the plan format version) at the top")
	}
	p := &Plan{Name: f.Name, Seed: 1, Repetitions: 1, Resolution: 11, MetricsMaxOutcomes: 1 << 24, Budget: 10 * time.Second}
	if f.Seed != nil {
		p.Seed = *f.Seed
	}
	if len(f.Scenarios) == 0 {
		return nil, perr(lines["scenarios"], "scenarios", "missing; list at least one scenario (an example name or a path)")
	}
	for k, sc := range f.Scenarios {
		field := fmt.Sprintf("scenarios[%d]", k)
		if slices.ContainsFunc(p.Scenarios, func(o Scenario) bool { return o.Name == sc }) {
			return nil, perr(itemLine("scenarios", k), field, "scenario %s is listed twice; results are grouped by scenario, so list each once (and raise repetitions instead)", sc)
		}
		res, err := r.loadScenario(sc, dir)
		if err != nil {
			return nil, perr(itemLine("scenarios", k), field, "%v", err)
		}
		p.Scenarios = append(p.Scenarios, Scenario{Name: sc, Scenario: res})
	}
	if len(f.Negotiators) == 0 {
		return nil, perr(lines["negotiators"], "negotiators", "missing; list at least one strategy spec")
	}
	for k, n := range f.Negotiators {
		field := fmt.Sprintf("negotiators[%d]", k)
		var c Competitor
		switch v := n.(type) {
		case string:
			c = Competitor{Name: v, Spec: v}
		case map[string]any:
			name, _ := v["name"].(string)
			spec, _ := v["strategy"].(string)
			if name == "" || spec == "" || len(v) != 2 {
				return nil, perr(itemLine("negotiators", k), field, "expected a strategy spec, or {name: LABEL, strategy: SPEC}")
			}
			c = Competitor{Name: name, Spec: spec}
		default:
			return nil, perr(itemLine("negotiators", k), field, "expected a strategy spec, or {name: LABEL, strategy: SPEC}")
		}
		if IsRemote(c.Spec) {
			if _, err := url.Parse(c.Spec); err != nil {
				return nil, perr(itemLine("negotiators", k), field, "a remote agent's URL: %v", err)
			}
		} else if _, err := negotiator.New(c.Spec, nil); err != nil {
			return nil, perr(itemLine("negotiators", k), field, "%v", err)
		}
		if slices.ContainsFunc(p.Negotiators, func(o Competitor) bool { return o.Name == c.Name }) {
			return nil, perr(itemLine("negotiators", k), field, "negotiator %q is listed twice; give one a name: {name: LABEL, strategy: SPEC}", c.Name)
		}
		p.Negotiators = append(p.Negotiators, c)
	}
	for k, pr := range f.Protocols {
		field := fmt.Sprintf("protocols[%d]", k)
		var st Setting
		switch v := pr.(type) {
		case string:
			st.Protocol = v
		case map[string]any:
			for key, val := range v {
				s, ok := val.(string)
				if !ok {
					return nil, perr(itemLine("protocols", k), field+"."+key, "expected text")
				}
				switch key {
				case "protocol":
					st.Protocol = s
				case "voting":
					st.Voting = s
				case "mediator":
					st.Mediator = s
				default:
					return nil, perr(itemLine("protocols", k), field+"."+key, "unknown key; expected protocol, voting or mediator")
				}
			}
		default:
			return nil, perr(itemLine("protocols", k), field, "expected a protocol name or {protocol, voting, mediator}")
		}
		if err := st.check(); err != nil {
			return nil, perr(itemLine("protocols", k), field, "%v", err)
		}
		p.Protocols = append(p.Protocols, st)
	}
	if len(p.Protocols) == 0 {
		p.Protocols = []Setting{{}}
	}
	switch v := f.Roles.(type) {
	case nil, string:
		if v != nil && v != "all" {
			return nil, perr(lines["roles"], "roles", "expected all, or {sample: N}")
		}
	case map[string]any:
		n, ok := v["sample"].(int)
		orders, isBool := v["all_orders"].(bool)
		_, hasOrders := v["all_orders"]
		if !ok || n < 1 || (hasOrders && !isBool) || len(v) != 1+boolInt(hasOrders) {
			return nil, perr(lines["roles"], "roles", "expected all, or {sample: N, all_orders: true|false} with N >= 1")
		}
		p.Roles.Sample, p.Roles.AllOrders = n, orders
	default:
		return nil, perr(lines["roles"], "roles", "expected all, or {sample: N}")
	}
	p.Roles.SelfPlay = f.SelfPlay
	if f.Repetitions != nil {
		if *f.Repetitions < 1 {
			return nil, perr(lines["repetitions"], "repetitions", "expected at least 1")
		}
		p.Repetitions = *f.Repetitions
	}
	p.Deadline = protocol.Deadline{Rounds: 1000}
	if f.Deadline != nil {
		sec := f.Deadline.Seconds
		switch {
		case math.IsNaN(sec) || math.IsInf(sec, 0):
			return nil, perr(lines["deadline"], "deadline.seconds", "expected a finite number of seconds, got %v", sec)
		case sec > MaxDeadline.Seconds():
			return nil, perr(lines["deadline"], "deadline.seconds", "%v seconds; expected at most %v (%s) for one negotiation", sec, MaxDeadline.Seconds(), MaxDeadline)
		case f.Deadline.Rounds > MaxRounds:
			return nil, perr(lines["deadline"], "deadline.rounds", "%d rounds; expected at most %d for one negotiation", f.Deadline.Rounds, MaxRounds)
		case f.Deadline.Rounds < 0 || sec < 0 || (f.Deadline.Rounds == 0 && sec == 0):
			return nil, perr(lines["deadline"], "deadline", "expected {rounds: N} and/or {seconds: S}, positive")
		}
		p.Deadline = protocol.Deadline{Rounds: f.Deadline.Rounds, Time: time.Duration(sec * float64(time.Second))}
		if sec > 0 && p.Deadline.Time <= 0 {
			return nil, perr(lines["deadline"], "deadline.seconds", "%v seconds is shorter than a nanosecond; expected a positive time limit", sec)
		}
	}
	if f.Budget != "" {
		d, err := time.ParseDuration(f.Budget)
		if err != nil || d < 0 {
			return nil, perr(lines["budget"], "budget", "expected a duration such as 10s or 500ms (0: none), got %q", f.Budget)
		}
		p.Budget = d
	}
	switch f.OnFault {
	case "", "skip":
	case "abort":
		p.Faults = protocol.FaultAbort
	default:
		return nil, perr(lines["on_fault"], "on_fault", "expected skip or abort, got %q", f.OnFault)
	}
	if f.Disclosure != "" {
		d, err := protocol.ParseDisclosure(f.Disclosure)
		if err != nil {
			return nil, perr(lines["disclosure"], "disclosure", "expected own (each party is told its own bloc and constituencies) or all (every constituency is public), got %q", f.Disclosure)
		}
		p.Disclosure = d
	}
	if f.Resolution != nil {
		if *f.Resolution < 2 {
			return nil, perr(lines["resolution"], "resolution", "expected at least 2 grid points per real issue")
		}
		p.Resolution = *f.Resolution
	}
	if f.MaxOutcomes != nil {
		p.MetricsMaxOutcomes = *f.MaxOutcomes
	}
	p.MaxNegotiations = lim.Negotiations
	if err := p.Check(); err != nil {
		return nil, perr(0, "", "%v", err)
	}
	return p, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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

// findAlias returns the first alias node of a YAML tree, or nil.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
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
	if len(p.Scenarios) == 0 || len(p.Negotiators) == 0 {
		errs = append(errs, errors.New("a plan needs at least one scenario and one negotiator"))
	}
	for k, c := range p.Negotiators {
		if IsRemote(c.Spec) {
			continue // reached when the negotiations run
		}
		if _, err := p.newNegotiator(c.Spec, nil); err != nil {
			errs = append(errs, fmt.Errorf("negotiators[%d] (%s): %v", k, c.Name, err))
		}
	}
	for _, sc := range p.Scenarios {
		n := len(sc.Scenario.Parties)
		for _, st := range p.Protocols {
			if err := st.protocolFor(n).Check(n, st.Protocol == "mediated"); err != nil {
				errs = append(errs, fmt.Errorf("scenario %s under %s: %v", sc.Name, st.Label(), err))
			}
		}
		if !p.Roles.SelfPlay && len(p.Negotiators) < n {
			errs = append(errs, fmt.Errorf("scenario %s has %d parties and the plan %d negotiators; add negotiators or set self_play: true", sc.Name, n, len(p.Negotiators)))
		}
	}
	if p.Repetitions < 1 {
		errs = append(errs, errors.New("repetitions must be at least 1"))
	}
	if len(errs) == 0 {
		limit := p.maxNegotiations()
		if n := p.count(); n > limit {
			in := "far more"
			if n < countCap {
				in = strconv.Itoa(n)
			}
			errs = append(errs, fmt.Errorf("the plan expands into more than %d negotiations (%s in all), the limit; sample the roles ({sample: N}), split it, or raise the limit with --max-negotiations", limit, in))
		} else if n == 0 {
			errs = append(errs, errors.New("the plan expands into no negotiations"))
		}
	}
	return errors.Join(errs...)
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
