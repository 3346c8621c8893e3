package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/entente/entente/live"
	"github.com/entente/entente/store/serverdb"
)

const adminToken = "test-admin-token-0123456789"

// harness is a server on a store, reached over loopback HTTP.
type harness struct {
	t   testing.TB
	ts  *httptest.Server
	svc *live.Service
	srv *Server
}

func newHarness(t testing.TB, db *serverdb.DB) *harness { return newHarnessWith(t, db, nil, nil) }

// newHarnessWith is newHarness with the service's and the server's
// configurations changed by tune and tuneServer (either may be nil).
func newHarnessWith(t testing.TB, db *serverdb.DB, tune func(*live.Config), tuneServer func(*Config)) *harness {
	if db == nil {
		var err error
		if db, err = serverdb.OpenSQLite(context.Background(), t.TempDir()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
	}
	cfg := live.Config{Store: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if l := db.Listener(); l != nil {
		cfg.Notifier = l
	}
	if tune != nil {
		tune(&cfg)
	}
	svc := live.NewService(cfg)
	scfg := Config{Service: svc, AdminHash: live.HashToken(adminToken), Logger: cfg.Logger}
	if tuneServer != nil {
		tuneServer(&scfg)
	}
	srv := New(scfg)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close("test over")
		svc.Close()
	})
	return &harness{t: t, ts: ts, svc: svc, srv: srv}
}

// do sends a request and returns the status and body.
func (h *harness) do(method, path, token string, body any) (int, []byte) {
	h.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	case []byte:
		rd, ct = bytes.NewReader(b), "application/octet-stream"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd, ct = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, h.ts.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, data
}

// must sends a request that must answer want, and decodes the body into v.
func (h *harness) must(want int, method, path, token string, body, v any) []byte {
	h.t.Helper()
	code, data := h.do(method, path, token, body)
	if code != want {
		h.t.Fatalf("%s %s: status %d, want %d: %s", method, path, code, want, data)
	}
	if v != nil {
		if err := json.Unmarshal(data, v); err != nil {
			h.t.Fatalf("%s %s: %v: %s", method, path, err, data)
		}
	}
	return data
}

// scenario stores a built-in example and returns its id.
func (h *harness) scenario(example string) string {
	var sc struct{ ID string }
	h.must(http.StatusCreated, "POST", "/api/v1/scenarios", adminToken, map[string]string{"example": example}, &sc)
	return sc.ID
}

// created is the answer to a negotiation's creation.
type created struct {
	ID    string
	Seats []struct{ Party, Kind, Token string }
}

func (h *harness) create(spec live.Spec) *created {
	var c created
	h.must(http.StatusCreated, "POST", "/api/v1/negotiations", adminToken, spec, &c)
	return &c
}

// wsConn is a live connection in a test.
type wsConn struct {
	t testing.TB
	c *websocket.Conn
}

func (h *harness) dial(id string) *wsConn {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(h.ts.URL, "http")+"/api/v1/negotiations/"+id+"/live", nil)
	if err != nil {
		h.t.Fatal(err)
	}
	c.SetReadLimit(16 << 20)
	h.t.Cleanup(func() { c.CloseNow() })
	return &wsConn{t: h.t, c: c}
}

func (w *wsConn) send(v any) {
	w.t.Helper()
	var data []byte
	if s, ok := v.(string); ok {
		data = []byte(s)
	} else {
		var err error
		if data, err = json.Marshal(v); err != nil {
			w.t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.c.Write(ctx, websocket.MessageText, data); err != nil {
		w.t.Fatal(err)
	}
}

// recv returns the next message (raw and decoded), or nil after timeout.
func (w *wsConn) recv(timeout time.Duration) ([]byte, map[string]any) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, data, err := w.c.Read(ctx)
	if err != nil {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		w.t.Fatalf("a message that is not JSON: %s", data)
	}
	return data, m
}
