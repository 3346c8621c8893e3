package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/models"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/robust"
	"github.com/entente/entente/tournament"
	"github.com/entente/entente/wire"
)

// Env is what the standard kinds need from the server.
type Env struct {
	// Scenario returns a stored scenario by id.
	Scenario func(ctx context.Context, id string) (*entente.Scenario, error)
	// Limits bound inputs (forecast files, plans).
	Limits entente.Limits
	// MaxOutcomes bounds the spaces analysed (0: 1<<24).
	MaxOutcomes uint64
	// MaxWork bounds a forecast's estimated steps (0: 5e9, as the command
	// line's --max-work).
	MaxWork float64
	// Results opens the store of tournament results.
	Results func(ctx context.Context) (ResultsStore, error)
	// Remote makes the negotiator of a remote agent named by URL in a
	// plan (nil: plans may not name any).
	Remote func(url string) protocol.Negotiator
}

// ResultsStore is a tournament results store that can also be tied to a
// plan by its hash (store/sqlstore.Store).
type ResultsStore interface {
	tournament.Store
	Use(ctx context.Context, hash string) error
}

// Job kinds.
const (
	KindAnalysis   = "analysis"
	KindRobustness = "robustness"
	KindForecast   = "forecast"
	KindTournament = "tournament"
)

// AnalysisParams are an analysis job's parameters.
type AnalysisParams struct {
	Scenario   string `json:"scenario"`
	Resolution int    `json:"resolution,omitempty"`
}

// RobustnessParams are a robustness job's parameters.
type RobustnessParams struct {
	Scenario   string `json:"scenario"`
	Samples    int    `json:"samples,omitempty"`
	Seed       uint64 `json:"seed,omitempty"`
	Resolution int    `json:"resolution,omitempty"`
}

// ForecastParams are a forecast job's parameters: an input file (any
// format forecast reads) and the models (default all).
type ForecastParams struct {
	File struct {
		Name    string `json:"name"`
		Content string `json:"content"`
	} `json:"file"`
	Models      []string `json:"models,omitempty"`
	Runs        int      `json:"runs,omitempty"`
	Seed        uint64   `json:"seed,omitempty"`
	Sensitivity bool     `json:"sensitivity,omitempty"`
	Rounds      int      `json:"rounds,omitempty"`
}

// TournamentParams are a tournament job's parameters: a plan
// (docs/tournament.md) whose scenarios are built-in examples, and whose
// negotiators may be remote agents by URL.
type TournamentParams struct {
	Plan string `json:"plan"`
}

func decode[T any](params json.RawMessage) (*T, error) {
	var p T
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "", "the job's parameters: %v", err)
	}
	return &p, nil
}

// Standard returns the kinds the server runs: analyses, robustness runs,
// forecasts and tournaments, each writing the document the command line
// writes (package wire).
func Standard(env Env) map[string]Kind {
	if env.MaxOutcomes == 0 {
		env.MaxOutcomes = 1 << 24
	}
	if env.MaxWork == 0 {
		env.MaxWork = 5e9
	}
	scenario := func(ctx context.Context, id string) (*entente.Scenario, error) {
		sc, err := env.Scenario(ctx, id)
		if entente.ErrorCode(err) == entente.ENotFound {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "scenario", "no scenario %q", id)
		}
		return sc, err
	}
	return map[string]Kind{
		KindAnalysis: {
			Check: func(ctx context.Context, raw json.RawMessage) error {
				p, err := decode[AnalysisParams](raw)
				if err == nil {
					_, err = scenario(ctx, p.Scenario)
				}
				return err
			},
			Run: func(ctx context.Context, raw json.RawMessage, progress func(float64)) ([]byte, error) {
				p, err := decode[AnalysisParams](raw)
				if err != nil {
					return nil, err
				}
				sc, err := scenario(ctx, p.Scenario)
				if err != nil {
					return nil, err
				}
				r, err := analysis.Analyze(ctx, sc, analysis.Options{Resolution: p.Resolution, MaxOutcomes: env.MaxOutcomes,
					Progress: func(done, total uint64) { progress(float64(done) / float64(max(total, 1))) }})
				if err != nil {
					return nil, err
				}
				var b bytes.Buffer
				if err := wire.Analysis(sc, r, wire.AnalysisOptions{}).WriteJSON(ctx, &b); err != nil {
					return nil, err
				}
				return b.Bytes(), nil
			},
		},
		KindRobustness: {
			Check: func(ctx context.Context, raw json.RawMessage) error {
				p, err := decode[RobustnessParams](raw)
				if err == nil {
					_, err = scenario(ctx, p.Scenario)
				}
				if err == nil && (p.Samples < 0 || p.Samples > 1_000_000) {
					err = entente.Errorf(entente.EInvalid, "", 0, 0, "samples", "%d samples; expected 1 to 1000000 (0: the default)", p.Samples)
				}
				return err
			},
			Run: func(ctx context.Context, raw json.RawMessage, progress func(float64)) ([]byte, error) {
				p, err := decode[RobustnessParams](raw)
				if err != nil {
					return nil, err
				}
				sc, err := scenario(ctx, p.Scenario)
				if err != nil {
					return nil, err
				}
				r, err := robust.Run(ctx, sc, robust.Options{Samples: p.Samples, Seed: p.Seed, Resolution: p.Resolution, MaxOutcomes: env.MaxOutcomes})
				if err != nil {
					return nil, err
				}
				return encode(wire.Robustness(sc, r))
			},
		},
		KindForecast: {
			Check: func(ctx context.Context, raw json.RawMessage) error {
				_, _, err := forecastInput(env, raw)
				return err
			},
			Run: func(ctx context.Context, raw json.RawMessage, progress func(float64)) ([]byte, error) {
				p, m, err := forecastInput(env, raw)
				if err != nil {
					return nil, err
				}
				mo := models.Options{Rounds: p.Rounds}
				f := &models.Forecast{}
				for i, n := range p.Models {
					md := models.Lookup(n)
					rs, err := md.Run(m, mo)
					if err != nil {
						return nil, m.Locate(err)
					}
					f.Add(md, rs)
					progress(float64(i+1) / float64(len(p.Models)+1))
				}
				if err := f.Uncertainty(m, mo, p.Runs, p.Seed, p.Sensitivity); err != nil {
					return nil, err
				}
				return encode(wire.Forecast(p.File.Name, m, f))
			},
		},
		KindTournament: {
			Check: func(ctx context.Context, raw json.RawMessage) error {
				_, err := plan(env, raw)
				return err
			},
			Run: func(ctx context.Context, raw json.RawMessage, progress func(float64)) ([]byte, error) {
				pl, err := plan(env, raw)
				if err != nil {
					return nil, err
				}
				st, err := env.Results(ctx)
				if err != nil {
					return nil, err
				}
				defer st.Close()
				// A tournament taken over from a server that died resumes:
				// the results stored are kept, the rest is run.
				if _, err := tournament.Run(ctx, pl, st, tournament.Options{Workers: 1,
					Progress: func(done, total uint64) { progress(float64(done) / float64(max(total, 1))) }}); err != nil {
					return nil, err
				}
				return League(ctx, st)
			},
		},
	}
}

// League returns the league table of the results in st (tied to a plan),
// as "entente tournament report --json" writes it.
func League(ctx context.Context, st tournament.Store) ([]byte, error) {
	m, err := st.Meta(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := st.All(ctx)
	if err != nil {
		return nil, err
	}
	return encode(wire.League(m, tournament.Summarise(rs, m.Total, tournament.ByUtility)))
}

func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := wire.Encode(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// forecastInput reads a forecast job's input and checks its models and
// their estimated work.
func forecastInput(env Env, raw json.RawMessage) (*ForecastParams, *forecast.Model, error) {
	p, err := decode[ForecastParams](raw)
	if err != nil {
		return nil, nil, err
	}
	lim := env.Limits.Defaults()
	if int64(len(p.File.Content)) > lim.FileSize {
		return nil, nil, entente.Errorf(entente.ELimit, p.File.Name, 0, 0, "", "the file holds %s; the limit is %s", entente.FormatSize(int64(len(p.File.Content))), entente.FormatSize(lim.FileSize))
	}
	if p.File.Name == "" {
		p.File.Name = "input"
	}
	if p.Runs < 0 || p.Runs > 100_000 {
		return nil, nil, entente.Errorf(entente.EInvalid, "", 0, 0, "runs", "%d runs; expected 0 to 100000", p.Runs)
	}
	m, err := (forecast.Reader{Limits: lim}).Read(p.File.Name, []byte(p.File.Content))
	if err != nil {
		return nil, nil, err
	}
	if err := models.Check(m); err != nil {
		return nil, nil, err
	}
	if len(p.Models) == 0 {
		p.Models = models.Names()
	}
	mo := models.Options{Rounds: p.Rounds}
	for _, n := range p.Models {
		md := models.Lookup(n)
		if md == nil {
			return nil, nil, entente.Errorf(entente.EInvalid, "", 0, 0, "models", "unknown model %q; the models are %s", n, strings.Join(models.Names(), ", "))
		}
		if w := md.Work(m, mo, p.Runs, p.Sensitivity); w > env.MaxWork {
			return nil, nil, entente.Errorf(entente.ELimit, "", 0, 0, "models", "model %s would take about %.3g steps, more than the server's limit of %.3g", n, w, env.MaxWork)
		}
	}
	return p, m, nil
}

// plan reads a tournament job's plan: its scenarios must be built-in
// examples (a server reads no file of its own disk for a plan).
func plan(env Env, raw json.RawMessage) (*tournament.Plan, error) {
	p, err := decode[TournamentParams](raw)
	if err != nil {
		return nil, err
	}
	empty, err := os.MkdirTemp("", "entente-plan-")
	if err != nil {
		return nil, err
	}
	defer os.Remove(empty)
	pl, err := tournament.PlanReader{Limits: env.Limits}.Parse("plan", []byte(p.Plan), empty)
	if err != nil {
		return nil, err
	}
	pl.Remote = env.Remote
	for _, c := range pl.Negotiators {
		if tournament.IsRemote(c.Spec) && env.Remote == nil {
			return nil, entente.Errorf(entente.EInvalid, "plan", 0, 0, "negotiators", "%s names a remote agent; this server reaches none", c.Spec)
		}
	}
	return pl, nil
}
