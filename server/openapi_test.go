package server

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/entente/entente/live"
)

// The OpenAPI document lists exactly the server's operations, and every
// operation it lists answers (not the catch-all 404 of unknown paths).
func TestOpenAPIMatchesHandlers(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Security  []map[string]any `json:"security"`
			Responses map[string]any   `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var documented, served []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			if len(op.Responses) == 0 {
				t.Errorf("%s %s documents no response", method, path)
			}
		}
	}
	s := New(Config{Service: live.NewService(live.Config{}), AdminHash: "x"})
	for _, rt := range s.table() {
		served = append(served, rt.method+" "+rt.path)
	}
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, "\n") != strings.Join(served, "\n") {
		t.Errorf("documented:\n%s\n\nserved:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
	// Every documented operation reaches its handler: without a token it
	// answers 401 (or its own answer), never the unknown path's 404.
	h := newHarness(t, nil)
	for _, op := range documented {
		method, path, _ := strings.Cut(op, " ")
		path = strings.ReplaceAll(path, "{id}", "X")
		code, body := h.do(method, path, "", nil)
		if code == http.StatusNotFound && strings.Contains(string(body), "no such endpoint") {
			t.Errorf("%s: %d %s", op, code, body)
		}
	}
}
