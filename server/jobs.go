package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/jobs"
	"github.com/entente/entente/tournament"
	"github.com/entente/entente/wire"
)

// jobJSON is a background job as the API shows it.
type jobJSON struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Status   jobs.Status     `json:"status"`
	Progress float64         `json:"progress"`
	Attempts int             `json:"attempts"`
	Owner    string          `json:"owner,omitempty"`
	Created  time.Time       `json:"created"`
	Updated  time.Time       `json:"updated"`
	Error    string          `json:"error,omitempty"`
	Params   json.RawMessage `json:"params"`
	Result   json.RawMessage `json:"result,omitempty"`
}

func jobOf(j *jobs.Job) *jobJSON {
	return &jobJSON{ID: j.ID, Kind: j.Kind, Status: j.Status, Progress: j.Progress, Attempts: j.Attempts, Owner: j.Owner, Created: j.Created,
		Updated: j.Updated, Error: j.Error, Params: j.Params, Result: j.Result}
}

func (s *Server) noJobs() error {
	return entente.Errorf(entente.ENotFound, "", 0, 0, "", "this server runs no background jobs")
}

// submit returns a handler that queues a job of a kind with the request's
// parameters (params points to a fresh value of the kind's type).
func (s *Server) submit(kind string, params func() any) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Jobs == nil {
			return s.noJobs()
		}
		p := params()
		if err := s.decode(w, r, p); err != nil {
			return err
		}
		j, err := s.cfg.Jobs.Submit(r.Context(), kind, p)
		if err != nil {
			return err
		}
		w.Header().Set("Location", "/api/v1/jobs/"+j.ID)
		writeJSON(w, http.StatusAccepted, jobOf(j))
		return nil
	}
}

func (s *Server) job(ctx context.Context, id, kind string) (*jobs.Job, error) {
	if s.cfg.Jobs == nil {
		return nil, s.noJobs()
	}
	j, err := s.cfg.Jobs.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	if kind != "" && j.Kind != kind {
		return nil, entente.Errorf(entente.ENotFound, "", 0, 0, "", "no such %s", kind)
	}
	return j, nil
}

func (s *Server) getJob(w http.ResponseWriter, r *http.Request) error {
	j, err := s.job(r.Context(), r.PathValue("id"), "")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, jobOf(j))
	return nil
}

// tournamentResults opens the results of a tournament job, tied to its
// plan: complete at the end, partial while it runs.
func (s *Server) tournamentResults(r *http.Request) (jobs.ResultsStore, error) {
	j, err := s.job(r.Context(), r.PathValue("id"), jobs.KindTournament)
	if err != nil {
		return nil, err
	}
	if s.cfg.Results == nil {
		return nil, s.noJobs()
	}
	var p jobs.TournamentParams
	if err := json.Unmarshal(j.Params, &p); err != nil {
		return nil, err
	}
	plan, err := tournament.PlanReader{}.Parse("plan", []byte(p.Plan), "")
	if err != nil {
		return nil, err
	}
	hash, err := plan.Hash()
	if err != nil {
		return nil, err
	}
	st, err := s.cfg.Results(r.Context())
	if err != nil {
		return nil, err
	}
	if err := st.Use(r.Context(), hash); err != nil {
		st.Close()
		return nil, entente.Errorf(entente.EConflict, "", 0, 0, "", "the tournament has no results yet")
	}
	return st, nil
}

func (s *Server) getLeague(w http.ResponseWriter, r *http.Request) error {
	st, err := s.tournamentResults(r)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := jobs.League(r.Context(), st)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

func (s *Server) getTournamentResults(w http.ResponseWriter, r *http.Request) error {
	st, err := s.tournamentResults(r)
	if err != nil {
		return err
	}
	defer st.Close()
	rs, err := st.All(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/jsonl")
	return wire.WriteRecords(w, rs)
}
