package analysis

// SetParallelLevel makes levels of at least n candidates merge in
// parallel (mergeParallel) and returns the function that restores the
// threshold, so that tests on small spaces exercise the parallel merge.
func SetParallelLevel(n uint64) (restore func()) {
	old := parallelLevel
	parallelLevel = n
	return func() { parallelLevel = old }
}
