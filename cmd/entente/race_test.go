//go:build race

package main

// stopWithin bounds how long an interrupted command may take to stop. The
// race detector slows the work between two looks at the context (drawing
// a chart of thousands of points, one robustness draw) about tenfold.
const stopWithin = 5e9

// startDelay is how long the interruption tests let a command start (load
// its input, install its signal handler) before they signal it, where
// they cannot read its processor time (see waitBusy).
const startDelay = 8e9
