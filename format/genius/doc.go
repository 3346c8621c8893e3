// Package genius reads and writes scenarios in the XML format of the GENIUS
// negotiation platform (version 10.4), the format of the ANAC competitions
// 2010-2016: one domain file (root element negotiation_template) and one
// profile file (root element utility_space) per party.
//
// Decode follows GENIUS's own semantics, including its quirks (see
// formats.md Part A in the project's shared reference notes):
//
//   - issues and weights of a profile are bound to the domain's issues by
//     their index attribute, not by name;
//   - discrete evaluations are divided by the largest one listed (the
//     preferences keep entente.Genius normalization, which does that);
//   - integer evaluators are clamp01(offset + slope*(x - lowerbound)), real
//     ones clamp01(parameter0 + parameter1*x), triangular or constant;
//   - the total is capped at 1 and has no lower cap;
//   - non-linear profiles (type="nonlinear") become interaction terms, one
//     per hyper-rectangle, divided by the profile's maxutility.
//
// Profiles GENIUS itself cannot evaluate (a missing weight or evaluation, a
// real issue without a usable evaluator, a faratin function) are rejected
// with an error that says why. Oddities GENIUS tolerates (a profile issue
// whose name disagrees with the domain, a value listed twice, a weight for
// the objective itself) are reported as warnings.
//
// Encode writes any scenario whose utilities GENIUS can reproduce exactly,
// and refuses the rest with an entente.EUnsupported error naming the party,
// the issue and the reason.
package genius
