package negotiator

import (
	"math"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

func mustNew(t testing.TB, spec string, c *Cache) protocol.Negotiator {
	t.Helper()
	n, err := New(spec, c)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTimeTarget(t *testing.T) {
	const pmin, pmax = 0.3, 0.9
	for _, e := range []float64{0, 0.2, 1, 2} {
		if got := timeTarget(0, e, 0, pmin, pmax); got != pmax {
			t.Errorf("e=%v: target(0) = %v, want Pmax", e, got)
		}
		if e > 0 {
			if got := timeTarget(1, e, 0, pmin, pmax); math.Abs(got-pmin) > 1e-15 {
				t.Errorf("e=%v: target(1) = %v, want Pmin", e, got)
			}
		}
	}
	if got := timeTarget(1, 0, 0, pmin, pmax); got != pmax {
		t.Errorf("hardliner target(1) = %v, want Pmax", got)
	}
	if got, want := timeTarget(0, 1, 0.25, pmin, pmax), pmin+(pmax-pmin)*0.75; math.Abs(got-want) > 1e-15 {
		t.Errorf("k=0.25: target(0) = %v, want %v", got, want)
	}
	// Linear is a straight line; Boulware (e = 0.2) mid-way keeps
	// 1 − 0.5^5 of the range, Conceder (e = 2) 1 − 0.5^0.5.
	b, l, c := timeTarget(0.5, 0.2, 0, pmin, pmax), timeTarget(0.5, 1, 0, pmin, pmax), timeTarget(0.5, 2, 0, pmin, pmax)
	if !(b > l && l > c) {
		t.Errorf("mid-way: boulware %v, linear %v, conceder %v: want boulware > linear > conceder", b, l, c)
	}
	for _, x := range []struct{ got, want float64 }{
		{b, pmin + (pmax-pmin)*(1-1.0/32)}, {l, (pmin + pmax) / 2}, {c, pmin + (pmax-pmin)*(1-math.Sqrt(0.5))},
	} {
		if math.Abs(x.got-x.want) > 1e-12 {
			t.Errorf("mid-way target %v, want %v", x.got, x.want)
		}
	}
	// Out-of-range times are clamped.
	if timeTarget(-1, 1, 0, pmin, pmax) != pmax || timeTarget(2, 1, 0, pmin, pmax) != pmin {
		t.Error("times outside [0,1] are not clamped")
	}
}

// TestTimeDepBounds checks the default Pmax = max U and Pmin = max(min U,
// rv), the min and max parameters, and that offers follow the target's
// nearest bid and never go below Pmin.
func TestTimeDepBounds(t *testing.T) {
	s := laptop()
	fs, sp := setup(t, s)
	b := NewBids(fs[0], sp, ExactLimit)
	for _, c := range []struct {
		spec       string
		pmin, pmax float64
	}{
		{"boulware", math.Max(b.Min(), 0.3), b.Max()},
		{"conceder:min=0.6", 0.6, b.Max()},
		{"linear:max=0.8,min=0.5", 0.5, 0.8},
		{"timedep:min=0.95", 0.95, b.Max()},
	} {
		n := mustNew(t, c.spec, nil)
		if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
			t.Fatal(err)
		}
		d := n.(*timeDep)
		if math.Abs(d.pmin-math.Min(c.pmin, c.pmax)) > 1e-15 || d.pmax != c.pmax {
			t.Errorf("%s: [Pmin,Pmax] = [%v,%v], want [%v,%v]", c.spec, d.pmin, d.pmax, c.pmin, c.pmax)
		}
		for r := 1; r <= 10; r++ {
			st := &protocol.State{Round: r, Time: float64(r) / 11, By: -1}
			a := n.Act(st)
			if a.Kind != protocol.Offer {
				t.Fatalf("%s: %v with nothing on the table", c.spec, a.Kind)
			}
			u := fs[0].Utility(a.Outcome)
			want := b.Utility(b.NearestAbove(d.target(st.Time), d.pmin))
			if u != want {
				t.Errorf("%s round %d: offered U %v, want the nearest bid's %v", c.spec, r, u, want)
			}
			if u < d.pmin && d.pmin <= b.Max() {
				t.Errorf("%s round %d: offered U %v below the floor %v", c.spec, r, u, d.pmin)
			}
		}
	}
}

// TestAcceptNext checks AC_next(1,0): accept iff the table is worth at
// least the bid offered otherwise.
func TestAcceptNext(t *testing.T) {
	s := laptop()
	fs, sp := setup(t, s)
	n := mustNew(t, "linear", nil)
	if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
		t.Fatal(err)
	}
	o := make(entente.Outcome, 3)
	accepted, offered := 0, 0
	for r := 1; r <= 10; r++ {
		for idx := range uint64(27) {
			sp.At(idx, o)
			st := &protocol.State{Round: r, Time: float64(r) / 11, Table: o, By: 1}
			next := n.Act(&protocol.State{Round: r, Time: st.Time, By: -1})
			un := fs[0].Utility(next.Outcome)
			a := n.Act(st)
			want := protocol.Offer
			if fs[0].Utility(o) >= un {
				want = protocol.Accept
			}
			if a.Kind != want {
				t.Fatalf("round %d, table U %v, next U %v: %v, want %v", r, fs[0].Utility(o), un, a.Kind, want)
			}
			if a.Kind == protocol.Accept {
				accepted++
			} else {
				offered++
			}
		}
	}
	if accepted == 0 || offered == 0 {
		t.Errorf("accepted %d, offered %d: the test exercises nothing", accepted, offered)
	}
}

func TestHardliner(t *testing.T) {
	s := laptop()
	fs, sp := setup(t, s)
	n := mustNew(t, "hardliner", nil)
	if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
		t.Fatal(err)
	}
	best := NewBids(fs[0], sp, ExactLimit).Max()
	o := make(entente.Outcome, 3)
	for idx := range uint64(27) {
		sp.At(idx, o)
		a := n.Act(&protocol.State{Round: 9, Time: 0.99, Table: o, By: 1})
		if u := fs[0].Utility(o); (a.Kind == protocol.Accept) != (u >= best) {
			t.Fatalf("table U %v: %v", u, a.Kind)
		}
		if a.Kind == protocol.Offer && fs[0].Utility(a.Outcome) != best {
			t.Fatalf("hardliner offered U %v, want its best %v", fs[0].Utility(a.Outcome), best)
		}
	}
}

// oneIssue is a scenario of one issue whose 11 options are worth k/10 to
// party 0 (reservation 0.15) and (10−k)/10 to party 1.
func oneIssue() *entente.Scenario {
	opts := make([]string, 11)
	up, down := make([]float64, 11), make([]float64, 11)
	for k := range opts {
		opts[k] = string(rune('a' + k))
		up[k], down[k] = float64(k)/10, float64(10-k)/10
	}
	return &entente.Scenario{
		Issues: []entente.Issue{{Name: "x", Kind: entente.Discrete, Options: opts}},
		Parties: []entente.Party{
			{Name: "me", Preferences: entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Table{Values: up}}, Reservation: 0.15}},
			{Name: "you", Preferences: entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Table{Values: down}}}},
		},
	}
}

func TestTitForTat(t *testing.T) {
	s := oneIssue()
	fs, sp := setup(t, s)
	offer := func(n protocol.Negotiator, p int, k float64) {
		n.Observe(&protocol.Event{Kind: protocol.Offered, Party: p, Outcome: entente.Outcome{k}})
	}
	n := mustNew(t, "titfortat", nil)
	if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
		t.Fatal(err)
	}
	tt := n.(*titForTat)
	if tt.pmin != 0.15 || tt.pmax != 1 {
		t.Fatalf("[Pmin,Pmax] = [%v,%v], want [0.15,1]", tt.pmin, tt.pmax)
	}
	check := func(want float64) {
		t.Helper()
		if got := tt.target(); math.Abs(got-want) > 1e-12 {
			t.Errorf("target %v, want %v", got, want)
		}
	}
	check(1) // no offers yet: best bid
	offer(n, 1, 2)
	check(1)       // one offer, γ = 1: still the best bid
	offer(n, 0, 9) // our own offer: U(m) = 0.9
	offer(n, 1, 4)
	check(0.2 / 0.4 * 0.9) // U(o_{n−1}) / U(o_n) · U(m)
	a := n.Act(&protocol.State{Round: 3, Time: 0.3, Table: entente.Outcome{3}, By: 1})
	if a.Kind != protocol.Offer || a.Outcome[0] != 4 && a.Outcome[0] != 5 {
		t.Errorf("action %v %v, want an offer of U 0.4 or 0.5 (target 0.45)", a.Kind, a.Outcome)
	}
	offer(n, 0, 5)
	offer(n, 1, 3) // the opponent retreats: we retreat from U(m) = 0.5
	check(0.4 / 0.3 * 0.5)
	offer(n, 1, 0) // worthless offer: Pmax
	check(1)
	offer(n, 1, 8)
	offer(n, 1, 1)
	check(1) // 0.8/0.1·0.5 = 4: clamped to Pmax
	offer(n, 1, 10)
	check(0.15) // 0.1/1·0.5 = 0.05: clamped to Pmin = rv

	// γ = 2 compares with the offer two back.
	n = mustNew(t, "titfortat:gamma=2", nil)
	if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
		t.Fatal(err)
	}
	tt = n.(*titForTat)
	offer(n, 1, 2)
	offer(n, 1, 3)
	check(1)
	offer(n, 0, 8)
	offer(n, 1, 5)
	check(0.2 / 0.5 * 0.8)
	offer(n, 1, 6)
	check(0.3 / 0.6 * 0.8)
}

// TestRandomUniform: the random strategy offers every bid worth at least
// its floor, and nothing below, in both kinds of bids.
func TestRandomUniform(t *testing.T) {
	s := laptop()
	fs, sp := setup(t, s)
	b := NewBids(fs[0], sp, ExactLimit)
	floor := b.Utility(b.Len() / 2)
	for _, limit := range []uint64{ExactLimit, 1} {
		n := mustNew(t, "random:floor="+entente.FormatNumber(floor), &Cache{Limit: limit})
		if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
			t.Fatal(err)
		}
		seen := map[float64]int{}
		for range 3000 {
			a := n.Act(&protocol.State{Round: 1, Time: 0.1, By: -1})
			u := fs[0].Utility(a.Outcome)
			if u < floor {
				t.Fatalf("limit %d: offered U %v below the floor %v", limit, u, floor)
			}
			idx, _ := sp.Index(a.Outcome)
			seen[float64(idx)]++
		}
		if want := b.Count(floor); len(seen) != want {
			t.Errorf("limit %d: offered %d distinct bids, want all %d above the floor", limit, len(seen), want)
		}
		for idx, k := range seen {
			if k < 3000/b.Count(floor)/3 {
				t.Errorf("limit %d: outcome %v offered %d times of 3000: not uniform", limit, idx, k)
			}
		}
	}
}

// TestVotes checks every strategy's ballots on all laptop packages:
// accept iff U >= max(aspiration, rv), prefer iff U >= U(text).
func TestVotes(t *testing.T) {
	s := laptop()
	fs, sp := setup(t, s)
	text := entente.Outcome{1, 1, 1}
	for _, spec := range []string{"linear", "boulware", "hardliner", "random:floor=0.6", "titfortat", "frequency:e=1"} {
		n := mustNew(t, spec, nil)
		if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
			t.Fatal(err)
		}
		st := &protocol.State{Round: 5, Time: 0.5, By: -1}
		var asp float64
		switch x := n.(type) {
		case *timeDep:
			asp = x.target(st.Time)
		case *frequency:
			asp = x.target(st.Time)
		case *randomN:
			asp = x.floor
		case *titForTat:
			asp = x.target()
		}
		asp = max(asp, fs[0].Reservation())
		o := make(entente.Outcome, 3)
		accepts := 0
		for idx := range uint64(27) {
			sp.At(idx, o)
			u := fs[0].Utility(o)
			bl := n.(protocol.Voter).Vote(st, o, text)
			if bl.Accept != (u >= asp) || bl.Prefer != (u >= fs[0].Utility(text)) {
				t.Errorf("%s: U %v (aspiration %v, text %v): %+v", spec, u, asp, fs[0].Utility(text), bl)
			}
			if bl.Accept {
				accepts++
			}
			if !n.(protocol.Voter).Vote(st, o, nil).Prefer {
				t.Errorf("%s: no text, yet a proposal is not preferred", spec)
			}
		}
		if spec == "linear" && (accepts == 0 || accepts == 27) {
			t.Errorf("linear mid-way accepts %d of 27: the test exercises nothing", accepts)
		}
	}
}
