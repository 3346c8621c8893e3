// Package forecast holds spatial bargaining models: the input (actors'
// positions, salience and capability on each issue) and the forecasting
// models of the expected-utility family, with the simple baselines they are
// judged against. This package holds the vocabulary the models share
// (Model, Issue, Actor, Stance), the readers of the CSV and YAML input
// forms (Read, ReadCSV, ReadYAML) with Validate, and the baselines (Mean,
// Median, Condorcet); each dynamic model lives in its own subpackage
// (bdm, smp). Inputs may carry ranges (Model.Uncertain), which the
// montecarlo subpackage propagates to the forecasts. The formulas and
// sources are in docs/forecast.md.
package forecast
