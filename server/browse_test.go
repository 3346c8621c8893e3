package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/entente/entente/jobs"
	"github.com/entente/entente/live"
	"github.com/entente/entente/load"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/store/serverdb"
)

// newJobsHarness is a harness whose server also runs background jobs
// (analyses, robustness runs, forecasts, tournaments) on its SQLite store.
func newJobsHarness(t testing.TB) *harness {
	db, err := serverdb.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := live.NewService(live.Config{Store: db, Logger: logger})
	results := func(ctx context.Context) (jobs.ResultsStore, error) { return db.Results(ctx) }
	runner := jobs.New(jobs.Config{Store: db, Poll: 20 * time.Millisecond, Lease: 3 * time.Second, Logger: logger, NewID: live.NewID,
		Kinds: jobs.Standard(jobs.Env{Scenario: svc.ScenarioOf, Results: results})})
	srv := New(Config{Service: svc, AdminHash: live.HashToken(adminToken), Logger: logger, Jobs: runner, Results: results})
	ts := httptest.NewServer(srv.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { runner.Run(ctx); close(done) }()
	t.Cleanup(func() {
		ts.Close()
		srv.Close("test over")
		cancel()
		<-done
		svc.Close()
		db.Close()
	})
	return &harness{t: t, ts: ts, svc: svc, srv: srv}
}

// job is the part of a job the tests read.
type job struct {
	ID, Kind, Status, Error string
	Progress                float64
	Result                  json.RawMessage
}

// wait polls a job until it ends.
func (h *harness) wait(id string) *job {
	h.t.Helper()
	var j job
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		h.must(http.StatusOK, "GET", "/api/v1/jobs/"+id, adminToken, nil, &j)
		if j.Status == "done" || j.Status == "failed" {
			return &j
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("job %s did not end: %+v", id, j)
		}
	}
}

// A seat may ask what its own constituencies would say of packages: the
// verdicts are those of package ratify, and no other party's
// constituency is named.
func TestSeatRatification(t *testing.T) {
	h := newHarness(t, nil)
	res, err := load.Example("coalition-government")
	if err != nil {
		t.Fatal(err)
	}
	sc := res.Scenario
	set, err := ratify.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	id := h.scenario("coalition-government")
	spec := live.Spec{Scenario: id, Rounds: 10}
	for p := range sc.Parties {
		spec.Seats = append(spec.Seats, live.SeatSpec{Party: sc.Parties[p].Name, Kind: live.Person})
	}
	c := h.create(spec)
	pkgs := []map[string]any{firstPackage(sc), {"prime minister": "Social Democrats", "finance ministry": "Greens",
		"budget rule": "investment exemption", "coal exit": "2033", "minimum wage": 14.0, "regional fund": "1 billion", "migration": "unchanged"}}
	for p := range sc.Parties {
		var got struct {
			Party        string
			Utilities    []float64
			Ratification []struct {
				Constituency string
				Threshold    float64
				Approval     []*float64
				Ratifies     []bool
			}
		}
		h.must(http.StatusOK, "POST", "/api/v1/negotiations/"+c.ID+"/evaluate", c.Seats[p].Token,
			map[string]any{"packages": pkgs, "ratification": true}, &got)
		var own []int
		for k := range sc.Constituencies {
			if sc.Constituencies[k].Party == p {
				own = append(own, k)
			}
		}
		if len(got.Ratification) != len(own) {
			t.Fatalf("%s: %d constituencies' verdicts, it has %d", sc.Parties[p].Name, len(got.Ratification), len(own))
		}
		for i, k := range own {
			v := got.Ratification[i]
			if v.Constituency != sc.Constituencies[k].Name || v.Threshold != sc.Constituencies[k].Threshold {
				t.Errorf("%s: %+v", sc.Parties[p].Name, v)
			}
			for j, pk := range pkgs {
				o, err := live.ParsePackage(sc, pk)
				if err != nil {
					t.Fatal(err)
				}
				if v.Ratifies[j] != set.Ratifies(k, o) {
					t.Errorf("%s, package %d: ratifies %v", v.Constituency, j, v.Ratifies[j])
				}
				switch {
				case set.Applies(k, o) && (v.Approval[j] == nil || *v.Approval[j] != set.Approval(k, o)):
					t.Errorf("%s, package %d: approval %v, want %v", v.Constituency, j, v.Approval[j], set.Approval(k, o))
				case !set.Applies(k, o) && v.Approval[j] != nil:
					t.Errorf("%s, package %d: an approval where it is not asked", v.Constituency, j)
				}
			}
		}
	}
}

// The viewer's trajectory: every package of the negotiation with every
// party's utility, as the trace (the session replayed) gives them; for
// the admin only.
func TestTrajectory(t *testing.T) {
	h := newHarness(t, nil)
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	sc := res.Scenario
	id := h.scenario("laptop")
	c := h.create(live.Spec{Scenario: id, Rounds: 6, Seats: []live.SeatSpec{{Party: "buyer", Kind: live.Person}, {Party: "shop", Kind: live.Builtin, Strategy: "conceder"}}})
	h.must(http.StatusOK, "POST", "/api/v1/negotiations/"+c.ID+"/start", adminToken, nil, nil)
	var mid struct{ Steps []any }
	h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+c.ID+"/trajectory", adminToken, nil, &mid)
	playHTTP(t, h, c.ID, sc, map[int]string{0: c.Seats[0].Token}, nil)
	var tr struct {
		Status      string
		Parties     []string
		Reservation []float64
		Steps       []struct {
			Action    string
			Package   map[string]any
			Utilities []float64
		}
	}
	h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+c.ID+"/trajectory", adminToken, nil, &tr)
	trace := h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+c.ID+"/trace", adminToken, nil, nil)
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(trace)), "\n")[1:] {
		var e struct {
			Party, Action string
			Package       map[string]any
			Utilities     map[string]float64
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.Package != nil {
			want = append(want, fmt.Sprintf("%s %v %.12f %.12f", e.Action, e.Package, e.Utilities["buyer"], e.Utilities["shop"]))
		}
	}
	var got []string
	for _, s := range tr.Steps {
		got = append(got, fmt.Sprintf("%s %v %.12f %.12f", s.Action, s.Package, s.Utilities[0], s.Utilities[1]))
	}
	if len(want) < 3 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the trajectory:\n%s\nthe trace:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tr.Reservation[0] != sc.Parties[0].Preferences.Reservation || tr.Reservation[1] != sc.Parties[1].Preferences.Reservation {
		t.Errorf("reservation values %v", tr.Reservation)
	}
	h.must(http.StatusForbidden, "GET", "/api/v1/negotiations/"+c.ID+"/trajectory", c.Seats[0].Token, nil, nil)
}

// The analysis job's clouds hold every zone package's cell, as the zone
// listing's utilities place it; jobs are listed newest first, by kind.
func TestAnalysisCloudsAndJobList(t *testing.T) {
	h := newJobsHarness(t)
	id := h.scenario("ceasefire")
	const cells = 40
	var j job
	h.must(http.StatusAccepted, "POST", "/api/v1/analyses", adminToken, map[string]any{"scenario": id, "cells": cells, "explain": true, "max_zone": 100000}, &j)
	done := h.wait(j.ID)
	if done.Status != "done" {
		t.Fatalf("%+v", done)
	}
	var doc struct {
		Parties      []string
		Zone         int                             `json:"agreement_zone"`
		ZonePackages []struct{ Utilities []float64 } `json:"zone_packages"`
		Clouds       []struct {
			X, Y        string
			Cells       int
			Zone, Other [][2]float64
		}
		Explanation *struct{ Sentences []string }
	}
	if err := json.Unmarshal(done.Result, &doc); err != nil {
		t.Fatal(err)
	}
	k := len(doc.Parties)
	if len(doc.Clouds) != k*(k-1)/2 || doc.Explanation == nil || len(doc.ZonePackages) != doc.Zone || doc.Zone == 0 {
		t.Fatalf("%d clouds for %d parties, explanation %v, %d of %d zone packages", len(doc.Clouds), k, doc.Explanation != nil, len(doc.ZonePackages), doc.Zone)
	}
	index := map[string]int{}
	for p, n := range doc.Parties {
		index[n] = p
	}
	cell := func(u float64) float64 { return (math.Min(math.Floor(u*cells), cells-1) + 0.5) / cells }
	for _, c := range doc.Clouds {
		zone := map[[2]float64]bool{}
		for _, pt := range c.Zone {
			zone[pt] = true
		}
		for _, zp := range doc.ZonePackages {
			pt := [2]float64{cell(zp.Utilities[index[c.X]]), cell(zp.Utilities[index[c.Y]])}
			if !zone[pt] {
				t.Fatalf("cloud %s/%s: the zone package at %v is not in a zone cell", c.X, c.Y, zp.Utilities)
			}
		}
		if c.Cells != cells || len(c.Zone) > doc.Zone || len(c.Other) == 0 {
			t.Errorf("cloud %s/%s: %d cells, %d zone cells, %d others", c.X, c.Y, c.Cells, len(c.Zone), len(c.Other))
		}
	}
	h.must(http.StatusBadRequest, "POST", "/api/v1/analyses", adminToken, map[string]any{"scenario": id, "cells": 5000}, nil)

	var r job
	h.must(http.StatusAccepted, "POST", "/api/v1/robustness", adminToken, map[string]any{"scenario": id, "samples": 50}, &r)
	var list struct{ Jobs []job }
	h.must(http.StatusOK, "GET", "/api/v1/jobs", adminToken, nil, &list)
	if len(list.Jobs) != 2 || list.Jobs[0].ID != r.ID || list.Jobs[1].ID != j.ID || list.Jobs[1].Result != nil {
		t.Errorf("the jobs: %+v", list.Jobs)
	}
	h.must(http.StatusOK, "GET", "/api/v1/jobs?kind=analysis&limit=5", adminToken, nil, &list)
	if len(list.Jobs) != 1 || list.Jobs[0].ID != j.ID {
		t.Errorf("the analyses: %+v", list.Jobs)
	}
	h.must(http.StatusBadRequest, "GET", "/api/v1/jobs?kind=nonsense", adminToken, nil, nil)
	h.must(http.StatusBadRequest, "GET", "/api/v1/jobs?limit=0", adminToken, nil, nil)
	if rr := h.wait(r.ID); rr.Status != "done" || rr.Progress != 1 {
		t.Errorf("the robustness job: %+v", rr)
	}
}
