package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/entente/entente/report"
)

// xmlProlog matches what precedes an SVG's root element.
var xmlProlog = regexp.MustCompile(`(?s)^.*?(<svg\b)`)

// TestFigureTextInsideFigures draws every chart of the examples' reports
// inline in headless Chromium and checks that every piece of text (titles,
// axis and bar labels, slanted ones included) lies inside its chart: a
// label cut at the chart's edge ("offers (stacked), aware" for "direct
// offers (stacked), aware") does not say what its bar is.
func TestFigureTextInsideFigures(t *testing.T) {
	exe := chromium(t)
	var page bytes.Buffer
	page.WriteString(`<!DOCTYPE html><html><body style="margin:0">`)
	figures := 0
	for _, name := range []string{"ukraine-2025", "coalition-government", "ceasefire"} {
		s, fm := example(t, name)
		doc := build(t, s, fm)
		for _, sec := range doc.Sections {
			for _, b := range sec.Blocks {
				f, ok := b.(*report.Figure)
				if !ok {
					continue
				}
				figures++
				fmt.Fprintf(&page, `<div data-name="%s: %s" style="margin:8px">`, name, f.Alt)
				page.Write(xmlProlog.ReplaceAll(f.SVG, []byte("$1")))
				page.WriteString("</div>")
			}
		}
	}
	page.WriteString("</body></html>")
	if figures < 10 {
		t.Fatalf("only %d figures", figures)
	}
	path := filepath.Join(t.TempDir(), "figures.html")
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(browserWidth, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	// A glyph may overhang its advance width by a pixel or two.
	const slack = 2
	outside, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`Array.from(document.querySelectorAll('div[data-name]')).flatMap(d => {
		const svg = d.querySelector('svg'), r = svg.getBoundingClientRect();
		return Array.from(svg.querySelectorAll('text')).filter(x => {
			const b = x.getBoundingClientRect();
			return b.width > 0 && (b.left < r.left-%[1]d || b.right > r.right+%[1]d || b.top < r.top-%[1]d || b.bottom > r.bottom+%[1]d);
		}).map(x => d.dataset.name + ': "' + x.textContent + '"');
	})`, slack)))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outside {
		t.Errorf("text cut at the edge of its chart: %s", o)
	}
	t.Logf("%d figures checked", figures)
}
