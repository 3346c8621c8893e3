//go:build !race

package main

// stopWithin bounds how long an interrupted command may take to stop: a
// second, as promised.
const stopWithin = 1e9

// startDelay is how long the interruption tests let a command start (load
// its input, install its signal handler) before they signal it, where
// they cannot read its processor time (see waitBusy).
const startDelay = 2e9
