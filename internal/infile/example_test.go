package infile_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/entente/entente/internal/infile"
)

// Read refuses what is not a regular file, and a file above the limit,
// saying what it is; Within tells whether a path named inside a file stays
// in the folders it may read.
func ExampleRead() {
	dir, _ := os.MkdirTemp("", "infile")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "s.yaml")
	os.WriteFile(path, []byte("entente: 1\n"), 0o644)

	data, err := infile.Read(path, 1024)
	fmt.Println(len(data), err)
	_, err = infile.Read(path, 4)
	fmt.Println(err != nil)
	_, err = infile.Read(dir, 1024)
	fmt.Println(errors.Is(err, infile.ErrNotRegular))
	_, inside := infile.Within(filepath.Join(dir, "..", "elsewhere.yaml"), dir)
	fmt.Println(inside)
	// Output:
	// 11 <nil>
	// true
	// true
	// false
}
