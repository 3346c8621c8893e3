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
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/atomicfile"
	"github.com/entente/entente/internal/progress"
	document "github.com/entente/entente/report"
	"github.com/entente/entente/tournament"
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
beside it (NAME-figures/), which a new report replaces whole; a folder
there that holds other files is refused unless --replace is given. Every
output is written completely or not at all: interrupted (Ctrl-C, SIGTERM),
report writes nothing and exits with status 130 (143 for SIGTERM). With
-o - the HTML goes to standard output. With --serve ADDR the report is also
served over HTTP (e.g. --serve 8080) until Ctrl-C: on localhost unless ADDR
names another host (0.0.0.0:8080 serves every interface), to GET and HEAD
requests only.`,
		example: `  entente report ceasefire
  entente report -o out/report.html --samples 2000 --seed 7 examples/ceasefire.yaml
  entente report --serve localhost:8080 ceasefire`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			o := &reportOptions{}
			fs.StringVar(&o.html, "o", "", "the HTML file to write (default: SCENARIO-NAME.html; - for standard output)")
			fs.StringVar(&o.md, "markdown", "", "the Markdown file to write (default: beside the HTML, .md, none with -o -; - for none)")
			fs.BoolVar(&o.replace, "replace", false, "replace a charts folder that holds other files than an earlier report's charts")
			fs.IntVar(&o.opt.Samples, "samples", 1000, "robustness draws of the uncertain numbers")
			fs.IntVar(&o.opt.Runs, "runs", 1000, "forecast Monte Carlo runs")
			fs.IntVar(&o.opt.Sessions, "sessions", 1000, "the most simulated negotiations per protocol and kind of agent; they stop once every 95% interval is within ±5 points")
			fs.IntVar(&o.opt.Rounds, "rounds", 200, "rounds of each simulated negotiation")
			fs.Uint64Var(&o.opt.Seed, "seed", 1, "the seed of every random choice")
			fs.IntVar(&o.opt.Resolution, "resolution", 11, "grid points per real issue")
			fs.StringVar(&o.serve, "serve", "", "also serve the report over HTTP at this address (PORT or HOST:PORT; localhost unless a host is given)")
			fs.Uint64Var(&o.opt.MaxOutcomes, "max-outcomes", 1<<26, "refuse spaces larger than this")
			return func(args []string) error { return writeReport(out, args, o) }
		},
	})
}

type reportOptions struct {
	html, md, serve string
	replace         bool
	opt             document.Options
}

var figureName = regexp.MustCompile(`^figure-[0-9]+\.svg$`)

// ownFigures reports whether dir is a charts folder that an earlier report
// wrote: it holds figure-N.svg files and nothing else. The report replaces
// such a folder whole; any other folder with files needs --replace.
func ownFigures(dir string) bool {
	es, err := os.ReadDir(dir)
	if err != nil || len(es) == 0 {
		return false
	}
	for _, e := range es {
		if !e.Type().IsRegular() || !figureName.MatchString(e.Name()) {
			return false
		}
	}
	return true
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func writeReport(out *output, args []string, o *reportOptions) error {
	if len(args) == 0 {
		return usagef("name a scenario to report on")
	}
	if o.opt.Samples < 0 || o.opt.Runs < 0 || o.opt.Sessions < 0 || o.opt.Rounds < 1 {
		return usagef("--samples, --runs and --sessions must be at least 0, --rounds at least 1")
	}
	if o.opt.Rounds > tournament.MaxRounds {
		return usagef("--rounds %d: a negotiation takes at most %d rounds", o.opt.Rounds, tournament.MaxRounds)
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
		if ln, err = net.Listen("tcp", serveAddr(o.serve)); err != nil {
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
	if err := checkReport(s, fm, o.opt, out.in); err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	ctx, release := guardMemory(ctx, out.in.maxMemory())
	defer release()
	o.opt.Progress = progress.Stages(out.stderr, "report")
	doc, err := document.Build(ctx, s, fm, o.opt)
	// An interrupted build is no report: write nothing.
	if err := stopped(ctx); err != nil {
		return err
	}
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
	md := o.md
	if md == "" && html != "-" {
		md = strings.TrimSuffix(html, filepath.Ext(html)) + ".md"
	}
	// Everything is rendered before anything is written; each output is
	// then written whole (the charts' folder too) or not at all.
	var markdown bytes.Buffer
	var figs *atomicfile.Dir
	dir := ""
	if md != "" && md != "-" {
		// The charts go into a folder beside the Markdown, which links to
		// them (Markdown viewers do not show data addresses).
		dir = strings.TrimSuffix(md, filepath.Ext(md)) + "-figures"
		if figs, err = atomicfile.CreateDir(dir, o.replace || ownFigures(dir)); err != nil {
			return outputError(dir, err)
		}
		defer figs.Abort()
		figures := func(n int, svg []byte) (string, error) {
			name := fmt.Sprintf("figure-%d.svg", n)
			if err := figs.WriteFile(name, svg); err != nil {
				return "", outputError(filepath.Join(dir, name), err)
			}
			return filepath.ToSlash(filepath.Join(filepath.Base(dir), name)), nil
		}
		if err := doc.Markdown(&markdown, figures); err != nil {
			return err
		}
	}
	var written []string
	if figs != nil {
		if err := figs.Commit(); err != nil {
			return outputError(dir, err)
		}
		if err := writeFile(md, markdown.Bytes()); err != nil {
			return err
		}
		written = append(written, md+" (charts in "+dir+")")
	}
	if err := writeOutput(out, html, page.Bytes()); err != nil {
		return err
	}
	if html != "-" {
		written = append([]string{html}, written...)
	}
	// The HTML may have gone to standard output: say what was written on
	// standard error then.
	say := out.stdout
	if html == "-" {
		say = out.stderr
	}
	if len(written) > 0 {
		fmt.Fprintf(say, "wrote %s\n", strings.Join(written, " and "))
	}
	if o.serve == "" {
		return nil
	}
	srv := reportServer(page.Bytes())
	fmt.Fprintf(say, "serving the report at http://%s/ (Ctrl-C to stop)\n", ln.Addr())
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

// serveAddr is the address --serve binds: as given when it names a host
// (0.0.0.0:8080 to serve every interface), else on localhost (":8080" and
// "8080" bind localhost:8080), so that a report is not published to the
// network by accident.
func serveAddr(s string) string {
	if !strings.Contains(s, ":") {
		return net.JoinHostPort("localhost", s)
	}
	if host, port, err := net.SplitHostPort(s); err == nil && host == "" {
		return net.JoinHostPort("localhost", port)
	}
	return s
}

// reportServer serves the page at / to GET and HEAD requests only (405
// otherwise), with limits on header size and on the time a client may
// take to send its request, to read the answer and to stay idle.
func reportServer(page []byte) *http.Server {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed: the report answers GET and HEAD only", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		if r.Method == http.MethodHead {
			return
		}
		w.Write(page) //nolint:errcheck // the client went away
	})
	return &http.Server{
		Handler:           h,
		MaxHeaderBytes:    8 << 10,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       30 * time.Second,
	}
}
