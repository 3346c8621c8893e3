package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/models"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Issue 15: --serve answers GET and HEAD only, and binds localhost unless
// told otherwise.
func TestReportServer(t *testing.T) {
	page := []byte("<html>report</html>")
	srv := reportServer(page)
	if srv.MaxHeaderBytes == 0 || srv.ReadHeaderTimeout == 0 || srv.IdleTimeout == 0 || srv.ReadTimeout == 0 {
		t.Errorf("limits not set: %+v", srv)
	}
	ts := httptest.NewServer(srv.Handler)
	defer ts.Close()
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/", 200, string(page)},
		{"HEAD", "/", 200, ""},
		{"POST", "/", 405, "405 method not allowed"},
		{"PUT", "/", 405, "405 method not allowed"},
		{"DELETE", "/", 405, "405 method not allowed"},
		{"GET", "/../etc/passwd", 404, "404"},
		{"GET", "/report.html", 404, "404"},
	} {
		req, err := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.body) || (tc.body == "" && len(body) > 0) {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, resp.StatusCode, body, tc.status, tc.body)
		}
		if tc.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: Allow %q", tc.method, resp.Header.Get("Allow"))
		}
	}
	for in, want := range map[string]string{
		"8080":         "localhost:8080",
		":8080":        "localhost:8080",
		"0.0.0.0:8080": "0.0.0.0:8080",
		"[::1]:8080":   "[::1]:8080",
		"example:80":   "example:80",
	} {
		if got := serveAddr(in); got != want {
			t.Errorf("serveAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

// estimateAnalysis counts the frontier exactly on a small space: checked
// against a brute-force count of the packages no other package dominates.
func TestEstimateAnalysis(t *testing.T) {
	issues := []entente.Issue{
		{Name: "a", Kind: entente.Discrete, Options: []string{"1", "2", "3", "4"}},
		{Name: "b", Kind: entente.Integer, Min: 0, Max: 9},
	}
	prefs := []entente.Preferences{
		{Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{entente.Table{Values: []float64{0, 0.2, 1, 0.5}}, entente.Linear{Slope: 0.1}}},
		{Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{entente.Table{Values: []float64{1, 0.9, 0, 0.4}}, entente.Linear{Offset: 0.9, Slope: -0.1}}},
	}
	var fs []*utility.Func
	for i := range prefs {
		f, err := utility.New(issues, &prefs[i])
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	// Brute force, from the definitions.
	u := func(p, a, b int) float64 {
		tab := prefs[p].Values[0].(entente.Table).Values
		lin := prefs[p].Values[1].(entente.Linear)
		return 0.5*tab[a] + 0.5*(lin.Offset+lin.Slope*float64(b))
	}
	front := 0
	for a := range 4 {
		for b := range 10 {
			dominated := false
			for a2 := range 4 {
				for b2 := range 10 {
					ge := u(0, a2, b2) >= u(0, a, b) && u(1, a2, b2) >= u(1, a, b)
					gt := u(0, a2, b2) > u(0, a, b) || u(1, a2, b2) > u(1, a, b)
					dominated = dominated || ge && gt
				}
			}
			if !dominated {
				front++
			}
		}
	}
	e := estimateAnalysis(space.New(issues), fs, 0)
	if e.Outcomes != 40 || e.Sampled != 40 || e.Frontier != uint64(front) || e.OnFrontier != front {
		t.Errorf("estimate %+v, brute force: %d of 40 on the frontier", e, front)
	}
	if e.memory <= 0 || e.refusal(1).Error() == "" {
		t.Errorf("memory %d", e.memory)
	}
}

func TestForecastWork(t *testing.T) {
	m := &forecast.Model{Actors: make([]forecast.Actor, 300), Issues: make([]forecast.Issue, 2)}
	o := &forecastOptions{rounds: -1}
	if err := checkForecastWork(models.Lookup("smp"), m, o, 5e9); err == nil || !strings.Contains(err.Error(), "model smp on 300 actors and 2 issues would take about 5.4e+09 steps") || !strings.Contains(err.Error(), "--max-work") {
		t.Errorf("got %v", err)
	}
	if err := checkForecastWork(models.Lookup("bdm"), m, &forecastOptions{rounds: 5, runs: 9}, 300*300*300*5*2*10); err != nil {
		t.Error(err)
	}
	if err := checkForecastWork(models.Lookup("median"), m, o, 1e9); err != nil {
		t.Error(err)
	}
}

// The memory guard stops a computation whose heap passes the budget, with
// a cause that names the limit.
func TestGuardMemory(t *testing.T) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	budget := int64(ms.HeapAlloc) + 64<<20
	ctx, release := guardMemory(context.Background(), budget)
	defer release()
	var hold [][]byte
	for range 20 {
		hold = append(hold, make([]byte, 16<<20))
		for i := range hold[len(hold)-1] {
			hold[len(hold)-1][i] = 1
		}
		select {
		case <-ctx.Done():
			if err := stopped(ctx); !errors.Is(err, errMemory) || !strings.Contains(err.Error(), "--max-memory") {
				t.Errorf("stopped with %v", err)
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Errorf("the guard let the heap grow to %d MB past a budget of %d MB", len(hold)*16, budget>>20)
}
