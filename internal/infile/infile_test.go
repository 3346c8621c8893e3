package infile_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/infile"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte("entente: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(small, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		limit      int64
		is         error
		code, want string
	}{
		{name: "regular", path: small, limit: 100},
		{name: "link to a regular file", path: link, limit: 100},
		{name: "at the limit", path: big, limit: 2048},
		{name: "above the limit", path: big, limit: 2047, is: infile.ErrTooLarge, code: entente.EInvalid, want: "big.yaml: the file holds 2 KiB, more than the limit of 2.0 KiB (2047 bytes) for one file; raise it with --max-file-size"},
		{name: "folder", path: dir, is: infile.ErrNotRegular, code: entente.EInvalid, want: "is a folder, not a file"},
		{name: "missing", path: filepath.Join(dir, "nope.yaml"), code: entente.ENotFound, want: "nope.yaml: no such file or folder"},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests, struct {
			name, path string
			limit      int64
			is         error
			code, want string
		}{name: "device", path: "/dev/zero", is: infile.ErrNotRegular, code: entente.EInvalid, want: "/dev/zero: is a device, not a regular file"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := infile.Read(tc.path, tc.limit)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if int64(len(data)) > tc.limit {
					t.Fatalf("read %d bytes past the limit %d", len(data), tc.limit)
				}
				return
			}
			if err == nil {
				t.Fatalf("read %d bytes, want an error", len(data))
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if got := entente.ErrorCode(err); got != tc.code {
				t.Errorf("code %q, want %q", got, tc.code)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			if cerr := infile.Check(tc.path, tc.limit); cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("Check says %v, Read %v", cerr, err)
			}
		})
	}
}

// A named pipe is refused at once: opening it for reading would wait for a
// writer forever.
func TestReadNamedPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes")
	}
	pipe := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := infile.Read(pipe, 0)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, infile.ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a named pipe blocked")
	}
}

func TestWithin(t *testing.T) {
	root := t.TempDir()
	inside := filepath.Join(root, "scenario")
	outside := filepath.Join(root, "secret")
	for _, d := range []string{inside, outside, filepath.Join(inside, "parties")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A link inside that leads out must not count as inside.
	if err := os.Symlink(outside, filepath.Join(inside, "escape")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{filepath.Join(inside, "a.yaml"), true},
		{filepath.Join(inside, "parties", "b.yaml"), true},
		{filepath.Join(inside, "parties", "..", "c.yaml"), true},
		{filepath.Join(inside, "..", "secret", "key"), false},
		{filepath.Join(inside, "escape", "key"), false},
		{"/etc/passwd", false},
		{inside + "-sibling/x.yaml", false},
	}
	for _, tc := range tests {
		if _, got := infile.Within(tc.path, inside); got != tc.want {
			t.Errorf("Within(%s, %s) = %v, want %v", tc.path, inside, got, tc.want)
		}
	}
	if _, ok := infile.Within(filepath.Join(outside, "key"), inside, outside); !ok {
		t.Error("an allowed folder does not count")
	}
}

// EstimateNodes never undercounts what the YAML parser builds.
func TestEstimateNodes(t *testing.T) {
	docs := []string{
		"a: 1\n",
		"- a\n- b\n- c\n",
		"[a,b,c]\n",
		"{a: 1, b: [2, 3], c: {d: e}}\n",
		`{"a":1,"b":[true,null,"x"]}`,
		"- - - - deep\n",
		"key: |\n  text\n  more text\n",
		"entente: 1\nissues:\n  - name: x\n    options: [a, b, c]\nparties: []\n",
	}
	for _, d := range docs {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(d), &n); err != nil {
			t.Fatalf("%q: %v", d, err)
		}
		if got, want := infile.EstimateNodes([]byte(d)), count(&n)-1; got < want {
			t.Errorf("EstimateNodes(%q) = %d, below the %d nodes parsed", d, got, want)
		}
	}
}

func count(n *yaml.Node) int {
	c := 1
	for _, k := range n.Content {
		c += count(k)
	}
	return c
}
