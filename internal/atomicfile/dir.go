package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Dir is an output folder being written: its files go into a fresh
// temporary folder beside the target, which Commit renames into place.
// Abort after Commit does nothing, so "defer d.Abort()" is safe.
type Dir struct {
	target  string // the real folder replaced (symbolic links followed)
	tmp     string
	replace bool
	done    bool
}

// CreateDir starts writing the folder at path. The target may be missing
// or an empty folder; a folder that holds files is refused with
// ErrNotEmpty unless replace is set, and anything other than a folder with
// ErrNotFolder.
func CreateDir(path string, replace bool) (*Dir, error) {
	target, old, err := resolve(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, old, target, replace); err != nil {
		return nil, err
	}
	// 0777 for a new folder: the kernel applies the umask. A folder
	// replaced lends its permissions from the start (and its owner may
	// write into the new one), so that files replacing a private folder are
	// never readable by others while they are written; Commit sets the
	// permissions exactly.
	perm := fs.FileMode(0o777)
	if old != nil {
		perm = old.Mode().Perm() | 0o700
	}
	var tmp string
	err = createTemp(path, target, func(name string) error {
		tmp = name
		return os.Mkdir(name, perm)
	})
	if err != nil {
		return nil, err
	}
	return &Dir{target: target, tmp: tmp, replace: replace}, nil
}

// check refuses a target that is not a folder, or a folder with files
// unless replace is set.
func check(path string, old fs.FileInfo, target string, replace bool) error {
	if old == nil {
		return nil
	}
	if !old.IsDir() {
		return &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotFolder, kindOf(old.Mode()))}
	}
	if replace {
		return nil
	}
	empty, err := isEmpty(target)
	if err != nil {
		return err
	}
	if !empty {
		return &fs.PathError{Op: "write", Path: path, Err: ErrNotEmpty}
	}
	return nil
}

func kindOf(m fs.FileMode) string {
	if m.IsRegular() {
		return "a file"
	}
	return kind(m)
}

func isEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}

// Path returns the path of the folder Commit replaces.
func (d *Dir) Path() string { return d.target }

// WriteFile writes a file into the folder; name is a plain file name.
func (d *Dir) WriteFile(name string, data []byte) error {
	if d.done {
		return errors.New("atomicfile: WriteFile after Commit or Abort")
	}
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("atomicfile: %q is not a plain file name", name)
	}
	f, err := os.OpenFile(filepath.Join(d.tmp, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Commit puts the folder in place. A target folder that holds files is
// refused unless CreateDir was told to replace it; then it is moved aside,
// the new folder renamed in, and the old one removed, so the target holds
// the whole old set or the whole new one at every moment but the instant
// between the two renames, and never a mix.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("atomicfile: Commit after Commit or Abort")
	}
	if err := d.commit(); err != nil {
		d.Abort()
		return err
	}
	d.done = true
	return nil
}

func (d *Dir) commit() error {
	if err := syncDir(d.tmp); err != nil {
		return err
	}
	// Look again: the target may have changed while the files were written.
	old, err := os.Lstat(d.target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case err != nil:
		return err
	}
	if err := check(d.target, old, d.target, d.replace); err != nil {
		return err
	}
	parent := filepath.Dir(d.target)
	if old == nil {
		if err := os.Rename(d.tmp, d.target); err != nil {
			return err
		}
		return syncDir(parent)
	}
	if err := os.Chmod(d.tmp, old.Mode().Perm()); err != nil {
		return err
	}
	if empty, err := isEmpty(d.target); err == nil && empty {
		// POSIX rename replaces an empty folder; elsewhere remove it first.
		if os.Rename(d.tmp, d.target) == nil {
			return syncDir(parent)
		}
		if err := os.Remove(d.target); err != nil {
			return err
		}
		if err := os.Rename(d.tmp, d.target); err != nil {
			return err
		}
		return syncDir(parent)
	}
	aside := tempName(d.target, "old")
	if err := os.Rename(d.target, aside); err != nil {
		return err
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		if back := os.Rename(aside, d.target); back != nil {
			return fmt.Errorf("%w; the previous folder is kept as %s", err, aside)
		}
		return err
	}
	if err := syncDir(parent); err != nil {
		return err
	}
	return os.RemoveAll(aside)
}

// Abort removes the temporary folder; the target stays as it was.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	os.RemoveAll(d.tmp)
}
