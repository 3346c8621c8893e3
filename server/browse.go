package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/ratify"
)

// Endpoints the pages need beside the API of issue 17: a scenario's
// source for the editor, the list of jobs, a negotiation's trajectory in
// utility space for the viewer.

// sourceJSON is a stored scenario's text in the native format.
type sourceJSON struct {
	Name    string `json:"name"`
	File    string `json:"file"`
	Format  string `json:"format"`
	Content string `json:"content"`
	// Original says that Content is the file as uploaded; otherwise it
	// is the scenario encoded in native YAML (an upload in another format,
	// or of several files).
	Original bool `json:"original"`
}

func (s *Server) getSource(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	rec, err := s.svc.Store().Scenario(r.Context(), id)
	if err != nil {
		return err
	}
	j := sourceJSON{Name: rec.Name, Format: rec.Format}
	if rec.Format == "native" && len(rec.Files) == 1 {
		j.File, j.Content, j.Original = rec.Files[0].Name, string(rec.Files[0].Data), true
	} else {
		sc, err := s.svc.ScenarioOf(r.Context(), id)
		if err != nil {
			return err
		}
		b, err := native.Encode(sc, native.YAML)
		if err != nil {
			return err
		}
		j.File, j.Content = fileName(rec.Name)+".yaml", string(b)
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Jobs == nil {
		return s.noJobs()
	}
	limit := 100
	if q := r.URL.Query().Get("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			return entente.Errorf(entente.EInvalid, "", 0, 0, "limit", "%q: expected a number of jobs", q)
		}
		limit = n
	}
	js, err := s.cfg.Jobs.List(r.Context(), r.URL.Query().Get("kind"), limit)
	if err != nil {
		return err
	}
	out := make([]*jobJSON, 0, len(js))
	for i := range js {
		out = append(out, jobOf(&js[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"jobs": out})
	return nil
}

// trajectoryJSON is a negotiation's events with every party's utility of
// each package: what the viewer draws. For the admin only, as the trace.
type trajectoryJSON struct {
	ID          string      `json:"id"`
	Status      string      `json:"status"`
	Parties     []string    `json:"parties"`
	Reservation []float64   `json:"reservation"`
	Steps       []stepJSON  `json:"steps"`
	Result      *resultJSON `json:"result,omitempty"`
}

// stepJSON is one event with a package.
type stepJSON struct {
	Seq       int            `json:"seq"`
	Round     int            `json:"round"`
	Time      float64        `json:"t"`
	Party     string         `json:"party,omitempty"`
	Action    string         `json:"action"`
	Package   map[string]any `json:"package"`
	Utilities []float64      `json:"utilities"`
	// Ratified says whether every constituency would let the package
	// pass (absent without constituencies).
	Ratified *bool `json:"ratified,omitempty"`
}

func (s *Server) getTrajectory(w http.ResponseWriter, r *http.Request, id string, who int) error {
	v, err := s.svc.View(r.Context(), id, 0)
	if err != nil {
		return err
	}
	sc := v.Scenario
	j := trajectoryJSON{ID: v.ID, Status: v.Status, Parties: partiesOf(sc), Steps: []stepJSON{}, Result: resultOf(sc, v.Result, admin)}
	for p := range sc.Parties {
		fn := s.svc.UtilityOf(v.Spec.Scenario, sc, p)
		if fn == nil {
			return entente.Errorf(entente.EInternal, "", 0, 0, "", "no utility function for party %d", p)
		}
		j.Reservation = append(j.Reservation, fn.Reservation())
	}
	var set *ratify.Set
	if len(sc.Constituencies) > 0 {
		if set, err = ratify.Compile(sc); err != nil {
			return err
		}
	}
	evs := eventsJSON(sc, v.Events)
	for i, e := range v.Events {
		if e.Outcome == nil {
			continue
		}
		st := stepJSON{Seq: e.Seq, Round: e.Round, Time: e.Time, Party: evs[i].Party, Action: evs[i].Action, Package: evs[i].Package}
		for p := range sc.Parties {
			st.Utilities = append(st.Utilities, s.svc.UtilityOf(v.Spec.Scenario, sc, p).Utility(e.Outcome))
		}
		if set != nil {
			ok := set.All(e.Outcome)
			st.Ratified = &ok
		}
		j.Steps = append(j.Steps, st)
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

// encodeCompact encodes v as compact JSON.
func encodeCompact(v any) (json.RawMessage, error) { return json.Marshal(v) }
