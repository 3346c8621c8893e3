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
// voters, not uncertainty, and stays as the scenario has it. After
// setting the drawn values, a profile with a drawn weight is renormalised
// (Preferences.NormalizeWeights) when its weights must sum to 1: it uses
// as-written normalization, has no interaction term and no MaxUtility, and
// its nominal weights sum to 1 (within 1e-9). A constituency with a drawn
// voter share is renormalised (Constituency.NormalizeShares). So the ranges
// describe the numbers before renormalisation.
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
// constituencies) and walks the space in enumeration order. Additive
// profiles are evaluated from per-issue tables with partial sums, so the
// next package usually costs one addition and one comparison per party;
// nothing is allocated per package. Draws run in parallel on
// Options.Workers goroutines. A draw costs a few nanoseconds per package
// on one core for additive profiles under plain rules; blocs,
// constituencies, interaction terms and rules on the last issue take the
// general path, which evaluates each party's function and the rules
// package by package.
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
