package native

import (
	"fmt"

	"github.com/entente/entente"
)

// rich writes a number, as a mapping {value, range, ...} when it has an
// annotation. The value written is the model's number (v), which may differ
// from the annotation's Value after Scenario.Set.
func (b *builder) rich(field string, ref entente.Ref, v float64) *tnode {
	p := b.params[ref]
	if p == nil {
		return b.num(field, v)
	}
	n := mapping(false)
	n.add("value", b.num(field+".value", v))
	if p.Ranged {
		n.add("range", b.pair(field+".range", p.Low, p.High))
	}
	if p.Dist != entente.DistPoint && !(p.Dist == entente.DistUniform && p.Ranged) {
		n.add("dist", str(p.Dist.String()))
	}
	if !zero(p.SD) {
		n.add("sd", b.num(field+".sd", p.SD))
	}
	if p.Confidence != entente.ConfidenceUnset {
		n.add("confidence", str(p.Confidence.String()))
	}
	if p.Source != "" {
		n.add("source", b.text(field+".source", p.Source))
	}
	if p.Note != "" {
		n.add("note", b.text(field+".note", p.Note))
	}
	if ref.Population() {
		for _, k := range []struct {
			key  string
			kind entente.RefKind
		}{{"centre_range", entente.RefCentre}, {"sd_range", entente.RefSpread}} {
			if q := b.params[entente.Ref{Kind: k.kind, Profile: ref.Profile}]; q != nil && q.Ranged {
				n.add(k.key, b.pair(field+"."+k.key, q.Low, q.High))
			}
		}
	}
	return n
}

// redLines writes red lines {name, description, when}.
func (b *builder) redLines(field string, lines []entente.RedLine) *tnode {
	ls := sequence(true)
	for k := range lines {
		l := &lines[k]
		f := fmt.Sprintf("%s[%d]", field, k)
		n := mapping(false)
		b.named(n, f, l.Name, l.Description)
		n.add("when", b.region(f+".when", l.Boxes))
		ls.items = append(ls.items, n)
	}
	return ls
}

func (b *builder) guarantor(g int) *tnode {
	gu := &b.s.Guarantors[g]
	f := fmt.Sprintf("guarantors[%d]", g)
	n := mapping(false)
	b.named(n, f, gu.Name, gu.Description)
	n.add("credibility", b.rich(f+".credibility", entente.Ref{Kind: entente.RefCredibility, Index: g}, gu.Credibility))
	if len(gu.Follows) > 0 {
		names := sequence(false)
		for _, l := range gu.Follows {
			names.items = append(names.items, b.text(f+".follows", b.s.Guarantors[l].Name))
		}
		n.add("follows", names)
		n.add("alone", b.rich(f+".alone", entente.Ref{Kind: entente.RefAlone, Index: g}, gu.Alone))
	}
	return n
}

// guarantees writes option -> [guarantors] (one required) or option ->
// {guarantors, required}.
func (b *builder) guarantees(field string, is *entente.Issue, issue int) *tnode {
	n := mapping(true)
	for k := range is.Guarantees {
		g := &is.Guarantees[k]
		opt := is.Options[g.Option]
		f := field + "." + opt
		names := sequence(false)
		for _, gi := range g.Guarantors {
			names.items = append(names.items, b.text(f+".guarantors", b.s.Guarantors[gi].Name))
		}
		ref := entente.Ref{Kind: entente.RefRequired, Index: issue, Sub: k}
		if g.Required == 1 && b.params[ref] == nil {
			n.add(opt, names)
			continue
		}
		m := mapping(false)
		m.add("guarantors", names)
		if b.params[ref] != nil {
			m.add("required", b.rich(f+".required", ref, float64(g.Required)))
		} else {
			m.add("required", &tnode{kind: tNum, text: fmt.Sprint(g.Required)})
		}
		n.add(opt, m)
	}
	return n
}

func (b *builder) constituency(c int) *tnode {
	co := &b.s.Constituencies[c]
	f := fmt.Sprintf("constituencies[%d]", c)
	n := mapping(true)
	b.named(n, f, co.Name, co.Description)
	n.add("party", b.text(f+".party", b.s.Parties[co.Party].Name))
	if co.Applies != nil {
		n.add("applies", b.region(f+".applies", co.Applies))
	}
	n.add("threshold", b.rich(f+".threshold", entente.Ref{Kind: entente.RefThreshold, Index: c}, co.Threshold))
	if len(co.RedLines) > 0 {
		n.add("red_lines", b.redLines(f+".red_lines", co.RedLines))
	}
	if co.Unitary {
		b.preferences(n, f, &co.Voters[0].Preferences, entente.ProfileRef{Kind: entente.VoterProfile, Index: c})
		return n
	}
	vs := sequence(true)
	for g := range co.Voters {
		v := &co.Voters[g]
		prof := entente.ProfileRef{Kind: entente.VoterProfile, Index: c, Sub: g}
		vf := fmt.Sprintf("%s.voters[%d]", f, g)
		vn := mapping(true)
		b.named(vn, vf, v.Name, v.Description)
		vn.add("share", b.rich(vf+".share", entente.Ref{Kind: entente.RefShare, Profile: prof}, v.Share))
		b.preferences(vn, vf, &v.Preferences, prof)
		vs.items = append(vs.items, vn)
	}
	n.add("voters", vs)
	return n
}

func (b *builder) bloc(field string, p int, bl *entente.Bloc) *tnode {
	n := mapping(true)
	n.add("rule", str(bl.Rule.String()))
	if bl.Rule == entente.BlocQualified {
		n.add("threshold", b.rich(field+".threshold", entente.Ref{Kind: entente.RefBlocThreshold, Index: p}, bl.Threshold))
	}
	if bl.Rule == entente.BlocLeader {
		n.add("leader", b.text(field+".leader", bl.Members[bl.Leader].Name))
	}
	ms := sequence(true)
	for m := range bl.Members {
		mem := &bl.Members[m]
		prof := entente.ProfileRef{Kind: entente.MemberProfile, Index: p, Sub: m}
		mf := fmt.Sprintf("%s.members[%d]", field, m)
		mn := mapping(true)
		b.named(mn, mf, mem.Name, mem.Description)
		mr := entente.Ref{Kind: entente.RefMemberWeight, Profile: prof}
		if mem.Weight != 1 || b.params[mr] != nil {
			mn.add("weight", b.rich(mf+".weight", mr, mem.Weight))
		}
		b.preferences(mn, mf, &mem.Preferences, prof)
		ms.items = append(ms.items, mn)
	}
	n.add("members", ms)
	return n
}
