package native

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/tree"
	"go.yaml.in/yaml/v3"
)

// isRich reports whether n is a number written as a mapping: it has a
// value key and only the keys of that form.
func isRich(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || !hasKey(n, "value") {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		if !contains(spreadKeys, n.Content[i].Value) {
			return false
		}
	}
	return true
}

// rich reads a number that may be written as a mapping {value, range,
// dist, sd, source, confidence, note}; the mapping form adds a Param that
// ref locates.
func (d *decoder) rich(n *yaml.Node, field string, ref entente.Ref) (float64, bool) {
	if n.Kind != yaml.MappingNode {
		return d.number(n, field)
	}
	d.mark(field, n, "")
	before := d.Errs.Len()
	keys := richKeys
	if ref.Population() {
		keys = spreadKeys
	}
	f := d.Fields(n, field, "a number, or a mapping {value, range, dist, sd, source, confidence, note}", keys)
	if f == nil {
		return 0, false
	}
	p := entente.Param{Ref: ref, Field: field}
	e, ok := f["value"]
	if !ok {
		d.Missing(n, "value", field+".value", "missing; a number written as a mapping needs its value")
		return 0, false
	}
	d.mark(field+".value", e.Val, "")
	p.Value, ok = d.number(e.Val, field+".value")
	if e, has := f["range"]; has {
		d.mark(field+".range", e.Val, "")
		p.Low, p.High, p.Ranged = d.pair(e.Val, field+".range", "a range [low, high]")
	}
	if e, has := f["dist"]; has {
		d.mark(field+".dist", e.Val, "")
		if t, ok := d.Text(e.Val, field+".dist", "uniform, triangular or normal"); ok {
			var known bool
			if p.Dist, known = entente.ParseDist(t); !known {
				d.Errorf(e.Val, field+".dist", "unknown distribution %q; expected uniform, triangular or normal%s", t, tree.Suggest(t, []string{"uniform", "triangular", "normal"}))
			}
		}
	} else if p.Ranged {
		p.Dist = entente.DistUniform
	}
	if e, has := f["sd"]; has {
		d.mark(field+".sd", e.Val, "")
		p.SD, _ = d.number(e.Val, field+".sd")
	}
	if e, has := f["source"]; has {
		p.Source = d.description(e.Val, field+".source")
	}
	if e, has := f["note"]; has {
		p.Note = d.description(e.Val, field+".note")
	}
	if e, has := f["confidence"]; has {
		d.mark(field+".confidence", e.Val, "")
		if t, ok := d.Text(e.Val, field+".confidence", "low, medium or high"); ok {
			var known bool
			if p.Confidence, known = entente.ParseConfidence(t); !known {
				d.Errorf(e.Val, field+".confidence", "unknown confidence %q; expected low, medium or high%s", t, tree.Suggest(t, []string{"low", "medium", "high"}))
			}
		}
	}
	// The uncertainty of a voter group's spread of walk-away values: its
	// centre and its standard deviation, each a range drawn uniformly.
	var extra []entente.Param
	for _, k := range []struct {
		name    string
		kind    entente.RefKind
		nominal float64
	}{{"centre_range", entente.RefCentre, p.Value}, {"sd_range", entente.RefSpread, p.SD}} {
		e, has := f[k.name]
		if !has {
			continue
		}
		kf := field + "." + k.name
		d.mark(kf, e.Val, "")
		if p.Dist != entente.DistNormal {
			d.Errorf(e.Key, kf, "only a voter group's walk-away value with a normal spread (dist: normal, sd) has a %s; it says how uncertain the spread is", k.name)
			continue
		}
		q := entente.Param{Ref: entente.Ref{Kind: k.kind, Profile: ref.Profile}, Field: kf, Value: k.nominal, Dist: entente.DistUniform,
			Source: p.Source, Note: p.Note, Confidence: p.Confidence}
		q.Low, q.High, q.Ranged = d.pair(e.Val, kf, "a range [low, high]")
		extra = append(extra, q)
	}
	if d.Errs.Len() == before {
		d.s.Params = append(d.s.Params, p)
		d.s.Params = append(d.s.Params, extra...)
	}
	return p.Value, ok && d.Errs.Len() == before
}

// redLines reads a list of red lines {name, description, when}; field is
// the owner's path.
func (d *decoder) redLines(n *yaml.Node, owner string) []entente.RedLine {
	field := owner + ".red_lines"
	items, ok := d.List(n, field, "a list of red lines {name, when}")
	if !ok {
		return nil
	}
	var out []entente.RedLine
	for k, item := range items {
		f := fmt.Sprintf("%s[%d]", field, k)
		d.mark(f, item, "")
		l := entente.RedLine{}
		m := d.Fields(item, f, "a red line: a mapping with name and when (the packages never accepted)", redLineKeys)
		if m != nil {
			l.Name, l.Description = d.named(m, item, f, "red line")
			if e, ok := m["when"]; ok {
				l.Boxes = d.region(e.Val, f, "when")
			} else {
				d.Missing(item, "when", f+".when", "missing; a red line names the packages never accepted: a region {issue: [options], ...} or a list of them")
			}
		}
		out = append(out, l)
	}
	return out
}

// limits reads the scenario's list of what it cannot tell.
func (d *decoder) limits(n *yaml.Node) {
	items, ok := d.List(n, "limits", "a list of sentences saying what the scenario cannot tell")
	if !ok {
		return
	}
	for k, item := range items {
		f := fmt.Sprintf("limits[%d]", k)
		d.mark(f, item, "")
		if t, ok := d.Text(item, f, "a sentence"); ok {
			d.s.Limits = append(d.s.Limits, strings.TrimSpace(t))
		}
	}
}

// guarantors reads the top-level guarantor list.
func (d *decoder) guarantors(n *yaml.Node) {
	items, ok := d.List(n, "guarantors", "a list of guarantors")
	if !ok {
		return
	}
	follows := map[int]*yaml.Node{}
	for g, item := range items {
		field := fmt.Sprintf("guarantors[%d]", g)
		d.mark(field, item, "")
		gu := entente.Guarantor{}
		f := d.Fields(item, field, "a guarantor: a mapping with name and credibility", guarantorKeys)
		if f != nil {
			gu.Name, gu.Description = d.named(f, item, field, "guarantor")
			if e, ok := f["credibility"]; ok {
				d.mark(field+".credibility", e.Val, "")
				gu.Credibility, _ = d.rich(e.Val, field+".credibility", entente.Ref{Kind: entente.RefCredibility, Index: g})
			} else {
				d.Missing(item, "credibility", field+".credibility", "missing; a guarantor needs a credibility: the probability, in [0,1], that it honours its guarantee")
			}
			if e, ok := f["follows"]; ok {
				d.mark(field+".follows", e.Val, "")
				follows[g] = e.Val
			}
			if e, ok := f["alone"]; ok {
				d.mark(field+".alone", e.Val, "")
				gu.Alone, _ = d.rich(e.Val, field+".alone", entente.Ref{Kind: entente.RefAlone, Index: g})
				if _, has := f["follows"]; !has {
					d.Errorf(e.Key, field+".alone", "only a guarantor that follows others has an alone probability; give follows: [guarantors] too")
				}
			} else if _, has := f["follows"]; has {
				d.Missing(item, "alone", field+".alone", "missing; a guarantor that follows others needs alone: the probability that it acts when none of them does")
			}
		}
		d.s.Guarantors = append(d.s.Guarantors, gu)
	}
	// Names may refer to guarantors listed later.
	for g := range d.s.Guarantors {
		if n := follows[g]; n != nil {
			d.s.Guarantors[g].Follows = d.names(n, fmt.Sprintf("guarantors[%d].follows", g), "guarantor", d.guarantorNames())
		}
	}
}

// guarantorNames lists the guarantors for messages.
func (d *decoder) guarantorNames() []string {
	names := make([]string, len(d.s.Guarantors))
	for g := range d.s.Guarantors {
		names[g] = d.s.Guarantors[g].Name
	}
	return names
}

// guarantees reads an issue's guarantees: option -> {guarantors, required}
// or option -> [guarantors] (required 1).
func (d *decoder) guarantees(n *yaml.Node, field string, is *entente.Issue, issue int) []entente.Guarantee {
	es, ok := d.Pairs(n, field, "a mapping from option to its guarantee {guarantors: [names], required: k}")
	if !ok {
		return nil
	}
	var out []entente.Guarantee
	for _, e := range es {
		gf := field + "." + e.Key.Value
		k := is.OptionIndex(e.Key.Value)
		if k < 0 {
			d.Errorf(e.Key, gf, "unknown option %q of issue %q; expected one of: %s%s", e.Key.Value, is.Name, list(is.Options), tree.Suggest(e.Key.Value, is.Options))
			continue
		}
		d.mark(gf, e.Val, "")
		g := entente.Guarantee{Option: k, Required: 1}
		names := e.Val
		if e.Val.Kind == yaml.MappingNode {
			f := d.Fields(e.Val, gf, "a guarantee: a mapping with guarantors and required", guaranteeKeys)
			if f == nil {
				continue
			}
			gs, ok := f["guarantors"]
			if !ok {
				d.Missing(e.Val, "guarantors", gf+".guarantors", "missing; a guarantee lists its guarantors")
				continue
			}
			names = gs.Val
			if r, ok := f["required"]; ok {
				d.mark(gf+".required", r.Val, "")
				if v, ok := d.rich(r.Val, gf+".required", entente.Ref{Kind: entente.RefRequired, Index: issue, Sub: len(out)}); ok {
					if v != math.Trunc(v) || v < 1 || v > 1<<20 {
						d.Errorf(r.Val, gf+".required", "expected how many guarantors must honour it: a whole number >= 1, got %s", r.Val.Value)
					} else {
						g.Required = int(v)
					}
				}
			}
		}
		d.mark(gf+".guarantors", names, "")
		g.Guarantors = d.names(names, gf+".guarantors", "guarantor", d.guarantorNames())
		if len(d.s.Guarantors) == 0 && len(g.Guarantors) == 0 {
			continue
		}
		out = append(out, g)
	}
	return out
}

// guaranteed reads {guarantee: {scale, offset, none}}; ref locates the
// profile and issue.
func (d *decoder) guaranteed(n *yaml.Node, field string, is *entente.Issue, ref entente.Ref) entente.ValueFunc {
	if len(is.Guarantees) == 0 {
		d.Errorf(n, field, "issue %q has no guarantees; list them under the issue's guarantees key to use a guarantee value function", is.Name)
		return nil
	}
	g := entente.Guaranteed{Scale: 1}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return g
	}
	f := d.Fields(n, field, "a mapping with scale, offset and none (all optional)", guaranteeFnKeys)
	if f == nil {
		return nil
	}
	kinds := []entente.RefKind{entente.RefGuaranteeScale, entente.RefGuaranteeOffset, entente.RefGuaranteeNone}
	for k, dst := range []*float64{&g.Scale, &g.Offset, &g.None} {
		if e, ok := f[guaranteeFnKeys[k]]; ok {
			d.mark(field+"."+guaranteeFnKeys[k], e.Val, "")
			r := ref
			r.Kind = kinds[k]
			*dst, _ = d.rich(e.Val, field+"."+guaranteeFnKeys[k], r)
		}
	}
	return g
}

// profileGiven reports whether a mapping holds a profile's keys.
func profileGiven(f map[string]entry) bool {
	for _, k := range prefKeys {
		if _, ok := f[k]; ok {
			return true
		}
	}
	return false
}

// constituencies reads the top-level list of ratifying constituencies.
func (d *decoder) constituencies(n *yaml.Node, norm entente.Normalization) {
	items, ok := d.List(n, "constituencies", "a list of constituencies")
	if !ok {
		return
	}
	parties := d.partyNames()
	for c, item := range items {
		field := fmt.Sprintf("constituencies[%d]", c)
		d.mark(field, item, "")
		co := entente.Constituency{Threshold: 0.5}
		f := d.Fields(item, field, "a constituency: a mapping with name, party, threshold and voters (or one profile)", constituencyKeys)
		if f == nil {
			d.s.Constituencies = append(d.s.Constituencies, co)
			continue
		}
		co.Name, co.Description = d.named(f, item, field, "constituency")
		if e, ok := f["party"]; ok {
			d.mark(field+".party", e.Val, "")
			if t, ok := d.Text(e.Val, field+".party", "a party name"); ok {
				if co.Party = d.s.PartyIndex(t); co.Party < 0 {
					d.Errorf(e.Val, field+".party", "unknown party %q; expected one of: %s%s", t, list(parties), tree.Suggest(t, parties))
				}
			}
		} else {
			d.Missing(item, "party", field+".party", "missing; a constituency names the party whose deal it ratifies")
		}
		if e, ok := f["applies"]; ok {
			co.Applies = d.region(e.Val, field, "applies")
		}
		if e, ok := f["threshold"]; ok {
			d.mark(field+".threshold", e.Val, "")
			co.Threshold, _ = d.rich(e.Val, field+".threshold", entente.Ref{Kind: entente.RefThreshold, Index: c})
		}
		if e, ok := f["red_lines"]; ok {
			d.mark(field+".red_lines", e.Val, "")
			co.RedLines = d.redLines(e.Val, field)
		}
		voters, hasVoters := f["voters"]
		switch {
		case hasVoters && profileGiven(f):
			for _, k := range prefKeys {
				if x, both := f[k]; both {
					d.Errorf(x.Key, field+"."+k, "this constituency lists voters; give each group's preferences under voters, or drop voters for a single ratifier")
				}
			}
		case hasVoters:
			d.mark(field+".voters", voters.Val, "")
			co.Voters = d.voters(voters.Val, field+".voters", c, norm)
		case profileGiven(f):
			co.Unitary = true
			co.Voters = []entente.VoterGroup{{Share: 1, Preferences: d.preferences(f, field, norm, entente.ProfileRef{Kind: entente.VoterProfile, Index: c})}}
		default:
			d.Missing(item, "voters", field+".voters", "missing; a constituency needs voters (groups with shares and preferences), or weights and values for a single ratifier")
		}
		d.s.Constituencies = append(d.s.Constituencies, co)
	}
}

// voters reads the voter groups of constituency c, normalising their
// shares (with a warning) when they do not sum to 1.
func (d *decoder) voters(n *yaml.Node, field string, c int, norm entente.Normalization) []entente.VoterGroup {
	items, ok := d.List(n, field, "a list of voter groups")
	if !ok {
		return nil
	}
	var out []entente.VoterGroup
	firstParam := len(d.s.Params)
	sum, shares := 0.0, true
	for g, item := range items {
		gf := fmt.Sprintf("%s[%d]", field, g)
		d.mark(gf, item, "")
		v := entente.VoterGroup{}
		f := d.Fields(item, gf, "a voter group: a mapping with name, share and preferences", voterKeys)
		if f != nil {
			v.Name, v.Description = d.named(f, item, gf, "voter group")
			prof := entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}
			if e, ok := f["share"]; ok {
				d.mark(gf+".share", e.Val, "")
				var good bool
				v.Share, good = d.rich(e.Val, gf+".share", entente.Ref{Kind: entente.RefShare, Profile: prof})
				shares = shares && good
			} else {
				shares = false
				d.Missing(item, "share", gf+".share", "missing; a voter group needs its share of the constituency, in [0,1]")
			}
			sum += v.Share
			v.Preferences = d.preferences(f, gf, norm, prof)
		}
		out = append(out, v)
	}
	if shares && len(out) > 0 && sum > 0 && math.Abs(sum-1) > entente.ShareTolerance {
		d.warnf(n, field, "the voter shares sum to %s, not 1; they are divided by their sum", strconv.FormatFloat(sum, 'g', 12, 64))
		for g := range out {
			out[g].Share /= sum
		}
		for k := firstParam; k < len(d.s.Params); k++ {
			if p := &d.s.Params[k]; p.Ref.Kind == entente.RefShare && p.Ref.Profile.Index == c {
				p.Value, p.Low, p.High, p.SD = p.Value/sum, p.Low/sum, p.High/sum, p.SD/sum
			}
		}
	}
	return out
}

// bloc reads a party's bloc: rule, threshold, leader and members.
func (d *decoder) bloc(n *yaml.Node, field string, party int, norm entente.Normalization) *entente.Bloc {
	f := d.Fields(n, field, "a bloc: a mapping with rule and members", blocKeys)
	if f == nil {
		return nil
	}
	b := &entente.Bloc{}
	ruleKnown := false
	if e, ok := f["rule"]; ok {
		d.mark(field+".rule", e.Val, "")
		if t, ok := d.Text(e.Val, field+".rule", "unanimity, majority, qualified or leader"); ok {
			if b.Rule, ruleKnown = entente.ParseBlocRule(t); !ruleKnown {
				d.Errorf(e.Val, field+".rule", "unknown bloc rule %q; expected unanimity, majority, qualified or leader%s", t, tree.Suggest(t, []string{"unanimity", "majority", "qualified", "leader"}))
			}
		}
	} else {
		d.Missing(n, "rule", field+".rule", "missing; a bloc decides by rule: unanimity, majority, qualified or leader")
	}
	if e, ok := f["threshold"]; ok {
		d.mark(field+".threshold", e.Val, "")
		if ruleKnown && b.Rule != entente.BlocQualified {
			d.Errorf(e.Key, field+".threshold", "only a qualified bloc has a threshold; this bloc's rule is %s", b.Rule)
		} else {
			b.Threshold, _ = d.rich(e.Val, field+".threshold", entente.Ref{Kind: entente.RefBlocThreshold, Index: party})
		}
	} else if ruleKnown && b.Rule == entente.BlocQualified {
		d.Missing(n, "threshold", field+".threshold", "missing; a qualified bloc needs the share of its members' weight that must accept, in (0,1]")
	}
	var names []string
	if e, ok := f["members"]; ok {
		d.mark(field+".members", e.Val, "")
		if items, ok := d.List(e.Val, field+".members", "a list of members"); ok {
			for m, item := range items {
				mf := fmt.Sprintf("%s.members[%d]", field, m)
				d.mark(mf, item, "")
				mem := entente.Member{Weight: 1}
				mm := d.Fields(item, mf, "a member: a mapping with name, weight and preferences", memberKeys)
				if mm != nil {
					if e, ok := mm["name"]; ok {
						d.mark(mf+".name", e.Val, "")
						mem.Name, _ = d.Text(e.Val, mf+".name", "the member's name")
					} else {
						d.Missing(item, "name", mf+".name", "missing; every member needs a name")
					}
					if e, ok := mm["description"]; ok {
						mem.Description = d.description(e.Val, mf+".description")
					}
					prof := entente.ProfileRef{Kind: entente.MemberProfile, Index: party, Sub: m}
					if e, ok := mm["weight"]; ok {
						d.mark(mf+".weight", e.Val, "")
						mem.Weight, _ = d.rich(e.Val, mf+".weight", entente.Ref{Kind: entente.RefMemberWeight, Profile: prof})
					}
					mem.Preferences = d.preferences(mm, mf, norm, prof)
				}
				names = append(names, mem.Name)
				b.Members = append(b.Members, mem)
			}
		}
	} else {
		d.Missing(n, "members", field+".members", "missing; a bloc lists its members with their preferences")
	}
	if e, ok := f["leader"]; ok {
		d.mark(field+".leader", e.Val, "")
		switch t, ok := d.Text(e.Val, field+".leader", "a member's name"); {
		case !ok:
		case ruleKnown && b.Rule != entente.BlocLeader:
			d.Errorf(e.Key, field+".leader", "only a bloc with rule leader has a leader; this bloc's rule is %s", b.Rule)
		default:
			b.Leader = -1
			for m, name := range names {
				if name == t {
					b.Leader = m
				}
			}
			if b.Leader < 0 {
				b.Leader = 0
				d.Errorf(e.Val, field+".leader", "unknown member %q; expected one of: %s%s", t, strings.Join(names, ", "), tree.Suggest(t, names))
			}
		}
	} else if ruleKnown && b.Rule == entente.BlocLeader {
		d.Missing(n, "leader", field+".leader", "missing; a bloc with rule leader names the member who decides")
	}
	return b
}
