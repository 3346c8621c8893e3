package server

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/live"
	"github.com/entente/entente/load"
)

// uploadJSON is an upload as JSON: files (the scenario file or domain
// first), or a built-in example by name.
type uploadJSON struct {
	Name    string     `json:"name,omitempty"`
	Example string     `json:"example,omitempty"`
	Files   []fileJSON `json:"files,omitempty"`
}

type fileJSON struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// readUpload reads an upload: a JSON envelope (Content-Type
// application/json), or one scenario file as the raw body (any other
// type, ?name= naming it).
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (string, []entente.Source, error) {
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "application/json") {
		data, err := io.ReadAll(body)
		if err != nil {
			return "", nil, bodyError(err)
		}
		name := r.URL.Query().Get("file")
		if name == "" {
			name = "upload"
		}
		return r.URL.Query().Get("name"), []entente.Source{{Name: name, Data: data}}, nil
	}
	var up uploadJSON
	if err := decodeJSON(body, &up); err != nil {
		return "", nil, err
	}
	if up.Example != "" {
		if len(up.Files) > 0 {
			return "", nil, entente.Errorf(entente.EInvalid, "", 0, 0, "example", "name an example or upload files, not both")
		}
		res, err := load.Example(up.Example)
		if err != nil {
			return "", nil, entente.Errorf(entente.EInvalid, "", 0, 0, "example", "no example %q; the examples are %s", up.Example, strings.Join(load.ExampleNames(), ", "))
		}
		// Stored as native YAML, so that the store holds what it parses.
		data, err := native.Encode(res.Scenario, native.YAML)
		if err != nil {
			return "", nil, err
		}
		return up.Name, []entente.Source{{Name: up.Example + ".yaml", Data: data}}, nil
	}
	var files []entente.Source
	for i, f := range up.Files {
		if f.Name == "" {
			return "", nil, entente.Errorf(entente.EInvalid, "", 0, 0, "files["+strconv.Itoa(i)+"].name", "every file needs a name")
		}
		files = append(files, entente.Source{Name: f.Name, Data: []byte(f.Content)})
	}
	return up.Name, files, nil
}

// scenarioJSON describes a stored scenario.
type scenarioJSON struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Format   string         `json:"format"`
	Created  time.Time      `json:"created"`
	Issues   []issueJSON    `json:"issues,omitempty"`
	Parties  []string       `json:"parties,omitempty"`
	Warnings []errorJSON    `json:"warnings,omitempty"`
	Native   map[string]any `json:"-"`
}

func scenarioOf(rec *live.ScenarioRecord, sc *entente.Scenario, warns entente.ErrorList) *scenarioJSON {
	j := &scenarioJSON{ID: rec.ID, Name: rec.Name, Format: rec.Format, Created: rec.Created}
	if sc != nil {
		j.Issues, j.Parties = issuesOf(sc), partiesOf(sc)
	}
	for _, w := range warns {
		j.Warnings = append(j.Warnings, one(w))
	}
	return j
}

func (s *Server) createScenario(w http.ResponseWriter, r *http.Request) error {
	name, files, err := s.readUpload(w, r)
	if err != nil {
		return err
	}
	rec, res, err := s.svc.AddScenario(r.Context(), name, files)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, scenarioOf(rec, res.Scenario, res.Warnings))
	return nil
}

// validationJSON is the answer of a validation: the problems found, with
// their files, lines and fields.
type validationJSON struct {
	Valid    bool        `json:"valid"`
	Format   string      `json:"format,omitempty"`
	Errors   []errorJSON `json:"errors,omitempty"`
	Warnings []errorJSON `json:"warnings,omitempty"`
}

func (s *Server) validateScenario(w http.ResponseWriter, r *http.Request) error {
	_, files, err := s.readUpload(w, r)
	if err != nil {
		return err
	}
	res, err := s.svc.Validate(files)
	if err != nil {
		code := entente.ErrorCode(err)
		if code != entente.EInvalid && code != entente.EUnsupported && code != entente.ELimit {
			return err
		}
		b := describe(err)
		errs := b.Errors
		if errs == nil {
			errs = []errorJSON{b.Error}
		}
		writeJSON(w, http.StatusOK, validationJSON{Errors: errs})
		return nil
	}
	j := validationJSON{Valid: true, Format: res.Format}
	for _, e := range res.Warnings {
		j.Warnings = append(j.Warnings, one(e))
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) error {
	recs, err := s.svc.Store().Scenarios(r.Context())
	if err != nil {
		return err
	}
	out := make([]*scenarioJSON, 0, len(recs))
	for i := range recs {
		out = append(out, scenarioOf(&recs[i], nil, nil))
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": out})
	return nil
}

func (s *Server) getScenario(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	rec, err := s.svc.Store().Scenario(r.Context(), id)
	if err != nil {
		return err
	}
	sc, err := s.svc.ScenarioOf(r.Context(), id)
	if err != nil {
		return err
	}
	j := scenarioOf(rec, sc, nil)
	doc, err := native.Encode(sc, native.JSON)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*scenarioJSON
		Document rawJSON `json:"document"`
	}{j, doc})
	return nil
}

func (s *Server) deleteScenario(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.DeleteScenario(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
