package server

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/entente/entente"
	"github.com/entente/entente/jobs"
	"github.com/entente/entente/live"
	"github.com/entente/entente/server/web"
	"github.com/entente/entente/wire"
)

// Config tunes a Server.
type Config struct {
	// Service runs the negotiations; required.
	Service *live.Service
	// AdminHash is the admin token's hash (live.HashToken); required.
	AdminHash string
	// MaxBody bounds a request's body other than an upload, in bytes
	// (default 1 MiB).
	MaxBody int64
	// MaxUpload bounds an upload's body (default: the service's file
	// size limit, entente.DefaultFileSize).
	MaxUpload int64
	// Rate and Burst bound the messages per second of one live
	// connection (defaults 50 and 100).
	Rate, Burst float64
	// MaxConns bounds the open live connections (default 10000).
	MaxConns int
	// Jobs runs analyses, robustness runs, forecasts and tournaments in
	// the background (nil: the server runs none).
	Jobs *jobs.Runner
	// Results opens the tournament results store.
	Results func(ctx context.Context) (jobs.ResultsStore, error)
	// Variants keeps the what-if workspace's saved variants (default:
	// the service's store, when it keeps them too).
	Variants live.VariantStore
	// Logger receives the server's log (default slog.Default()).
	Logger *slog.Logger
	// Now returns the wall-clock time (default time.Now).
	Now func() time.Time
}

// Server serves the API. Create one with New; Handler returns its routes.
type Server struct {
	cfg Config
	svc *live.Service
	log *slog.Logger
	now func() time.Time
	mux *http.ServeMux

	mu      sync.Mutex
	conns   map[*websocket.Conn]struct{}
	docs    map[string]*wire.NegotiationDoc // ended negotiations' documents
	wss     workspaces                      // what-if workspaces by scenario
	closing bool
	wg      sync.WaitGroup
}

// New returns a server.
func New(cfg Config) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = entente.DefaultFileSize
	}
	if cfg.Rate <= 0 {
		cfg.Rate = 50
	}
	if cfg.Burst <= 0 {
		cfg.Burst = 2 * cfg.Rate
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 10000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, svc: cfg.Service, log: cfg.Logger, now: cfg.Now, conns: map[*websocket.Conn]struct{}{}, docs: map[string]*wire.NegotiationDoc{}}
	s.routes()
	return s
}

// Handler returns the server's routes.
func (s *Server) Handler() http.Handler { return s.mux }

// handler is an API handler: it returns an error instead of writing it.
type handler func(w http.ResponseWriter, r *http.Request) error

// route is one API operation; the OpenAPI document lists the same ones
// (a test checks both ways).
type route struct {
	method, path string
	h            handler
}

func (s *Server) table() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", s.openapi},
		{"GET", "/api/v1/health", s.health},
		{"POST", "/api/v1/scenarios", s.admin(s.createScenario)},
		{"POST", "/api/v1/scenarios/validate", s.admin(s.validateScenario)},
		{"GET", "/api/v1/scenarios", s.admin(s.listScenarios)},
		{"GET", "/api/v1/scenarios/{id}", s.admin(s.getScenario)},
		{"DELETE", "/api/v1/scenarios/{id}", s.admin(s.deleteScenario)},
		{"GET", "/api/v1/scenarios/{id}/source", s.admin(s.getSource)},
		{"GET", "/api/v1/scenarios/{id}/numbers", s.admin(s.getNumbers)},
		{"POST", "/api/v1/scenarios/{id}/whatif", s.admin(s.postWhatIf)},
		{"POST", "/api/v1/scenarios/{id}/compare", s.admin(s.postCompare)},
		{"POST", "/api/v1/scenarios/{id}/export", s.admin(s.postExport)},
		{"GET", "/api/v1/scenarios/{id}/variants", s.admin(s.listVariants)},
		{"POST", "/api/v1/scenarios/{id}/variants", s.admin(s.saveVariant)},
		{"DELETE", "/api/v1/scenarios/{id}/variants/{variant}", s.admin(s.deleteVariant)},
		{"POST", "/api/v1/negotiations", s.admin(s.createNegotiation)},
		{"GET", "/api/v1/negotiations", s.admin(s.listNegotiations)},
		{"GET", "/api/v1/negotiations/{id}", s.onNegotiation(anyone, s.getNegotiation)},
		{"POST", "/api/v1/negotiations/{id}/start", s.onNegotiation(adminOnly, s.startNegotiation)},
		{"POST", "/api/v1/negotiations/{id}/abort", s.onNegotiation(adminOnly, s.abortNegotiation)},
		{"GET", "/api/v1/negotiations/{id}/seat", s.onNegotiation(seatOnly, s.getSeat)},
		{"POST", "/api/v1/negotiations/{id}/moves", s.onNegotiation(seatOnly, s.postMove)},
		{"GET", "/api/v1/negotiations/{id}/moves", s.onNegotiation(adminOnly, s.getMoves)},
		{"POST", "/api/v1/negotiations/{id}/evaluate", s.onNegotiation(seatOnly, s.evaluate)},
		{"GET", "/api/v1/negotiations/{id}/result", s.onNegotiation(anyone, s.getResult)},
		{"GET", "/api/v1/negotiations/{id}/trace", s.onNegotiation(adminOnly, s.getTrace)},
		{"GET", "/api/v1/negotiations/{id}/trajectory", s.onNegotiation(adminOnly, s.getTrajectory)},
		{"GET", "/api/v1/negotiations/{id}/live", s.liveSession},
		{"POST", "/api/v1/analyses", s.admin(s.submit(jobs.KindAnalysis, func() any { return &jobs.AnalysisParams{} }))},
		{"POST", "/api/v1/robustness", s.admin(s.submit(jobs.KindRobustness, func() any { return &jobs.RobustnessParams{} }))},
		{"POST", "/api/v1/forecasts", s.admin(s.submit(jobs.KindForecast, func() any { return &jobs.ForecastParams{} }))},
		{"POST", "/api/v1/tournaments", s.admin(s.submit(jobs.KindTournament, func() any { return &jobs.TournamentParams{} }))},
		{"GET", "/api/v1/jobs", s.admin(s.listJobs)},
		{"GET", "/api/v1/jobs/{id}", s.admin(s.getJob)},
		{"GET", "/api/v1/tournaments/{id}/league", s.admin(s.getLeague)},
		{"GET", "/api/v1/tournaments/{id}/results", s.admin(s.getTournamentResults)},
	}
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	for _, rt := range s.table() {
		h := rt.h
		s.mux.HandleFunc(rt.method+" "+rt.path, func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				s.writeError(w, r, err)
			}
		})
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, entente.Errorf(entente.ENotFound, "", 0, 0, "", "no such endpoint: %s %s", r.Method, r.URL.Path))
	})
	s.mux.Handle("/", web.Handler())
}

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiDoc)
	return err
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "protocol_version": ProtocolVersion})
	return nil
}

// bearer returns the request's bearer token.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// isAdmin reports whether a token is the admin's (in constant time).
func (s *Server) isAdmin(token string) bool {
	return token != "" && live.MatchToken(token, s.cfg.AdminHash)
}

// admin wraps a handler for the admin only.
func (s *Server) admin(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		tok := bearer(r)
		if tok == "" {
			return errUnauthorized
		}
		if !s.isAdmin(tok) {
			// A seat's token is a valid credential that does not allow
			// this; anything else is unknown. Either way, no detail.
			return errUnauthorized
		}
		return h(w, r)
	}
}

// viewer returns who a request on negotiation id comes from: the admin,
// or a seat of that negotiation.
func (s *Server) viewer(r *http.Request, id string) (int, error) {
	return s.whoIs(r.Context(), bearer(r), id)
}

func (s *Server) whoIs(ctx context.Context, tok, id string) (int, error) {
	if tok == "" {
		return 0, errUnauthorized
	}
	if s.isAdmin(tok) {
		return admin, nil
	}
	p, err := s.svc.Seat(ctx, id, tok)
	if err != nil {
		return 0, err
	}
	return p, nil
}

// access says who may call an endpoint of a negotiation.
type access int

const (
	anyone    access = iota // the admin or a seat
	adminOnly               // the admin: the trace and the move log hold every party's numbers and strategies
	seatOnly                // a seat: its preferences, its moves
)

// onNegotiation wraps a handler of negotiation {id}'s endpoints: it finds
// who calls, the admin or a seat of that negotiation, and checks access.
func (s *Server) onNegotiation(a access, h func(w http.ResponseWriter, r *http.Request, id string, who int) error) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		who, err := s.viewer(r, id)
		if err != nil {
			return err
		}
		if (a == adminOnly && who != admin) || (a == seatOnly && who == admin) {
			return errForbidden
		}
		return h(w, r, id, who)
	}
}

// decode reads a JSON body of at most MaxBody bytes into v, refusing
// unknown fields.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSON(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody), v)
}

func decodeJSON(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if dec.More() {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "", "the body holds more than one JSON value")
	}
	return nil
}

// bodyError turns a JSON decoding error into an invalid-input error.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return entente.Errorf(entente.ELimit, "", 0, 0, "", "the body is larger than the limit of %s", entente.FormatSize(tooBig.Limit))
	case errors.As(err, &syn):
		return entente.Errorf(entente.EInvalid, "", 0, 0, "", "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		return entente.Errorf(entente.EInvalid, "", 0, 0, typ.Field, "expected %s, got a JSON %s", typ.Type, typ.Value)
	case errors.Is(err, io.EOF):
		return entente.Errorf(entente.EInvalid, "", 0, 0, "", "the body is empty; expected a JSON object")
	}
	return entente.Errorf(entente.EInvalid, "", 0, 0, "", "malformed JSON: %v", err)
}

// Close closes every live connection with a reason and waits for their
// handlers; call it after http.Server.Shutdown.
func (s *Server) Close(reason string) {
	s.mu.Lock()
	s.closing = true
	conns := make([]*websocket.Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.Close(websocket.StatusGoingAway, reason) //nolint:errcheck // closing anyway
	}
	s.wg.Wait()
}
