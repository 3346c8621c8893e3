// Package robust measures how robust a negotiation's agreement zone is to
// the uncertain numbers of its scenario (the Params with a range or a
// distribution).
//
// Run draws plausible scenarios and, for each draw, walks the whole outcome
// space once (real issues discretised on a grid, as package analysis does)
// to find which packages every party that a package needs accepts: the
// agreement zone. It reports the share of draws in which the zone, and the
// ratifiable zone, is non-empty, how often each package is acceptable
// (the most robust packages first), the tipping points of every uncertain
// number (where the zone vanishes or appears as that number moves across
// its range, the others at their nominal values) and a ranking of the
// numbers by how strongly they decide whether the zone exists.
//
// # Semantics
//
// A package is acceptable to a party when its utility reaches its
// reservation value, except for a bloc party, which accepts by its bloc
// rule (ratify.Set.Accepts). The agreement zone is the set of packages
// acceptable to every party the package needs (entente.Scenario.Required).
// The ratifiable zone is the part of the zone that every constituency whose
// region the package lies in ratifies (ratify.Set.All).
//
// # Draws
//
// Draw d uses a PCG generator seeded with (Options.Seed, d) and samples
// the sampled numbers in the order of Scenario.Params, one value each
// (entente.Param.Sample), so every draw is reproducible from the seed alone
// and the result does not depend on the number of workers. The sampled
// numbers are the Params with a distribution (Param.Uncertain), except the
// spread of a voter group's reservation (Ref.Population), which describes
// voters, not uncertainty, and stays as the scenario has it; the
// uncertainty of that spread is sampled through its centre and its
// standard deviation (RefCentre, RefSpread) when the file gives them
// ranges. Structural numbers (how many guarantors a guarantee needs, a
// guarantee function's scale, offset and none, the thresholds of
// constituencies and blocs, the spread of walk-away values in a voter
// group) are drawn like the others and reported apart (see Ranking).
//
// After setting the drawn values, a profile with a drawn weight is
// rescaled to the sum its weights are written with
// (Preferences.ScaleWeights), whatever its interaction terms, unless the
// profile says its weights are free (Preferences.FreeWeights): weights
// written to sum to 1 sum to 1 in every draw, so that a draw changes how a
// party trades issues off, not the scale of its utility against its
// walk-away value. A constituency with a drawn voter share is renormalised
// (Constituency.NormalizeShares). So the ranges describe the numbers
// before rescaling.
//
// Tipping points are found by a grid search and bisection on the
// non-emptiness of each zone (see Tipping); the ranking of the numbers
// combines point-biserial and rank correlations over the draws with
// one-at-a-time swings (see Sensitivity).
//
// # Evaluation
//
// Each draw sets the drawn values into a per-worker copy of the scenario,
// recompiles its utility functions (and ratify.Set when there are blocs or
// constituencies), tabulates every deciding profile by issue (parties,
// bloc members, voter groups) and walks the space depth first in
// enumeration order with partial sums, so the next package usually costs
// one addition per profile; interaction terms are added per package, and
// blocs and constituencies are only consulted for packages every other
// party accepts, stopping as soon as their verdict is certain. A subtree is
// skipped whole when a party every package needs cannot reach its
// walk-away value anywhere in it (the partial sum plus the best
// contributions left and the positive interaction terms falls short), so
// the cost of a draw follows the size of the region near the zone more
// than the size of the space. Nothing is allocated per package. Draws run
// in parallel on Options.Workers goroutines. The walk and the setting of
// drawn numbers are package internal/zonewalk's, which the what-if
// workspace (package whatif) shares.
//
// # Memory
//
// Per-package counts are kept exactly (two 32-bit counters per package,
// one when there is no constituency) when the space has at most
// Options.MaxCounted packages. In a larger space only Options.Candidates
// packages are counted, exactly: those with the largest nominal margin,
// the smallest over the parties a package needs of utility minus
// reservation value (found in one extra pass over the space). They are the
// likeliest to stay acceptable, but a more robust package outside them
// is missed (Result.Counted is false then). The zone shares, tipping points
// and sensitivities never depend on the counts.
package robust
