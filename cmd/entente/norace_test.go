//go:build !race

package main

// stopWithin bounds how long an interrupted command may take to stop: a
// second, as promised.
const stopWithin = 1e9
