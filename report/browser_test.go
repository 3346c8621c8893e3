package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/entente/entente/internal/browsertest"
)

// Browser tests open reports in a real headless Chromium (Debian's
// chromium, started by internal/browsertest): without one they skip,
// unless browsertest.EnvRequire is set (as .ci/run does); screenshots of
// every section go to browsertest.EnvArtifacts, which artifacts returns.
func artifacts(t *testing.T) string { return browsertest.Artifacts(t) }

// browserWidth is the window the reports must fit: 1280 pixels.
const browserWidth = 1280

// openInBrowser loads an HTML file in headless Chromium in a window 1280
// pixels wide, screenshots every section and returns the problems seen:
// requests for anything but the file itself or a data: address, script
// errors, console errors, images that do not render, tables whose columns
// are clipped (wider than the space they have, or past the window's
// edge) and a page wider than the window.
func openInBrowser(t *testing.T, path string, sections []string, shotPrefix string) []string {
	t.Helper()
	actx, cancel := browsertest.Allocator(t, browserWidth, 900)
	defer cancel()
	var mu sync.Mutex
	var problems []string
	url := "file://" + path
	listener := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			u := e.Request.URL
			if u != url && !strings.HasPrefix(u, "data:") {
				problems = append(problems, "external request: "+u)
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "script error: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console error")
			}
		}
	}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(listener))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length`))
	if err != nil {
		t.Fatal(err)
	}
	if broken > 0 {
		mu.Lock()
		problems = append(problems, fmt.Sprintf("%d images do not render", broken))
		mu.Unlock()
	}
	clipped, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('table')).filter(t =>
		t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > window.innerWidth + 1 ||
		Array.from(t.querySelectorAll('td, th')).some(c => c.scrollWidth > c.clientWidth + 1)
	).map(t => (t.caption ? t.caption.textContent : 'a table without caption'))`))
	if err != nil {
		t.Fatal(err)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	for _, c := range clipped {
		problems = append(problems, fmt.Sprintf("clipped table at %d px: %s", browserWidth, c))
	}
	if wide {
		problems = append(problems, fmt.Sprintf("the page is wider than a %d px window", browserWidth))
	}
	mu.Unlock()
	dir := artifacts(t)
	for _, id := range sections {
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS("#"+id))); err != nil {
			t.Errorf("section %s: %v", id, err)
			continue
		}
		shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#"+id)))
		if err != nil {
			t.Errorf("section %s: %v", id, err)
			continue
		}
		if !bytes.HasPrefix(shot, []byte("\x89PNG")) {
			t.Errorf("section %s: the screenshot is not a PNG", id)
		}
		if err := os.WriteFile(filepath.Join(dir, shotPrefix+"-"+id+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots of %d sections in %s", len(sections), dir)
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(problems)
}

// TestBrowserCatchesProblems checks the checker: a page with an external
// image and a script error must be caught.
func TestBrowserCatchesProblems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.html")
	page := `<!DOCTYPE html><html><body><section id="s">x<img src="http://127.0.0.1:9/x.png"></section>` +
		`<script>console.error("bad"); throw new Error("boom")</script></body></html>`
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(openInBrowser(t, path, []string{"s"}, "checker"), "\n")
	for _, want := range []string{"external request: http://127.0.0.1:9/x.png", "script error", "console error", "1 images do not render"} {
		if !strings.Contains(got, want) {
			t.Errorf("the checker missed %q; it saw:\n%s", want, got)
		}
	}
}
