// Package utility compiles a party's preferences into a fast, immutable
// utility function, and answers questions about it: its value at an
// outcome, its best and worst outcomes, and whether it stays in [0,1].
//
// Evaluation uses per-issue tables for finite issues (the weight is already
// folded in), so the additive part costs one indexed load per issue and no
// allocation.
package utility
