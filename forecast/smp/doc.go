// Package smp is KTAB's Spatial Model of Politics (SMP): a multi-issue,
// turn-by-turn bargaining model in which actors infer their risk attitudes
// from pairwise elections, challenge each other, propose compromises and
// move to the bargain a probabilistic Condorcet election favours.
//
// Source: KAPSARC's KTAB (lsyaseen/KTAB, HEAD 3b5b063),
// examples/smp/libsrc/smp.cpp and smpbcn.cpp, KTAB/kmodel/libsrc/kmodel.cpp;
// described in section (b) of the project's reference on spatial models
// (../shared/reference/spatial-models.md). On the six KTAB data sets there
// this package reproduces KTAB's runs to the precision KTAB prints: the same
// number of turns, every final position within 0.05 (one printed decimal)
// and every final PCE probability within 5e-5 (four printed decimals).
//
// # One turn
//
// Positions x (on [0,1] per issue) and saliences s (each actor's summing to
// at most 1) give the salience-weighted distance
// δ_i(p) = sqrt(Σ_d (s_id (y_id - p_d))² / Σ_d s_id²) from actor i's ideal
// point y_i, and the utility u(δ; R) = (1-δ)(1+δR). Each turn:
//
//  1. Risk: a risk-neutral probabilistic Condorcet election (PCE) among the
//     n actors' positions, votes weighted by capability, gives π_i; then
//     R_i = (3π_i - π_max - 2π_min)/(2(π_max - π_min)) (RiskRange Mid).
//     Actor h's estimate of i's attitude is R_hi = (2R_h + R_i)/3
//     (RiskAdjust OneThird).
//  2. Challenges: every actor i estimates, for every other actor j, the
//     probability P_ij that it would win a contest (its own and j's votes,
//     weighted by salience × capability, plus third parties voting by the
//     SemiCommit rule) and its expected gain
//     (1-s_j)·2U(i,i) + s_j·[P·2U(i,i) + (1-P)·2U(i,j)] - U(i,i) - U(i,j);
//     it challenges the j with the largest gain above MinGain.
//  3. Bargains: per issue, the point weighted by s_id²P² and
//     s_jd²(1-P)² (Interpolation S2P2), rounded to 1e-4.
//  4. Every actor's queue (its status quo, the bargain it initiated, the
//     bargains aimed at it) is rated by all actors (mean utility over all
//     positions if the bargain were implemented); a PCE over the queue
//     picks the bargain the actor adopts (Transitions Deterministic).
//  5. Ideals follow positions (identity accommodation). The run stops
//     after MaxTurns, or after MinTurns when the distance moved in the last
//     turn is below MinDeltaRatio × (distance moved in the first + 1e-4).
//
// The result holds every state, the challenges and bargains of every turn,
// and, for the final state, the PCE over unique positions (positions within
// PosTol of an option's first actor share it): ExpectedOutcome = Σ π_u x_u,
// MostProbable, and the capability × salience WeightedMean of the final
// positions. Every alternative sub-model KTAB offers is a Params field; the
// zero value of each is KTAB's default.
//
// # Choices where KTAB or its description leave room
//
//   - Scales: positions are mapped to [0,1] with the Min and Max (an
//     issue with Min = Max = 0 is taken as 0..100, KTAB's scale), or with
//     Params.Scale for every issue when it is set. KTAB always uses
//     [0,100]: the result depends on the scale, so data written for KTAB
//     must be run on [0,100] (set Params.Scale = [2]float64{0, 100} when
//     the issues' Min and Max are, say, the range of the positions).
//     Saliences are divided by Params.SalienceScale: automatic by default
//     (100, KTAB's input scale, when some actor's saliences sum to more than
//     1, else 1).
//   - Capabilities are rescaled so that the largest is 100 before the run.
//     KTAB uses them as given; the only difference is the weight of the tiny
//     constants KTAB adds to coalition strengths (1e-8, 1e-10), and with the
//     rescaling multiplying every capability by a constant changes nothing.
//   - An actor has one capability; a model whose capabilities differ between
//     issues for one actor is refused (entente.EUnsupported).
//   - KTAB fails with 0/0 when all positions are equally likely in the risk
//     election (e.g. all actors at one point). Run stops there instead
//     (Stop = Degenerate) and reports that state with risk-neutral actors.
//   - Actor.Risk, when set, replaces the inferred risk attitude of that
//     actor in every turn.
//   - Ties: a challenger takes the lowest-indexed best target; an actor takes
//     the first most probable bargain of its queue, ordered status quo first,
//     then by initiator index (KTAB's sequential order).
//   - State.Prob shows, like KTAB's posProb, the probability of the last
//     option whose representative is within PosTol of the actor, which can
//     differ from the option the actor was grouped into.
//   - InitRcvrInterp and PWCompInterp build the target's bargain from the
//     target's estimate of P(i beats j), as the description says (a KTAB
//     version read here passes the expected gain instead).
//   - The reported PCE and the bargain ratings use the model's voting rule
//     and the actors' ideal points; KTAB's code hard-codes Proportional
//     there and rates bargains from current positions. Both coincide with
//     KTAB under the default parameters.
//   - Stochastic transitions draw from math/rand/v2's PCG seeded with
//     Params.Seed, in actor order, so they do not replay KTAB's draws.
//   - KTAB requires 3 to 250 actors; this package accepts any number.
//   - Like KTAB, a run can cycle (an actor alternating between two bargains
//     turn after turn) until MaxTurns; Result.Stop then says MaxTurns, and
//     the states show the cycle.
//
// Cost per turn is O(n³) for the challenges, plus the elections; the work is
// shared among Params.Workers goroutines and the result does not depend on
// their number.
package smp
