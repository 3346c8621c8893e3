package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/csvcell"
	"github.com/entente/entente/internal/progress"
	"github.com/entente/entente/live/remote"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/report/plot"
	"github.com/entente/entente/store/postgres"
	"github.com/entente/entente/store/sqlite"
	"github.com/entente/entente/store/sqlstore"
	"github.com/entente/entente/tournament"
	"github.com/entente/entente/wire"
)

func init() {
	register(&command{
		name:    "tournament",
		args:    "[run|list|report|export|merge] [flags] PLAN|RESULTS...",
		summary: "run many negotiations in parallel, resumably, and rank the negotiators",
		help: `Tournament plays every negotiation of a plan (a YAML file, see
docs/tournament.md): negotiators × scenarios × role assignments × protocol
settings × repetitions, numbered from 0. It runs them on all cores and
stores each result as it completes, by default in an SQLite file beside the
plan (PLAN.results.db). Interrupted (Ctrl-C, a crash, a kill), the same
command resumes: it runs only the negotiations missing, and the results are
the same as those of an uninterrupted run.

  entente tournament PLAN                  run (or resume) the plan
  entente tournament list PLAN             print the numbered negotiations
  entente tournament report RESULTS        the league table, with --plot DIR charts
  entente tournament export RESULTS        every result as --csv (default) or --json
  entente tournament merge --out FILE R... combine shard results

--shard I/N runs only the negotiations whose number modulo N is I (I from
0), so N machines can share a plan; merge combines their files into exactly
what one run would give. --db postgres://... stores results in PostgreSQL
instead, where many shards can write at once; report and export read
RESULTS given as such a URL too.`,
		example: `  entente tournament plan.yaml
  entente tournament --shard 0/4 --results shard0.db plan.yaml
  entente tournament merge --out all.db shard0.db shard1.db shard2.db shard3.db
  entente tournament report --plot charts all.db`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			o := &tournamentOptions{}
			fs.StringVar(&o.results, "results", "", "the results file (default PLAN.results.db beside the plan)")
			fs.StringVar(&o.db, "db", "", "store the results in PostgreSQL at this URL instead of a file (password: PGPASSWORD, ~/.pgpass or --db-password-file, not the URL)")
			fs.StringVar(&o.dbPasswordFile, "db-password-file", "", "PostgreSQL: read the password from this file (its first line)")
			fs.DurationVar(&o.dbTimeout, "db-timeout", postgres.DefaultTimeout, "PostgreSQL: give up on a server that does not answer for this long")
			fs.StringVar(&o.shard, "shard", "", "run only shard I of N (I/N, I from 0)")
			fs.IntVar(&o.workers, "workers", 0, "negotiations run at once (default: the number of cores)")
			fs.StringVar(&o.out, "out", "", "merge: the results file to write")
			fs.StringVar(&o.plotDir, "plot", "", "report: write charts (utility.svg, agreements.svg, scenarios.svg) to this folder")
			fs.StringVar(&o.plotFormat, "plot-format", "svg", "report: svg or png")
			fs.BoolVar(&o.json, "json", false, "report, export: print JSON")
			fs.BoolVar(&o.csv, "csv", false, "export: print CSV (the default)")
			fs.StringVar(&o.plan, "plan", "", "report, export: the plan's hash (prefix) when a database holds several")
			fs.StringVar(&o.rank, "rank", "utility", "report: rank by mean own utility (utility) or by agreements that survive ratification (ratified)")
			return func(args []string) error { return runTournament(out, args, o) }
		},
	})
}

type tournamentOptions struct {
	results, db, shard, out string
	dbPasswordFile          string
	dbTimeout               time.Duration
	plotDir, plotFormat     string
	plan, rank              string
	workers                 int
	json, csv               bool
}

func runTournament(out *output, args []string, o *tournamentOptions) error {
	if len(args) == 0 {
		return usagef("name a plan to run, or one of list, report, export, merge")
	}
	switch args[0] {
	case "run":
		return tournamentRun(out, args[1:], o)
	case "list":
		return tournamentList(out, args[1:])
	case "report":
		return tournamentReport(out, args[1:], o)
	case "export":
		return tournamentExport(out, args[1:], o)
	case "merge":
		return tournamentMerge(out, args[1:], o)
	}
	return tournamentRun(out, args, o)
}

func readPlan(in *inputOptions, args []string) (*tournament.Plan, string, error) {
	if len(args) != 1 {
		return nil, "", usagef("name one plan file")
	}
	p, err := tournament.PlanReader{Limits: in.limits(), Allow: in.allow}.Read(args[0])
	if p != nil {
		p.MaxMemory = in.maxMemory()
		p.Remote = func(url string) protocol.Negotiator { return remote.New(url) }
	}
	return p, args[0], err
}

func parseShard(s string) (tournament.Shard, error) {
	if s == "" {
		return tournament.Shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return tournament.Shard{}, usagef("--shard %q: expected I/N with 0 <= I < N, e.g. 0/4", s)
	}
	return tournament.Shard{I: i, N: n}, nil
}

// isDatabase reports whether where is a PostgreSQL URL, not a file.
func isDatabase(where string) bool {
	return strings.HasPrefix(where, "postgres://") || strings.HasPrefix(where, "postgresql://")
}

// shown is where results are, fit to print: whatever looks like a
// password masked (in a URL, or a key=value connection string named where
// a file or URL was expected).
func shown(where string) string {
	return postgres.Redact(where)
}

// openResults opens a results file or, for a postgres:// URL, a database.
// A run that writes a results file (write set) holds it alone.
func openResults(ctx context.Context, where string, o *tournamentOptions, write bool) (*sqlstore.Store, error) {
	if strings.Contains(where, "://") && !isDatabase(where) {
		return nil, fmt.Errorf("%s: not a results file, and not a postgres:// or postgresql:// URL", shown(where))
	}
	if isDatabase(where) {
		if o.dbTimeout <= 0 {
			return nil, usagef("--db-timeout must be positive")
		}
		return postgres.OpenWith(ctx, where, postgres.Options{Timeout: o.dbTimeout, PasswordFile: o.dbPasswordFile})
	}
	if write {
		return sqlite.OpenExclusive(ctx, where)
	}
	return sqlite.Open(ctx, where)
}

// shardName names a shard for messages: "shard 1/4", or "all shards".
func shardName(s tournament.Shard) string {
	if s.N <= 1 {
		return "all shards"
	}
	return fmt.Sprintf("shard %d/%d", s.I, s.N)
}

func tournamentRun(out *output, args []string, o *tournamentOptions) error {
	shard, err := parseShard(o.shard)
	if err != nil {
		return err
	}
	if o.workers < 0 {
		return usagef("--workers must be at least 1")
	}
	if o.results != "" && o.db != "" {
		return usagef("choose one of --results and --db")
	}
	if o.db != "" && !isDatabase(o.db) {
		// Not a file name: a key=value connection string would otherwise
		// become an SQLite file named after it, password and all.
		return usagef("--db %s: expected a postgres:// or postgresql:// URL; a results file goes with --results", shown(o.db))
	}
	p, path, err := readPlan(out.in, args)
	if err != nil {
		return err
	}
	where := o.db
	if where == "" {
		where = o.results
	}
	if where == "" {
		where = strings.TrimSuffix(path, filepath.Ext(path)) + ".results.db"
	}
	ctx, stop := signalContext()
	defer stop()
	st, err := openResults(ctx, where, o, true)
	if err != nil {
		if err := stopped(ctx); err != nil {
			return err
		}
		return err
	}
	defer st.Close()
	if isDatabase(where) {
		// A results file is locked by sqlite.OpenExclusive; in a database,
		// lock this shard of this plan.
		hash, err := p.Hash()
		if err != nil {
			return err
		}
		if err := postgres.LockRun(ctx, st, fmt.Sprintf("plan %.12s, %s", hash, shardName(shard))); err != nil {
			return err
		}
	}
	bar := progress.New(out.stderr, "tournament", time.Second).Counting("negotiations")
	sum, err := tournament.Run(ctx, p, st, tournament.Options{Workers: o.workers, Shard: shard, Progress: bar.Update})
	bar.End(ctx, err)
	if err != nil && sum.Total == 0 && ctx.Err() == nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(sum.NoMetrics)) {
		fmt.Fprintf(out.stderr, "warning: scenario %s: no Pareto or Nash metrics: %s\n", name, sum.NoMetrics[name])
	}
	label := "negotiations"
	if shard.N > 1 {
		label = fmt.Sprintf("negotiations in shard %d/%d", shard.I, shard.N)
	}
	rate := float64(sum.Ran) / max(sum.Elapsed.Seconds(), 1e-9)
	fmt.Fprintf(out.stdout, "%d %s: %d run now (%.1f/s, %v), %d done before, %d failed; results in %s\n",
		sum.Total, label, sum.Ran, rate, sum.Elapsed.Round(time.Millisecond), sum.Skipped, sum.Failed, shown(where))
	if err := stopped(ctx); err != nil {
		fmt.Fprintf(out.stderr, "the completed negotiations are stored: run the same command again to resume\n")
		return err
	}
	return err
}

func tournamentList(out *output, args []string) error {
	p, _, err := readPlan(out.in, args)
	if err != nil {
		return err
	}
	hash, err := p.Hash()
	if err != nil {
		return err
	}
	jobs := p.Jobs()
	bw := bufio.NewWriter(out.stdout)
	fmt.Fprintf(bw, "plan %s (hash %.12s): %d negotiations\n", p.Name, hash, len(jobs))
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tscenario\tprotocol\troles\trepetition\tseed")
	for _, j := range jobs {
		sc := p.Scenarios[j.Scenario]
		var roles []string
		for q, c := range j.Roles {
			roles = append(roles, sc.Scenario.Parties[q].Name+"="+p.Negotiators[c].Name)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\n", j.Index, sc.Name, p.Protocols[j.Setting].Label(), strings.Join(roles, " "), j.Repetition, j.Seed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// loadResults reads the records and the plan's meta from a results file
// or database.
func loadResults(ctx context.Context, args []string, o *tournamentOptions) (tournament.Meta, []tournament.Record, error) {
	if len(args) != 1 {
		return tournament.Meta{}, nil, usagef("name one results file (or postgres:// URL)")
	}
	if !strings.Contains(args[0], "://") {
		if _, err := os.Stat(args[0]); err != nil {
			return tournament.Meta{}, nil, &entente.Error{Code: entente.ENotFound, File: shown(args[0]), Message: "no such results file"}
		}
	}
	st, err := openResults(ctx, args[0], o, false)
	if err != nil {
		return tournament.Meta{}, nil, err
	}
	defer st.Close()
	if o.plan != "" {
		if err := st.Use(ctx, o.plan); err != nil {
			return tournament.Meta{}, nil, err
		}
	}
	m, err := st.Meta(ctx)
	if err != nil {
		return m, nil, err
	}
	if m.Hash == "" {
		return m, nil, fmt.Errorf("%s holds no tournament results", shown(args[0]))
	}
	rs, err := st.All(ctx)
	return m, rs, err
}

func tournamentReport(out *output, args []string, o *tournamentOptions) error {
	if o.plotDir != "" && o.plotFormat != "svg" && o.plotFormat != "png" {
		return usagef("--plot-format %q: expected svg or png", o.plotFormat)
	}
	var rank tournament.Rank
	switch o.rank {
	case "utility":
	case "ratified":
		rank = tournament.ByRatified
	default:
		return usagef("--rank %q: expected utility or ratified", o.rank)
	}
	ctx := context.Background()
	m, rs, err := loadResults(ctx, args, o)
	if err != nil {
		return err
	}
	l := tournament.Summarise(rs, m.Total, rank)
	if o.plotDir != "" {
		if err := writeLeaguePlots(o.plotDir, o.plotFormat, m, l); err != nil {
			return err
		}
	}
	if o.json {
		return wire.Encode(out.stdout, wire.League(m, l))
	}
	bw := bufio.NewWriter(out.stdout)
	fmt.Fprintf(bw, "tournament %s (hash %.12s): %d of %d negotiations, %d errors, %d missing\n", m.Name, m.Hash, l.Negotiations, m.Total, l.Errors, l.Missing)
	ratified := slices.ContainsFunc(rs, func(r tournament.Record) bool { return r.Ratification != nil })
	ci := func(e tournament.Estimate, digits int) string {
		if math.IsNaN(e.Mean) {
			return "-"
		}
		f := "%." + strconv.Itoa(digits) + "f"
		return fmt.Sprintf(f+" ["+f+", "+f+"]", e.Mean, e.Low, e.High)
	}
	// Means with the half-width of their 95% interval, to keep the table narrow.
	mean := func(e tournament.Estimate) string {
		if math.IsNaN(e.Mean) {
			return "-"
		}
		return fmt.Sprintf("%.4f ±%.4f", e.Mean, (e.High-e.Low)/2)
	}
	methods := map[string]bool{}
	for _, t := range l.Tables {
		fmt.Fprintf(bw, "\nprotocol %s: %d negotiations\n", t.Protocol, t.Negotiations)
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		head := "negotiator\tplayed\tmatches\tutility [95% CI]\tagreements [95% CI]"
		if ratified {
			head += "\tratified [95% CI]"
		}
		fmt.Fprintln(tw, head+"\twelfare ±95%\tto Pareto ±95%\tto Nash ±95%")
		for _, s := range t.Standings {
			row := fmt.Sprintf("%s\t%d\t%d\t%s\t%s", s.Negotiator, s.Played, s.Units, ci(s.Utility, 4), ci(s.Agreements, 2))
			if ratified {
				row += "\t" + ci(s.Ratified, 2)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", row, mean(s.Welfare), mean(s.Pareto), mean(s.Nash))
			for _, e := range []tournament.Estimate{s.Utility, s.Agreements, s.Ratified, s.Welfare, s.Pareto, s.Nash} {
				methods[e.Method] = true
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(bw, "\nutility: the negotiator's own discounted utility (its reservation value, discounted, without agreement);")
	if ratified {
		fmt.Fprintln(bw, "welfare and distances: of the negotiations it took part in; ratified: agreements every constituency lets pass.")
	} else {
		fmt.Fprintln(bw, "welfare and distances: of the negotiations it took part in.")
	}
	fmt.Fprintln(bw, "Intervals: 95%, over matches (one scenario, one assignment of negotiators to parties), each averaged over")
	fmt.Fprint(bw, "its repetitions first, so that repeated deterministic sessions count once: ")
	var how []string
	if methods["t"] {
		how = append(how, "Student t over the matches")
	}
	if methods["wilson"] {
		how = append(how, "Wilson for shares when every match always or never succeeded")
	}
	if methods[""] {
		how = append(how, "none for a negotiator with one match")
	}
	fmt.Fprintln(bw, strings.Join(how, "; ")+".")
	return bw.Flush()
}

func writeLeaguePlots(dir, format string, m tournament.Meta, l *tournament.League) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &entente.Error{Code: entente.EInvalid, File: dir, Message: "cannot create the folder: " + err.Error()}
	}
	for _, t := range l.Tables {
		// One protocol: utility.svg and so on; several: utility-LABEL.svg.
		suffix, title := "", m.Name
		if len(l.Tables) > 1 {
			suffix = "-" + strings.NewReplacer("/", "-", " ", "-").Replace(t.Protocol)
			title += " (" + t.Protocol + ")"
		}
		util := plot.Bars{Title: title + ": mean utility", Subtitle: "own discounted utility, 95% intervals over matches", YLabel: "utility"}
		agree := plot.Bars{Title: title + ": agreement rate", Subtitle: "share of negotiations agreed, 95% intervals over matches", YLabel: "agreements"}
		for _, s := range t.Standings {
			util.Labels = append(util.Labels, s.Negotiator)
			util.Values, util.Low, util.High = append(util.Values, s.Utility.Mean), append(util.Low, s.Utility.Low), append(util.High, s.Utility.High)
			agree.Labels = append(agree.Labels, s.Negotiator)
			agree.Values, agree.Low, agree.High = append(agree.Values, s.Agreements.Mean), append(agree.Low, s.Agreements.Low), append(agree.High, s.Agreements.High)
		}
		heat := plot.Heatmap{Title: title + ": mean utility by scenario", Rows: t.Negotiators, Cols: t.Scenarios}
		for _, row := range t.Cells {
			vals := make([]float64, len(row))
			for i, e := range row {
				vals[i] = e.Mean
			}
			heat.Values = append(heat.Values, vals)
		}
		for _, f := range []struct {
			name string
			draw func(io.Writer) error
		}{
			{"utility", func(w io.Writer) error { return plot.RenderBars(w, &util, format) }},
			{"agreements", func(w io.Writer) error { return plot.RenderBars(w, &agree, format) }},
			{"scenarios", func(w io.Writer) error { return plot.RenderHeatmap(w, &heat, format) }},
		} {
			var buf bytes.Buffer
			if err := f.draw(&buf); err != nil {
				return err
			}
			path := filepath.Join(dir, f.name+suffix+"."+format)
			if err := writeFile(path, buf.Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}

func tournamentExport(out *output, args []string, o *tournamentOptions) error {
	if o.json && o.csv {
		return usagef("choose one of --json and --csv")
	}
	_, rs, err := loadResults(context.Background(), args, o)
	if err != nil {
		return err
	}
	if o.json {
		return wire.WriteRecords(out.stdout, rs)
	}
	bw := bufio.NewWriter(out.stdout)
	parties := 0
	for _, r := range rs {
		parties = max(parties, len(r.Parties))
	}
	// Cells a spreadsheet would run as formulas get an apostrophe.
	cw := csvcell.NewWriter(bw)
	head := []string{"index", "scenario", "protocol", "repetition", "seed", "status", "agreement", "package", "rounds", "time", "offers", "faults",
		"pareto_distance", "nash_distance", "social_welfare", "genius_pareto_distance", "genius_nash_distance", "genius_social_welfare", "reason", "by", "elapsed_ms",
		"deal_stands", "ratification"}
	for q := 1; q <= parties; q++ {
		n := strconv.Itoa(q)
		head = append(head, "party_"+n, "negotiator_"+n, "utility_"+n, "discounted_"+n)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	for _, r := range rs {
		var pkg []string
		for _, k := range slices.Sorted(maps.Keys(r.Package)) {
			pkg = append(pkg, k+"="+entente.FormatValue(r.Package[k]))
		}
		row := []string{strconv.Itoa(r.Index), r.Scenario, r.Protocol, strconv.Itoa(r.Repetition), strconv.FormatUint(r.Seed, 10), r.Status,
			strconv.FormatBool(r.Agreement), strings.Join(pkg, "; "), strconv.Itoa(r.Rounds), num(r.Time), strconv.Itoa(r.Offers), strconv.Itoa(r.Faults),
			num(r.ParetoDistance), num(r.NashDistance), num(r.SocialWelfare), num(r.GeniusPareto), num(r.GeniusNash), num(r.GeniusWelfare),
			r.Reason, r.By, num(float64(r.Elapsed) / 1e6), strconv.FormatBool(r.Stands), verdicts(r.Ratification)}
		for q := range parties {
			if q < len(r.Parties) {
				row = append(row, r.Parties[q], r.Roles[q], num(r.Utilities[q]), num(r.Discounted[q]))
			} else {
				row = append(row, "", "", "", "")
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// verdicts writes the constituencies' verdicts on an agreement for CSV:
// "name: ratified (approval 0.61, threshold 0.5); ...".
func verdicts(vs []tournament.Verdict) string {
	var out []string
	for _, v := range vs {
		word := "rejected"
		switch {
		case !v.Applies:
			word = "not asked"
		case v.Ratified:
			word = "ratified"
		}
		out = append(out, fmt.Sprintf("%s: %s (approval %s, threshold %s)", v.Constituency, word, strconv.FormatFloat(v.Approval, 'g', 4, 64), strconv.FormatFloat(v.Threshold, 'g', 4, 64)))
	}
	return strings.Join(out, "; ")
}

func tournamentMerge(out *output, args []string, o *tournamentOptions) error {
	if o.out == "" {
		return usagef("merge: name the file to write with --out")
	}
	if len(args) == 0 {
		return usagef("merge: name the results files to combine")
	}
	ctx := context.Background()
	var srcs []tournament.Store
	for _, a := range args {
		if _, err := os.Stat(a); err != nil && !strings.Contains(a, "://") {
			return &entente.Error{Code: entente.ENotFound, File: shown(a), Message: "no such results file"}
		}
		st, err := openResults(ctx, a, o, false)
		if err != nil {
			return err
		}
		defer st.Close()
		srcs = append(srcs, st)
	}
	dst, err := openResults(ctx, o.out, o, true)
	if err != nil {
		return err
	}
	defer dst.Close()
	if _, err := tournament.Merge(ctx, dst, srcs...); err != nil {
		return err
	}
	m, err := dst.Meta(ctx)
	if err != nil {
		return err
	}
	done, err := dst.Done(ctx)
	if err != nil {
		return err
	}
	n := len(done)
	fmt.Fprintf(out.stdout, "merged %d of %d negotiations into %s", n, m.Total, shown(o.out))
	if n < m.Total {
		fmt.Fprintf(out.stdout, " (%d missing: run the missing shards, or the plan again with --results %s)", m.Total-n, shown(o.out))
	}
	fmt.Fprintln(out.stdout)
	return nil
}
