// Package analysis answers the first questions about a negotiation, exactly:
// which packages every party can accept (the agreement zone), which are
// efficient (the Pareto frontier), and where a fair deal would lie (the
// Nash, Kalai–Smorodinsky, egalitarian and utilitarian solutions).
//
// When every party is analysed, the scenario's politics apply: a package
// needs only the parties its rules name (Scenario.Required), a bloc accepts
// by its members' rule, and the ratifiable zone (the zone packages every
// constituency lets pass) gets its own count, win-sets and solutions
// (Result.Ratification).
//
// Analyze streams the outcome space in enumeration order on all cores: it
// never materialises the space, evaluates additive profiles with per-issue
// tables and partial sums (no allocation per outcome), and keeps memory
// proportional to the frontier. For additive profiles the frontier is not
// found by enumeration at all but merged issue by issue from the options
// that can still reach it (dp.go), so its cost grows with the frontier
// and its ties, not with the space. Real issues are discretised on a grid.
package analysis
