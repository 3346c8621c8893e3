package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"maps"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/live"
	"github.com/entente/entente/load"
	"github.com/entente/entente/utility"
)

// TestPages uses every page as a person would, in one browser against
// one server: upload a scenario with an error and find it at its line;
// move the US credibility in the flagship's workspace and read the
// ratifiable zone `entente analyze` gives for that variant; analyse,
// forecast, run a tournament; negotiate through the room against a
// built-in negotiator to an agreement, with the keyboard and on a narrow
// screen; hold another seat in a second browser and see none of the first
// seat's preferences; watch the negotiation in the viewer.
func TestPages(t *testing.T) {
	b := newBrowser(t)
	h := b.h
	analyst := b.open(t, "analyst", false)
	var flagship string

	t.Run("scenarios", func(t *testing.T) {
		// Sign in with the admin token.
		analyst.goTo(t, "/", `document.querySelector('input[type=password]')`)
		analyst.shot(t, "sign-in")
		analyst.accessible(t, "sign-in")
		analyst.do(t, chromedp.SendKeys(chromedp.CSS(`input[type=password]`), adminToken), chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
		analyst.wait(t, "the scenarios page", `document.querySelector('#stored table, #stored p') && document.querySelector('h1').textContent === 'Scenarios'`)

		// An upload with an error: the message is shown at its line.
		bad := "entente: 1\nname: bad\nissues:\n  - name: price\n    options: [low, high]\nparties:\n  - name: buyer\n    weights: {price: 1}\n" +
			"    values:\n      price: {low: 1, medium: 0}\n    reservation: 0.3\n  - name: seller\n    weights: {price: 1}\n    values:\n      price: {low: 0, high: 1}\n    reservation: 0.3\n"
		wantLine := 0
		for i, l := range strings.Split(bad, "\n") {
			if strings.Contains(l, "medium") {
				wantLine = i + 1
			}
		}
		path := filepath.Join(t.TempDir(), "bad.yaml")
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		analyst.do(t, chromedp.SetUploadFiles(chromedp.CSS(`#add input[type=file]`), []string{path}))
		analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Upload"]`)))
		got := analyst.wait(t, "the upload's problems", `document.querySelector('#editor li.problem') && Array.from(document.querySelectorAll('#editor li.problem')).map(l => l.dataset.line + '|' + l.textContent).join('\n')`)
		if !strings.HasPrefix(got, strconv.Itoa(wantLine)+"|line "+strconv.Itoa(wantLine)) || !strings.Contains(got, "medium") {
			t.Errorf("the problem of line %d is shown as:\n%s", wantLine, got)
		}
		if g := analyst.text(t, `#editor .gutter .err`); g != strconv.Itoa(wantLine) {
			t.Errorf("the margin marks line %q, want %d", g, wantLine)
		}
		if s := analyst.text(t, `#add .status`); !strings.Contains(s, "bad.yaml:"+strconv.Itoa(wantLine)) {
			t.Errorf("the upload's message: %q", s)
		}
		// Mending it in the editor clears the problem.
		// The problem's button selects the line from the column of the
		// problem: typing replaces the unknown option.
		analyst.do(t, chromedp.Click(chromedp.CSS(`#editor li.problem button`)))
		if sel := eval[string](t, analyst, `(() => { const a = document.querySelector('#editor textarea'); return document.activeElement === a ? a.value.slice(a.selectionStart, a.selectionEnd) : 'the editor has no focus'; })()`); sel != "medium: 0}" {
			t.Errorf("the problem's button selects %q", sel)
		}
		analyst.do(t, chromedp.KeyEvent("high: 0}"))
		analyst.wait(t, "the mended file validates", `document.querySelector('#editor .status.ok') && !document.querySelector('#editor li.problem')`)

		// The flagship, as a built-in example, and its summary.
		analyst.do(t, chromedp.SetValue(chromedp.CSS(`#add select`), "ukraine-2025"), chromedp.Click(chromedp.Search(`//button[text()="Add the example"]`)))
		analyst.wait(t, "the flagship's summary", `document.querySelector('#summary-title') && document.querySelector('#summary-title').textContent.includes('ukraine-2025')`)
		var list struct{ Scenarios []struct{ ID, Name string } }
		h.must(http.StatusOK, "GET", "/api/v1/scenarios", adminToken, nil, &list)
		for _, s := range list.Scenarios {
			if s.Name == "ukraine-2025" {
				flagship = s.ID
			}
		}
		res, err := load.Example("ukraine-2025")
		if err != nil {
			t.Fatal(err)
		}
		sc := res.Scenario
		summary := analyst.text(t, "#summary")
		for _, want := range []string{sc.Parties[3].Bloc.Members[0].Name, sc.Constituencies[0].Name, sc.Constituencies[0].Voters[0].Name, sc.Guarantors[0].Name, sc.Parties[2].RedLines[0].Name, sc.Issues[5].Options[3]} {
			if !strings.Contains(summary, want) {
				t.Errorf("the summary does not name %q", want)
			}
		}
		if n := eval[int](t, analyst, `document.querySelectorAll('#summary .bars').length`); n < len(sc.Parties)+len(sc.Constituencies) {
			t.Errorf("%d sets of bars in the summary", n)
		}
		analyst.shot(t, "scenarios")
		analyst.accessible(t, "scenarios")
		analyst.keyboard(t, "scenarios")
	})

	t.Run("uploads", func(t *testing.T) {
		analyst.admin(t)
		// A small scenario written as GENIUS XML and as GeniusWeb JSON,
		// uploaded as a person picks the files: the summary shows what
		// the native file says (a reservation of 0: GeniusWeb writes no
		// other value).
		text := "entente: 1\nname: fair\nissues:\n  - name: price\n    options: [low, mid, high]\n  - name: delivery\n    options: [slow, fast]\n" +
			"parties:\n  - name: buyer\n    weights: {price: 0.7, delivery: 0.3}\n    values:\n      price: {low: 1, mid: 0.5, high: 0}\n      delivery: {slow: 0, fast: 1}\n    reservation: 0\n" +
			"  - name: seller\n    weights: {price: 0.6, delivery: 0.4}\n    values:\n      price: {low: 0, mid: 0.5, high: 1}\n      delivery: {slow: 1, fast: 0}\n    reservation: 0\n"
		res, err := (&load.Loader{}).Sources([]entente.Source{{Name: "fair.yaml", Data: []byte(text)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			format string
			encode func(*entente.Scenario) ([]byte, [][]byte, error)
			ext    string
		}{{"genius", genius.Encode, ".xml"}, {"geniusweb", geniusweb.Encode, ".json"}} {
			domain, profiles, err := f.encode(res.Scenario)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			paths := []string{filepath.Join(dir, "buyer"+f.ext), filepath.Join(dir, "fair_domain"+f.ext), filepath.Join(dir, "seller"+f.ext)}
			for i, data := range [][]byte{profiles[0], domain, profiles[1]} {
				if err := os.WriteFile(paths[i], data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			analyst.goTo(t, "/", `document.querySelector('#add input[type=file]')`)
			analyst.do(t, chromedp.SetUploadFiles(chromedp.CSS(`#add input[type=file]`), paths))
			analyst.choose(t, `#add input[type=text]`, "fair "+f.format)
			analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Upload"]`)))
			st := analyst.wait(t, "the upload of "+f.format, `(() => { const s = document.querySelector('#add .status'); return s && s.textContent && document.querySelector('#summary-title') && document.querySelector('#summary-title').textContent.includes('fair') ? s.textContent : ''; })()`)
			if want := "Added fair " + f.format + " (" + f.format + ", 2 parties, 2 issues)."; st != want {
				t.Errorf("%s: the upload says %q, want %q", f.format, st, want)
			}
			shown := analyst.bars(t, "#summary")
			want := map[string]string{"weights of buyer": "delivery: 0.3; price: 0.7", "weights of seller": "delivery: 0.4; price: 0.6"}
			if !maps.Equal(shown, want) {
				t.Errorf("%s: the summary's weights %v, want %v", f.format, shown, want)
			}
		}

		// A forecast CSV opens the forecast page with its result; the
		// compromise by hand: (10·0.5·2 + 30·1·1 + 20·0.8·3) / (0.5·2 + 1·1 + 0.8·3).
		csvPath := filepath.Join(t.TempDir(), "actors.csv")
		if err := os.WriteFile(csvPath, []byte("actor,issue,position,salience,capability\nnorth,tax,10,0.5,2\nsouth,tax,30,1,1\nwest,tax,20,0.8,3\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		analyst.goTo(t, "/", `document.querySelector('#add input[type=file]')`)
		analyst.do(t, chromedp.SetUploadFiles(chromedp.CSS(`#add input[type=file]`), []string{csvPath}), chromedp.Click(chromedp.Search(`//button[text()="Upload"]`)))
		analyst.wait(t, "the forecast of the CSV", `location.pathname === '/forecast.html' && document.querySelector('#forecast section[aria-label="issue tax"] table')`)
		row := eval[string](t, analyst, `Array.from(document.querySelectorAll('#forecast section[aria-label="issue tax"] table tbody tr')).map(r => Array.from(r.children).map(c => c.textContent).join('|')).find(t => t.startsWith('compromise|')) || ''`)
		if want := "compromise|" + short((10*0.5*2+30*1*1+20*0.8*3)/(0.5*2+1*1+0.8*3)); row != want {
			t.Errorf("the CSV's compromise forecast: %q, want %q", row, want)
		}
	})

	t.Run("workspace", func(t *testing.T) {
		analyst.admin(t)
		if flagship == "" {
			t.Skip("no flagship")
		}
		const key = "guarantors[0].credibility"
		slider := fmt.Sprintf(`input[type=range][data-key=%q]`, key)
		analyst.goTo(t, "/workspace.html?scenario="+flagship, `document.querySelector('#results #ratifiable-zone')`)
		before := analyst.text(t, "#ratifiable-zone .value")
		step, err := strconv.ParseFloat(eval[string](t, analyst, `document.querySelector('`+slider+`').step`), 64)
		if err != nil || step <= 0 {
			t.Fatalf("the slider's step: %v %v", step, err)
		}
		// Move the US executive's credibility up by 0.15 with the keyboard.
		analyst.do(t, chromedp.Focus(chromedp.CSS(slider)))
		analyst.press(t, kb.ArrowRight, int(math.Round(0.15/step)))
		got := analyst.wait(t, "the re-analysis of the moved value", `(() => {
			const r = document.getElementById('results'), v = document.querySelector('`+slider+`').value;
			return r.getAttribute('aria-busy') === 'false' && r.dataset.for === '`+key+`=' + v ? v + '|' + document.querySelector('#ratifiable-zone .value').textContent : '';
		})()`)
		t.Logf("the workspace: %s", analyst.text(t, `#results p[role=status]`))
		v, zone, _ := strings.Cut(got, "|")
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		// What `entente analyze` gives for the file with that number
		// written in by hand.
		want := analyzeText(t, "edited.yaml", flagshipWith(t, x))
		if zone != strconv.FormatUint(want.Ratification.Zone, 10) {
			t.Errorf("US credibility %v: the page shows a ratifiable zone of %s; analyze gives %d", x, zone, want.Ratification.Zone)
		}
		if zone == before {
			t.Errorf("moving the US credibility from 0.35 to %v left the ratifiable zone at %s", x, before)
		}
		if !strings.Contains(analyst.text(t, "#results"), "US executive: credibility") || eval[int](t, analyst, `document.querySelectorAll('.control.changed').length`) != 1 {
			t.Error("the change is not highlighted against the stated assumptions")
		}
		// Save it, save a second, compare side by side.
		analyst.do(t, chromedp.SendKeys(chromedp.CSS(`#variants-title ~ .row input[type=text]`), "US up"), chromedp.Click(chromedp.Search(`//button[text()="Save the variant"]`)))
		analyst.wait(t, "the saved variant", `document.querySelector('#variants-title').parentElement.textContent.includes('US up') && document.querySelector('#variants-title').parentElement.querySelector('table')`)
		analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Compare side by side"]`)))
		cmp := analyst.wait(t, "the comparison", `document.querySelector('#comparison-table') && document.querySelector('#comparison-table').textContent`)
		if !strings.Contains(cmp, "US up") || !strings.Contains(cmp, "as written") {
			t.Errorf("the comparison: %s", cmp)
		}
		// Side by side: the number moved, and the zones of both variants
		// as analyze gives them for each file.
		nominal := analyzeText(t, "flagship.yaml", flagshipWith(t, 0.35))
		table := eval[map[string][]string](t, analyst, `Object.fromEntries(Array.from(document.querySelectorAll('#comparison-table tbody tr')).filter(r => r.children.length > 1).map(r => [r.children[0].textContent, Array.from(r.children).slice(1).map(c => c.textContent)]))`)
		for row, want := range map[string][]string{
			"US executive: credibility": {"0.35", v},
			"agreement zone":            {fmt.Sprint(nominal.Zone), fmt.Sprint(want.Zone)},
			"ratifiable zone":           {fmt.Sprint(nominal.Ratification.Zone), fmt.Sprint(want.Ratification.Zone)},
		} {
			if !slices.Equal(table[row], want) {
				t.Errorf("the comparison's row %q: %q, want %q", row, table[row], want)
			}
		}
		// Exported as a scenario file, the variant analyses to the same
		// zones.
		exported := analyst.download(t, `//button[@aria-label="Export US up as YAML"]`, "")
		if got := analyzeText(t, "exported.yaml", exported); got.Zone != want.Zone || got.Ratification.Zone != want.Ratification.Zone {
			t.Errorf("the exported variant analyses to zones of %d and %d; the variant's are %d and %d", got.Zone, got.Ratification.Zone, want.Zone, want.Ratification.Zone)
		}
		analyst.shot(t, "workspace")
		analyst.accessible(t, "workspace")
		analyst.do(t, chromedp.SendKeys(chromedp.CSS(`input[type=search]`), "US executive"))
		analyst.keyboard(t, "workspace (its controls found by a search)")
		// Stored as a scenario of its own, the variant opens on the
		// Analysis page, whose exact analysis gives analyze's zones.
		analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Store as a scenario and analyse it"]`)))
		zones := analyst.wait(t, "the variant's analysis", `location.pathname === '/analysis.html' && document.querySelector('#analysis table') && document.querySelector('#analysis table').textContent`)
		for _, row := range []string{fmt.Sprint("agreement zone", want.Zone), fmt.Sprint("ratifiable zone", want.Ratification.Zone)} {
			if !strings.Contains(zones, row) {
				t.Errorf("the stored variant's analysis does not say %q: %s", row, zones)
			}
		}
	})

	t.Run("analysis", func(t *testing.T) {
		analyst.admin(t)
		if flagship == "" {
			t.Skip("no flagship")
		}
		want := analyzeText(t, "flagship.yaml", flagshipWith(t, 0.35))
		analyst.goTo(t, "/analysis.html?scenario="+flagship, `document.querySelector('#space svg')`)
		zones := analyst.text(t, "#analysis table")
		for _, row := range []string{fmt.Sprint("agreement zone", want.Zone), fmt.Sprint("ratifiable zone", want.Ratification.Zone)} {
			if !strings.Contains(zones, row) {
				t.Errorf("the zones table does not say %q: %s", row, zones)
			}
		}
		res, err := (&load.Loader{}).Sources([]entente.Source{{Name: "flagship.yaml", Data: flagshipWith(t, 0.35)}})
		if err != nil {
			t.Fatal(err)
		}
		sc := res.Scenario
		fns, err := utility.Compile(sc)
		if err != nil {
			t.Fatal(err)
		}
		// utilities checks a package written as the pages write it, and
		// the utilities shown with it, against the scenario's utility
		// functions.
		utilities := func(where, pkg string, got map[string]float64, tol float64) {
			t.Helper()
			m := map[string]any{}
			for _, kv := range strings.Split(pkg, "; ") {
				k, v, ok := strings.Cut(kv, " = ")
				if !ok {
					t.Fatalf("%s: the package %q", where, pkg)
				}
				m[k] = v
			}
			o, err := live.ParsePackage(sc, m)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if len(got) != len(sc.Parties) {
				t.Errorf("%s: %d utilities shown for %d parties", where, len(got), len(sc.Parties))
			}
			for p, f := range fns {
				if u, ok := got[sc.Parties[p].Name]; !ok || math.Abs(u-f.Utility(o)) > tol {
					t.Errorf("%s: %s's utility of %s is %v; the page says %v", where, sc.Parties[p].Name, pkg, f.Utility(o), u)
				}
			}
		}
		// tooltip reads the tooltip: its title, package and utilities.
		tooltip := func() (title, pkg string, us map[string]float64) {
			lines := eval[[]string](t, analyst, `(() => { const t = document.querySelector('#space .tooltip'); return t && !t.hidden ? Array.from(t.children).map(c => c.textContent) : []; })()`)
			if len(lines) < 2+len(sc.Parties) {
				t.Fatalf("the tooltip shows %q", lines)
			}
			us = map[string]float64{}
			for _, l := range lines[2 : 2+len(sc.Parties)] {
				name, v, _ := strings.Cut(l, ": ")
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("the tooltip's line %q", l)
				}
				us[name] = x
			}
			return lines[0], lines[1], us
		}
		// Focus the chart and step through marks with the arrow keys: the
		// tooltip shows each one's package and every party's utility.
		analyst.do(t, chromedp.Focus(chromedp.CSS(`#space svg`)))
		for i := range 3 {
			analyst.press(t, kb.ArrowRight, 1+7*i)
			title, pkg, us := tooltip()
			utilities("the tooltip of "+title, pkg, us, 0.00005+1e-12)
		}
		// Hover: the mouse over the mark the keyboard left shows the same.
		focused, _, _ := tooltip()
		xy := eval[[]float64](t, analyst, `(() => { const r = document.querySelector('#space svg circle[visibility=visible]').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		analyst.do(t, chromedp.Blur(chromedp.CSS(`#space svg`)))
		if _, err := chromedp.Call(analyst.ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: xy[0], Y: xy[1]}); err != nil {
			t.Fatal(err)
		}
		if title, pkg, us := tooltip(); title != focused {
			t.Errorf("hovering the mark of %q shows %q", focused, title)
		} else {
			utilities("hovering "+title, pkg, us, 0.00005+1e-12)
		}

		// The downloads: the CSV's every package with every party's
		// utility, as the utility functions give them, and as many
		// frontier and zone packages as the analysis counts; the SVG and
		// the PNG of the chart.
		name := "space-United States-Russia"
		data := analyst.download(t, `//div[@id="space"]//button[text()="Download CSV"]`, name+".csv")
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("the CSV: %v", err)
		}
		if want := append(append([]string{"kind"}, partyNames(sc)...), "package"); !slices.Equal(rows[0], want) {
			t.Errorf("the CSV's header %q, want %q", rows[0], want)
		}
		kinds := map[string]int{}
		for _, r := range rows[1:] {
			kinds[r[0]]++
			us := map[string]float64{}
			for p, name := range partyNames(sc) {
				if us[name], err = strconv.ParseFloat(r[1+p], 64); err != nil {
					t.Fatalf("the CSV's row %q", r)
				}
			}
			utilities("the CSV's row "+r[0], r[len(r)-1], us, 1e-12)
		}
		if kinds["zone"]+kinds["ratifiable"] != int(want.Zone) || kinds["ratifiable"] != int(want.Ratification.Zone) || kinds["pareto"] != len(want.Pareto) {
			t.Errorf("the CSV holds %v; the analysis has %d packages in the zone, %d ratifiable, %d on the frontier", kinds, want.Zone, want.Ratification.Zone, len(want.Pareto))
		}
		svgData := analyst.download(t, `//div[@id="space"]//button[text()="Download SVG"]`, name+".svg")
		var doc struct {
			XMLName xml.Name
			Title   string `xml:"title"`
		}
		if err := xml.Unmarshal(svgData, &doc); err != nil || doc.XMLName.Local != "svg" || doc.Title != "Utility space of United States and Russia" || bytes.Contains(svgData, []byte("tabindex")) {
			t.Errorf("the SVG: %v, %+v", err, doc)
		}
		pngData := analyst.download(t, `//div[@id="space"]//button[text()="Download PNG"]`, name+".png")
		if cfg, err := png.DecodeConfig(bytes.NewReader(pngData)); err != nil || cfg.Width != 1280 || cfg.Height != 1120 {
			t.Errorf("the PNG: %v, %+v", err, cfg)
		}
		// Robustness, as a job with progress, and its tornado.
		eval[bool](t, analyst, `(() => { window.__progress = false; const p = document.querySelector('#robustness progress');
			new MutationObserver(() => { if (!p.closest('[hidden]')) window.__progress = true; }).observe(p.parentElement, {attributes: true}); return true; })()`)
		analyst.choose(t, `#robustness input[type=number]`, "120")
		analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Run the robustness analysis"]`)))
		analyst.wait(t, "the tornado", `document.querySelector('#robustness svg')`)
		if !eval[bool](t, analyst, `window.__progress`) {
			t.Error("the robustness run showed no progress")
		}
		if s := analyst.text(t, "#robustness table caption"); s != "Over 120 draws (seed 1)" {
			t.Errorf("the robustness table: %q", s)
		}
		analyst.shot(t, "analysis")
		analyst.accessible(t, "analysis")
		analyst.keyboard(t, "analysis")
	})

	t.Run("forecast", func(t *testing.T) {
		analyst.admin(t)
		analyst.goTo(t, "/forecast.html", `document.querySelector('input[type=file]')`)
		abs, err := filepath.Abs("../examples/ceasefire.yaml")
		if err != nil {
			t.Fatal(err)
		}
		analyst.do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{abs}), chromedp.SetValue(chromedp.CSS(`input[type=number]`), "40"),
			chromedp.Click(chromedp.Search(`//button[text()="Run the forecast"]`)))
		analyst.wait(t, "the forecast", `document.querySelectorAll('#forecast figure').length >= 4`)
		// The compromise forecast of the withdrawal, by hand from the
		// file: the capability × salience weighted mean of the positions.
		w := []float64{60 * 0.7, 30 * 0.9, 25 * 0.6, 40 * 0.5}
		x := []float64{90, 14, 45, 30}
		var sw, swx float64
		for i := range w {
			sw += w[i]
			swx += w[i] * x[i]
		}
		row := eval[string](t, analyst, `Array.from(document.querySelectorAll('#forecast section[aria-label="issue withdrawal"] table tbody tr')).map(r => r.textContent).find(t => t.startsWith('compromise')) || ''`)
		if want := strconv.FormatFloat(swx/sw, 'f', 2, 64); !strings.HasPrefix(row, "compromise") || !strings.Contains(row, want) {
			t.Errorf("the compromise forecast of the withdrawal: %q, want %s", row, want)
		}
		// Every model side by side, with its interval, and every model's
		// warning: the page against the job's document.
		var jobs struct{ Jobs []struct{ ID string } }
		h.must(http.StatusOK, "GET", "/api/v1/jobs?kind=forecast", adminToken, nil, &jobs)
		var fc struct {
			Result struct {
				Models []string
				Runs   int
				Issues []struct {
					Issue     string
					Forecasts map[string]float64
					Notes     map[string]string
					Intervals map[string]struct{ Low, High float64 }
				}
			}
		}
		h.must(http.StatusOK, "GET", "/api/v1/jobs/"+jobs.Jobs[0].ID, adminToken, nil, &fc)
		if fc.Result.Runs != 40 || len(fc.Result.Issues) != 2 {
			t.Fatalf("the forecast job: %d runs, %d issues", fc.Result.Runs, len(fc.Result.Issues))
		}
		for _, is := range fc.Result.Issues {
			sec := fmt.Sprintf(`#forecast section[aria-label="issue %s"]`, is.Issue)
			rows := eval[[]string](t, analyst, `Array.from(document.querySelectorAll('`+sec+` table tbody tr')).map(r => Array.from(r.children).map(c => c.textContent).join('|'))`)
			var want []string
			for _, m := range fc.Result.Models {
				iv, ok := is.Intervals[m]
				ivText := "failed in every run"
				if ok {
					ivText = short(iv.Low) + " to " + short(iv.High)
				}
				want = append(want, m+"|"+short(is.Forecasts[m])+"|"+ivText)
			}
			if !slices.Equal(rows, want) {
				t.Errorf("%s: the models side by side\n%q\nwant\n%q", is.Issue, rows, want)
			}
			if n := eval[int](t, analyst, `document.querySelectorAll('`+sec+` figure')[0].querySelectorAll('svg text').length`); n < len(fc.Result.Models) {
				t.Errorf("%s: the chart of the models names %d things", is.Issue, n)
			}
			warnings := analyst.text(t, sec+" ul.warnings")
			for m, note := range is.Notes {
				if !strings.Contains(warnings, m+": "+note) {
					t.Errorf("%s: the warnings do not say %q: %s", is.Issue, m+": "+note, warnings)
				}
			}
			for _, m := range fc.Result.Models {
				if _, ok := is.Intervals[m]; !ok && !strings.Contains(warnings, m+": failed in every one of the 40 Monte Carlo runs") {
					t.Errorf("%s: the warnings do not say that %s failed in every run: %s", is.Issue, m, warnings)
				}
			}
		}
		analyst.shot(t, "forecast")
		analyst.accessible(t, "forecast")
		analyst.keyboard(t, "forecast")
	})

	var roomURL, negotiation, ended string // ended: the room's negotiation, once it ended
	t.Run("negotiation room", func(t *testing.T) {
		analyst.admin(t)
		laptop := h.scenario("laptop")
		analyst.goTo(t, "/negotiations.html?scenario="+laptop, `document.querySelector('#main table select')`)
		// The buyer is a person; the shop a built-in conceder.
		analyst.choose(t, `#main table tbody tr:nth-child(1) td:nth-child(2) select`, "person")
		analyst.choose(t, `#main table tbody tr:nth-child(2) td:nth-child(2) select`, "builtin")
		analyst.choose(t, `#main table tbody tr:nth-child(2) td:nth-child(3) select`, "conceder")
		analyst.choose(t, `#main .row input[type=number]`, "12")
		analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Create the negotiation"]`)))
		roomURL = analyst.wait(t, "the room link", `document.querySelector('a.room-link[data-party=buyer]') && document.querySelector('a.room-link[data-party=buyer]').href`)
		analyst.shot(t, "negotiations")
		analyst.accessible(t, "negotiations")
		analyst.keyboard(t, "negotiations")
		negotiation = regexp.MustCompile(`negotiation=([A-Z0-9]+)`).FindStringSubmatch(roomURL)[1]
		analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Start the negotiation"]`)))
		analyst.wait(t, "the start", `document.querySelector('#list-title').parentElement.textContent.includes('running')`)

		// The person opens the link in a browser of their own.
		res, err := load.Example("laptop")
		if err != nil {
			t.Fatal(err)
		}
		fns, err := utility.Compile(res.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		person := b.open(t, "buyer", true)
		person.do(t, chromedp.Navigate(roomURL))
		person.wait(t, "the buyer's turn", `document.querySelector('#turn') && document.querySelector('#turn').textContent.includes('Your turn')`)
		if loc := eval[string](t, person, `location.href`); strings.Contains(loc, "token") {
			t.Errorf("the token stays in the address: %s", loc)
		}
		// Build an offer with the keyboard: Basalt 14, 16 GB, 12.
		pick := func(option string) {
			person.do(t, chromedp.Focus(chromedp.CSS(fmt.Sprintf(`fieldset.issue input[type=radio][value=%q]`, option))), chromedp.KeyEvent(" "))
		}
		pick("Basalt 14")
		pick("16 GB")
		person.do(t, chromedp.SetValue(chromedp.CSS(`fieldset.issue input[type=number]`), ""), chromedp.SendKeys(chromedp.CSS(`fieldset.issue input[type=number]`), "12"))
		// By hand from laptop.yaml: 0.3 × 0.6 + 0.25 × 0.7 + 0.45 × (1 − 0.25 × 2).
		u := person.wait(t, "the offer's utility", `(() => { const u = document.querySelector('#utility'); return u && u.textContent === '0.58' ? u.textContent : ''; })()`)
		if u != "0.58" {
			t.Errorf("the offer's utility %s", u)
		}
		person.shot(t, "room")
		person.accessible(t, "room")
		person.keyboard(t, "room")
		// The rest on a narrow screen (a phone's 400 px): nothing wider
		// than the window, everything still reachable.
		person.do(t, chromedp.EmulateViewport(400, 860))
		person.fits(t, "room at 400 px")
		person.shot(t, "room-narrow")
		person.accessible(t, "room at 400 px")
		person.do(t, chromedp.Focus(chromedp.CSS(`#offer`)), chromedp.KeyEvent(kb.Enter))
		// Offer until round 3, then accept what the shop offers.
		for round := 2; ; round++ {
			st := person.wait(t, "the next turn or the end", `document.querySelector('#end') ? 'end' : (document.querySelector('#turn').textContent.includes('Your turn') && !document.querySelector('#accept').disabled ? 'turn' : '')`)
			if st == "end" {
				break
			}
			if round >= 3 {
				person.do(t, chromedp.Focus(chromedp.CSS(`#accept`)), chromedp.KeyEvent(kb.Enter))
			} else {
				person.do(t, chromedp.Focus(chromedp.CSS(`#offer`)), chromedp.KeyEvent(kb.Enter))
			}
			if round > 12 {
				t.Fatal("no end after 12 rounds")
			}
		}
		end := person.text(t, "#end")
		if !strings.Contains(end, "Agreement") {
			t.Fatalf("the end: %s", end)
		}
		var result struct {
			Agreement bool
			Package   map[string]any
		}
		h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+negotiation+"/result", adminToken, nil, &result)
		o, err := live.ParsePackage(res.Scenario, result.Package)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := person.text(t, "#final-utility"), strconv.FormatFloat(fns[0].Utility(o), 'f', 3, 64); strings.TrimRight(strings.TrimRight(want, "0"), ".") != got {
			t.Errorf("the buyer's utility of the agreement: the page says %s, the scenario gives %s", got, want)
		}
		// The history lists every offer with the buyer's own utility, as
		// the scenario's utility function gives it.
		var evs struct {
			Events []struct {
				Seq     int
				Action  string
				Package map[string]any
			}
		}
		h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+negotiation, adminToken, nil, &evs)
		shown := eval[[]string](t, person, `Array.from(document.querySelectorAll('#history li')).map(l => l.querySelector('.u').textContent)`)
		var want []string
		for _, e := range evs.Events {
			if e.Package == nil {
				continue
			}
			o, err := live.ParsePackage(res.Scenario, e.Package)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, short(fns[0].Utility(o)))
		}
		if len(want) < 4 || !slices.Equal(shown, want) {
			t.Errorf("the history shows the buyer's utilities %q; the events' packages give %q", shown, want)
		}
		ended = negotiation
		person.fits(t, "the room's end at 400 px")
		person.shot(t, "room-end-narrow")
	})

	t.Run("second seat", func(t *testing.T) {
		laptop := h.scenario("laptop")
		c := h.create(live.Spec{Scenario: laptop, Rounds: 10, Seats: []live.SeatSpec{{Party: "buyer", Kind: live.Person}, {Party: "shop", Kind: live.Person}}})
		h.must(http.StatusOK, "POST", "/api/v1/negotiations/"+c.ID+"/start", adminToken, nil, nil)
		room := func(tok string) string {
			return "http://" + b.host + "/room.html?negotiation=" + c.ID + "#token=" + tok
		}
		buyer := b.open(t, "buyer 2", true)
		shop := b.open(t, "shop", true)
		buyer.do(t, chromedp.Navigate(room(c.Seats[0].Token)))
		shop.do(t, chromedp.Navigate(room(c.Seats[1].Token)))
		buyer.wait(t, "the buyer's turn", `document.querySelector('#turn') && document.querySelector('#turn').textContent.includes('Your turn')`)
		shop.wait(t, "the shop's room", `document.querySelector('#preferences')`)
		// The admin watches the running negotiation in the viewer, live.
		analyst.admin(t)
		analyst.goTo(t, "/viewer.html?negotiation="+c.ID, `document.querySelector('#step-text') && document.querySelector('#step-text').textContent === 'No offer yet.'`)
		buyer.do(t, chromedp.Click(chromedp.CSS(`#offer`)))
		analyst.wait(t, "the viewer shows the buyer's offer", `document.querySelector('#step-text').textContent.startsWith('Step 1 of 1: buyer offers (round 1)')`)
		shop.wait(t, "the shop's turn", `document.querySelector('#turn').textContent.includes('Your turn') && document.querySelectorAll('#history li .u').length && !document.querySelector('#history li .u').textContent.includes('…')`)
		shop.do(t, chromedp.Click(chromedp.CSS(`#offer`)))
		buyer.wait(t, "the buyer sees the shop's offer", `document.querySelectorAll('#history li').length >= 2 && document.querySelector('#turn').textContent.includes('Your turn')`)
		analyst.wait(t, "the viewer shows the shop's offer", `document.querySelector('#step-text').textContent.startsWith('Step 2 of 2: shop offers (round 1)') && document.querySelector('#status').textContent === 'running'`)

		// The shop's page shows the shop's own preferences, and only
		// them: every bar of its preferences, read from the page, against
		// laptop-seller.yaml by hand.
		prefs := shop.text(t, "#preferences")
		if !strings.Contains(prefs, "Your preferences (shop)") || shop.text(t, "#walk-away") != "0.4" || strings.Contains(prefs, "(buyer)") {
			t.Errorf("the shop's preferences: %s", prefs)
		}
		shown := shop.bars(t, "#preferences")
		wantBars := map[string]string{
			"weights":          "memory: 0.15; model: 0.25; price: 0.6",
			"values of model":  "Aero 13: 0.5; Basalt 14: 1; Cobalt 16: 0.8",
			"values of memory": "16 GB: 0.6; 32 GB: 0.1; 8 GB: 1",
		}
		if !maps.Equal(shown, wantBars) {
			t.Errorf("the shop's page shows the preferences\n%v\nwant the shop's own\n%v", shown, wantBars)
		}
		// The buyer's description is only in the buyer's part of the
		// scenario: a marker no page or message of the shop may carry.
		const buyerOnly = "A student who wants a light machine"
		if !strings.Contains(buyer.text(t, "#preferences"), buyerOnly) {
			t.Error("the buyer's page does not show the buyer's description")
		}
		if html := eval[string](t, shop, `document.documentElement.outerHTML`); strings.Contains(html, buyerOnly) {
			t.Error("the shop's page holds the buyer's description")
		}
		// Nothing the shop's browser received holds the buyer's numbers,
		// and it asked for nothing but its own seat's.
		res, err := load.Example("laptop")
		if err != nil {
			t.Fatal(err)
		}
		fns, err := utility.Compile(res.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		sec := secrets{}
		for p, f := range fns {
			sec.add(p, f.Reservation())
		}
		var evs struct {
			Events []struct{ Package map[string]any }
		}
		h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+c.ID, adminToken, nil, &evs)
		for _, e := range evs.Events {
			if e.Package != nil {
				o, err := live.ParsePackage(res.Scenario, e.Package)
				if err != nil {
					t.Fatal(err)
				}
				for p, f := range fns {
					sec.add(p, f.Utility(o))
				}
			}
		}
		for p := range res.Scenario.Parties[0].Preferences.Weights {
			sec.add(0, res.Scenario.Parties[0].Preferences.Weights[p])
		}
		names := []string{"buyer", "shop"}
		shop.mu.Lock()
		ids, paths, frames := slices.Clone(shop.api), slices.Clone(shop.paths), slices.Clone(shop.frames)
		auth := slices.Collect(maps.Keys(shop.auth))
		shop.mu.Unlock()
		var bodies [][]byte
		for _, id := range ids {
			r, err := chromedp.Call(shop.ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
			if err == nil {
				bodies = append(bodies, r.Body)
			}
		}
		if len(bodies) < 2 || len(frames) < 3 {
			t.Fatalf("the shop's browser received %d API answers and %d live messages", len(bodies), len(frames))
		}
		for _, body := range append(bodies, frames...) {
			if strings.Contains(string(body), buyerOnly) {
				t.Errorf("the shop's browser received the buyer's description in %s", body)
			}
			if l := sec.leaks(1, names, body); len(l) > 0 {
				t.Errorf("the shop's browser received %v in %s", l, body)
			}
			var doc struct {
				Preferences json.RawMessage
				You         *struct{ Preferences json.RawMessage }
			}
			if json.Unmarshal(body, &doc) == nil && (strings.Contains(string(doc.Preferences), `"buyer"`) || doc.You != nil && strings.Contains(string(doc.You.Preferences), `"buyer"`)) {
				t.Errorf("the shop's browser received the buyer's preferences")
			}
		}
		if text := shop.text(t, "body"); strings.Contains(text, "Your preferences (buyer)") {
			t.Error("the shop's page shows the buyer's preferences")
		}
		for _, a := range auth {
			if a != "Bearer "+c.Seats[1].Token {
				t.Errorf("the shop's browser sent another credential: %.12s…", a)
			}
		}
		for _, p := range paths {
			if strings.HasPrefix(p, "/api/") && !strings.HasPrefix(p, "/api/v1/negotiations/"+c.ID) {
				t.Errorf("the shop's browser asked for %s", p)
			}
		}
		if st := eval[string](t, shop, `JSON.stringify(Object.keys(sessionStorage))`); st != `["entente.seat.`+c.ID+`"]` {
			t.Errorf("the shop's tab keeps %s", st)
		}
	})

	t.Run("viewer", func(t *testing.T) {
		analyst.admin(t)
		if ended == "" {
			t.Skip("no negotiation ended in the room")
		}
		negotiation := ended
		trace := h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+negotiation+"/trace", adminToken, nil, nil)
		// Every package of the trace, with both parties' utilities from
		// the scenario's own utility functions: what each step must show.
		res, err := load.Example("laptop")
		if err != nil {
			t.Fatal(err)
		}
		fns, err := utility.Compile(res.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, line := range strings.Split(strings.TrimSpace(string(trace)), "\n")[1:] {
			var ev struct{ Package map[string]any }
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatalf("the trace: %v: %s", err, line)
			}
			if ev.Package == nil {
				continue
			}
			o, err := live.ParsePackage(res.Scenario, ev.Package)
			if err != nil {
				t.Fatal(err)
			}
			steps = append(steps, fmt.Sprintf("buyer %s, shop %s.", short(fns[0].Utility(o)), short(fns[1].Utility(o))))
		}
		n := len(steps)
		analyst.goTo(t, "/viewer.html?negotiation="+negotiation, `document.querySelector('#step-text') && document.querySelector('#step-text').textContent.includes('Step')`)
		if s := analyst.text(t, "#step-text"); !strings.HasPrefix(s, fmt.Sprintf("Step %d of %d: agreement", n, n)) {
			t.Errorf("the viewer's last step: %q (the trace has %d packages)", s, n)
		}
		analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="First"]`)))
		if s := analyst.text(t, "#step-text"); !strings.HasPrefix(s, fmt.Sprintf("Step 1 of %d: buyer offers", n)) {
			t.Errorf("the viewer's first step: %q", s)
		}
		// Step through with the Next button: each step shows its package's
		// utilities.
		for i := range n {
			if i > 0 {
				analyst.do(t, chromedp.Click(chromedp.Search(`//button[text()="Next"]`)))
			}
			s := analyst.text(t, "#step-text")
			if !strings.HasPrefix(s, fmt.Sprintf("Step %d of %d: ", i+1, n)) || !strings.HasSuffix(s, steps[i]) {
				t.Errorf("step %d shows %q; its package's utilities are %s", i+1, s, steps[i])
			}
			if got := eval[string](t, analyst, `document.querySelector('#viewer input[type=range]').value`); got != strconv.Itoa(i) {
				t.Errorf("step %d: the slider is at %s", i+1, got)
			}
		}
		analyst.wait(t, "the frontier behind the offers", `document.querySelectorAll('#viewer svg path').length > 20 && !Array.from(document.querySelectorAll('progress')).some(p => !p.closest('[hidden]'))`)
		analyst.shot(t, "viewer")
		analyst.accessible(t, "viewer")
		analyst.keyboard(t, "viewer")
	})

	t.Run("abort", func(t *testing.T) {
		analyst.admin(t)
		c := h.create(live.Spec{Scenario: h.scenario("laptop"), Rounds: 20, Seats: []live.SeatSpec{{Party: "buyer", Kind: live.Person}, {Party: "shop", Kind: live.Person}}})
		h.must(http.StatusOK, "POST", "/api/v1/negotiations/"+c.ID+"/start", adminToken, nil, nil)
		button := fmt.Sprintf(`button[aria-label="Abort %s"]`, c.ID)
		analyst.goTo(t, "/negotiations.html", fmt.Sprintf(`document.querySelector('%s')`, button))
		// The page asks for a confirmation first: answer yes.
		eval[bool](t, analyst, `(window.confirm = () => true, true)`)
		analyst.do(t, chromedp.Click(chromedp.CSS(button)))
		analyst.wait(t, "the aborted negotiation listed as cancelled", fmt.Sprintf(`Array.from(document.querySelectorAll('tr')).some(r => r.textContent.includes(%q) && r.textContent.includes('cancelled')) && !document.querySelector('%s')`, c.ID, button))
		var n struct {
			Status string
			Result *struct{ Status, Reason string }
		}
		h.must(http.StatusOK, "GET", "/api/v1/negotiations/"+c.ID, adminToken, nil, &n)
		if n.Status != "cancelled" || n.Result == nil || n.Result.Reason != live.AbortReason {
			t.Errorf("after the Abort button: %+v (result %+v)", n, n.Result)
		}
	})

	t.Run("tournaments", func(t *testing.T) {
		analyst.admin(t)
		plan := "tournament: 1\nname: pages\nseed: 2\nscenarios: [laptop]\nnegotiators: [conceder, boulware, hardliner]\nrepetitions: 1\ndeadline: {rounds: 60}\n"
		analyst.goTo(t, "/tournaments.html", `document.querySelector('textarea')`)
		analyst.do(t, chromedp.SetValue(chromedp.CSS(`textarea`), plan), chromedp.Click(chromedp.Search(`//button[text()="Run the tournament"]`)))
		count := analyst.wait(t, "the finished league table", `(() => { const c = document.querySelector('#league-count'); return c && /^(\d+) of \1 negotiations played\./.test(c.textContent) ? c.textContent : ''; })()`)
		var jobs struct{ Jobs []struct{ ID string } }
		h.must(http.StatusOK, "GET", "/api/v1/jobs?kind=tournament", adminToken, nil, &jobs)
		var league struct {
			Negotiations int
			Tables       []struct{ Standings []struct{ Negotiator string } }
		}
		h.must(http.StatusOK, "GET", "/api/v1/tournaments/"+jobs.Jobs[0].ID+"/league", adminToken, nil, &league)
		if !strings.HasPrefix(count, fmt.Sprintf("%d of %d", league.Negotiations, league.Negotiations)) {
			t.Errorf("the page says %q; the league has %d negotiations", count, league.Negotiations)
		}
		// Each negotiator's row against its negotiations' records: by
		// hand from the plan, 3 negotiators meet in 6 negotiations (each
		// ordered pair once), 4 each; the mean of its own discounted
		// utilities and its share of agreements (each match is one
		// negotiation here: one repetition, one scenario).
		raw := h.must(http.StatusOK, "GET", "/api/v1/tournaments/"+jobs.Jobs[0].ID+"/results", adminToken, nil, nil)
		type tally struct {
			n, agreed int
			u         float64
		}
		per := map[string]*tally{}
		records := 0
		for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			var r struct {
				Roles      []string
				Agreement  bool
				Discounted []float64 `json:"discounted_utilities"`
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("a result: %v: %s", err, line)
			}
			records++
			for i, neg := range r.Roles {
				if per[neg] == nil {
					per[neg] = &tally{}
				}
				per[neg].n++
				per[neg].u += r.Discounted[i]
				if r.Agreement {
					per[neg].agreed++
				}
			}
		}
		if records != 6 {
			t.Errorf("%d negotiations played; the plan makes 6", records)
		}
		rows := eval[[][]string](t, analyst, `Array.from(document.querySelectorAll('#league table tbody tr')).map(r => Array.from(r.children).map(c => c.textContent))`)
		if len(rows) != 3 {
			t.Fatalf("the league table: %q", rows)
		}
		prev := math.Inf(1)
		for i, r := range rows {
			tl := per[r[1]]
			if tl == nil || tl.n != 4 {
				t.Errorf("row %d: %q; the records: %+v", i+1, r, tl)
				continue
			}
			mean, share := tl.u/4, float64(tl.agreed)/4
			if r[0] != strconv.Itoa(i+1) || r[2] != "4" || !strings.HasPrefix(r[3], short(mean)+" ") || !strings.HasPrefix(r[4], short(share)+" ") {
				t.Errorf("row %d: %q; its records give played 4, utility %s, agreements %s", i+1, r, short(mean), short(share))
			}
			if mean > prev {
				t.Errorf("row %d: %s's utility %v is above the row before it", i+1, r[1], mean)
			}
			prev = mean
		}
		if s := analyst.text(t, "#main .row [role=status]"); s != "done" {
			t.Errorf("the tournament's progress says %q", s)
		}
		analyst.shot(t, "tournaments")
		analyst.accessible(t, "tournaments")
		analyst.keyboard(t, "tournaments")
	})

	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		t.Error(p)
	}
	if len(b.requests) < 4*b.pages {
		t.Errorf("only %d requests recorded for %d pages opened: the recording does not work", len(b.requests), b.pages)
	}
}

// short writes a utility as the pages do: three decimals at most, without
// trailing zeros.
func short(x float64) string {
	return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
}

// partyNames returns the names of a scenario's parties.
func partyNames(sc *entente.Scenario) []string {
	var out []string
	for _, p := range sc.Parties {
		out = append(out, p.Name)
	}
	return out
}
