package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/live"
)

// Uploads in every supported format; what is wrong is answered with its
// file, line and field; a native scenario reads party files from the
// upload only, never from the server's disk.
func TestUploads(t *testing.T) {
	h := newHarnessWith(t, nil, nil, func(c *Config) { c.MaxUpload = 64 << 10 })
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	type file = map[string]string
	var sc struct {
		Format  string
		Issues  []any
		Parties []string
	}
	// A native scenario and the party file it names.
	h.must(201, "POST", "/api/v1/scenarios", adminToken, map[string]any{"files": []file{
		{"name": "laptop.yaml", "content": read("../examples/laptop.yaml")},
		{"name": "laptop-seller.yaml", "content": read("../examples/laptop-seller.yaml")}}}, &sc)
	if sc.Format != "native" || len(sc.Parties) != 2 {
		t.Errorf("native: %+v", sc)
	}
	// The same without its party file: refused, never read from disk.
	body := h.must(400, "POST", "/api/v1/scenarios", adminToken, map[string]any{"files": []file{
		{"name": "laptop.yaml", "content": read("../examples/laptop.yaml")}}}, nil)
	if !strings.Contains(string(body), "laptop-seller.yaml") || !strings.Contains(string(body), `"line"`) {
		t.Errorf("a missing party file: %s", body)
	}
	evil := strings.Replace(read("../examples/laptop.yaml"), "laptop-seller.yaml", "/etc/passwd", 1)
	body = h.must(400, "POST", "/api/v1/scenarios", adminToken, map[string]any{"files": []file{{"name": "x.yaml", "content": evil}}}, nil)
	if strings.Contains(string(body), "root:") {
		t.Errorf("the server read its own file: %s", body)
	}
	// A raw body, one file.
	h.must(201, "POST", "/api/v1/scenarios?name=raw", adminToken, []byte(read("../examples/ceasefire.yaml")), &sc)
	// Positioned errors, by upload and by validation.
	bad := "entente: 1\nname: bad\nissues:\n  - name: a\n    options: [x, y]\nparties:\n  - name: p\n    weights: {a: 2}\n    values: {a: {x: 0, z: 1}}\n"
	var e struct {
		Error  struct{ Code, File, Field string }
		Errors []struct {
			Line  int
			Field string
		}
	}
	h.must(400, "POST", "/api/v1/scenarios", adminToken, map[string]any{"files": []file{{"name": "bad.yaml", "content": bad}}}, &e)
	if e.Error.Code != "invalid" || e.Error.File != "bad.yaml" || len(e.Errors) == 0 || e.Errors[0].Line == 0 || e.Errors[0].Field == "" {
		t.Errorf("a bad scenario: %+v", e)
	}
	var v struct {
		Valid  bool
		Errors []struct{ Line int }
	}
	h.must(200, "POST", "/api/v1/scenarios/validate", adminToken, map[string]any{"files": []file{{"name": "bad.yaml", "content": bad}}}, &v)
	if v.Valid || len(v.Errors) == 0 || v.Errors[0].Line == 0 {
		t.Errorf("validating a bad scenario: %+v", v)
	}
	h.must(200, "POST", "/api/v1/scenarios/validate", adminToken, map[string]any{"example": "laptop"}, &v)
	if !v.Valid {
		t.Errorf("validating an example: %+v", v)
	}
	// Larger than the upload limit.
	h.must(429, "POST", "/api/v1/scenarios", adminToken, []byte(strings.Repeat("#", 70<<10)), nil)

	// GENIUS XML and GeniusWeb JSON, a domain and its profiles.
	done := map[string]bool{}
	for _, s := range shared.Scenarios(t) {
		if done[s.Format] || len(s.Profiles) == 0 {
			continue
		}
		files := []file{{"name": filepath.Base(s.Domain), "content": read(s.Domain)}}
		for _, p := range s.Profiles {
			files = append(files, file{"name": filepath.Base(p), "content": read(p)})
		}
		size := 0
		for _, f := range files {
			size += len(f["content"])
		}
		if size > 60<<10 {
			continue
		}
		done[s.Format] = true
		h.must(201, "POST", "/api/v1/scenarios", adminToken, map[string]any{"files": files}, &sc)
		if want := map[string]string{"genius-xml": "genius", "geniusweb-json": "geniusweb"}[s.Format]; sc.Format != want || len(sc.Parties) != len(s.Profiles) {
			t.Errorf("%s: %+v", s.Name, sc)
		}
	}
	if len(done) != 2 {
		t.Errorf("uploaded %v; want a GENIUS and a GeniusWeb scenario", done)
	}
}

// The limits: request size, open negotiations, live connections, messages
// a second.
func TestLimits(t *testing.T) {
	h := newHarnessWith(t, nil, func(c *live.Config) { c.MaxOpen = 1 }, func(c *Config) { c.MaxConns = 1; c.Rate = 20; c.Burst = 20 })
	scID := h.scenario("laptop")
	spec := live.Spec{Scenario: scID, Rounds: 10, Seats: []live.SeatSpec{{Party: "buyer", Kind: live.Person}}}
	c := h.create(spec)
	h.must(429, "POST", "/api/v1/negotiations", adminToken, spec, nil) // one open at most
	h.must(429, "POST", "/api/v1/negotiations", adminToken, `{"scenario": "`+strings.Repeat("x", 2<<20)+`"}`, nil)
	h.must(400, "POST", "/api/v1/negotiations", adminToken, `{"scenario": 7}`, nil)
	h.must(400, "POST", "/api/v1/negotiations", adminToken, `{"scenario": "x", "unknown": 1}`, nil)

	w := h.dial(c.ID)
	w.send(map[string]any{"type": "join", "version": 1, "token": c.Seats[0].Token})
	// A second connection is one too many.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(h.ts.URL, "http")+"/api/v1/negotiations/"+c.ID+"/live", nil); err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a connection past the limit: %v", err)
	}
	// A flood: dropped with an error past the rate, then cut off.
	for range 100 {
		w.send(map[string]any{"type": "evaluate", "packages": []any{}})
	}
	limited := 0
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, data, err := w.c.Read(ctx)
		cancel()
		if err != nil {
			if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
				t.Errorf("a flooding client was not cut off: %v", err)
			}
			break
		}
		var e struct {
			Type  string
			Error struct{ Code string }
		}
		json.Unmarshal(data, &e) //nolint:errcheck // a test
		if e.Type == "error" && e.Error.Code == "limit" {
			limited++
		}
	}
	if limited == 0 {
		t.Error("no message was refused for the rate")
	}
}
