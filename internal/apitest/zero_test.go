package apitest

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/bdm"
	"github.com/entente/entente/forecast/montecarlo"
	"github.com/entente/entente/forecast/smp"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/load"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/report"
	"github.com/entente/entente/report/plot"
	"github.com/entente/entente/robust"
	"github.com/entente/entente/space"
	"github.com/entente/entente/store/sqlite"
	"github.com/entente/entente/tournament"
	"github.com/entente/entente/utility"
)

// TestZeroOptionalArguments calls the entry points with every optional
// argument zero or missing (zero Options and Params, nil callbacks, empty
// lists, no models) and requires an answer or an error, never a panic.
func TestZeroOptionalArguments(t *testing.T) {
	ctx := context.Background()
	res, err := load.Example("laptop")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scenario
	fm, err := forecast.Read("x.csv", []byte("actor,issue,position,salience,capability\na,x,1,1,1\nb,x,3,1,1\nc,x,5,1,2\n"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var w bytes.Buffer
	calls := []struct {
		name string
		call func() error
	}{
		{"analysis.Analyze, zero Options", func() error { _, err := analysis.Analyze(ctx, s, analysis.Options{}); return err }},
		{"analysis.Analyze, an empty scenario", func() error { _, err := analysis.Analyze(ctx, &entente.Scenario{}, analysis.Options{}); return err }},
		{"explain.Explain, zero Options", func() error { _, err := explain.Explain(ctx, s, explain.Options{}); return err }},
		{"robust.Run, zero Options", func() error { _, err := robust.Run(ctx, s, robust.Options{}); return err }},
		{"report.Build, no forecast model, zero Options", func() error { _, err := report.Build(ctx, s, nil, report.Options{}); return err }},
		{"plot.Render, a zero Figure", func() error { return plot.Render(&w, &plot.Figure{}, "svg") }},
		{"plot.Render, no format", func() error { return plot.Render(&w, &plot.Figure{}, "") }},
		{"plot.RenderBars, zero", func() error { return plot.RenderBars(&w, &plot.Bars{}, "svg") }},
		{"plot.RenderComparison, zero", func() error { return plot.RenderComparison(&w, &plot.Comparison{}, "svg") }},
		{"plot.RenderHeatmap, zero", func() error { return plot.RenderHeatmap(&w, &plot.Heatmap{}, "svg") }},
		{"plot.RenderRounds, zero", func() error { return plot.RenderRounds(&w, &plot.Rounds{}, "svg") }},
		{"montecarlo.Run, no models", func() error { _, err := montecarlo.Run(fm, 10, 1, nil, 0); return err }},
		{"montecarlo.Run, zero runs", func() error { _, err := montecarlo.Run(fm, 0, 1, montecarlo.Defaults(fm), 0); return err }},
		{"montecarlo.Run, zero bdm and smp Params", func() error {
			_, err := montecarlo.Run(fm, 3, 1, []montecarlo.Forecaster{montecarlo.BDM(fm, bdm.Params{}), montecarlo.SMP(fm, smp.Params{})}, 0)
			return err
		}},
		{"montecarlo.OneAtATime, no models", func() error { _, err := montecarlo.OneAtATime(fm, nil); return err }},
		{"montecarlo statistics of nothing", func() error {
			montecarlo.Quantile(nil, 0.5)
			montecarlo.Pearson(nil, nil)
			montecarlo.Ranks(nil)
			return nil
		}},
		{"bdm.Run, zero Params", func() error { _, err := bdm.Run(fm, 0, bdm.Params{}); return err }},
		{"bdm.RunAll, zero Params", func() error { _, err := bdm.RunAll(fm, bdm.Params{}); return err }},
		{"smp.Run, zero Params", func() error { _, err := smp.Run(fm, smp.Params{}); return err }},
		{"smp.Run, an empty model", func() error { _, err := smp.Run(&forecast.Model{}, smp.DefaultParams()); return err }},
		{"smp.Params.ApplyKTAB, no settings", func() error { p := smp.DefaultParams(); return p.ApplyKTAB(nil) }},
		{"forecast baselines of nothing", func() error {
			forecast.Mean(nil, nil)
			forecast.Median(nil, nil)
			forecast.Condorcet(nil, nil)
			return nil
		}},
		{"forecast.Model zero value", func() error {
			m := &forecast.Model{}
			m.Validate()
			m.Assumptions()
			return forecast.WriteCSV(&w, m)
		}},
		{"forecast.WriteKTAB, no model", func() error { return forecast.WriteKTAB(&w, nil) }},
		{"forecast.Read, no data", func() error { _, err := forecast.Read("", nil); return err }},
		{"tournament.Summarise, no records", func() error { tournament.Summarise(nil, 0, tournament.ByUtility); return nil }},
		{"tournament.ParsePlan, no data", func() error { _, err := tournament.ParsePlan("", nil, ""); return err }},
		{"tournament.Run, a zero Plan and Options", func() error { _, err := tournament.Run(ctx, &tournament.Plan{}, st, tournament.Options{}); return err }},
		{"tournament.Merge, no sources", func() error { _, err := tournament.Merge(ctx, st); return err }},
		{"tournament.Plan zero value", func() error {
			p := &tournament.Plan{}
			p.Jobs()
			_, err := p.Hash()
			return fmt.Errorf("%v %v", p.Check(), err)
		}},
		{"utility.New, zero Preferences", func() error { _, err := utility.New(s.Issues, &entente.Preferences{}); return err }},
		{"utility.Compare, zero limit and seed", func() error { _, err := utility.Compare(s, s, 0, 0); return err }},
		{"utility.Reachable, no functions", func() error { _, _, err := utility.Reachable(nil, nil, 0); return err }},
		{"space.New, no issues", func() error { space.New(nil).Len(); return nil }},
		{"space.Discretized, zero steps", func() error { space.Discretized(s.Issues, 0).Len(); return nil }},
		{"ratify.Compile, an empty scenario", func() error { _, err := ratify.Compile(&entente.Scenario{}); return err }},
		{"load.Sources, no sources", func() error { _, err := load.Sources(nil); return err }},
		{"load.Paths, no paths", func() error { _, err := load.Paths(); return err }},
		{"load.Example, no name", func() error { _, err := load.Example(""); return err }},
		{"native.Decode, no open function", func() error {
			_, _, err := native.Decode(entente.Source{Name: "x.yaml", Data: []byte("name: x\nissues: [{name: a, options: [x, y]}]\nparties:\n  - {name: p, file: p.yaml}\n  - {name: q, file: q.yaml}\n")}, nil)
			return err
		}},
		{"native.Encode, an empty scenario", func() error { _, err := native.Encode(&entente.Scenario{}, native.YAML); return err }},
		{"entente.Scenario zero value", func() error { (&entente.Scenario{}).Validate(); return nil }},
		{"entente.Scenario.Values, a short outcome", func() error { s.Values(nil); return nil }},
	}
	for _, c := range calls {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", c.name, r)
				}
			}()
			c.call()
		}()
	}
}
