// Package entente holds the vocabulary of negotiation analysis: issues and
// their values, outcomes (complete packages), parties and their preferences,
// and scenarios that bind them together.
//
// The root package imports nothing of the project. Subpackages build on it:
// utility compiles preferences into fast evaluators, space enumerates and
// samples outcome spaces, and the format packages read and write the native
// YAML/JSON format, GENIUS XML and GeniusWeb JSON. The command-line front
// lives in cmd/entente.
//
// Data flows one way: file -> format -> Scenario -> utility/space ->
// analysis -> report.
package entente
