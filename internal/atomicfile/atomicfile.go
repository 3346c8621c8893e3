package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"
)

// ErrNotRegular is returned for a target file that exists and is not a
// regular file: a device, a pipe, a socket or a folder.
var ErrNotRegular = errors.New("not a regular file")

// ErrNotFolder is returned for a target folder that exists and is not a
// folder.
var ErrNotFolder = errors.New("not a folder")

// ErrNotEmpty is returned for a target folder that already holds files when
// the caller did not ask to replace it.
var ErrNotEmpty = errors.New("the folder is not empty")

// maxLinks bounds the symbolic links followed to find the real target.
const maxLinks = 40

// resolve follows symbolic links from path to the file they finally name
// (which need not exist). It returns that path and its information, nil
// when it does not exist.
func resolve(path string) (string, fs.FileInfo, error) {
	for range maxLinks {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return path, fi, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", nil, &fs.PathError{Op: "resolve", Path: path, Err: errors.New("too many levels of symbolic links")}
}

var counter atomic.Uint64

// tempName returns a name for a temporary sibling of path, hidden and
// unlikely to be taken (creation with O_EXCL makes sure).
func tempName(path, kind string) string {
	n := counter.Add(1)
	suffix := strconv.FormatInt(int64(os.Getpid()), 36) + "-" + strconv.FormatInt(time.Now().UnixNano()%1e12, 36) + "-" + strconv.FormatUint(n, 36)
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+kind+"-"+suffix)
}

// File is an output file being written. Write to it, then Commit to put
// it in place, or Abort to leave the target as it was. Abort after Commit
// does nothing, so "defer f.Abort()" is safe.
type File struct {
	f      *os.File
	target string      // the real file replaced (symbolic links followed)
	old    fs.FileInfo // the file replaced, nil for a new one
	done   bool
}

// Create starts writing the file at path. It fails with ErrNotRegular
// when path (after following symbolic links) is not a regular file.
func Create(path string) (*File, error) {
	target, old, err := resolve(path)
	if err != nil {
		return nil, err
	}
	if old != nil && !old.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w (%s): refusing to replace it", ErrNotRegular, kind(old.Mode()))}
	}
	// 0666 for a new file: the kernel applies the umask, as to any new
	// output. A file replaced lends its permissions from the start, so
	// that what replaces a private file is never readable by others, not
	// even while it is written (Commit sets them exactly).
	perm := fs.FileMode(0o666)
	if old != nil {
		perm = old.Mode().Perm()
	}
	var f *os.File
	err = createTemp(path, target, func(name string) (err error) {
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &File{f: f, target: target, old: old}, nil
}

// createTemp calls create with names for a temporary sibling of target
// until one is free (create fails with fs.ErrExist for a name taken).
func createTemp(path, target string, create func(name string) error) error {
	for range 100 {
		err := create(tempName(target, "tmp"))
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	return &fs.PathError{Op: "create", Path: path, Err: errors.New("no free temporary name")}
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Name returns the path of the file that Commit replaces.
func (f *File) Name() string { return f.target }

// Commit syncs the file to disk and renames it over the target, with the
// permissions and owner of the file it replaces.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: Commit after Commit or Abort")
	}
	err := f.finish()
	if err != nil {
		f.Abort()
		return err
	}
	f.done = true
	return nil
}

func (f *File) finish() error {
	if f.old != nil {
		if err := f.f.Chmod(f.old.Mode().Perm()); err != nil {
			return err
		}
		keepOwner(f.f, f.old)
	}
	if err := f.f.Sync(); err != nil {
		return err
	}
	if err := f.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.f.Name(), f.target); err != nil {
		return err
	}
	return syncDir(filepath.Dir(f.target))
}

// Abort removes the temporary file; the target stays as it was.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.f.Close()
	os.Remove(f.f.Name())
}

// WriteFile writes data to the file at path atomically (see Create).
func WriteFile(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// kind names a file type for messages.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}
