package analysis

// SetParallelLevel makes levels of at least n candidates merge in
// parallel (mergeParallel) and returns the function that restores the
// threshold, so that tests on small spaces exercise the parallel merge.
func SetParallelLevel(n uint64) (restore func()) {
	old := parallelLevel
	parallelLevel = n
	return func() { parallelLevel = old }
}

// SetZoneListMax sets how many zone packages pass 1 keeps for pass 2 and
// returns the function that restores it, so that small tests exercise the
// full second pass of profiles that are not additive.
func SetZoneListMax(n int64) (restore func()) {
	old := zoneListMax
	zoneListMax = n
	return func() { zoneListMax = old }
}
