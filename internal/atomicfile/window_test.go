//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNoWiderWhileWriting: the content that replaces a private file (0600)
// or fills a private folder (0700) is never readable by others, not even
// while it is written: the temporary file or folder is created with the
// permissions of what it replaces (the umask still applies), not the
// umask's wider default. Before, it was 0644 (0755) until Commit.
func TestNoWiderWhileWriting(t *testing.T) {
	withUmask(t, 0o022, func() {
		dir := t.TempDir()
		path := filepath.Join(dir, "secret.txt")
		if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Abort()
		fi, err := os.Stat(f.f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m&0o077 != 0 {
			t.Errorf("the temporary file replacing a 0600 file is %v while it is written", m)
		}
		if _, err := f.Write([]byte("new")); err != nil {
			t.Fatal(err)
		}
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("after Commit: %v, %v", fi.Mode(), err)
		}

		// A new file still gets the umask's permissions.
		g, err := Create(filepath.Join(dir, "new.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(g.f.Name()); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("a new file's temporary: %v, %v", fi.Mode(), err)
		}
		g.Abort()

		figs := filepath.Join(dir, "figures")
		if err := os.Mkdir(figs, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(figs, "a.svg"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := CreateDir(figs, true)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Abort()
		if fi, err := os.Stat(d.tmp); err != nil || fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("the temporary folder replacing a 0700 folder: %v, %v", fi.Mode(), err)
		}
		if err := d.WriteFile("b.svg", []byte("x")); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(figs); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("after Commit: %v, %v", fi.Mode(), err)
		}
	})
}
