package negotiator

import (
	"errors"
	"strings"
	"testing"

	"github.com/entente/entente"
)

func TestSpecs(t *testing.T) {
	s := laptop()
	fs, sp := setup(t, s)
	for _, spec := range []string{
		"boulware", " conceder ", "linear:", "timedep:e=0.5,min=0.6", "timedep: e = 0 , k = 0.5",
		"hardliner", "random", "random:floor=0.3", "titfortat:gamma=3,max=0.9",
		"frequency:count_first_bid=true,agg=sum", "frequency:e=2,count_first_bid=0",
	} {
		n, err := New(spec, nil)
		if err != nil {
			t.Errorf("New(%q): %v", spec, err)
			continue
		}
		if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
			t.Errorf("%q: Start: %v", spec, err)
		}
	}
	d := mustNew(t, "timedep: e = 0 , k = 0.5", nil).(*timeDep)
	if d.e != 0 || d.k != 0.5 {
		t.Errorf("timedep: e=%v k=%v, want 0 and 0.5", d.e, d.k)
	}
	f := mustNew(t, "frequency:count_first_bid=true,agg=sum", nil).(*frequency)
	if !f.countFirst || !f.sum || f.e != 0.2 {
		t.Errorf("frequency: count_first_bid %v, sum %v, e %v", f.countFirst, f.sum, f.e)
	}
	for _, spec := range []string{"hillclimb", "hillclimb:k=1,patience=5", "random"} {
		m, err := NewMediator(spec, nil)
		if err != nil {
			t.Errorf("NewMediator(%q): %v", spec, err)
			continue
		}
		if err := m.Start(view(s, fs, sp, -1, 1, 10)); err != nil {
			t.Errorf("%q: Start: %v", spec, err)
		}
	}
}

func TestSpecErrors(t *testing.T) {
	for _, c := range []struct {
		spec string
		want []string // substrings of the message
	}{
		{"", []string{"empty strategy", "boulware, conceder, frequency, hardliner, linear, random, timedep, titfortat"}},
		{"bulware", []string{`unknown strategy "bulware"`, "expected one of boulware"}},
		{"Boulware", []string{`unknown strategy "Boulware"`}},
		{"timedep:x=1", []string{"timedep.x", `has no parameter "x"`, "one of e, k, min, max"}},
		{"timedep:e", []string{`"e" is not key=value`}},
		{"timedep:e=", []string{"timedep.e", `"" is not valid`, "a number >= 0"}},
		{"timedep:e=-1", []string{"timedep.e", `"-1" is not valid`}},
		{"timedep:e=NaN", []string{"timedep.e"}},
		{"timedep:e=inf", []string{"timedep.e"}},
		{"timedep:k=2", []string{"timedep.k", "in [0,1]"}},
		{"timedep:e=1,e=2", []string{"timedep.e", "set twice"}},
		{"timedep:min=0.8,max=0.5", []string{"min 0.8 is above max 0.5"}},
		{"timedep:e=1,,k=0", []string{"is not key=value"}},
		{"hardliner:e=1", []string{`has no parameter "e"`, "expected one of aware"}},
		{"boulware:aware=yes", []string{"boulware.aware", "expected none, own or all"}},
		{"titfortat:gamma=1.5", []string{"titfortat.gamma", "expected a whole number from 1"}},
		{"titfortat:gamma=0", []string{"titfortat.gamma"}},
		{"frequency:count_first_bid=maybe", []string{"true or false"}},
		{"frequency:agg=max", []string{"expected min or sum"}},
	} {
		_, err := New(c.spec, nil)
		if err == nil {
			t.Errorf("New(%q) succeeded", c.spec)
			continue
		}
		var e *entente.Error
		if !errors.As(err, &e) || e.Code != entente.EInvalid {
			t.Errorf("New(%q): %v is not an invalid-input *entente.Error", c.spec, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("New(%q): %q does not say %q", c.spec, err, w)
			}
		}
	}
	for _, c := range []struct{ spec, want string }{
		{"hill", `unknown mediator "hill"; expected one of hillclimb, random`},
		{"hillclimb:k=0", "hillclimb.k"},
		{"random:floor=1", `mediator "random" has no parameter "floor"`},
	} {
		if _, err := NewMediator(c.spec, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewMediator(%q): %v, want %q", c.spec, err, c.want)
		}
	}
}

// TestInfos checks that every listed strategy and mediator builds with its
// defaults and with every parameter set to its default explicitly.
func TestInfos(t *testing.T) {
	for _, in := range Strategies() {
		if in.Summary == "" {
			t.Errorf("%s has no summary", in.Name)
		}
		if _, err := New(in.Name, nil); err != nil {
			t.Errorf("New(%q): %v", in.Name, err)
		}
		var kv []string
		for _, p := range in.Params {
			if p.Doc == "" || p.Default == "" {
				t.Errorf("%s.%s lacks a doc or default", in.Name, p.Name)
			}
			if _, err := New(in.Name+":"+p.Name+"="+p.Default, nil); err == nil {
				kv = append(kv, p.Name+"="+p.Default)
			}
		}
		if len(kv) > 0 {
			if _, err := New(in.Name+":"+strings.Join(kv, ","), nil); err != nil {
				t.Errorf("%s with explicit defaults: %v", in.Name, err)
			}
		}
	}
	for _, in := range Mediators() {
		if _, err := NewMediator(in.Name, nil); err != nil {
			t.Errorf("NewMediator(%q): %v", in.Name, err)
		}
		for _, p := range in.Params {
			if _, err := NewMediator(in.Name+":"+p.Name+"="+p.Default, nil); err != nil {
				t.Errorf("%s:%s=%s: %v", in.Name, p.Name, p.Default, err)
			}
		}
	}
}
