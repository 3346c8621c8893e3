// Package entente holds the vocabulary of negotiation analysis: issues and
// their values, outcomes (complete packages), parties and their preferences,
// and scenarios that bind them together.
//
// Scenarios can model the politics around a deal: guarantors whose
// credibility decides what a guaranteed option is worth (Guarantor,
// Guarantee, Guaranteed), constituencies that must ratify it (Constituency),
// parties that are blocs deciding by a rule (Bloc), and the provenance and
// uncertainty of any number (Param, with Scenario.Get, Scenario.Set and
// Scenario.Clone for analyses that vary them).
//
// The root package imports nothing of the project. Subpackages build on it:
// utility compiles preferences into fast evaluators, ratify evaluates
// constituencies and blocs, space enumerates and samples outcome spaces, and the format packages read and write the native
// YAML/JSON format, GENIUS XML and GeniusWeb JSON. The command-line front
// lives in cmd/entente.
//
// Data flows one way: file -> format -> Scenario -> utility/space ->
// analysis -> report.
package entente
