// Package montecarlo propagates the uncertainty of a forecasting model's
// inputs (the ranges in forecast.Model.Uncertain) to its forecasts, and
// measures which inputs move the forecasts most.
//
// Run draws every uncertain input uniformly in its range, independently,
// runs each forecaster on every draw and reports per model and issue the
// median and the 90% interval (5th to 95th percentile) of the forecasts.
// Every draw is reproducible from the seed alone: run r draws from a PCG
// generator seeded with (seed, r), so the result does not depend on the
// number of workers. Spearman ranks the sampled inputs by their rank
// correlation with each forecast; OneAtATime moves each actor's salience
// and capability to the ends of their ranges, one at a time.
package montecarlo
