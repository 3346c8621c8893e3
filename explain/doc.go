// Package explain says why a negotiation has no deal, and what would open
// one: it takes a scenario, analyses it (package analysis) and streams its
// outcome space once more to find
//
//   - the packages closest to acceptable (the largest worst shortfall of a
//     party below its reservation value, or of a constituency below its
//     threshold), which constraint binds there and which issue's change
//     helps the worst-off most;
//   - the smallest single concessions that open the zone, exactly: a
//     party's walk-away drop, a bloc's members' walk-away drop, a
//     constituency's threshold drop (equivalently, the approval gain
//     needed), and raising the value one party puts on one option;
//   - when a zone exists, how much each constraint shrinks it: the
//     packages each party's reservation, each bloc's rule, each
//     constituency and each agreement rule removes on its own.
//
// Every answer comes as structured data and as plain-language sentences.
//
// A single concession opens the zone exactly when some package fails only
// the constraint conceded; the smallest concession on constraint k is the
// shortfall of k at the best package that meets every other constraint.
// Packages that fail two or more constraints need two or more concessions:
// when every package does, Explanation.NoSingle says so.
package explain
