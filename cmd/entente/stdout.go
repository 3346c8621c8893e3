package main

import (
	"fmt"
	"io"
)

// run runs the command args names, writing to stdout and stderr, and
// returns its exit code. A command that reports success after its
// standard output could not be written (a full disk, a closed file) fails
// instead, with exit code 1: an output lost is never a success.
func run(args []string, stdout, stderr io.Writer) int {
	w := &checkedWriter{w: stdout}
	code := runCommand(args, w, stderr)
	if code == 0 && w.err != nil {
		fmt.Fprintf(stderr, "error: writing standard output: %v\n", w.err)
		return 1
	}
	return code
}

// checkedWriter remembers the first failure to write, and fails every
// write after it.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	c.err = err
	return n, err
}
