package geniusweb_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/utility"
)

// FuzzDecode feeds arbitrary domain and profile files to Decode, with the
// domain file and without it. Decode must not panic; its errors must carry
// a file position; what it accepts must validate, keep utilities in [0,1],
// be recognised by Kind, and survive Encode and Decode unchanged.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(testDomain), []byte(testProfile))
	f.Add([]byte(""), []byte(testProfile))
	f.Add([]byte(testDomain), []byte(`{"LinearAdditiveUtilitySpace": {"domain": {"name": "", "issuesValues": {"a": {"values": ["x"]}}}, "issueUtilities": {"a": {"discreteutils": {"valueUtilities": {"x": 0}}}}, "issueWeights": {"a": 1}, "reservationBid": null}}`))
	f.Fuzz(func(t *testing.T, domain, profile []byte) {
		check(t, entente.Source{Name: "d.json", Data: domain}, profile)
		check(t, entente.Source{}, profile)
	})
}

func check(t *testing.T, domain entente.Source, profile []byte) {
	s, warnings, err := geniusweb.Decode(domain, entente.Source{Name: "p.json", Data: profile})
	for _, w := range warnings {
		if w.Code != entente.EWarning || w.Line < 1 || w.Col < 1 || w.File == "" {
			t.Fatalf("bad warning %#v", w)
		}
	}
	if err != nil {
		if s != nil {
			t.Fatal("a scenario came back with an error")
		}
		var list entente.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %T %v is not an ErrorList", err, err)
		}
		for _, e := range list {
			if e.Code != entente.EInvalid && e.Code != entente.EUnsupported || e.File == "" || e.Line < 1 || e.Col < 1 {
				t.Fatalf("error without code or position: %#v", e)
			}
		}
		return
	}
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatalf("decoded scenario does not validate: %v", errs)
	}
	if k := geniusweb.Kind(profile); k != geniusweb.Profile {
		t.Fatalf("Decode accepts the profile, but Kind says %v", k)
	}
	if domain.Data != nil {
		if k := geniusweb.Kind(domain.Data); k != geniusweb.Domain {
			t.Fatalf("Decode accepts the domain, but Kind says %v", k)
		}
	}
	if errs, _ := utility.Check(s); len(errs) > 0 {
		t.Fatalf("utilities leave [0,1]: %v", errs)
	}
	d, p, err := geniusweb.Encode(s)
	pr := &s.Parties[0].Preferences
	if pr.ReservationOutcome == nil && pr.Reservation != 0 {
		// A partial reservation bid became a number, which GeniusWeb
		// cannot express.
		if entente.ErrorCode(err) != entente.EUnsupported {
			t.Fatalf("encode of a numeric reservation: %v", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	back, _, err := geniusweb.Decode(entente.Source{Name: "d2.json", Data: d}, entente.Source{Name: "p.json", Data: p[0]})
	if err != nil {
		t.Fatalf("decode of the encoded scenario: %v\n%s\n%s", err, d, p[0])
	}
	// Encode makes the weights sum to exactly 1 in decimal, as GeniusWeb
	// demands, so weights Decode accepted as close enough to 1 may move by
	// their distance from 1.
	sum := 0.0
	for _, w := range pr.Weights {
		sum += w
	}
	tol := 1e-12 + math.Abs(sum-1)
	c, err := utility.Compare(s, back, 2000, 1)
	if err != nil || c.MaxDiff > tol || math.IsNaN(c.MaxDiff) {
		t.Fatalf("round trip changes utilities by %v at %s (%v)", c.MaxDiff, c.Where, err)
	}
	if back.Name != s.Name {
		t.Fatalf("round trip changes the name %q to %q", s.Name, back.Name)
	}
	for i := range s.Issues {
		a, b := &s.Issues[i], &back.Issues[i]
		if a.Name != b.Name || !slices.Equal(a.Options, b.Options) {
			t.Fatalf("round trip changes issue %q %q to %q %q", a.Name, a.Options, b.Name, b.Options)
		}
	}
}
