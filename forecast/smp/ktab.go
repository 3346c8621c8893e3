package smp

import (
	"maps"
	"slices"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
)

// ktabParams maps the names of KTAB's XML ModelParameters elements to the
// fields of Params and their names (KTAB's own, as in smpSchema.xsd, which
// also spells RiskAdjust's None as "No").
var ktabParams = []struct {
	name  string
	names []string
	set   func(p *Params, v int)
}{
	{"VictoryProbModel", victoryModelNames, func(p *Params, v int) { p.VictoryModel = VictoryModel(v) }},
	{"PCEModel", pceModelNames, func(p *Params, v int) { p.PCE = PCEModel(v) }},
	{"StateTransitions", transitionsNames, func(p *Params, v int) { p.Transitions = Transitions(v) }},
	{"VotingRule", votingRuleNames, func(p *Params, v int) { p.VotingRule = VotingRule(v) }},
	{"BigRAdjust", riskAdjustNames, func(p *Params, v int) { p.RiskAdjust = RiskAdjust(v) }},
	{"BigRRange", riskRangeNames, func(p *Params, v int) { p.RiskRange = RiskRange(v) }},
	{"ThirdPartyCommit", thirdPartyNames, func(p *Params, v int) { p.ThirdPartyCommit = ThirdPartyCommit(v) }},
	{"InterVecBrgn", interpolationNames, func(p *Params, v int) { p.Interpolation = Interpolation(v) }},
	{"BargnModel", bargainModelNames, func(p *Params, v int) { p.BargainModel = BargainModel(v) }},
}

// ApplyKTAB sets p from what a KTAB scenario file gave (forecast.Model.KTAB,
// nil for other files): its model parameters by KTAB's names, its seed and
// its ideal-adjustment matrix, and SalienceScale to KTAB's 100 when p
// leaves it automatic. Parameters the file does not give keep p's values.
// An unknown parameter or value is an error naming it and what KTAB
// accepts.
func (p *Params) ApplyKTAB(k *forecast.KTABSettings) error {
	if k == nil {
		return nil
	}
	if p.SalienceScale == 0 {
		p.SalienceScale = 100
	}
	if k.HasSeed {
		p.Seed = k.Seed
	}
	if k.Accommodation != nil {
		p.Accommodation = k.Accommodation
	}
	var errs entente.ErrorList
	var known []string
	for _, kp := range ktabParams {
		known = append(known, kp.name)
		val, ok := k.Parameters[kp.name]
		if !ok {
			continue
		}
		if kp.name == "BigRAdjust" && val == "No" {
			val = NoAdjust.String()
		}
		v := slices.Index(kp.names, val)
		if v < 0 {
			errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, "ModelParameters."+kp.name, "%q; expected one of %s", val, strings.Join(kp.names, ", ")))
			continue
		}
		kp.set(p, v)
	}
	for _, name := range slices.Sorted(maps.Keys(k.Parameters)) {
		if !slices.Contains(known, name) {
			errs.Add(entente.Errorf(entente.EInvalid, "", 0, 0, "ModelParameters."+name, "unknown KTAB model parameter; expected one of %s", strings.Join(known, ", ")))
		}
	}
	return errs.Err()
}
