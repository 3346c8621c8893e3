// Package tournament runs many negotiations as one experiment and ranks the
// negotiators that played them.
//
// A Plan (ReadPlan, ParsePlan: the YAML form in docs/tournament.md) names
// competitors (negotiator specs), scenarios, protocol settings and a number
// of repetitions; Jobs numbers every negotiation of their product, each with
// its own seed, so that any negotiation can be replayed alone. Run plays the
// jobs on all cores and stores each Record as it completes in a Store
// (SQLite or PostgreSQL, packages store/sqlite and store/postgres), skipping
// those already stored: an interrupted run resumes where it stopped and
// gives the same results as an uninterrupted one. A Shard runs every N-th
// job, so that several machines share a plan; Merge combines their stores.
// Summarise turns the records into a League: each negotiator's standing
// with 95% confidence intervals, and its mean utility in each scenario.
package tournament
