package whatif_test

import (
	"context"
	"io/fs"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/examples"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/whatif"
)

// TestFlagshipVariantMatchesEditedFile: the variant that sets the US
// executive's credibility to 0.5 and the Ukrainian referendum's threshold
// to 0.55 gives the zones, Nash packages and margins of the flagship's
// file edited by hand (the two numbers substituted in its text), loaded
// and analysed as `entente analyze` does.
func TestFlagshipVariantMatchesEditedFile(t *testing.T) {
	raw, err := fs.ReadFile(examples.FS, "ukraine-2025/ukraine-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	text = replaceOnce(t, text, "- name: US executive", "credibility: {value: 0.35,", "credibility: {value: 0.5,")
	text = replaceOnce(t, text, "- name: Ukrainian referendum", "threshold: {value: 0.5,", "threshold: {value: 0.55,")
	edited := loadFile(t, text)

	ws := workspace(t, flagship(t), whatif.Options{})
	nominal := evaluate(t, ws, whatif.Variant{Name: "as written"})
	r := evaluate(t, ws, variant("US 0.5, referendum 55%", "guarantors[0].credibility", 0.5, "constituencies[0].threshold", 0.55))
	sameAsAnalysis(t, edited, r)
	if r.Zone == nominal.Zone && r.Ratifiable == nominal.Ratifiable {
		t.Errorf("the variant leaves both zones as they are (%d, %d): the test shows nothing", r.Zone, r.Ratifiable)
	}
	// The constituencies' verdicts on the ratifiable Nash package, from
	// the edited file's own compiled constituencies.
	set, err := ratify.Compile(edited)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*whatif.Package{r.Nash, r.RatifiableNash} {
		for c, cv := range p.Constituencies {
			if cv.Approval != set.Approval(c, p.Outcome) || cv.Threshold != set.Threshold(c) || cv.Ratifies != set.Ratifies(c, p.Outcome) {
				t.Errorf("%s at package %d: approval %v threshold %v ratifies %v; the edited file's %v, %v, %v", cv.Constituency, p.Index,
					cv.Approval, cv.Threshold, cv.Ratifies, set.Approval(c, p.Outcome), set.Threshold(c), set.Ratifies(c, p.Outcome))
			}
		}
		// A zone package: every party it needs accepts it.
		need := edited.Required(p.Outcome, make([]bool, len(edited.Parties)))
		for q, pv := range p.Parties {
			if pv.Needed != need[q] || pv.Needed && !pv.Accepts {
				t.Errorf("package %d: %s needed %v, accepts %v; the edited file needs it: %v", p.Index, pv.Party, pv.Needed, pv.Accepts, need[q])
			}
		}
	}
	if !r.Constituencies || r.RatifiableNash.Constituencies[0].Threshold != 0.55 {
		t.Errorf("the referendum's threshold reads %v", r.RatifiableNash.Constituencies[0].Threshold)
	}
	// The changes: the two numbers, as asked, one within its range and
	// one stated without any.
	want := []whatif.Change{
		{Key: "guarantors[0].credibility", Label: "US executive: credibility", Nominal: 0.35, Value: 0.5, Set: true, Asked: 0.5, Assumption: whatif.Within, Range: &whatif.Range{Low: 0.15, High: 0.6}},
		{Key: "constituencies[0].threshold", Label: "Ukrainian referendum: approval threshold", Nominal: 0.5, Value: 0.55, Set: true, Asked: 0.55, Assumption: whatif.Unranged},
	}
	for k := range r.Changes {
		r.Changes[k].Ref = entente.Ref{}
	}
	if !reflect.DeepEqual(r.Changes, want) {
		t.Errorf("changes %+v, want %+v", r.Changes, want)
	}
	if r.Outside {
		t.Error("the variant is marked outside the stated assumptions")
	}
}

// TestNominalVariants: the empty variant is the exact analysis of the
// scenario as written, and a variant that sets any numbers to their own
// values gives the same result, bit for bit.
func TestNominalVariants(t *testing.T) {
	for _, name := range []string{"ukraine-2025", "ceasefire", "coalition-government", "laptop", "politics"} {
		t.Run(name, func(t *testing.T) {
			var s *entente.Scenario
			if name == "politics" {
				s = politicsScenario(t)
			} else {
				s = exampleScenario(t, name)
			}
			ws := workspace(t, s, whatif.Options{})
			empty := evaluate(t, ws, whatif.Variant{})
			sameAsAnalysis(t, s, empty)
			if len(empty.Changes) != 0 || empty.Outside {
				t.Errorf("the empty variant has changes %v", empty.Changes)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			ctrls := ws.Controls()
			for trial := range 5 {
				v := whatif.Variant{}
				for _, c := range ctrls {
					// All of them, then random subsets.
					if trial == 0 || rng.IntN(3) == 0 {
						v.Set = append(v.Set, whatif.Override{Key: c.Key, Value: c.Value})
					}
				}
				got := evaluate(t, ws, v)
				if !reflect.DeepEqual(got, empty) {
					t.Fatalf("trial %d: %d numbers set to their values change the result:\n%+v\n%+v", trial, len(v.Set), got, empty)
				}
			}
		})
	}
}

// TestIncrementalMatchesFresh: a workspace moved from variant to variant
// (reloading only what changed) gives what a fresh workspace gives for
// each, over random sequences of the flagship's numbers moved within
// their ranges.
func TestIncrementalMatchesFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a workspace per variant")
	}
	s := flagship(t)
	ws := workspace(t, s, whatif.Options{Engines: 1})
	ctrls := ws.Controls()
	rng := rand.New(rand.NewPCG(3, 4))
	var prev whatif.Variant
	for step := range 24 {
		v := whatif.Variant{Name: "step"}
		switch step % 4 {
		case 0: // one number more than the last variant
			v.Set = append(v.Set, prev.Set...)
			v.Set = append(v.Set, pick(rng, ctrls, v.Set))
		case 1: // the last variant with one number moved
			v.Set = append(v.Set, prev.Set...)
			if len(v.Set) > 0 {
				k := rng.IntN(len(v.Set))
				v.Set[k] = within(rng, ctrls, v.Set[k].Key)
			}
		case 2: // a fresh set of up to 12 numbers
			for range 1 + rng.IntN(12) {
				v.Set = append(v.Set, pick(rng, ctrls, v.Set))
			}
		case 3: // one number fewer
			v.Set = append(v.Set, prev.Set...)
			if len(v.Set) > 0 {
				v.Set = v.Set[1:]
			}
		}
		prev = v
		got, err := ws.Evaluate(context.Background(), v)
		fresh := workspace(t, s, whatif.Options{Engines: 1})
		want, ferr := fresh.Evaluate(context.Background(), v)
		if (err != nil) != (ferr != nil) {
			t.Fatalf("step %d: error %v, a fresh workspace's %v", step, err, ferr)
		}
		if err != nil {
			continue // a variant the scenario's checks refuse
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d (%d numbers): the incremental result differs from a fresh workspace's:\n%+v\n%+v", step, len(v.Set), got, want)
		}
	}
}

// pick returns a control not yet in set, moved within its range.
func pick(rng *rand.Rand, ctrls []whatif.Control, set []whatif.Override) whatif.Override {
	for {
		c := ctrls[rng.IntN(len(ctrls))]
		taken := false
		for _, o := range set {
			taken = taken || o.Key == c.Key
		}
		if !taken {
			return within(rng, ctrls, c.Key)
		}
	}
}

// within moves the control of this key to a random value of its widget.
func within(rng *rand.Rand, ctrls []whatif.Control, key string) whatif.Override {
	for _, c := range ctrls {
		if c.Key == key {
			w := c.Widget
			x := w.Min + rng.Float64()*(w.Max-w.Min)
			if w.Kind == "integer" {
				x = math.Round(x)
			}
			return whatif.Override{Key: key, Value: x}
		}
	}
	panic("no control " + key)
}

// TestConcurrentEvaluations: evaluations from many goroutines at once give
// what one at a time gives (run with -race).
func TestConcurrentEvaluations(t *testing.T) {
	ws := workspace(t, flagship(t), whatif.Options{Engines: 3})
	vs := []whatif.Variant{
		{Name: "as written"},
		variant("US 0.5", "guarantors[0].credibility", 0.5),
		variant("referendum 55%", "constituencies[0].threshold", 0.55),
		variant("Russia keener", "parties[1].reservation", 0.5),
	}
	want := make([]*whatif.Result, len(vs))
	for k, v := range vs {
		want[k] = evaluate(t, ws, v)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 6 {
				k := (g + i) % len(vs)
				got, err := ws.Evaluate(context.Background(), vs[k])
				if err != nil {
					errs <- err.Error()
					return
				}
				if !reflect.DeepEqual(got, want[k]) {
					errs <- vs[k].Name + ": a concurrent evaluation differs"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestRedLinesMatchExplain: what each red line keeps out of the zone
// package explain explains is what explain counts, as written and in
// variants where the ratifiable zone or the agreement zone is empty (and
// explain explains the agreement zone).
func TestRedLinesMatchExplain(t *testing.T) {
	s := flagship(t)
	ws := workspace(t, s, whatif.Options{})
	for _, v := range []whatif.Variant{
		{Name: "as written"},
		variant("US 0.5, referendum 55%", "guarantors[0].credibility", 0.5, "constituencies[0].threshold", 0.55),
		variant("Europe unanimous", "parties[3].bloc.threshold", 1.0), // no ratifiable package
		variant("Russia stubborn", "parties[1].reservation", 0.7),     // no package at all
	} {
		r := evaluate(t, ws, v)
		c, _, err := ws.Apply(v)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := explain.Explain(context.Background(), c, explain.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ex.Zone != r.Zone || ex.Ratifiable != r.Ratifiable {
			t.Fatalf("%s: zones %d/%d, explain's %d/%d", v.Name, r.Zone, r.Ratifiable, ex.Zone, ex.Ratifiable)
		}
		found := 0
		for _, e := range ex.Effects {
			if e.Kind != explain.RedLineKind {
				continue
			}
			found++
			for _, l := range r.RedLines {
				if l.Party != e.Party || l.Index != e.Index || l.Line != e.Line {
					continue
				}
				got := l.Zone
				if ex.Target == explain.RatifiableZone {
					got = l.Ratifiable
				}
				if int64(got) != e.Removed {
					t.Errorf("%s: red line %q of %s keeps %d packages out of the %v; explain says %d", v.Name, l.Name, l.Owner, got, ex.Target, e.Removed)
				}
			}
		}
		if found == 0 {
			t.Fatalf("%s: explain reports no red line", v.Name)
		}
		t.Logf("%s: zones %d/%d, target %v, red lines %+v", v.Name, r.Zone, r.Ratifiable, ex.Target, r.RedLines)
	}
}

// TestRefusals: values a number cannot take are refused with a message
// that names the number; values outside the stated range only when the
// variant allows them, and the result says so.
func TestRefusals(t *testing.T) {
	ws := workspace(t, flagship(t), whatif.Options{})
	for _, tc := range []struct {
		v    whatif.Variant
		want string
	}{
		{variant("", "guarantors[0].credibility", 0.9), "outside the stated range [0.15, 0.6]"},
		{variant("", "guarantors[0].credibility", 1.5), "outside [0, 1]"},
		{whatif.Variant{AllowOutside: true, Set: []whatif.Override{{Key: "guarantors[0].credibility", Value: -0.1}}}, "outside [0, 1]"},
		{variant("", "guarantors[0].credibility", math.NaN()), "not a number the model can hold"},
		{variant("", "issues[5].guarantees.Art5 Europeans only.required", 1.5), "not a whole number"},
		{variant("", "no.such.number", 1.0), `no number of scenario "ukraine-2025" has the key "no.such.number"`},
		{variant("", "guarantors[0].credibility", 0.4, "guarantors[0].credibility", 0.5), "is set twice"},
		{variant("", "constituencies[0].voters[0].reservation.sd_range", 0.0), "above 0"},
	} {
		_, err := ws.Evaluate(context.Background(), tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one saying %q", tc.v.Set, err, tc.want)
		}
	}
	// Allowed outside its range: marked.
	v := variant("US all in", "guarantors[0].credibility", 0.9)
	v.AllowOutside = true
	r := evaluate(t, ws, v)
	if !r.Outside || len(r.Changes) != 1 || r.Changes[0].Assumption != whatif.Outside {
		t.Errorf("outside its range: outside %v, changes %+v", r.Outside, r.Changes)
	}
	// The integer a guarantee needs: whole numbers up to the guarantors it
	// lists.
	key := "issues[5].guarantees.Art5 Europeans only.required"
	ref, err := ws.Ref(key)
	if err != nil {
		t.Fatal(err)
	}
	n := len(ws.Scenario().Issues[5].Guarantees[ref.Sub].Guarantors)
	v = variant("", key, float64(n+1))
	v.AllowOutside = true
	if _, err := ws.Evaluate(context.Background(), v); err == nil || !strings.Contains(err.Error(), "outside [1, ") {
		t.Errorf("%d guarantors needed of %d: error %v", n+1, n, err)
	}
}

// TestWarnings: a variant within its stated ranges whose utilities leave
// [0, 1] (the flagship's US executive at 0.2 takes a referendum voter
// group below 0 at some packages) is analysed exactly, with a warning,
// and not exported: the loader would refuse the file.
func TestWarnings(t *testing.T) {
	ws := workspace(t, flagship(t), whatif.Options{})
	if r := evaluate(t, ws, whatif.Variant{}); len(r.Warnings) != 0 {
		t.Fatalf("the flagship as written warns %v", r.Warnings)
	}
	v := variant("US 0.2", "guarantors[0].credibility", 0.2)
	r := evaluate(t, ws, v)
	if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], `"peace with guarantees"`) || !strings.Contains(r.Warnings[0], "[0,1]") {
		t.Fatalf("warnings %q", r.Warnings)
	}
	c, _, err := ws.Apply(v)
	if err != nil {
		t.Fatal(err)
	}
	sameAsAnalysis(t, c, r)
	if _, err := ws.Export(v, native.YAML); err == nil || !strings.Contains(err.Error(), "would not load") {
		t.Errorf("export: %v", err)
	}
	// A threshold does not shape a utility: the scenario's own findings.
	if r := evaluate(t, ws, variant("", "constituencies[0].threshold", 0.6)); len(r.Warnings) != 0 {
		t.Errorf("warnings %q", r.Warnings)
	}
}
