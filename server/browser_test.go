package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/entente/entente/internal/browsertest"
)

// The pages are tested as a person uses them, in a real headless
// Chromium: one server (with background jobs) and one browser for every
// test, a tab per person, a separate browser context for a second person.
// Every tab records each request it makes (any that leaves the loopback
// server fails the test), script errors, console errors and violations of
// the Content-Security-Policy; each page is screenshotted into
// browsertest.EnvArtifacts and checked for accessibility with axe-core.

// browser is the browser and server the page tests share.
type browser struct {
	t    *testing.T
	h    *harness
	root context.Context
	host string
	axe  string

	mu       sync.Mutex
	requests []string // every request of every tab
	problems []string // what no page may do
	pages    int      // pages opened with goTo
}

// tab is one tab: its context and what it saw.
type tab struct {
	b    *browser
	ctx  context.Context
	name string

	mu      sync.Mutex
	auth    map[string]bool     // Authorization headers sent
	paths   []string            // request paths
	api     []network.RequestID // finished API responses
	apiURL  map[network.RequestID]string
	frames  [][]byte // WebSocket frames received
	pending map[network.RequestID]string
}

func newBrowser(t *testing.T) *browser {
	actx, cancel := browsertest.Allocator(t, 1280, 900)
	t.Cleanup(cancel)
	root, cancelRoot := chromedp.NewContext(actx)
	t.Cleanup(cancelRoot)
	if err := chromedp.Do(root, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	h := newJobsHarness(t)
	u, err := url.Parse(h.ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, h: h, root: root, host: u.Host, axe: browsertest.Axe(t)}
	if b.axe == "" {
		// Said where go test's summary shows it: a skipped check.
		t.Run("axe-core", func(t *testing.T) {
			t.Skipf("no axe-core (%s names no axe.min.js): the pages are checked for labels and keyboard reachability only; .ci/run installs it", browsertest.EnvAxe)
		})
	}
	return b
}

// problem records what no page may do.
func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
	b.mu.Unlock()
}

// loopback reports whether an address stays on the test's server (or is
// made by the page itself).
func (b *browser) loopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "ws":
		return u.Host == b.host
	}
	return false
}

// open opens a tab; isolated gives it a browser context of its own (as
// another person's browser would be).
func (b *browser) open(t *testing.T, name string, isolated bool) *tab {
	tb := &tab{b: b, name: name, auth: map[string]bool{}, apiURL: map[network.RequestID]string{}, pending: map[network.RequestID]string{}}
	opts := []chromedp.ContextOption{chromedp.WithListener(tb.listen)}
	if isolated {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(b.root, opts...)
	t.Cleanup(cancel)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelTime)
	tb.ctx = ctx
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func (tb *tab) listen(ev any) {
	b := tb.b
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := e.Request.URL
		b.mu.Lock()
		b.requests = append(b.requests, u)
		b.mu.Unlock()
		if !b.loopback(u) {
			b.problem("%s: a request outside the server: %s", tb.name, u)
		}
		tb.mu.Lock()
		if a, ok := e.Request.Headers["Authorization"].(string); ok {
			tb.auth[a] = true
		}
		if p, err := url.Parse(u); err == nil && p.Scheme == "http" {
			tb.paths = append(tb.paths, p.Path)
			if strings.HasPrefix(p.Path, "/api/") {
				tb.pending[e.RequestID] = p.Path
			}
		}
		tb.mu.Unlock()
	case *network.EventLoadingFinished:
		tb.mu.Lock()
		if p, ok := tb.pending[e.RequestID]; ok {
			tb.api = append(tb.api, e.RequestID)
			tb.apiURL[e.RequestID] = p
		}
		tb.mu.Unlock()
	case *network.EventWebSocketCreated:
		b.mu.Lock()
		b.requests = append(b.requests, e.URL)
		b.mu.Unlock()
		if !b.loopback(e.URL) {
			b.problem("%s: a WebSocket outside the server: %s", tb.name, e.URL)
		}
		tb.mu.Lock()
		if p, err := url.Parse(e.URL); err == nil {
			tb.paths = append(tb.paths, p.Path)
		}
		tb.mu.Unlock()
	case *network.EventWebSocketFrameReceived:
		tb.mu.Lock()
		tb.frames = append(tb.frames, slices.Clone(e.Response.PayloadData))
		tb.mu.Unlock()
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		b.problem("%s: a script error: %s", tb.name, msg)
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			b.problem("%s: a console error", tb.name)
		}
	case *cdplog.EventEntryAdded:
		// Network errors are the API's answers (a 400 for an invalid
		// upload is expected); CSP violations and script errors are not.
		if en := e.Entry; en.Level == cdplog.EntryLevelError && en.Source != cdplog.EntrySourceNetwork {
			b.problem("%s: %s: %s", tb.name, en.Source, en.Text)
		}
	}
}

func (tb *tab) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", tb.name, err)
	}
}

// eval evaluates an expression in the page.
func eval[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %s: %v", tb.name, expr, err)
	}
	return v
}

// wait evaluates an expression until it gives a non-empty string, and
// returns it. (chromedp's Poll builds a function from text in the page,
// which the pages' CSP forbids.)
func (tb *tab) wait(t *testing.T, what, expr string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`(() => { try { const v = (`+expr+`); return v ? String(v) : ""; } catch (e) { return ""; } })()`))
		if err != nil {
			t.Fatalf("%s: waiting for %s: %v", tb.name, what, err)
		}
		if v != "" {
			return v
		}
		if time.Now().After(deadline) {
			text, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 3000)`))
			t.Fatalf("%s: %s did not happen; the page shows:\n%s", tb.name, what, text)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// text returns an element's text ("" when there is none).
func (tb *tab) text(t *testing.T, css string) string {
	t.Helper()
	return eval[string](t, tb, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.textContent.trim() : ""; })()`, css))
}

// goTo opens a page of the server and waits for it to be ready.
func (tb *tab) goTo(t *testing.T, path, ready string) {
	t.Helper()
	tb.do(t, chromedp.Navigate("http://"+tb.b.host+path))
	tb.b.mu.Lock()
	tb.b.pages++
	tb.b.mu.Unlock()
	tb.wait(t, path+" ready", ready)
}

// press sends keys to the focused element.
func (tb *tab) press(t *testing.T, keys string, times int) {
	t.Helper()
	for range times {
		tb.do(t, chromedp.KeyEvent(keys))
	}
}

// shot saves a screenshot of the whole page to the artifacts, as PNG
// (a quality of 100 asks chromium for PNG rather than JPEG).
func (tb *tab) shot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("%s: screenshot: %v", tb.name, err)
	}
	dir := browsertest.Artifacts(t)
	if err := os.WriteFile(filepath.Join(dir, "page-"+name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", filepath.Join(dir, "page-"+name+".png"))
}

// accessible checks the page for accessibility: axe-core's WCAG 2.1 A
// and AA rules (when axe-core is there), and, written here, that every
// form control has a label and every button a name.
func (tb *tab) accessible(t *testing.T, page string) {
	t.Helper()
	unlabelled := eval[[]string](t, tb, `Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button')).filter(e => {
		if (e.getClientRects().length === 0) return false;
		if (e.tagName === 'BUTTON') return !(e.textContent.trim() || e.getAttribute('aria-label'));
		return !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby');
	}).map(e => e.outerHTML.slice(0, 120))`)
	for _, u := range unlabelled {
		t.Errorf("%s: a control without a label: %s", page, u)
	}
	if tb.b.axe == "" {
		return
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](tb.b.axe)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	res := eval[string](t, tb, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\n').slice(0, 2).join(' '))}))))`)
	var vs []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("%s: axe-core: %s (%s): %s\n\t%s", page, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}

// keyboard checks that the Tab key reaches every control of the page
// that is shown, in a walk from the top.
func (tb *tab) keyboard(t *testing.T, page string) {
	t.Helper()
	n := eval[int](t, tb, `(() => {
		const all = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'))
			.filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
		all.forEach((e, i) => e.dataset.kbd = i);
		document.activeElement && document.activeElement.blur();
		window.__reached = new Set();
		document.addEventListener('focusin', ev => { if (ev.target.dataset && ev.target.dataset.kbd !== undefined) window.__reached.add(ev.target.dataset.kbd); });
		return all.length;
	})()`)
	// Radio buttons of a group are one tab stop (the arrow keys move
	// within it): count the groups, not the buttons.
	groups := eval[int](t, tb, `(() => { const seen = new Set(); let extra = 0;
		document.querySelectorAll('input[type=radio][data-kbd]').forEach(r => { if (seen.has(r.name)) extra++; else seen.add(r.name); }); return extra; })()`)
	for i := 0; i < n+5; i++ {
		tb.do(t, chromedp.KeyEvent(kb.Tab))
	}
	missed := eval[[]string](t, tb, `Array.from(document.querySelectorAll('[data-kbd]')).filter(e => !window.__reached.has(e.dataset.kbd) &&
		!(e.type === 'radio' && Array.from(document.querySelectorAll('input[type=radio][name="' + e.name + '"]')).some(r => window.__reached.has(r.dataset.kbd))))
		.map(e => e.outerHTML.slice(0, 100))`)
	for _, m := range missed {
		t.Errorf("%s: the Tab key never reaches %s", page, m)
	}
	if n-groups < 3 {
		t.Errorf("%s: only %d controls to reach", page, n)
	}
}

// fits checks that the page is no wider than its window.
func (tb *tab) fits(t *testing.T, page string) {
	t.Helper()
	if wide := eval[string](t, tb, `document.documentElement.scrollWidth > window.innerWidth + 1 ? document.documentElement.scrollWidth + " > " + window.innerWidth : ""`); wide != "" {
		t.Errorf("%s: the page is wider than its window: %s", page, wide)
	}
}

// choose picks a value of a select (or sets a field) as a person would:
// the value changes and the page hears the input and change events.
func (tb *tab) choose(t *testing.T, css, value string) {
	t.Helper()
	ok := eval[bool](t, tb, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e || e.disabled) return false;
		e.value = %q; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return e.value === %q; })()`, css, value, value))
	if !ok {
		t.Fatalf("%s: cannot choose %q in %s (missing, disabled, or no such option)", tb.name, value, css)
	}
}

// admin makes sure the tab is signed in as the admin, so that a page test
// run alone (go test -run 'TestPages/viewer') starts where the sign-in of
// the first one leaves the tab.
func (tb *tab) admin(t *testing.T) {
	t.Helper()
	if eval[string](t, tb, `location.origin`) != "http://"+tb.b.host {
		tb.do(t, chromedp.Navigate("http://"+tb.b.host+"/favicon.svg"))
	}
	eval[bool](t, tb, fmt.Sprintf(`(() => { if (!sessionStorage.getItem('entente.admin')) sessionStorage.setItem('entente.admin', %q); return true; })()`, adminToken))
}

// download clicks a download button (an XPath) and returns the file the
// browser saved under name (any name when empty), in a folder of the
// test's own.
func (tb *tab) download(t *testing.T, button, name string) []byte {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(tb.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatalf("%s: downloads: %v", tb.name, err)
	}
	tb.do(t, chromedp.Click(chromedp.Search(button)))
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		path := filepath.Join(dir, name)
		if name == "" {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if !strings.HasSuffix(e.Name(), ".crdownload") {
					path = filepath.Join(dir, e.Name())
				}
			}
		}
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("%s: %s was not downloaded (the folder holds %v)", tb.name, name, names)
		}
	}
}

// bars reads the bar charts (ui.js's bars) inside an element: each one's
// label, and its items as "label: value", sorted, joined by "; ".
func (tb *tab) bars(t *testing.T, css string) map[string]string {
	t.Helper()
	return eval[map[string]string](t, tb, fmt.Sprintf(`Object.fromEntries(Array.from(document.querySelectorAll(%q)).map(b =>
		[b.getAttribute('aria-label'), Array.from(b.querySelectorAll('[role=listitem]')).map(i => i.textContent).sort().join('; ')]))`, css+" .bars"))
}
