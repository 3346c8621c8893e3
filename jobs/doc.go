// Package jobs runs long computations (analyses, robustness runs,
// forecasts, tournaments) in the background for the server, durably and
// across replicas.
//
// A job is queued in a Store with its kind and parameters (JSON). Runners,
// one or more per server, claim queued jobs one at a time: on PostgreSQL
// with SELECT ... FOR UPDATE SKIP LOCKED, so that two servers never claim
// the same job. A runner holds a job under a lease that it renews while it
// works (with the job's progress); a job whose lease runs out, because its
// server died, is claimed again by another runner and run from the start
// (jobs are deterministic: their parameters hold every seed). A finished
// job keeps its result (JSON) or its error.
package jobs
