// Package report writes a scenario's full analysis as one document that
// leads with its findings: a plain-language summary (the deal every party
// accepts and every constituency ratifies, with each constituency's margin;
// how robust that is; what blocks a deal; the guarantees; the forecast;
// the simulations), then a section per question that applies to the
// scenario (agreement and ratifiable zones, robustness, what blocks a deal,
// guarantee designs, the spatial forecast, simulated negotiations), each
// with its numbers and a chart, what the model cannot tell, and last, as
// an appendix, the assumptions with their sources and ranges.
//
// Numbers are printed at three significant figures, shares as percentages
// with one decimal, and the values of numeric issues as the grid values
// they stand for (entente.GridValue).
//
// Build computes the Document; HTML renders it as one self-contained file
// (charts inline as SVG data, no scripts, no external requests, printable)
// and Markdown as a Markdown file with the same charts embedded.
// Document.Numbers holds the key numbers by name, so that tests and other
// programs can check them.
package report
