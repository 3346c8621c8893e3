// Package models is the registry of forecasting models: which models
// exist (All, Lookup), what each is, its parameters (Options) and how to
// run it on an input (Model.Run), with Monte Carlo runs and sensitivity
// over the input's ranges (Forecast.Uncertainty) and an estimate of its
// work (Model.Work). The command line's forecast command and the server
// run the same models through it; package wire writes the results.
//
// The models are the baselines of package forecast (compromise, median,
// condorcet) and the round-based models of its subpackages (bdm, smp).
// A round-based model's result keeps every round: each actor's position,
// the weighted median and mean, and who moved toward whom. A new model is
// one more entry of the registry.
package models
