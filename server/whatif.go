package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/live"
	"github.com/entente/entente/whatif"
	"github.com/entente/entente/wire"
)

// The what-if workspace's endpoints (docs/whatif.md, docs/web.md): the
// annotated numbers of a stored scenario as controls, the evaluation of a
// variant (synchronous: milliseconds on the flagship), comparisons, saved
// variants and their export as scenario files.

const (
	// MaxWhatIfOutcomes bounds the space a what-if evaluation walks at
	// once, synchronously; larger scenarios are analysed by jobs.
	MaxWhatIfOutcomes = 1 << 22
	// WhatIfTimeout bounds one synchronous evaluation (a comparison: all
	// of its variants).
	WhatIfTimeout = 20 * time.Second
	// MaxCompared bounds the variants of one comparison.
	MaxCompared = 16
	// maxWorkspaces bounds the workspaces kept ready (each holds the
	// compiled tables of its scenario, one copy per core).
	maxWorkspaces = 16
)

// workspaces keeps a what-if workspace per scenario, made on first use
// (scenarios never change once stored).
type workspaces struct {
	mu sync.Mutex
	m  map[string]*wsEntry
}

type wsEntry struct {
	once sync.Once
	ws   *whatif.Workspace
	err  error
	used time.Time
}

// workspace returns the workspace of stored scenario id.
func (s *Server) workspace(ctx context.Context, id string) (*whatif.Workspace, error) {
	sc, err := s.svc.ScenarioOf(ctx, id)
	if err != nil {
		return nil, err
	}
	c := &s.wss
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*wsEntry{}
	}
	e := c.m[id]
	if e == nil {
		if len(c.m) >= maxWorkspaces {
			var old string
			for k, x := range c.m {
				if old == "" || x.used.Before(c.m[old].used) {
					old = k
				}
			}
			delete(c.m, old)
		}
		e = &wsEntry{}
		c.m[id] = e
	}
	e.used = time.Now()
	c.mu.Unlock()
	e.once.Do(func() { e.ws, e.err = whatif.New(sc, whatif.Options{MaxOutcomes: MaxWhatIfOutcomes}) })
	if e.err != nil && entente.ErrorCode(e.err) == entente.EInternal {
		// Not the scenario's fault: try again next time.
		c.mu.Lock()
		if c.m[id] == e {
			delete(c.m, id)
		}
		c.mu.Unlock()
	}
	return e.ws, e.err
}

// forget drops the workspace of a deleted scenario.
func (s *Server) forget(id string) {
	s.wss.mu.Lock()
	delete(s.wss.m, id)
	s.wss.mu.Unlock()
}

// variants returns the store of saved variants.
func (s *Server) variants() (live.VariantStore, error) {
	if s.cfg.Variants != nil {
		return s.cfg.Variants, nil
	}
	if vs, ok := s.svc.Store().(live.VariantStore); ok {
		return vs, nil
	}
	return nil, entente.Errorf(entente.ENotFound, "", 0, 0, "", "this server keeps no saved variants")
}

func (s *Server) getNumbers(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.workspace(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wire.Controls(ws.Scenario(), ws.Controls()))
	return nil
}

// readVariant reads a variant's document from the body.
func (s *Server) readVariant(w http.ResponseWriter, r *http.Request) (*wire.VariantDoc, error) {
	var d wire.VariantDoc
	if err := s.decode(w, r, &d); err != nil {
		return nil, err
	}
	if err := checkVariant(&d); err != nil {
		return nil, err
	}
	return &d, nil
}

func checkVariant(d *wire.VariantDoc) error {
	if d.Version != 0 && d.Version != wire.VariantVersion {
		return entente.Errorf(entente.EUnsupported, "", 0, 0, "version", "variant version %d; this server reads version %d", d.Version, wire.VariantVersion)
	}
	if len(d.Name) > 200 {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "name", "a variant's name holds at most 200 bytes")
	}
	return nil
}

// variantError makes a key that names no number of the scenario (which
// package whatif reports as not found) a mistake in the request's body.
func variantError(err error) error {
	var e *entente.Error
	if errors.Is(err, whatif.ErrNoKey) && errors.As(err, &e) {
		c := *e
		c.Code = entente.EInvalid
		return &c
	}
	return err
}

// timed bounds a synchronous evaluation, and says so when it runs out.
func timed(ctx context.Context, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, WhatIfTimeout)
	defer cancel()
	err := variantError(f(ctx))
	if errors.Is(err, context.DeadlineExceeded) {
		return entente.Errorf(entente.ELimit, "", 0, 0, "", "the evaluation took longer than %s; analyse this scenario with a background job (POST /api/v1/analyses, /api/v1/robustness)", WhatIfTimeout)
	}
	return err
}

func (s *Server) postWhatIf(w http.ResponseWriter, r *http.Request) error {
	d, err := s.readVariant(w, r)
	if err != nil {
		return err
	}
	ws, err := s.workspace(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var res *whatif.Result
	if err := timed(r.Context(), func(ctx context.Context) (err error) {
		res, err = ws.Evaluate(ctx, d.Variant())
		return err
	}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wire.WhatIf(res))
	return nil
}

// compareJSON asks for a comparison of variants.
type compareJSON struct {
	Variants []wire.VariantDoc `json:"variants"`
}

func (s *Server) postCompare(w http.ResponseWriter, r *http.Request) error {
	var c compareJSON
	if err := s.decode(w, r, &c); err != nil {
		return err
	}
	if len(c.Variants) == 0 || len(c.Variants) > MaxCompared {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "variants", "%d variants; compare 1 to %d", len(c.Variants), MaxCompared)
	}
	for i := range c.Variants {
		if err := checkVariant(&c.Variants[i]); err != nil {
			return err
		}
	}
	ws, err := s.workspace(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	rs := make([]*whatif.Result, len(c.Variants))
	if err := timed(r.Context(), func(ctx context.Context) error {
		for i := range c.Variants {
			var err error
			if rs[i], err = ws.Evaluate(ctx, c.Variants[i].Variant()); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	cmp, err := ws.Compare(rs...)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wire.Comparison(cmp))
	return nil
}

func (s *Server) postExport(w http.ResponseWriter, r *http.Request) error {
	f, ext, ct := native.YAML, "yaml", "application/yaml"
	switch q := r.URL.Query().Get("format"); q {
	case "", "yaml":
	case "json":
		f, ext, ct = native.JSON, "json", "application/json"
	default:
		return entente.Errorf(entente.EInvalid, "", 0, 0, "format", "%q: expected yaml or json", q)
	}
	d, err := s.readVariant(w, r)
	if err != nil {
		return err
	}
	ws, err := s.workspace(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := ws.Export(d.Variant(), f)
	if err != nil {
		return variantError(err)
	}
	name := fileName(ws.Scenario().Name + " " + d.Name)
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+ext+`"`)
	_, err = w.Write(b)
	return err
}

// fileName makes a safe file name of a text: letters, digits, '-', '_'
// and '.', the rest as '-'.
func fileName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(s) {
		ok := r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.')
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" {
		out = "scenario"
	}
	return out
}

func (s *Server) listVariants(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.variants()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := s.svc.Store().Scenario(r.Context(), id); err != nil {
		return err
	}
	recs, err := vs.Variants(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"variants": recs})
	return nil
}

func (s *Server) saveVariant(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.variants()
	if err != nil {
		return err
	}
	d, err := s.readVariant(w, r)
	if err != nil {
		return err
	}
	if strings.TrimSpace(d.Name) == "" {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "name", "a saved variant needs a name")
	}
	id := r.PathValue("id")
	ws, err := s.workspace(r.Context(), id)
	if err != nil {
		return err
	}
	v := d.Variant()
	if _, _, err := ws.Apply(v); err != nil {
		return variantError(err)
	}
	doc, err := encodeCompact(wire.Variant(ws.Scenario(), v))
	if err != nil {
		return err
	}
	rec := &live.VariantRecord{ID: live.NewID(), Scenario: id, Name: v.Name, Doc: doc, Created: s.now().UTC()}
	if err := vs.PutVariant(r.Context(), rec); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rec)
	return nil
}

func (s *Server) deleteVariant(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.variants()
	if err != nil {
		return err
	}
	if err := vs.DeleteVariant(r.Context(), r.PathValue("id"), r.PathValue("variant")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
