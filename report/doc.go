// Package report writes a scenario's full analysis as one document: a
// plain-language summary, the assumptions with their sources, and a section
// per question that applies to the scenario (agreement and ratifiable
// zones, guarantee designs, robustness, what blocks a deal, the spatial
// forecast, simulated negotiations), each with its numbers and a chart, and
// what the model cannot tell.
//
// Build computes the Document; HTML renders it as one self-contained file
// (charts inline as SVG data, no scripts, no external requests, printable)
// and Markdown as a Markdown file with the same charts embedded.
// Document.Numbers holds the key numbers by name, so that tests and other
// programs can check them.
package report
