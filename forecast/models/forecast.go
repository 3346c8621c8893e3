package models

import (
	"fmt"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/montecarlo"
)

// Forecast is several models' forecasts of one input, with their
// uncertainty when asked for.
type Forecast struct {
	// Models names the models run, in order; Results[j][k] is model j's
	// forecast of issue k.
	Models  []string
	Results [][]Result
	// MonteCarlo holds the Monte Carlo runs over the input's ranges (nil
	// without); its models are Models, in order.
	MonteCarlo *montecarlo.Result
	// Sensitivity reports that the inputs were ranked by effect:
	// OneAtATime[j][k] ranks them for model j and issue k, and with
	// MonteCarlo its Spearman correlations rank the sampled inputs.
	Sensitivity bool
	OneAtATime  [][][]montecarlo.Effect
}

// Add records model md's results.
func (f *Forecast) Add(md *Model, rs []Result) {
	f.Models = append(f.Models, md.Name)
	f.Results = append(f.Results, rs)
}

// Uncertainty runs f's models on runs draws of m's uncertain inputs
// (uniform in their ranges, from seed; none when runs is 0) and, with
// sensitivity, perturbs each actor's salience and capability one at a
// time. The options o must be those the models ran with.
func (f *Forecast) Uncertainty(m *forecast.Model, o Options, runs int, seed uint64, sensitivity bool) error {
	if runs == 0 && !sensitivity {
		return nil
	}
	var fcs []montecarlo.Forecaster
	for _, n := range f.Models {
		md := Lookup(n)
		if md == nil {
			return fmt.Errorf("no model %q", n)
		}
		fcs = append(fcs, md.Forecaster(m, o))
	}
	if runs > 0 {
		mc, err := montecarlo.Run(m, runs, seed, fcs, 0)
		if err != nil {
			return m.Locate(err)
		}
		f.MonteCarlo = mc
	}
	if !sensitivity {
		return nil
	}
	oat, err := montecarlo.OneAtATime(m, fcs)
	if err != nil {
		return m.Locate(err)
	}
	f.Sensitivity, f.OneAtATime = true, oat
	return nil
}
