package main

import (
	"errors"
	"io/fs"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/atomicfile"
)

// writeFile writes an output file atomically (see internal/atomicfile): a
// crash or a kill never leaves half a file, the file keeps the
// permissions of the one it replaces (or the umask's), and a device, pipe
// or folder in its place is refused, not replaced.
func writeFile(path string, data []byte) error {
	return outputError(path, atomicfile.WriteFile(path, data))
}

// writeOutput writes data to path, or to standard output when path is "-".
func writeOutput(out *output, path string, data []byte) error {
	if path == "-" {
		_, err := out.stdout.Write(data)
		return err
	}
	return writeFile(path, data)
}

// outputError turns a failure to write an output into a message naming
// the file.
func outputError(path string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case errors.Is(err, atomicfile.ErrNotRegular):
		msg += "; name a regular file, or - for standard output"
	case errors.Is(err, atomicfile.ErrNotEmpty):
		msg += "; name a new or empty folder, or add --replace to replace this one"
	}
	return &entente.Error{Code: entente.EInvalid, File: path, Message: "cannot write: " + msg, Err: err}
}
