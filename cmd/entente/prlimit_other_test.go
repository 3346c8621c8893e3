//go:build !linux

package main

import "testing"

// limitAddressSpace is a no-op where prlimit does not exist; the test that
// needs it skips there.
func limitAddressSpace(*testing.T, int, uint64) {}
