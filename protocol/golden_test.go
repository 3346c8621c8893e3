package protocol_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenSession is what TestGoldenSessions pins of a session.
type goldenSession struct {
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	Agreement []float64 `json:"agreement"`
	Rounds    int       `json:"rounds"`
	Offers    int       `json:"offers"`
	Faults    int       `json:"faults"`
	Utilities []float64 `json:"utilities"`
}

// goldenScenarios are scenarios without blocs or constituencies: the
// examples that have none (some have rules, which decide who must accept),
// coalition-government without its bloc and constituencies, and deal(3).
func goldenScenarios(t *testing.T) []*entente.Scenario {
	t.Helper()
	var out []*entente.Scenario
	for _, name := range []string{"laptop", "ceasefire", "coalition", "coalition-government"} {
		res, err := load.Example(name)
		if err != nil {
			t.Fatalf("example %s: %v", name, err)
		}
		s := res.Scenario
		s.Constituencies = nil
		for p := range s.Parties {
			s.Parties[p].Bloc = nil
		}
		out = append(out, s)
	}
	return append(out, deal(3))
}

// TestGoldenSessions pins the sessions of the built-in strategies on
// scenarios without blocs: the same agreements in the same rounds, with the
// same number of offers, for the same seed, as recorded in
// testdata/golden_sessions.json (go test -run Golden -update rewrites it).
// The file was first written by the code before the referee learnt about
// blocs and ratification, so that change could not move these sessions.
func TestGoldenSessions(t *testing.T) {
	strategies := []string{"boulware", "conceder", "linear", "hardliner", "random", "titfortat", "frequency", "timedep:e=0.5,min=0.6"}
	var got []goldenSession
	cache := negotiator.NewCache()
	for _, s := range goldenScenarios(t) {
		n := len(s.Parties)
		type setting struct {
			name  string
			proto protocol.Protocol
			med   string
		}
		settings := []setting{{"offers", protocol.Alternating{Bilateral: n == 2}, ""}}
		settings = append(settings,
			setting{"mediated/accept/hillclimb", protocol.Mediated{}, "hillclimb"},
			setting{"mediated/compare/hillclimb", protocol.Mediated{Compare: true}, "hillclimb"},
			setting{"mediated/accept/random", protocol.Mediated{}, "random"})
		for _, st := range settings {
			for k, first := range strategies {
				for seed := uint64(1); seed <= 2; seed++ {
					negs := make([]protocol.Negotiator, n)
					specs := make([]string, n)
					for p := range negs {
						specs[p] = strategies[(k+p*3)%len(strategies)]
						if p == 0 {
							specs[p] = first
						}
						var err error
						if negs[p], err = negotiator.New(specs[p], cache); err != nil {
							t.Fatal(err)
						}
					}
					var med protocol.Mediator
					if st.med != "" {
						var err error
						if med, err = negotiator.NewMediator(st.med, cache); err != nil {
							t.Fatal(err)
						}
					}
					r, err := protocol.Run(context.Background(), protocol.Config{
						Scenario: s, Protocol: st.proto, Negotiators: negs, Mediator: med,
						Deadline: protocol.Deadline{Rounds: 200}, Seed: seed,
					})
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, goldenSession{
						Name:   fmt.Sprintf("%s/%s/%v/seed=%d", s.Name, st.name, specs, seed),
						Status: r.Status.String(), Agreement: r.Agreement, Rounds: r.Rounds, Offers: r.Offers, Faults: r.Faults,
						Utilities: r.Utilities,
					})
				}
			}
		}
	}
	path := filepath.Join("testdata", "golden_sessions.json")
	data, err := json.MarshalIndent(got, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(want, data) {
		return
	}
	var old []goldenSession
	if err := json.Unmarshal(want, &old); err != nil {
		t.Fatal(err)
	}
	if len(old) != len(got) {
		t.Fatalf("%d sessions, the golden file has %d", len(got), len(old))
	}
	bad := 0
	for i := range got {
		a, _ := json.Marshal(got[i])
		b, _ := json.Marshal(old[i])
		if !bytes.Equal(a, b) {
			if bad++; bad <= 10 {
				t.Errorf("session %d changed:\n got  %s\n want %s", i, a, b)
			}
		}
	}
	t.Errorf("%d of %d sessions differ from the golden file", bad, len(got))
}
