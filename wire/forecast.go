package wire

import (
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/models"
)

// ForecastVersion is the version of ForecastDoc.
const ForecastVersion = 1

// SpearmanTop is how many of the sampled inputs most correlated with a
// forecast a ForecastDoc lists per model and issue.
const SpearmanTop = 10

// ForecastDoc is several models' forecasts of one input (models.Forecast)
// as forecast --json writes them; docs/forecast.md documents every field.
type ForecastDoc struct {
	Version int    `json:"version"`
	Input   string `json:"input"`
	Name    string `json:"name"`
	// Actors are in input order, the order of every positions and risk
	// list.
	Actors []string `json:"actors"`
	Models []string `json:"models"`
	// Runs and Seed are the Monte Carlo settings, absent without runs.
	Runs   int             `json:"runs,omitempty"`
	Seed   *uint64         `json:"seed,omitempty"`
	Issues []ForecastIssue `json:"issues"`
}

// ForecastIssue is the models' forecasts of one issue.
type ForecastIssue struct {
	Issue string  `json:"issue"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	// Forecasts, Rounds and Notes are by model name; Rounds only for the
	// round-based models, Notes only for models with a remark.
	Forecasts map[string]float64 `json:"forecasts"`
	Rounds    map[string]*Rounds `json:"rounds"`
	Notes     map[string]string  `json:"notes"`
	// Intervals (with Monte Carlo runs) are per model the median and 90%
	// interval of the forecasts; a model that failed in every run is
	// absent.
	Intervals map[string]Interval `json:"intervals,omitempty"`
	// Sensitivity ranks the inputs by effect, per model and method,
	// largest first.
	Sensitivity []ForecastSensitivity `json:"sensitivity,omitempty"`
}

// Interval is the median and the 5th and 95th percentiles of a model's
// forecasts over the Monte Carlo runs, and the runs in which it failed.
type Interval struct {
	Median float64 `json:"median"`
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
	Failed int     `json:"failed,omitempty"`
}

// ForecastSensitivity is one input's rank by its effect on a forecast.
type ForecastSensitivity struct {
	Model  string `json:"model"`
	Method string `json:"method"` // "one-at-a-time" or "spearman"
	Rank   int    `json:"rank"`
	Actor  string `json:"actor"`
	Input  string `json:"input"`
	// Issue is the issue of a sampled stance input (spearman); absent for
	// actor-wide inputs.
	Issue string `json:"issue,omitempty"`
	// One at a time: the forecasts at the input's low and high ends and
	// their difference (absent where the model failed).
	Low    *float64 `json:"low,omitempty"`
	High   *float64 `json:"high,omitempty"`
	Change *float64 `json:"change,omitempty"`
	// Spearman: the rank correlation.
	Rho *float64 `json:"rho,omitempty"`
}

// Rounds are a round-based model's rounds on one issue (models.Rounds).
type Rounds struct {
	Converged bool    `json:"converged"`
	Reversals int     `json:"reversals"`
	Cycle     *Cycle  `json:"cycle"`
	Rounds    []Round `json:"rounds"`
}

// Cycle says that the positions after round Start+Length repeat those
// after round Start.
type Cycle struct {
	Start  int `json:"start"`
	Length int `json:"length"`
}

// Round is the state after one round (models.Round).
type Round struct {
	Round     int       `json:"round"`
	Median    float64   `json:"median"`
	Mean      float64   `json:"mean"`
	Positions []float64 `json:"positions"`
	Risk      []float64 `json:"risk,omitempty"`
	Moves     []Move    `json:"moves,omitempty"`
}

// Move is one actor's move in a round, toward another actor.
type Move struct {
	Actor    string    `json:"actor"`
	Toward   string    `json:"toward"`
	Kind     string    `json:"kind"`
	EUActor  *float64  `json:"eu_actor,omitempty"`
	EUToward *float64  `json:"eu_toward,omitempty"`
	Position []float64 `json:"position"`
}

// Forecast returns the document of the forecast f of the input m, read
// from input (the file's name as the user gave it).
func Forecast(input string, m *forecast.Model, f *models.Forecast) *ForecastDoc {
	d := &ForecastDoc{Version: ForecastVersion, Input: input, Name: m.Name, Models: f.Models, Actors: []string{}}
	for _, a := range m.Actors {
		d.Actors = append(d.Actors, a.Name)
	}
	for k, is := range m.Issues {
		fi := ForecastIssue{Issue: is.Name, Min: is.Min, Max: is.Max, Forecasts: map[string]float64{}, Rounds: map[string]*Rounds{}, Notes: map[string]string{}}
		for j, n := range f.Models {
			r := f.Results[j][k]
			fi.Forecasts[n] = r.Forecast
			if r.Rounds != nil {
				fi.Rounds[n] = rounds(m, r.Rounds)
			}
			if r.Note != "" {
				fi.Notes[n] = r.Note
			}
		}
		d.Issues = append(d.Issues, fi)
	}
	mc := f.MonteCarlo
	if mc != nil {
		seed := mc.Seed
		d.Runs, d.Seed = mc.Runs, &seed
		for j, n := range f.Models {
			for k := range d.Issues {
				iv := mc.Intervals[j][k]
				if iv.Failed == mc.Runs {
					continue
				}
				if d.Issues[k].Intervals == nil {
					d.Issues[k].Intervals = map[string]Interval{}
				}
				d.Issues[k].Intervals[n] = Interval{Median: iv.Median, Low: iv.Low, High: iv.High, Failed: iv.Failed}
			}
		}
	}
	if !f.Sensitivity {
		return d
	}
	for j, n := range f.Models {
		for k := range d.Issues {
			for r, e := range f.OneAtATime[j][k] {
				d.Issues[k].Sensitivity = append(d.Issues[k].Sensitivity, ForecastSensitivity{Model: n, Method: "one-at-a-time", Rank: r + 1,
					Actor: m.Actors[e.Actor].Name, Input: e.Field, Low: finite(e.Low), High: finite(e.High), Change: finite(e.Change)})
			}
		}
	}
	if mc == nil {
		return d
	}
	sp := mc.Spearman()
	for j, n := range f.Models {
		for k := range d.Issues {
			for r, c := range sp[j][k] {
				if r == SpearmanTop {
					break
				}
				s := ForecastSensitivity{Model: n, Method: "spearman", Rank: r + 1, Actor: m.Actors[c.Input.Actor].Name, Input: c.Input.Field, Rho: finite(c.Rho)}
				if c.Input.Issue >= 0 {
					s.Issue = m.Issues[c.Input.Issue].Name
				}
				d.Issues[k].Sensitivity = append(d.Issues[k].Sensitivity, s)
			}
		}
	}
	return d
}

// rounds returns the document of a model's rounds.
func rounds(m *forecast.Model, r *models.Rounds) *Rounds {
	out := &Rounds{Converged: r.Converged, Reversals: r.Reversals}
	if r.Cycle != nil {
		out.Cycle = &Cycle{Start: r.Cycle.Start, Length: r.Cycle.Length}
	}
	for _, rd := range r.Rounds {
		x := Round{Round: rd.Round, Median: rd.Median, Mean: rd.Mean, Positions: rd.Positions, Risk: rd.Risk}
		for _, mv := range rd.Moves {
			x.Moves = append(x.Moves, Move{Actor: m.Actors[mv.Actor].Name, Toward: m.Actors[mv.Toward].Name, Kind: mv.Kind,
				EUActor: mv.EUActor, EUToward: mv.EUToward, Position: []float64{mv.Position}})
		}
		out.Rounds = append(out.Rounds, x)
	}
	return out
}
