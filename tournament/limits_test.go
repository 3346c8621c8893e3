package tournament_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/tournament"
)

// Issue 19, finding 8: deadlines of NaN, Inf or 1e300 seconds were
// accepted, and then every negotiation was stored as "error: no deadline".
//
// Since plans are read with internal/tree, each message also gives the
// column of the value at fault (4:21 is the number of seconds).
func TestPlanDeadlines(t *testing.T) {
	plan := "tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\ndeadline: %s\n"
	for _, tc := range []struct{ deadline, want string }{
		{"{seconds: .nan}", "plan.yaml:4:21: deadline.seconds: expected a finite number of seconds, got NaN"},
		{"{seconds: .inf}", "plan.yaml:4:21: deadline.seconds: expected a finite number of seconds, got +Inf"},
		{"{seconds: 1e300}", "plan.yaml:4:21: deadline.seconds: 1e+300 seconds; expected at most 2.592e+06 (720h0m0s) for one negotiation"},
		{"{seconds: 1e-12}", "plan.yaml:4:21: deadline.seconds: 1e-12 seconds is shorter than a nanosecond; expected a positive time limit"},
		{"{rounds: 9223372036854775807}", "plan.yaml:4:20: deadline.rounds: 9223372036854775807 rounds; expected at most 1000000 for one negotiation"},
		{"{seconds: 2.5}", ""},
		{"{rounds: 1000000}", ""},
	} {
		p, err := tournament.ParsePlan("plan.yaml", []byte(strings.Replace(plan, "%s", tc.deadline, 1)), t.TempDir())
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.deadline, err)
			} else if p.Deadline.Rounds <= 0 && p.Deadline.Time <= 0 {
				t.Errorf("%s: no deadline", tc.deadline)
			}
			continue
		}
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.deadline, err, tc.want)
		}
	}
}

// Issue 19, finding 4: a plan's scenario paths could name any folder of the
// machine. They resolve within the plan's folder unless allowed.
func TestPlanScenariosConfined(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"plans/sub", "elsewhere"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	scenario := []byte("entente: 1\nname: s\nissues:\n  - name: x\n    options: [a, b]\nparties:\n  - {name: a, weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n  - {name: b, weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n")
	for _, p := range []string{"plans/sub/s.yaml", "elsewhere/s.yaml"} {
		if err := os.WriteFile(filepath.Join(root, p), scenario, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(root, "plans")
	plan := func(sc string) []byte {
		return []byte("tournament: 1\nscenarios: [" + sc + "]\nnegotiators: [boulware, conceder]\n")
	}
	if _, err := tournament.ParsePlan("plan.yaml", plan("sub/s.yaml"), dir); err != nil {
		t.Errorf("inside: %v", err)
	}
	for _, sc := range []string{"../elsewhere/s.yaml", filepath.Join(root, "elsewhere", "s.yaml"), "/etc"} {
		_, err := tournament.ParsePlan("plan.yaml", plan(sc), dir)
		if want := "lies outside the folder " + dir + " of the plan"; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--allow-path") {
			t.Errorf("%s: got %v, want %q", sc, err, want)
		}
	}
	r := tournament.PlanReader{Allow: []string{filepath.Join(root, "elsewhere")}}
	if _, err := r.Parse("plan.yaml", plan("../elsewhere/s.yaml"), dir); err != nil {
		t.Errorf("allowed: %v", err)
	}
}

func TestPlanLimits(t *testing.T) {
	huge := []byte("tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder, linear]\nrepetitions: 1000\n")
	_, err := tournament.PlanReader{Limits: entente.Limits{Negotiations: 5000}}.Parse("plan.yaml", huge, t.TempDir())
	if want := "the plan expands into more than 5000 negotiations (6000 in all), the limit"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
	if _, err := tournament.ParsePlan("plan.yaml", huge, t.TempDir()); err != nil {
		t.Errorf("within the default limit: %v", err)
	}
	bomb := "tournament: 1\nscenarios: [laptop]\nnegotiators: &n [boulware, conceder]\nname: *n\n"
	if _, err := tournament.ParsePlan("plan.yaml", []byte(bomb), t.TempDir()); err == nil || !strings.Contains(err.Error(), "plan.yaml:4:7: YAML aliases (*n) are not supported in a plan") {
		t.Errorf("alias: %v", err)
	}
	many := "tournament: 1\nscenarios: [laptop]\nnegotiators: [" + strings.Repeat("boulware,", 100) + "conceder]\n"
	if _, err := (tournament.PlanReader{Limits: entente.Limits{Nodes: 50}}).Parse("plan.yaml", []byte(many), t.TempDir()); err == nil || !strings.Contains(err.Error(), "more than the limit of 50 for one file") {
		t.Errorf("nodes: %v", err)
	}
}

// Issue 16: a plan with four mistakes reported only the first, and some
// errors named the field but not the line. Every mistake is reported now,
// each at its line and column.
func TestPlanReportsEveryMistake(t *testing.T) {
	plan := "tournament: 1\n" +
		"scenarios: [laptop, laptop]\n" + // listed twice
		"negotiators: [boulware, conceder]\n" +
		"repetitons: 2\n" + // misspelt
		"deadline: {rounds: -3}\n" + // not positive
		"budget: soon\n" // not a duration
	_, err := tournament.ParsePlan("plan.yaml", []byte(plan), t.TempDir())
	var list entente.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want an ErrorList", err)
	}
	want := []string{
		`plan.yaml:4:1: repetitons: unknown key "repetitons"; expected one of: tournament, name, seed,`,
		"plan.yaml:2:21: scenarios[1]: scenario laptop is listed twice",
		"plan.yaml:5:11: deadline: expected {rounds: N} and/or {seconds: S}, positive",
		`plan.yaml:6:9: budget: expected a duration such as 10s or 500ms (0: none), got "soon"`,
	}
	if len(list) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(list), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(list[i].Error(), w) {
			t.Errorf("problem %d:\n got %s\nwant %s", i, list[i], w)
		}
	}
	if !strings.HasSuffix(list[0].Error(), `(did you mean "repetitions"?)`) {
		t.Errorf("no suggestion for the misspelt key: %s", list[0])
	}
	// (Unknown keys come first: they are found before the values are read.)
	// Every problem of a long plan, up to the limit, and a count of the rest.
	var b strings.Builder
	b.WriteString("tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\n")
	for i := range 30 {
		fmt.Fprintf(&b, "unknown%d: 1\n", i)
	}
	_, err = tournament.ParsePlan("plan.yaml", []byte(b.String()), t.TempDir())
	if !errors.As(err, &list) || len(list) != 21 || !strings.HasPrefix(list[0].Error(), "plan.yaml:4:1: unknown0:") ||
		list[20].Error() != "plan.yaml: and 10 more problems not shown; fix the ones above and read the file again" {
		t.Errorf("30 unknown keys: %d problems:\n%v", len(list), err)
	}
}

// A plan that parses but cannot run is reported where the plan says what
// does not fit: the protocol, the list of negotiators.
func TestPlanCheckedAtItsPlace(t *testing.T) {
	plan := "tournament: 1\nscenarios: [laptop, coalition]\nnegotiators: [boulware, conceder]\nprotocols:\n  - stacked\n  - alternating\n"
	_, err := tournament.ParsePlan("plan.yaml", []byte(plan), t.TempDir())
	want := "plan.yaml:6:5: scenario coalition under alternating: the alternating offers protocol is bilateral and this scenario has 4 parties; use the stacked protocol\n" +
		"plan.yaml:3:14: scenario coalition has 4 parties and the plan 2 negotiators; add negotiators or set self_play: true"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}
