package atomicfile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/entente/entente/internal/atomicfile"
)

// A file is replaced whole, keeping its permissions.
func ExampleWriteFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "notes.txt")
	os.WriteFile(path, []byte("draft"), 0o600)
	if err := atomicfile.WriteFile(path, []byte("final")); err != nil {
		fmt.Println(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	fmt.Println(string(b), fi.Mode().Perm())
	// Output: final -rw-------
}

// A folder of files appears whole, or not at all.
func ExampleCreateDir() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	d, err := atomicfile.CreateDir(filepath.Join(dir, "scenario"), false)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Abort()
	d.WriteFile("domain.json", []byte("{}"))
	d.WriteFile("party.json", []byte("{}"))
	if err := d.Commit(); err != nil {
		fmt.Println(err)
	}
	es, _ := os.ReadDir(filepath.Join(dir, "scenario"))
	fmt.Println(len(es), "files")
	// A second one is refused: the folder holds files.
	_, err = atomicfile.CreateDir(filepath.Join(dir, "scenario"), false)
	fmt.Println(err != nil)
	// Output:
	// 2 files
	// true
}
