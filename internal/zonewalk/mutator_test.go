package zonewalk_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/load"
)

// TestApplyNominal: setting every annotated number of the flagship to its
// own value changes nothing, bit for bit (the rescaling of weights and
// shares is then the identity), and setting one weight rescales only its
// own profile, to the sum written.
func TestApplyNominal(t *testing.T) {
	res, err := load.Example("ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scenario
	var refs []entente.Ref
	var vals []float64
	for _, p := range s.Params {
		if p.Ref.Population() {
			continue
		}
		refs = append(refs, p.Ref)
		vals = append(vals, s.Get(p.Ref))
	}
	m := zonewalk.NewMutator(s, refs)
	c := s.Clone()
	m.ApplyAll(c, vals)
	// Every number a file holds is written in its shortest exact form, so
	// equal files mean equal bits.
	before, err := native.Encode(s, native.YAML)
	if err != nil {
		t.Fatal(err)
	}
	after, err := native.Encode(c, native.YAML)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("setting every number to its nominal value changed the scenario")
	}

	// Ukraine's weight of Donbas doubled: its other weights shrink so that
	// they still sum to what is written; Russia's are untouched.
	ref := entente.Ref{Kind: entente.RefWeight, Profile: entente.ProfileRef{Index: 2}, Index: 0}
	m = zonewalk.NewMutator(s, []entente.Ref{ref})
	c = s.Clone()
	w := s.Get(ref)
	m.ApplyAll(c, []float64{2 * w})
	sum := func(ws []float64) (t float64) {
		for _, x := range ws {
			t += x
		}
		return t
	}
	stated := sum(s.Parties[2].Preferences.Weights)
	if got := sum(c.Parties[2].Preferences.Weights); got < stated-1e-12 || got > stated+1e-12 {
		t.Errorf("Ukraine's weights sum to %v, written %v", got, stated)
	}
	if want := 2 * w * stated / (stated + w); c.Get(ref) < want-1e-12 || c.Get(ref) > want+1e-12 {
		t.Errorf("Ukraine's weight of Donbas is %v after rescaling, want %v", c.Get(ref), want)
	}
	if !reflect.DeepEqual(c.Parties[1], s.Parties[1]) {
		t.Error("Russia's profile changed")
	}
}
