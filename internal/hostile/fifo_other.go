//go:build !unix

package hostile

import "errors"

// makeFIFO reports that this system has no named pipes.
func makeFIFO(string) (string, error) { return "", errors.ErrUnsupported }
