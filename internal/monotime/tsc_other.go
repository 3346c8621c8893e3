//go:build !amd64

package monotime

func counter() uint64 { return 0 }

func usable() bool { return false }
