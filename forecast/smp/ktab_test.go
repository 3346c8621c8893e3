package smp

import (
	"strings"
	"testing"

	"github.com/entente/entente/forecast"
)

func TestApplyKTAB(t *testing.T) {
	p := DefaultParams()
	if err := p.ApplyKTAB(nil); err != nil || p.SalienceScale != 0 {
		t.Fatalf("nil settings: %v, %+v", err, p)
	}
	k := &forecast.KTABSettings{Seed: 7, HasSeed: true, Accommodation: [][]float64{{1, 0}, {0.5, 0.5}}, Parameters: map[string]string{
		"VictoryProbModel": "Octic", "PCEModel": "MarkovUniform", "StateTransitions": "Stochastic", "VotingRule": "PropCbc",
		"BigRAdjust": "No", "BigRRange": "Max", "ThirdPartyCommit": "NoCommit", "InterVecBrgn": "S1P1", "BargnModel": "PWCompInterp",
	}}
	if err := p.ApplyKTAB(k); err != nil {
		t.Fatal(err)
	}
	want := DefaultParams()
	want.VictoryModel, want.PCE, want.Transitions, want.VotingRule = Octic, MarkovUniform, Stochastic, PropCbc
	want.RiskAdjust, want.RiskRange, want.ThirdPartyCommit, want.Interpolation, want.BargainModel = NoAdjust, Max, NoCommit, S1P1, PWCompInterp
	want.Seed, want.SalienceScale = 7, 100
	if p.VictoryModel != want.VictoryModel || p.PCE != want.PCE || p.Transitions != want.Transitions || p.VotingRule != want.VotingRule ||
		p.RiskAdjust != want.RiskAdjust || p.RiskRange != want.RiskRange || p.ThirdPartyCommit != want.ThirdPartyCommit ||
		p.Interpolation != want.Interpolation || p.BargainModel != want.BargainModel || p.Seed != 7 || p.SalienceScale != 100 || p.Accommodation[1][0] != 0.5 {
		t.Errorf("got %+v", p)
	}
	// A salience scale set by the caller stays; unknown names are errors.
	p = DefaultParams()
	p.SalienceScale = 1
	err := p.ApplyKTAB(&forecast.KTABSettings{Parameters: map[string]string{"VotingRule": "Plurality", "Speed": "fast"}})
	if p.SalienceScale != 1 {
		t.Errorf("salience scale %v", p.SalienceScale)
	}
	if err == nil || !strings.Contains(err.Error(), `ModelParameters.VotingRule: "Plurality"; expected one of Proportional, Binary`) ||
		!strings.Contains(err.Error(), "ModelParameters.Speed: unknown KTAB model parameter") {
		t.Errorf("got %v", err)
	}
}
