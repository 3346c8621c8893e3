// Package progress reports the progress of work that takes more than a
// second on standard error: on a terminal as a bar redrawn in place, and
// otherwise (a log file, CI, a batch job) as plain lines, one per tenth of
// the work, with no bar. Quick work stays silent. Stages reports named
// stages, one line each.
package progress
