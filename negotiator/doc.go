// Package negotiator implements negotiation strategies and mediators behind
// the interfaces of package protocol (Negotiator, Voter, Mediator).
//
// # Specs
//
// New and NewMediator build one from a spec, NAME or NAME:key=value,...:
//
//	boulware
//	timedep:e=0.5,min=0.6
//	random:floor=0.3
//	frequency:count_first_bid=true,agg=sum
//	hillclimb:k=2,patience=50
//
// Strategies and Mediators list the names, parameters and defaults.
//
// # Strategies
//
// Every strategy works in its own undiscounted utility U (protocols.md
// §6.8: at one time, discounting changes no comparison), sees only its
// protocol.View and the public events, and walks away only when no package
// is worth its reservation value (or, aware, none passes its politics).
//
// With aware=own or aware=all (Awareness) a strategy keeps to the packages
// its protocol.Politics allows: its own bloc's members accept them and its
// own constituencies (all: every constituency it is told about) ratify
// them. It offers, accepts and votes only for those, and its target ranges
// over their utilities. Strategies and mediators are built from specs
// (New, NewMediator) or from typed configurations (TimeDependent,
// RandomOffers, TitForTat, Frequency, HillClimb, RandomMediator).
//
//   - Time-dependent (Faratin, Sierra & Jennings 1998): the target is
//     Pmin + (Pmax − Pmin)·(1 − f(t)), f(t) = k + (1 − k)·t^(1/e), with
//     Pmax = max U and Pmin = max(min U, rv) unless max or min set them.
//     timedep takes e (default 1); boulware is e = 0.2, linear e = 1,
//     conceder e = 2, hardliner e = 0 (always its best bid). The bid offered
//     is the one nearest the target (Bids.Nearest, protocols.md §6.7) among
//     those worth at least Pmin: offers never go below the floor.
//   - random offers uniformly random bids worth at least floor (default
//     rv; the best bid when none is), drawn from View.Rand.
//   - titfortat is relative tit-for-tat in own utility (protocols.md §4):
//     target = U(o_{n−γ}) / U(o_n) · U(m), o the others' offers (all others
//     in one history, as GENIUS's BOA agents keep it), m its own previous
//     offer, clamped to [Pmin, Pmax]. It offers its best bid until the
//     others have made more than γ offers.
//   - frequency keeps one HardHeaded FrequencyModel per other party and a
//     time-dependent target (e = 0.2). It rates the bids with U in
//     [target, target+0.01], the upper end widened by 0.01 until the window
//     holds 100 bids or reaches 1.01 (GENIUS's BestBid; at most 1000 of
//     them, evenly spaced, are rated), and offers the one whose estimated
//     utility is highest, aggregated over the others by minimum (agg=min,
//     the default: an agreement needs the least satisfied party) or sum;
//     ties go to the higher own utility. An empty window falls back to
//     the nearest bid. Over a space too large to sort, it rates 8 bids that
//     the approximate search finds in the window instead.
//
// Acceptance is AC_next(1,0) on undiscounted U (Baarslag et al. 2014):
// accept the table iff it is worth at least the bid the strategy would
// offer next (for random: the bid it just drew); an acceptance names the
// table.
//
// Every strategy is also a protocol.Voter: it accepts a mediator's
// proposal iff U(proposal) >= its aspiration at s.Time and >= rv (the
// target; for random its floor; for titfortat its current target, Pmax
// until others have offered) and, aware, the proposal passes its politics;
// it prefers it iff U(proposal) >= U(text).
//
// # Mediators
//
//   - hillclimb keeps the proposal with the most accepts (ties: the latest,
//     but a non-adopted proposal never displaces an adopted one of equal
//     accepts) and proposes neighbours of it: 1..k(t) random issues changed
//     (k(t) = 1 + ⌊(k−1)(1−t)⌋; an integer or real issue half the time by
//     one grid step, otherwise to a random other value). Once a voter has
//     answered Prefer=false (compare voting) and a text has been adopted, it
//     climbs from the single text instead, since only proposals everyone
//     prefers move it (under accept voting the text is
//     already the most accepted proposal, so this changes little). After
//     patience proposals without progress (more
//     accepts, or a text adopted) it proposes one uniformly random package,
//     or under compare voting the text itself: everyone prefers it to
//     itself, so it is adopted again, and signed if everyone now accepts.
//   - random proposes uniformly random packages, a baseline.
//
// A proposal is the mediator's own buffer, valid until its next Propose
// (the session copies it at once, as it does an Action's Outcome).
//
// # Bids and performance
//
// Bids sorts a party's outcomes by its own utility for spaces of up to
// ExactLimit outcomes, stored compactly (a uint32 index and a float64
// utility per bid). A Cache shares them between the negotiators and
// sessions of a tournament. Larger spaces are searched approximately by a
// Finder (random restarts and greedy per-issue moves, seeded from
// View.Rand). Act does not allocate: the returned Action.Outcome is the
// negotiator's own buffer, valid until its next call.
package negotiator

import "github.com/entente/entente/protocol"

// The strategies vote themselves.
var (
	_ protocol.Voter = (*timeDep)(nil)
	_ protocol.Voter = (*randomN)(nil)
	_ protocol.Voter = (*titForTat)(nil)
	_ protocol.Voter = (*frequency)(nil)
)
