// Package whatif is the engine of the analyst's what-if workspace: it
// lists the numbers of a scenario an analyst can move, applies a set of
// moved numbers (a variant) the way robustness analyses move them, and
// re-analyses the variant fast enough to answer as a slider moves. It
// knows nothing of HTTP: the server and the command line use it alike.
//
// # Numbers and keys
//
// Workspace.Controls lists every annotated number of a scenario (its
// entente.Param values, the numbers written {value, range, source, ...})
// with its value, range, distribution, confidence, source and note, a
// label in words, whether it is structural, and how to present it (a
// slider with bounds and a step, or an integer field). Key names a number
// by its path in the native format ("guarantors[0].credibility",
// "parties[2].weights.Donbas"), a stable textual key for URLs and files;
// Workspace.Ref reads it back. Any number of Numbers may be set, annotated
// or not.
//
// # Variants
//
// A Variant is a named set of overrides, number -> value. It applies to a
// copy of the scenario by the rules of robustness draws (package robust):
// a profile whose weight is set is rescaled to the sum its weights are
// written with, interaction terms or not, unless its weights are free
// (entente.Preferences.FreeWeights); a constituency whose voter share is
// set is renormalised; so a value set is the number before rescaling, as
// ranges describe it. A whole number (the guarantors a guarantee needs)
// takes whole values only. A value outside the number's limits (a
// probability above 1) is refused; outside its stated range it is refused
// too, unless the variant allows it (Variant.AllowOutside), and the result
// then says it lies outside the stated assumptions. The variant's scenario
// must validate as a file's would; where its utilities leave [0, 1], which
// the loader refuses in a file, the result says so (Result.Warnings).
//
// # Evaluation
//
// Workspace.Evaluate reports the sizes of the agreement zone and of the
// ratifiable zone, the Nash package over each (as package analysis
// defines them), every party's and bloc's verdict on each and every
// constituency's approval share, threshold and margin (package ratify),
// and, for every red line, how many packages it alone keeps out of each
// zone (explain's effect of a red line). The zones are walked exactly by
// package internal/zonewalk, which robust uses for its draws: a workspace
// keeps engines, each with a copy of the scenario and its compiled tables,
// and moves an engine from the last variant it evaluated to the next by
// recompiling only what the changed numbers touch (one profile, the
// profiles whose values follow the guarantees, or the rules of blocs and
// constituencies). The walk skips every subtree where a party every
// package needs cannot reach its walk-away value, and the walks without
// each red line run on a second core.
//
// Workspace.Compare sets results side by side (a diff of assumptions and
// of results) and Workspace.Export writes a variant as a native scenario
// file. The JSON documents of results, comparisons, controls and variants
// are package wire's (wire.WhatIfDoc, wire.ComparisonDoc,
// wire.ControlsDoc, wire.VariantDoc), documented in docs/whatif.md.
//
// A Workspace is safe for concurrent use: evaluations take an idle engine
// (up to Options.Engines of them) or wait for one.
package whatif
