package server

import (
	"context"
	"errors"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/live"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/utility"
	"github.com/entente/entente/wire"
)

// MaxMetricsOutcomes bounds the space a negotiation's Pareto and Nash
// metrics are computed on; larger scenarios' documents have none (as
// negotiate --max-outcomes).
const MaxMetricsOutcomes = 1 << 22

// negotiationDoc returns an ended negotiation's document, as "entente
// negotiate --json" writes it (package wire), with every party's numbers:
// for the admin only. A seat's strategy is its built-in strategy, or
// "agent" or "person" (as negotiate --moves labels them).
func (s *Server) negotiationDoc(ctx context.Context, v *live.View) (*wire.NegotiationDoc, error) {
	if v.Result == nil {
		return nil, errors.New("the negotiation has not ended")
	}
	s.mu.Lock()
	doc := s.docs[v.ID]
	s.mu.Unlock()
	if doc != nil {
		return doc, nil
	}
	sc := v.Scenario
	set := wire.NegotiationSettings{Seed: v.Spec.Seed, Deadline: v.Spec.Deadline(), Disclosure: protocol.DiscloseOwn}
	if v.Spec.Protocol == "mediated" {
		set.Mediator, set.Voting = v.Spec.Mediator, v.Spec.Voting
	}
	fns := make([]*utility.Func, len(sc.Parties))
	for p, st := range v.Spec.Seats {
		label := st.Strategy
		if st.Kind != live.Builtin {
			label = string(st.Kind)
		}
		set.Strategies = append(set.Strategies, label)
		if fns[p] = s.svc.UtilityOf(v.Spec.Scenario, sc, p); fns[p] == nil {
			return nil, entente.Errorf(entente.EInternal, "", 0, 0, "", "no utility function for party %d", p)
		}
		set.Reservations = append(set.Reservations, fns[p].Reservation())
	}
	var metrics *protocol.Metrics
	an, err := analysis.Analyze(ctx, sc, analysis.Options{Resolution: v.Spec.Resolution, MaxOutcomes: MaxMetricsOutcomes})
	if err == nil {
		m := protocol.Measure(v.Result, an, fns)
		metrics = &m
	} else if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	doc = wire.Negotiation(sc, set, v.Result, metrics)
	s.mu.Lock()
	if len(s.docs) >= 256 {
		clear(s.docs)
	}
	s.docs[v.ID] = doc
	s.mu.Unlock()
	return doc, nil
}
