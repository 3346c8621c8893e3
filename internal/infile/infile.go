package infile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/entente/entente"
)

// Read returns the contents of the regular file at path, or an
// *entente.Error (code ENotFound or EInvalid) that names the file and says
// what is wrong: it does not exist, it is not a regular file, or it is
// larger than limit bytes (0: entente.DefaultFileSize). The message names
// the --max-file-size flag that raises the limit.
func Read(path string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = entente.DefaultFileSize
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, statError(path, err)
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, tooLarge(path, st.Size(), limit)
	}
	// O_NONBLOCK: should the path have become a named pipe since the
	// check, opening it must not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, statError(path, err)
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, statError(path, err)
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &entente.Error{Code: entente.EInvalid, File: path, Message: "cannot read: " + cleanErr(err), Err: err}
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(path, int64(len(data)), limit)
	}
	return data, nil
}

// Check reports, without reading it, a path that Read would refuse for
// what it is: missing, not a regular file, or too large.
func Check(path string, limit int64) error {
	if limit <= 0 {
		limit = entente.DefaultFileSize
	}
	st, err := os.Stat(path)
	if err != nil {
		return statError(path, err)
	}
	if err := regular(path, st); err != nil {
		return err
	}
	if st.Size() > limit {
		return tooLarge(path, st.Size(), limit)
	}
	return nil
}

// ErrNotRegular is wrapped by the errors of paths that are not regular
// files.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the errors of files above the size limit.
var ErrTooLarge = errors.New("file too large")

// regular refuses what is not a regular file, saying what it is.
func regular(path string, st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "is a folder, not a file; name a file"
	case m&fs.ModeNamedPipe != 0:
		what = "is a named pipe (FIFO), not a regular file; entente reads files only, so that a read cannot wait forever"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		what = "is a device, not a regular file; entente reads files only, so that a read always ends"
	case m&fs.ModeSocket != 0:
		what = "is a socket, not a regular file"
	}
	return &entente.Error{Code: entente.EInvalid, File: path, Message: what, Err: ErrNotRegular}
}

func tooLarge(path string, size, limit int64) error {
	return &entente.Error{Code: entente.EInvalid, File: path, Err: ErrTooLarge,
		Message: fmt.Sprintf("the file holds %s, more than the limit of %s for one file; raise it with --max-file-size if this file is what you meant", entente.FormatSize(size), entente.FormatSize(limit))}
}

func statError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &entente.Error{Code: entente.ENotFound, File: path, Message: "no such file or folder", Err: err}
	}
	return &entente.Error{Code: entente.EInvalid, File: path, Message: cleanErr(err), Err: err}
}

// cleanErr drops the path that os errors repeat.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Within reports whether path lies in one of the folders roots (after
// resolving symbolic links, so that a link cannot lead out), and returns
// the resolved path. A path that does not exist is judged by its nearest
// existing parent.
func Within(path string, roots ...string) (string, bool) {
	real := resolve(path)
	for _, r := range roots {
		if r == "" {
			continue
		}
		root := resolve(r)
		if real == root || strings.HasPrefix(real, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator)) {
			return real, true
		}
	}
	return real, false
}

// resolve returns the absolute path with symbolic links resolved, as far
// as the path exists.
func resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	rest := ""
	for p := abs; ; {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// Outside returns the error for a path named inside file that leads
// outside the folders it may read. The message does not say whether the
// path exists.
func Outside(file string, line, col int, field, path, folder string) *entente.Error {
	return entente.Errorf(entente.EInvalid, file, line, col, field,
		"%q lies outside the folder %s of the file that names it; files named inside a file are read from its folder only (allow more with --allow-path FOLDER)", path, folder)
}

// EstimateNodes bounds from above, without parsing, the number of nodes a
// YAML (or JSON) parser builds from data: every value needs a line of its
// own or a separator before it (a comma, a colon, a dash, an opening
// bracket or brace). It overcounts (colons and dashes inside text), never
// by more than the file has such characters, so that a reader can refuse a
// file of ten million one-character list items before the parser spends
// gigabytes on it.
func EstimateNodes(data []byte) int {
	n := 1
	for _, c := range data {
		switch c {
		case '\n', ',', ':', '-', '[', '{':
			n++
		}
	}
	return n
}

// NodeLimit returns the number of nodes a reader accepts in a file of size
// bytes when the limit set is 0: entente.DefaultNodes, or one per 32 bytes
// of a larger file (raising --max-file-size raises it too).
func NodeLimit(set, size int) int {
	if set > 0 {
		return set
	}
	return max(entente.DefaultNodes, size/32)
}

// TooManyNodes returns the error for a file of more than limit nodes.
func TooManyNodes(file string, n, limit int) *entente.Error {
	const what = "items (values, keys, list entries, elements)"
	const tail = "no scenario needs so many (a larger --max-file-size raises this limit too)"
	if n < 0 {
		return entente.Errorf(entente.EInvalid, file, 1, 1, "", "the file holds more than %d %s, the limit for one file; %s", limit, what, tail)
	}
	return entente.Errorf(entente.EInvalid, file, 1, 1, "", "the file holds about %d %s, more than the limit of %d for one file; %s", n, what, limit, tail)
}

// InvalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1 when all of it is: readers report it with its
// position, the same way for every format.
func InvalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			return off
		}
		off += size
	}
	return -1
}
