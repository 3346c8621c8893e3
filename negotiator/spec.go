package negotiator

import (
	"math"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// Info describes a strategy or mediator for help texts and docs.
type Info struct {
	// Name is what a spec starts with.
	Name string
	// Summary says in one line what it does.
	Summary string
	// Params are the keys a spec may set.
	Params []Param
}

// Param is one parameter of a strategy or mediator.
type Param struct {
	// Name is the key in a spec.
	Name string
	// Default is the value used when the spec does not set it, as written
	// in a spec or described ("max U").
	Default string
	// Doc says what it means and which values it takes.
	Doc string
}

// kind says which values a parameter takes.
type kind uint8

const (
	number kind = iota
	integer
	boolean
	choice
)

// param is a Param with its validation.
type param struct {
	Param
	kind    kind
	want    string   // the values it takes, for error messages
	lo, hi  float64  // inclusive bounds of a number or integer
	choices []string // of a choice
}

// args are a spec's parsed parameters.
type args struct {
	num map[string]float64
	str map[string]string
}

// get returns a number parameter, or def when it is not set.
func (a args) get(name string, def float64) float64 {
	if v, ok := a.num[name]; ok {
		return v
	}
	return def
}

// entry is a registered strategy or mediator.
type entry[T any] struct {
	info   Info
	params []param
	build  func(name string, a args, c *Cache) (T, error)
}

// ptr returns a number parameter as an optional field: nil when it is not
// set.
func (a args) ptr(name string) *float64 {
	if v, ok := a.num[name]; ok {
		return Value(v)
	}
	return nil
}

// awareness returns the aware parameter.
func (a args) awareness() Awareness {
	switch a.str["aware"] {
	case "own":
		return AwareOwn
	case "all":
		return AwareAll
	}
	return Blind
}

// num returns a number parameter within [lo, hi]; its Doc is doc, then
// want (the values it takes).
func num(name, def, doc, want string, lo, hi float64) param {
	return param{Param: Param{name, def, doc + "; " + want}, kind: number, want: want, lo: lo, hi: hi}
}

// whole returns an integer parameter within [lo, hi].
func whole(name, def, doc, want string, lo, hi float64) param {
	p := num(name, def, doc, want, lo, hi)
	p.kind = integer
	return p
}

var (
	pE     = num("e", "", "the concession exponent (β): 0 hardliner, below 1 Boulware, 1 linear, above 1 Conceder", "a number >= 0", 0, math.Inf(1))
	pK     = num("k", "0", "the initial concession", "a number in [0,1]", 0, 1)
	pMin   = num("min", "max(min U, rv)", "the target's floor Pmin; offers stay at or above it", "a number", math.Inf(-1), math.Inf(1))
	pMax   = num("max", "max U", "the target's ceiling Pmax", "a number", math.Inf(-1), math.Inf(1))
	pAware = param{Param: Param{"aware", "none", "what it keeps to of the second level: none (its own utility only), own (packages its own bloc's members accept and its own constituencies ratify), all (and every constituency it is told about); none, own or all"},
		kind: choice, want: "none, own or all", choices: []string{"none", "own", "all"}}
	pAwareMediator = param{Param: Param{"aware", "none", "none, or all: propose only packages every constituency and bloc it is told about would let pass; none or all"},
		kind: choice, want: "none or all", choices: []string{"none", "all"}}
	tdDoc = "accepts a table worth at least the bid it would offer next (AC_next); never walks away"
)

func withE(def string) []param {
	e := pE
	e.Default = def
	return []param{e, pK, pMin, pMax, pAware}
}

// timeDepConfig reads a time-dependent spec with default exponent e.
func timeDepConfig(name string, a args, e float64) TimeDependent {
	return TimeDependent{E: a.get("e", e), K: a.get("k", 0), Min: a.ptr("min"), Max: a.ptr("max"), Aware: a.awareness(), name: name}
}

func buildTimeDep(e float64) func(string, args, *Cache) (protocol.Negotiator, error) {
	return func(name string, a args, c *Cache) (protocol.Negotiator, error) {
		return timeDepConfig(name, a, e).New(c)
	}
}

var strategies = []entry[protocol.Negotiator]{
	{
		info:   Info{Name: "boulware", Summary: "time-dependent, concedes late (e = 0.2); " + tdDoc},
		params: withE("0.2"), build: buildTimeDep(0.2),
	},
	{
		info:   Info{Name: "conceder", Summary: "time-dependent, concedes early (e = 2); " + tdDoc},
		params: withE("2"), build: buildTimeDep(2),
	},
	{
		info: Info{Name: "frequency", Summary: "time-dependent target (e = 0.2); among the bids near the target, offers the one the others' HardHeaded frequency models rate highest; AC_next"},
		params: append(withE("0.2"),
			param{Param: Param{"count_first_bid", "false", "also learn from each opponent's first bid; true or false"}, kind: boolean, want: "true or false"},
			param{Param: Param{"agg", "min", "how the others' estimates combine: by the least satisfied or by their sum; min or sum"}, kind: choice, want: "min or sum", choices: []string{"min", "sum"}},
		),
		build: func(name string, a args, c *Cache) (protocol.Negotiator, error) {
			return Frequency{Target: timeDepConfig(name, a, 0.2), CountFirstBid: a.str["count_first_bid"] == "true", Sum: a.str["agg"] == "sum"}.New(c)
		},
	},
	{
		info:   Info{Name: "hardliner", Summary: "always offers its best bid; accepts only a table worth at least that (e = 0)"},
		params: []param{pAware}, build: buildTimeDep(0),
	},
	{
		info:   Info{Name: "linear", Summary: "time-dependent, concedes at a constant rate (e = 1); " + tdDoc},
		params: withE("1"), build: buildTimeDep(1),
	},
	{
		info: Info{Name: "random", Summary: "offers uniformly random bids worth at least its floor; accepts a table worth at least the bid it drew"},
		params: []param{
			num("floor", "rv", "the lowest utility it offers (and votes to accept)", "a number", math.Inf(-1), math.Inf(1)),
			pAware,
		},
		build: func(name string, a args, c *Cache) (protocol.Negotiator, error) {
			return RandomOffers{Floor: a.ptr("floor"), Aware: a.awareness()}.New(c)
		},
	},
	{
		info:   Info{Name: "timedep", Summary: "time-dependent concession (Faratin, Sierra & Jennings 1998); " + tdDoc},
		params: withE("1"), build: buildTimeDep(1),
	},
	{
		info: Info{Name: "titfortat", Summary: "relative tit-for-tat in its own utility: target U(o_{n−γ})/U(o_n)·U(own last bid); best bid first; AC_next"},
		params: []param{
			whole("gamma", "1", "the window γ: compare the others' latest offer with the one γ offers before", "a whole number from 1 to 1048576", 1, 1<<20),
			pMin, pMax, pAware,
		},
		build: func(name string, a args, c *Cache) (protocol.Negotiator, error) {
			return TitForTat{Gamma: int(a.get("gamma", 1)), Min: a.ptr("min"), Max: a.ptr("max"), Aware: a.awareness()}.New(c)
		},
	},
}

var mediators = []entry[protocol.Mediator]{
	{
		info: Info{Name: "hillclimb", Summary: "climbs from the best-voted proposal (or the single text) by changing 1..k random issues, k shrinking with time; random restarts when stuck"},
		params: []param{
			whole("k", "3", "the most issues changed at once, at the start", "a whole number from 1 to 1048576", 1, 1<<20),
			whole("patience", "20", "proposals without progress before a restart", "a whole number from 1 to 2^30", 1, 1<<30),
			pAwareMediator,
		},
		build: func(name string, a args, c *Cache) (protocol.Mediator, error) {
			return HillClimb{K: int(a.get("k", 3)), Patience: int(a.get("patience", 20)), Aware: a.awareness()}.New(c)
		},
	},
	{
		info:   Info{Name: "random", Summary: "proposes uniformly random packages (a baseline)"},
		params: []param{pAwareMediator},
		build: func(name string, a args, c *Cache) (protocol.Mediator, error) {
			return RandomMediator{Aware: a.awareness()}.New(c)
		},
	},
}

// New returns a fresh negotiator for a spec NAME or NAME:key=value,...
// (for example "boulware", "timedep:e=0.5,min=0.6", "random:floor=0.3").
// Strategies lists the names and their parameters. The negotiator shares
// its precomputation through c (nil: private). Use one negotiator per
// session.
func New(spec string, c *Cache) (protocol.Negotiator, error) {
	return parse(spec, "strategy", strategies, c)
}

// NewMediator returns a fresh mediator for a spec, as New does for
// negotiators. Mediators lists the names and their parameters.
func NewMediator(spec string, c *Cache) (protocol.Mediator, error) {
	return parse(spec, "mediator", mediators, c)
}

// Strategies describes the negotiation strategies, by name.
func Strategies() []Info { return infos(strategies) }

// Mediators describes the mediators, by name.
func Mediators() []Info { return infos(mediators) }

func infos[T any](es []entry[T]) []Info {
	out := make([]Info, len(es))
	for i, e := range es {
		out[i] = e.info
		out[i].Params = make([]Param, len(e.params))
		for j, p := range e.params {
			out[i].Params[j] = p.Param
		}
	}
	return out
}

func names[T any](es []entry[T]) string {
	var ns []string
	for _, e := range es {
		ns = append(ns, e.info.Name)
	}
	return strings.Join(ns, ", ")
}

func parse[T any](spec, what string, es []entry[T], c *Cache) (T, error) {
	var zero T
	name, rest, hasArgs := strings.Cut(strings.TrimSpace(spec), ":")
	name = strings.TrimSpace(name)
	var e *entry[T]
	for i := range es {
		if es[i].info.Name == name {
			e = &es[i]
		}
	}
	if e == nil {
		if name == "" {
			return zero, entente.Errorf(entente.EInvalid, "", 0, 0, what, "empty %s name in %q; expected one of %s", what, spec, names(es))
		}
		return zero, entente.Errorf(entente.EInvalid, "", 0, 0, what, "unknown %s %q; expected one of %s", what, name, names(es))
	}
	a := args{num: map[string]float64{}, str: map[string]string{}}
	if hasArgs && strings.TrimSpace(rest) != "" {
		for kv := range strings.SplitSeq(rest, ",") {
			k, v, ok := strings.Cut(kv, "=")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if !ok || k == "" {
				return zero, entente.Errorf(entente.EInvalid, "", 0, 0, what+" "+name, "%q is not key=value; expected %s", kv, usage(e))
			}
			var p *param
			for i := range e.params {
				if e.params[i].Name == k {
					p = &e.params[i]
				}
			}
			if p == nil {
				return zero, entente.Errorf(entente.EInvalid, "", 0, 0, name+"."+k, "%s %q has no parameter %q; expected %s", what, name, k, usage(e))
			}
			if _, dup := a.num[k]; dup {
				return zero, entente.Errorf(entente.EInvalid, "", 0, 0, name+"."+k, "set twice")
			}
			if _, dup := a.str[k]; dup {
				return zero, entente.Errorf(entente.EInvalid, "", 0, 0, name+"."+k, "set twice")
			}
			if err := p.parse(v, a); err != nil {
				err.Field = name + "." + k
				return zero, err
			}
		}
	}
	if lo, ok := a.num["min"]; ok {
		if hi, ok := a.num["max"]; ok && lo > hi {
			return zero, entente.Errorf(entente.EInvalid, "", 0, 0, name+".min", "min %s is above max %s; expected min <= max", entente.FormatNumber(lo), entente.FormatNumber(hi))
		}
	}
	v, err := e.build(name, a, c)
	if err != nil {
		return zero, entente.Errorf(entente.EInvalid, "", 0, 0, what+" "+name, "%v", err)
	}
	return v, nil
}

// usage lists an entry's parameters for error messages.
func usage[T any](e *entry[T]) string {
	if len(e.params) == 0 {
		return "no parameters"
	}
	var ps []string
	for _, p := range e.params {
		ps = append(ps, p.Name)
	}
	return "one of " + strings.Join(ps, ", ")
}

// parse checks and stores a parameter's value.
func (p *param) parse(v string, a args) *entente.Error {
	bad := func() *entente.Error {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "", "%q is not valid; expected %s (%s)", v, p.want, strings.TrimSuffix(p.Doc, "; "+p.want))
	}
	switch p.kind {
	case boolean:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return bad()
		}
		a.str[p.Name] = strconv.FormatBool(b)
	case choice:
		for _, c := range p.choices {
			if v == c {
				a.str[p.Name] = v
				return nil
			}
		}
		return bad()
	default:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < p.lo || x > p.hi || (p.kind == integer && x != math.Trunc(x)) {
			return bad()
		}
		a.num[p.Name] = x
	}
	return nil
}
