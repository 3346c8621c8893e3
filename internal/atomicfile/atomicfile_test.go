//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// withUmask runs f with the process umask set to mask. The umask is
// process-wide, so these tests do not run in parallel.
func withUmask(t *testing.T, mask int, f func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

// names lists a folder's entries, to check that nothing temporary is left.
func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteFilePermissions(t *testing.T) {
	for _, c := range []struct {
		name  string
		umask int
		old   fs.FileMode // 0: no file before
		want  fs.FileMode
	}{
		{"new file, umask 022", 0o022, 0, 0o644},
		{"new file, umask 077", 0o077, 0, 0o600},
		{"new file, umask 002", 0o002, 0, 0o664},
		{"replaces a 0600 file, umask 022", 0o022, 0o600, 0o600},
		{"replaces a 0640 file, umask 077", 0o077, 0o640, 0o640},
		{"replaces a 0755 file", 0o022, 0o755, 0o755},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.txt")
			if c.old != 0 {
				if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, c.old); err != nil {
					t.Fatal(err)
				}
			}
			withUmask(t, c.umask, func() {
				if err := WriteFile(path, []byte("new")); err != nil {
					t.Fatal(err)
				}
			})
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != c.want {
				t.Errorf("mode %v, want %v", got, c.want)
			}
			if b, _ := os.ReadFile(path); string(b) != "new" {
				t.Errorf("content %q", b)
			}
			if got := names(t, dir); !slices.Equal(got, []string{"out.txt"}) {
				t.Errorf("the folder holds %v; want out.txt alone", got)
			}
		})
	}
}

func TestWriteFileThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.txt")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("real.txt", link); err != nil {
		t.Fatal(err)
	}
	// A link to a link, and a link to a file not yet written.
	link2 := filepath.Join(dir, "link2.txt")
	if err := os.Symlink(link, link2); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.txt")
	if err := os.Symlink("later.txt", dangling); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link2, dangling} {
		if err := WriteFile(p, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link (%v)", p, err)
		}
	}
	for _, p := range []string{real, filepath.Join(dir, "later.txt")} {
		if b, err := os.ReadFile(p); err != nil || string(b) != "new" {
			t.Errorf("%s holds %q (%v), want the new content", p, b, err)
		}
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o600 {
		t.Errorf("the linked file's mode became %v", fi.Mode().Perm())
	}
}

func TestWriteFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "to-pipe")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "folder")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, link, sub, "/dev/null"} {
		before, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		err = WriteFile(p, []byte("x"))
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("WriteFile(%s) = %v; want ErrNotRegular", p, err)
		}
		after, err := os.Lstat(p)
		if err != nil || after.Mode() != before.Mode() {
			t.Errorf("%s changed from %v to %v (%v)", p, before.Mode(), after.Mode(), err)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"folder", "pipe", "to-pipe"}) {
		t.Errorf("the folder holds %v", got)
	}
}

func TestAbortLeavesTheTarget(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("half")); err != nil {
		t.Fatal(err)
	}
	f.Abort()
	f.Abort()
	if err := f.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("the target holds %q after Abort", b)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"out.txt"}) {
		t.Errorf("the folder holds %v after Abort", got)
	}
}

func TestDir(t *testing.T) {
	write := func(t *testing.T, target string, replace bool, files ...string) error {
		t.Helper()
		d, err := CreateDir(target, replace)
		if err != nil {
			return err
		}
		defer d.Abort()
		for _, f := range files {
			if err := d.WriteFile(f, []byte(f)); err != nil {
				t.Fatal(err)
			}
		}
		return d.Commit()
	}
	t.Run("new folder", func(t *testing.T) {
		root := t.TempDir()
		target := filepath.Join(root, "out")
		withUmask(t, 0o077, func() {
			if err := write(t, target, false, "a", "b"); err != nil {
				t.Fatal(err)
			}
		})
		if got := names(t, target); !slices.Equal(got, []string{"a", "b"}) {
			t.Errorf("the folder holds %v", got)
		}
		if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o700 {
			t.Errorf("mode %v under umask 077", fi.Mode().Perm())
		}
		if fi, _ := os.Stat(filepath.Join(target, "a")); fi.Mode().Perm() != 0o600 {
			t.Errorf("file mode %v under umask 077", fi.Mode().Perm())
		}
		if got := names(t, root); !slices.Equal(got, []string{"out"}) {
			t.Errorf("the parent holds %v", got)
		}
	})
	t.Run("empty folder", func(t *testing.T) {
		root := t.TempDir()
		target := filepath.Join(root, "out")
		if err := os.Mkdir(target, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := write(t, target, false, "a"); err != nil {
			t.Fatal(err)
		}
		if got := names(t, target); !slices.Equal(got, []string{"a"}) {
			t.Errorf("the folder holds %v", got)
		}
		if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o750 {
			t.Errorf("the folder's mode became %v", fi.Mode().Perm())
		}
	})
	t.Run("folder with files", func(t *testing.T) {
		root := t.TempDir()
		target := filepath.Join(root, "out")
		if err := write(t, target, false, "a", "b", "c"); err != nil {
			t.Fatal(err)
		}
		err := write(t, target, false, "x")
		if !errors.Is(err, ErrNotEmpty) {
			t.Fatalf("writing into a folder with files: %v; want ErrNotEmpty", err)
		}
		if got := names(t, target); !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Errorf("a refused write changed the folder to %v", got)
		}
		if err := write(t, target, true, "x"); err != nil {
			t.Fatal(err)
		}
		if got := names(t, target); !slices.Equal(got, []string{"x"}) {
			t.Errorf("the replaced folder holds %v; want x alone", got)
		}
		if got := names(t, root); !slices.Equal(got, []string{"out"}) {
			t.Errorf("the parent holds %v", got)
		}
	})
	t.Run("not a folder", func(t *testing.T) {
		root := t.TempDir()
		target := filepath.Join(root, "out")
		if err := os.WriteFile(target, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, replace := range []bool{false, true} {
			if err := write(t, target, replace, "a"); !errors.Is(err, ErrNotFolder) {
				t.Errorf("replace %v: %v; want ErrNotFolder", replace, err)
			}
		}
	})
	t.Run("abort", func(t *testing.T) {
		root := t.TempDir()
		target := filepath.Join(root, "out")
		d, err := CreateDir(target, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.WriteFile("a", nil); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteFile("../b", nil); err == nil {
			t.Error("a name with a separator was accepted")
		}
		d.Abort()
		if got := names(t, root); len(got) != 0 {
			t.Errorf("the parent holds %v after Abort", got)
		}
	})
}
