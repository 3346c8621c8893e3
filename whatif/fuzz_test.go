package whatif_test

import (
	"context"
	"math"
	"testing"

	"github.com/entente/entente/whatif"
)

// FuzzEvaluate sends the workspace of a small scenario with politics
// (format/native's politics test scenario: guarantors, a bloc, a
// constituency with voter groups and a unitary one) variants as a hostile
// client would: any number, any value, keys twice, values outside every
// range, allowed or not. Evaluate must answer or refuse, never panic, and
// an answer must hold together: the ratifiable zone inside the agreement
// zone, Nash packages exactly where the zones are not empty, and the
// variant's own numbers where it set them.
func FuzzEvaluate(f *testing.F) {
	ws := workspace(f, politicsScenario(f), whatif.Options{Engines: 1})
	keys := whatif.Numbers(ws.Scenario())
	f.Add(uint8(0), 0.5, uint8(1), 0.3, false)
	f.Add(uint8(3), -1.0, uint8(3), 2.0, true)
	f.Add(uint8(7), math.Inf(1), uint8(12), math.NaN(), true)
	f.Add(uint8(200), 0.0, uint8(40), 1e300, false)
	f.Fuzz(func(t *testing.T, k1 uint8, v1 float64, k2 uint8, v2 float64, allow bool) {
		v := whatif.Variant{Name: "fuzz", AllowOutside: allow, Set: []whatif.Override{
			{Ref: keys[int(k1)%len(keys)], Value: v1},
			{Key: ws.Key(keys[int(k2)%len(keys)]), Value: v2},
		}}
		r, err := ws.Evaluate(context.Background(), v)
		if err != nil {
			return
		}
		if r.Ratifiable > r.Zone || (r.Zone > 0) != (r.Nash != nil) || (r.Ratifiable > 0) != (r.RatifiableNash != nil) {
			t.Fatalf("zones %d/%d with Nash packages %v/%v", r.Zone, r.Ratifiable, r.Nash != nil, r.RatifiableNash != nil)
		}
		for _, ch := range r.Changes {
			if ch.Set && ch.Asked != v1 && ch.Asked != v2 {
				t.Fatalf("%s set to %v, asked %v or %v", ch.Key, ch.Asked, v1, v2)
			}
			if math.IsNaN(ch.Value) || math.IsInf(ch.Value, 0) {
				t.Fatalf("%s = %v", ch.Key, ch.Value)
			}
		}
	})
}
