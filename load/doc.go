// Package load resolves the ways a user can name a scenario on the command
// line into an entente.Scenario:
//
//   - a native scenario file (YAML or JSON);
//   - a folder holding one GENIUS or GeniusWeb scenario (its domain and
//     profile files recognised by their content, not their names) or one
//     native scenario file;
//   - an explicit list of files, the domain first and then one profile per
//     party (GENIUS XML or GeniusWeb JSON).
//
// Party names default to the profile file names without extension.
package load
