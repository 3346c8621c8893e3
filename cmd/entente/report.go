package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/progress"
	document "github.com/entente/entente/report"
)

func init() {
	register(&command{
		name:    "report",
		args:    "[flags] SCENARIO",
		summary: "write the full analysis of a scenario as a self-contained HTML report",
		help: `Report analyses a scenario end to end and writes one self-contained HTML
file (charts inline, no external requests, readable offline and printable)
and a Markdown version: a plain-language summary, the assumptions with
their sources and ranges, the agreement zone, the designs of any guarantee,
the spatial forecast of the scenario's forecast section, simulated
negotiations under direct offers and a mediated single text, and what the
model cannot tell. Sections that do not apply to a scenario are left out.

The Markdown links to its charts, written as SVG files into a folder
beside it (NAME-figures/). With --serve ADDR the report is also served over
HTTP (e.g. --serve localhost:8080) until Ctrl-C.`,
		example: `  entente report ceasefire
  entente report -o out/report.html --samples 2000 --seed 7 examples/ceasefire.yaml
  entente report --serve localhost:8080 ceasefire`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			o := &reportOptions{}
			fs.StringVar(&o.html, "o", "", "the HTML file to write (default: SCENARIO-NAME.html)")
			fs.StringVar(&o.md, "markdown", "", "the Markdown file to write (default: beside the HTML, .md; - for none)")
			fs.IntVar(&o.opt.Samples, "samples", 1000, "robustness draws of the uncertain numbers")
			fs.IntVar(&o.opt.Runs, "runs", 1000, "forecast Monte Carlo runs")
			fs.IntVar(&o.opt.Sessions, "sessions", 1000, "the most simulated negotiations per protocol and kind of agent; they stop once every 95% interval is within ±5 points")
			fs.IntVar(&o.opt.Rounds, "rounds", 200, "rounds of each simulated negotiation")
			fs.Uint64Var(&o.opt.Seed, "seed", 1, "the seed of every random choice")
			fs.IntVar(&o.opt.Resolution, "resolution", 11, "grid points per real issue")
			fs.StringVar(&o.serve, "serve", "", "also serve the report over HTTP at this address (host:port)")
			fs.Uint64Var(&o.opt.MaxOutcomes, "max-outcomes", 1<<26, "refuse spaces larger than this")
			return func(args []string) error { return writeReport(out, args, o) }
		},
	})
}

type reportOptions struct {
	html, md, serve string
	opt             document.Options
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func writeReport(out *output, args []string, o *reportOptions) error {
	if len(args) == 0 {
		return usagef("name a scenario to report on")
	}
	if o.opt.Samples < 0 || o.opt.Runs < 0 || o.opt.Sessions < 0 || o.opt.Rounds < 1 {
		return usagef("--samples, --runs and --sessions must be at least 0, --rounds at least 1")
	}
	// 0 means "none" on the command line; the package reads 0 as the default.
	for _, v := range []*int{&o.opt.Samples, &o.opt.Runs, &o.opt.Sessions} {
		if *v == 0 {
			*v = -1
		}
	}
	if o.md != "" && o.md != "-" && o.html != "" && filepath.Clean(o.md) == filepath.Clean(o.html) {
		return usagef("-o and --markdown name the same file %s", o.html)
	}
	if strings.EqualFold(filepath.Ext(o.html), ".md") {
		return usagef("-o names the HTML file; write the Markdown with --markdown %s", o.html)
	}
	// Bind the address first, so that a bad one fails at once.
	var ln net.Listener
	if o.serve != "" {
		var err error
		if ln, err = net.Listen("tcp", o.serve); err != nil {
			return usagef("--serve %s: %v", o.serve, err)
		}
		defer ln.Close()
	}
	res, err := loadScenario(out, args)
	if err != nil {
		return err
	}
	s := res.Scenario
	var fm *forecast.Model
	if src := res.Source; len(src.Data) > 0 && forecast.InScenario(src.Data) {
		if fm, err = forecast.Read(src.Name, src.Data); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if progress.IsTerminal(out.stderr) {
		o.opt.Progress = func(stage string) { fmt.Fprintf(out.stderr, "report: %s\n", stage) }
	}
	doc, err := document.Build(ctx, s, fm, o.opt)
	if err != nil {
		return err
	}
	var page bytes.Buffer
	if err := doc.HTML(&page); err != nil {
		return err
	}
	html := o.html
	if html == "" {
		base := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(s.Name), "-"), "-")
		if base == "" {
			base = "report"
		}
		html = base + ".html"
	}
	if err := writeFile(html, page.Bytes()); err != nil {
		return err
	}
	written := []string{html}
	if o.md != "-" {
		md := o.md
		if md == "" {
			md = strings.TrimSuffix(html, filepath.Ext(html)) + ".md"
		}
		// The charts go into a folder beside the Markdown, which links to
		// them (Markdown viewers do not show data addresses).
		dir := strings.TrimSuffix(md, filepath.Ext(md)) + "-figures"
		figures := func(n int, svg []byte) (string, error) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return "", &entente.Error{Code: entente.EInvalid, File: dir, Message: "cannot create the folder: " + err.Error()}
			}
			name := fmt.Sprintf("figure-%d.svg", n)
			if err := writeFile(filepath.Join(dir, name), svg); err != nil {
				return "", err
			}
			return filepath.ToSlash(filepath.Join(filepath.Base(dir), name)), nil
		}
		var buf bytes.Buffer
		if err := doc.Markdown(&buf, figures); err != nil {
			return err
		}
		if err := writeFile(md, buf.Bytes()); err != nil {
			return err
		}
		written = append(written, md+" (charts in "+dir+")")
	}
	fmt.Fprintf(out.stdout, "wrote %s\n", strings.Join(written, " and "))
	if o.serve == "" {
		return nil
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
		w.Write(page.Bytes()) //nolint:errcheck // the client went away
	})}
	fmt.Fprintf(out.stdout, "serving the report at http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut) //nolint:errcheck // best effort on the way out
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
