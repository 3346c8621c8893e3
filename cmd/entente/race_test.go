//go:build race

package main

// stopWithin bounds how long an interrupted command may take to stop. The
// race detector slows the work between two looks at the context (drawing
// a chart of thousands of points, one robustness draw) about tenfold.
const stopWithin = 5e9
