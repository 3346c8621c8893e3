// Package progress draws a progress bar on a terminal for work that takes
// more than a second, and stays silent otherwise (when the output is not a
// terminal, or the work is quick).
package progress
