package whatif

import (
	"context"
	"fmt"
	"runtime"
	"slices"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Defaults of Options.
const (
	// DefaultResolution is the number of grid points per real issue, as
	// package analysis uses by default.
	DefaultResolution = 11
	// DefaultMaxOutcomes is the largest space a workspace walks.
	DefaultMaxOutcomes = analysis.DefaultMaxOutcomes
)

// Options tunes a Workspace. The zero value uses the defaults.
type Options struct {
	// Resolution is the number of grid points per real issue (default
	// DefaultResolution).
	Resolution int
	// MaxOutcomes refuses larger spaces (default DefaultMaxOutcomes).
	MaxOutcomes uint64
	// Engines bounds the evaluations that run at once; more wait (default
	// GOMAXPROCS). Each engine keeps a copy of the scenario and the
	// compiled tables of the last variant it evaluated.
	Engines int
}

// Workspace evaluates variants of one scenario. It is safe for concurrent
// use.
type Workspace struct {
	s        *entente.Scenario // nominal: never changed
	sp       *space.Space
	res      int
	keys     keyIndex
	order    map[entente.Ref]int // position in Numbers
	examples []string            // keys to quote in messages
	controls []Control
	clamp    bool
	lines    []redLine
	// nominalWarnings are utility.Check's findings on the scenario as
	// written.
	nominalWarnings []string
	engines         chan *engine
	made            chan struct{} // a token per engine that may still be made
}

// redLine is one red line of the scenario, with the scenario without it
// (whose structure its evaluators walk).
type redLine struct {
	RedLineEffect
	without *entente.Scenario
}

// engine evaluates one variant at a time: the scenario, and the scenario
// without each red line, with their compiled tables.
type engine struct {
	main  *evaluator
	lines []*evaluator
}

// evaluator holds a copy of a scenario set to a variant's numbers and a
// walker loaded with it.
type evaluator struct {
	nominal *entente.Scenario
	cur     *entente.Scenario
	w       *zonewalk.Walker
	loaded  bool
	applied []override
}

// New returns a workspace for a valid scenario, which it copies: later
// changes to s do not reach it.
func New(s *entente.Scenario, opt Options) (*Workspace, error) {
	if opt.Resolution == 0 {
		opt.Resolution = DefaultResolution
	}
	if opt.Resolution < 2 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "resolution", "resolution %d is too small; use at least 2 grid points per real issue", opt.Resolution)
	}
	if opt.MaxOutcomes == 0 {
		opt.MaxOutcomes = DefaultMaxOutcomes
	}
	if opt.Engines <= 0 {
		opt.Engines = runtime.GOMAXPROCS(0)
	}
	ws, err := newBase(s)
	if err != nil {
		return nil, err
	}
	s = ws.s
	ws.sp = space.Discretized(s.Issues, opt.Resolution)
	if n, fits := ws.sp.Len(); !fits || n > opt.MaxOutcomes {
		return nil, space.TooLarge(ws.sp, opt.MaxOutcomes)
	}
	ws.res, ws.clamp = opt.Resolution, analysis.Clamps(s)
	ws.engines, ws.made = make(chan *engine, opt.Engines), make(chan struct{}, opt.Engines)
	ws.controls = controls(s)
	ws.nominalWarnings = check(s)
	for p := range s.Parties {
		for k, l := range s.Parties[p].RedLines {
			c := s.Clone()
			c.Parties[p].RedLines = slices.Delete(c.Parties[p].RedLines, k, k+1)
			ws.lines = append(ws.lines, redLine{RedLineEffect{Owner: s.Parties[p].Name, Party: true, Index: p, Line: k, Name: l.Name}, c})
		}
	}
	for ci := range s.Constituencies {
		for k, l := range s.Constituencies[ci].RedLines {
			c := s.Clone()
			c.Constituencies[ci].RedLines = slices.Delete(c.Constituencies[ci].RedLines, k, k+1)
			ws.lines = append(ws.lines, redLine{RedLineEffect{Owner: s.Constituencies[ci].Name, Index: ci, Line: k, Name: l.Name}, c})
		}
	}
	for range opt.Engines {
		ws.made <- struct{}{}
	}
	// One engine now, so that a scenario the walker cannot compile fails
	// here.
	e, err := ws.engine(context.Background())
	if err != nil {
		return nil, err
	}
	if err := e.main.set(nil); err != nil {
		return nil, err
	}
	ws.release(e)
	return ws, nil
}

// newBase returns what resolving and applying variants of s needs: a copy
// of s and its keys.
func newBase(s *entente.Scenario) (*Workspace, error) {
	if errs := s.Validate(); len(errs) > 0 {
		return nil, errs
	}
	if len(s.Parties) == 0 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "parties", "no parties to analyse")
	}
	s = s.Clone()
	keys, err := newKeyIndex(s)
	if err != nil {
		return nil, err
	}
	ws := &Workspace{s: s, keys: keys, order: map[entente.Ref]int{}}
	for i, r := range Numbers(s) {
		ws.order[r] = i
	}
	for _, p := range s.Params {
		if len(ws.examples) < 3 && s.Locate(p.Ref) {
			ws.examples = append(ws.examples, Key(s, p.Ref))
		}
	}
	return ws, nil
}

// Apply returns a copy of a valid scenario s with the variant's numbers
// set, and the numbers that differ from s, as Workspace.Apply does,
// without a workspace.
func Apply(s *entente.Scenario, v Variant) (*entente.Scenario, []Change, error) {
	ws, err := newBase(s)
	if err != nil {
		return nil, nil, err
	}
	return ws.Apply(v)
}

// engine takes an idle engine, makes one while fewer than Options.Engines
// exist, or waits for one.
func (ws *Workspace) engine(ctx context.Context) (*engine, error) {
	select {
	case e := <-ws.engines:
		return e, nil
	default:
	}
	select {
	case e := <-ws.engines:
		return e, nil
	case <-ws.made:
		e := &engine{main: newEvaluator(ws.sp, ws.s)}
		for _, l := range ws.lines {
			e.lines = append(e.lines, newEvaluator(ws.sp, l.without))
		}
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (ws *Workspace) release(e *engine) { ws.engines <- e }

func newEvaluator(sp *space.Space, nominal *entente.Scenario) *evaluator {
	return &evaluator{nominal: nominal, cur: nominal.Clone(), w: zonewalk.New(sp, nominal)}
}

// maxIncremental is the most changed numbers reloaded one by one; more
// reload everything.
const maxIncremental = 8

// set brings the evaluator to the variant of overrides ov, reloading only
// what the numbers that changed since the last variant touch.
func (ev *evaluator) set(ov []override) error {
	changed := apply(ev.nominal, ev.cur, ev.applied, ov)
	ev.applied = slices.Clone(ov)
	if ev.loaded && len(changed) <= maxIncremental {
		for _, r := range changed {
			if err := ev.w.LoadOne(ev.cur, r); err != nil {
				ev.loaded = false
				return err
			}
		}
		return nil
	}
	ev.loaded = false
	if err := ev.w.Load(ev.cur); err != nil {
		return err
	}
	ev.loaded = true
	return nil
}

// Scenario returns the scenario as written (the workspace's copy: read
// it, do not change it).
func (ws *Workspace) Scenario() *entente.Scenario { return ws.s }

// Controls lists the annotated numbers of the scenario in file order, as
// controls (a copy). The walk-away value of a voter group whose voters'
// walk-away values spread is listed as its centre and its spread
// (entente.RefCentre, entente.RefSpread).
func (ws *Workspace) Controls() []Control { return slices.Clone(ws.controls) }

// Ref returns the number a key names (see Key). The walk-away value of a
// voter group whose voters' walk-away values spread names its centre.
func (ws *Workspace) Ref(key string) (entente.Ref, error) { return ws.keys.ref(ws.s, key, ws.examples) }

// Key returns the key of the number r locates (see Key).
func (ws *Workspace) Key(r entente.Ref) string { return Key(ws.s, r) }

// Apply returns a copy of the scenario with the variant's numbers set (and
// weights and shares rescaled, see the package documentation), and the
// numbers that differ from the scenario as written. The copy's
// annotations (Params) are those of the scenario as written.
func (ws *Workspace) Apply(v Variant) (*entente.Scenario, []Change, error) {
	ov, err := ws.resolve(v)
	if err != nil {
		return nil, nil, err
	}
	c := ws.s.Clone()
	apply(ws.s, c, nil, ov)
	if err := validate(c, v); err != nil {
		return nil, nil, err
	}
	return c, ws.changes(c, ov), nil
}

// validate checks the scenario c of variant v as the loader checks a
// file's structure (entente.Scenario.Validate).
func validate(c *entente.Scenario, v Variant) error {
	if errs := c.Validate(); len(errs) > 0 {
		return fmt.Errorf("variant %q: %w", v.Name, errs)
	}
	return nil
}

// warnings returns what utility.Check finds on c, the scenario of
// overrides ov: the scenario's own findings unless some override shapes a
// utility.
func (ws *Workspace) warnings(c *entente.Scenario, ov []override) []string {
	if !slices.ContainsFunc(ov, func(o override) bool { return shapesUtility(o.ref.Kind) }) {
		return slices.Clone(ws.nominalWarnings)
	}
	return check(c)
}

// check returns what utility.Check finds on s: the problems (a profile
// whose utilities leave [0, 1]), then the warnings.
func check(s *entente.Scenario) []string {
	errs, warns := utility.Check(s)
	var out []string
	for _, e := range append(errs, warns...) {
		out = append(out, e.Error())
	}
	return out
}

// shapesUtility reports whether numbers of kind k enter a profile's
// utility function (not its walk-away value, a threshold, a share or a
// vote's weight).
func shapesUtility(k entente.RefKind) bool {
	switch k {
	case entente.RefReservation, entente.RefCentre, entente.RefSpread, entente.RefDiscount, entente.RefThreshold,
		entente.RefBlocThreshold, entente.RefShare, entente.RefMemberWeight:
		return false
	}
	return true
}
