// Package zonewalk counts a scenario's agreement zone and ratifiable zone
// exactly, fast enough to do it again for every version of the scenario's
// numbers, and sets those numbers the way such analyses do. The
// robustness analysis (package robust) walks one version per draw and per
// step of its tipping-point searches; the what-if workspace (package
// whatif) one per variant an analyst asks about.
//
// A Walker compiles a scenario's structure once (New) and its numbers per
// version (Load), or only what one changed number touches (LoadOne: one
// profile, the profiles whose values follow the guarantees, or the rules
// of blocs and constituencies); Scan and Each then walk the outcome space
// depth first with per-issue tables and partial sums, skipping the
// subtrees where a party every package needs cannot reach its walk-away
// value or lies across a red line. A Mutator sets numbers into a copy of
// the scenario and renormalises weights and voter shares as the numbers'
// ranges mean (see Mutator).
//
// The zones are those of package analysis: a package is in the agreement
// zone when every party it needs (entente.Scenario.Required) accepts it, a
// bloc by its members' rule (ratify.Set), no needed party across one of
// its red lines; it is in the ratifiable zone when, moreover, every
// constituency whose region it lies in ratifies it.
package zonewalk
