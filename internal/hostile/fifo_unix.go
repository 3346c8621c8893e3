//go:build unix

package hostile

import "syscall"

// makeFIFO creates a named pipe at path.
func makeFIFO(path string) (string, error) {
	return path, syscall.Mkfifo(path, 0o644)
}
