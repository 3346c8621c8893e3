package main

import (
	"syscall"
	"testing"
	"unsafe"
)

// limitAddressSpace sets the address-space limit (RLIMIT_AS) of process
// pid to n bytes.
func limitAddressSpace(t *testing.T, pid int, n uint64) {
	t.Helper()
	lim := syscall.Rlimit{Cur: n, Max: n}
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_AS, uintptr(unsafe.Pointer(&lim)), 0, 0, 0); errno != 0 {
		t.Fatalf("prlimit: %v", errno)
	}
}
