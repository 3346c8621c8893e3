package genius_test

import (
	"errors"
	"math"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// FuzzDecode feeds arbitrary domain and profile files to Decode. It must
// not panic; every problem must be located in a file; a decoded scenario
// must validate, encode, and decode again with the same utilities.
// Seeds: the fixtures here and testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(domainXML), []byte(profileXML))
	f.Add([]byte(gridXML), []byte(rectanglesXML))
	f.Add([]byte(domainXML), []byte(rectanglesXML))
	f.Add([]byte(profileXML), []byte(domainXML))
	f.Fuzz(checkDecode)
}

// checkDecode is FuzzDecode's check of one domain and profile.
func checkDecode(t *testing.T, domain, profile []byte) {
	{
		s, warns, err := genius.Decode(entente.Source{Name: "d.xml", Data: domain}, entente.Source{Name: "p.xml", Data: profile})
		for _, w := range warns {
			if w.Code != entente.EWarning || w.File == "" || w.Line < 1 || w.Col < 1 {
				t.Fatalf("warning without code or position: %#v", w)
			}
		}
		if err != nil {
			var list entente.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T is not an entente.ErrorList: %v", err, err)
			}
			for _, e := range list {
				if (e.Code != entente.EInvalid && e.Code != entente.EUnsupported) || e.File == "" || e.Line < 1 || e.Col < 1 {
					t.Fatalf("error without code or position: %#v", e)
				}
			}
			return
		}
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("a decoded scenario does not validate: %v", errs)
		}
		d, ps, err := genius.Encode(s)
		if err != nil {
			t.Fatalf("a decoded scenario does not encode: %v", err)
		}
		back, _, err := genius.Decode(entente.Source{Name: "d2.xml", Data: d}, entente.Source{Name: "p.xml", Data: ps[0]})
		if err != nil {
			t.Fatalf("an encoded scenario does not decode: %v\n%s\n%s", err, d, ps[0])
		}
		a, b := &s.Parties[0].Preferences, &back.Parties[0].Preferences
		if a.Reservation != b.Reservation || a.DiscountFactor() != b.DiscountFactor() {
			t.Fatalf("reservation %v and discount %v came back as %v and %v", a.Reservation, a.Discount, b.Reservation, b.Discount)
		}
		for i := range s.Issues {
			if n, ok := s.Issues[i].Size(); s.Issues[i].Finite() && (!ok || n > 10_000) {
				return // utility tables would be large; the rest is checked
			}
		}
		fa, err1 := utility.New(s.Issues, a)
		fb, err2 := utility.New(back.Issues, b)
		if err1 != nil || err2 != nil {
			t.Fatalf("compile: %v, %v", err1, err2)
		}
		eachOutcome(space.New(s.Issues), 1000, 1000, 1, func(o entente.Outcome) {
			ua, ub := fa.Utility(o), fb.Utility(o)
			if !(math.Abs(ua-ub) <= 1e-9*math.Max(1, math.Abs(ua))) {
				t.Fatalf("utility %v came back as %v at %v", ua, ub, s.Package(o))
			}
		})
	}
}

// FuzzDecodeProfile fuzzes a profile against one of the fixture domains,
// so that more mutants get past the domain and exercise the profile
// reader, the encoder and the round trip. Seeds: the fixtures here and
// testdata/fuzz/FuzzDecodeProfile.
func FuzzDecodeProfile(f *testing.F) {
	domains := []string{domainXML, gridXML}
	f.Add(uint8(0), []byte(profileXML))
	f.Add(uint8(1), []byte(rectanglesXML))
	f.Fuzz(func(t *testing.T, which uint8, profile []byte) {
		checkDecode(t, []byte(domains[int(which)%len(domains)]), profile)
	})
}
