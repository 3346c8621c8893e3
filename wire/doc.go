// Package wire holds the JSON documents entente's results are published
// as: the contract between entente and every program that reads its
// output. The command line (analyze --json, negotiate --json, forecast
// --json, tournament report --json and export --json) and the server
// write their results with this package, so the same result gives the
// same bytes wherever it is encoded.
//
// A constructor turns a library result into its document:
//
//	Analysis(s, r, opt)        *AnalysisDoc     analyze --json (and --csv), docs/analyze.md
//	Robustness(s, r)           *RobustnessDoc   analyze --samples --json, docs/analyze.md
//	Negotiation(s, set, r, m)  *NegotiationDoc  negotiate --json, docs/negotiate.md
//	Forecast(input, m, f)      *ForecastDoc     forecast --json, docs/forecast.md
//	League(meta, l)            *LeagueDoc       tournament report --json, docs/tournament.md
//	WriteRecords(w, rs)                         tournament export --json (JSON Lines of tournament.Record)
//	Controls(s, cs)            *ControlsDoc     the what-if workspace's numbers, show --numbers --json, docs/whatif.md
//	Variant(s, v)              *VariantDoc      a what-if variant (and VariantDoc.Variant, to read one), docs/whatif.md
//	WhatIf(r)                  *WhatIfDoc       a what-if variant's evaluation, docs/whatif.md
//	Comparison(c)              *ComparisonDoc   what-if variants side by side, docs/whatif.md
//
// Documents are plain structs: Encode writes one as the command line does
// (indented by two spaces, a newline at the end). An analysis is written
// with AnalysisDoc.WriteJSON instead, which streams its Pareto frontier
// and agreement zone from the result, so that a frontier of ten million
// packages is written in bounded memory, with the bytes encoding/json
// would write for the same points.
//
// # Versions
//
// Every top-level document has a "version" field, set from the constant
// of its kind (AnalysisVersion, RobustnessVersion, NegotiationVersion,
// ForecastVersion, LeagueVersion, ControlsVersion, VariantVersion,
// WhatIfVersion, ComparisonVersion); each kind has its own number because
// each evolves on its own. Within a version, fields are only ever added:
// none is removed, renamed or changed in meaning or type, and no value
// changes its form (a number stays a number, null stays possible where it
// was). A program that reads a document ignores fields it does not know.
// Any other change bumps the kind's version. Numbers that are not finite
// (NaN, infinities) are written as null where the documentation says so.
// Tournament records (tournament.Record) are stored as written and carry
// no version of their own: the plan's hash covers the results' version.
package wire
