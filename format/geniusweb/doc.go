// Package geniusweb reads and writes GeniusWeb JSON scenarios: a domain file
// (an object with "name" and "issuesValues") and one profile file per party
// (an object with a single key naming the profile type, of which entente
// reads LinearAdditiveUtilitySpace). Each profile embeds a full copy of the
// domain, so the domain file may be left out.
//
// Semantics follow GeniusWeb (formats.md, Part B): the utility of a bid is
// the sum over issues of weight times value utility, with weights that sum
// to 1, value utilities in [0,1], no renormalisation per issue and no cap.
// Profiles become entente.Preferences with Normalization AsWritten and one
// entente.Table per issue in the domain's value order; a reservation bid
// becomes Preferences.ReservationOutcome, and a profile without one has
// reservation value 0.
//
// Issue order is the order in which the keys of "issuesValues" appear in
// the domain file (JSON objects are unordered, but an outcome needs a fixed
// order; NegMAS makes the same choice). Values are strings and are matched
// exactly, without trimming.
//
// Problems are reported as *entente.Error values carrying the file name, the
// 1-based line and column (columns count characters, not bytes) and the JSON
// path of the offending field, such as
// "LinearAdditiveUtilitySpace.issueWeights.food".
package geniusweb
