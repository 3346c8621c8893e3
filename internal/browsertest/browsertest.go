// Package browsertest starts a real headless browser, Debian's chromium,
// for the tests that drive pages with chromedp (the report's pages, the
// server's pages). Without chromium such tests skip, unless EnvRequire is
// set (as .ci/run does), and then fail. Screenshots go to the folder
// EnvArtifacts names (CI prints it). Accessibility checks run axe-core,
// read from the file EnvAxe names (.ci/run installs it from the npm
// registry into a cache outside the repository).
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// Environment variables.
const (
	// EnvRequire makes a missing browser (or axe-core) a failure.
	EnvRequire = "ENTENTE_REQUIRE_BROWSER"
	// EnvArtifacts names the folder for screenshots (default: a folder
	// in the system's temporary directory).
	EnvArtifacts = "ENTENTE_ARTIFACTS"
	// EnvAxe names axe-core's axe.min.js.
	EnvAxe = "ENTENTE_AXE"
)

// Chromium returns the browser's path, or skips the test (fails it when
// EnvRequire is set).
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("%s is set but no chromium is installed (apt-get install chromium)", EnvRequire)
	}
	t.Skip("no chromium installed; the browser test needs Debian's chromium")
	return ""
}

// Artifacts returns the folder for screenshots, made if need be.
func Artifacts(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(EnvArtifacts)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "entente-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Allocator starts a headless browser with a window of width by height
// pixels, reaching nothing on its own (no background networking, no
// component updates, no QUIC); cancel stops it.
func Allocator(t testing.TB, width, height int) (context.Context, context.CancelFunc) {
	t.Helper()
	exe := Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.WindowSize(width, height),
	)
	return chromedp.NewExecAllocator(context.Background(), opts...)
}

// Axe returns axe-core's source, or "" when EnvAxe names no readable file
// (a failure when EnvRequire is set).
func Axe(t testing.TB) string {
	t.Helper()
	path := os.Getenv(EnvAxe)
	if path != "" {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("%s is set but %s names no axe-core file (%q); .ci/run installs it with npm install axe-core@4", EnvRequire, EnvAxe, path)
	}
	t.Logf("no axe-core (%s unset): the accessibility checks run without it", EnvAxe)
	return ""
}
