package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/entente/entente/jobs"
	"github.com/entente/entente/live"
	"github.com/entente/entente/live/remote"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/server"
	"github.com/entente/entente/store/postgres"
	"github.com/entente/entente/store/serverdb"
)

func init() {
	register(&command{
		name:    "serve",
		args:    "[flags]",
		summary: "serve the HTTP API and live negotiations for people and remote agents",
		help: `Serve runs entente as a server: an HTTP JSON API under /api/v1 (its
OpenAPI document at /api/v1/openapi.json) to upload scenarios and run
negotiations in which people, remote agents and built-in negotiators take
part, live over WebSocket (docs/protocol.md). See docs/server.md.

The same address serves the pages (docs/web.md): scenarios, the what-if
workspace, analysis, forecasts, negotiations and tournaments for the
administrator (sign in with the admin token), and a negotiation room for
each person holding a seat (the room link of the seat).

State is kept in SQLite in the folder --data, or in PostgreSQL with --db
postgres://...; several servers may share one PostgreSQL database. Every
move is committed before it is acknowledged: a server killed and started
again resumes every negotiation.

Creating scenarios and negotiations needs the admin token: give it in the
variable ENTENTE_ADMIN_TOKEN or a file (--admin-token-file); without one,
the first start generates a token and prints it once (only its hash is
stored). The server binds to localhost unless --addr says otherwise.`,
		example: `  entente serve
  entente serve --addr 127.0.0.1:9000 --data /var/lib/entente
  ENTENTE_ADMIN_TOKEN=... entente serve --addr :8080 --db postgres://entente@db/entente`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			o := &serveOptions{}
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the address to listen on (host:port; port 0 picks a free one)")
			fs.StringVar(&o.data, "data", "entente-data", "the folder of the SQLite database (without --db)")
			fs.StringVar(&o.db, "db", "", "a PostgreSQL URL (postgres://user@host/db) instead of SQLite")
			fs.StringVar(&o.pwFile, "db-password-file", "", "a file holding the PostgreSQL password")
			fs.StringVar(&o.adminFile, "admin-token-file", "", "a file holding the admin token (else ENTENTE_ADMIN_TOKEN, else the stored one, else a new one)")
			fs.IntVar(&o.maxOpen, "max-open", 1000, "the most negotiations open (created or running) at once")
			fs.IntVar(&o.maxConns, "max-connections", 10000, "the most live connections at once")
			fs.Float64Var(&o.rate, "rate", 50, "the most messages a second on one live connection")
			fs.DurationVar(&o.tokenTTL, "token-ttl", 24*time.Hour, "how long seat tokens work after their negotiation ends")
			fs.DurationVar(&o.grace, "grace", 10*time.Second, "how long a shutdown (SIGTERM) waits for requests to finish")
			fs.IntVar(&o.workers, "jobs", 1, "background jobs (analyses, forecasts, tournaments) run at once by this server")
			fs.IntVar(&o.maxJobs, "max-jobs", 100, "the most background jobs queued or running at once")
			fs.DurationVar(&o.lease, "job-lease", 15*time.Second, "how long a job stays claimed by a server that stops renewing it (one that died) before another takes it over")
			in := addInputFlags(fs)
			return func(args []string) error {
				if len(args) > 0 {
					return usagef("serve takes no arguments")
				}
				return serve(out, in, o)
			}
		},
	})
}

type serveOptions struct {
	addr, data, db, pwFile, adminFile string
	maxOpen, maxConns, workers        int
	maxJobs                           int
	rate                              float64
	tokenTTL, grace, lease            time.Duration
}

func serve(out *output, in *inputOptions, o *serveOptions) error {
	ctx, stop := signalContext()
	defer stop()
	log := slog.New(slog.NewTextHandler(out.stderr, nil))

	var db *serverdb.DB
	var err error
	if o.db != "" {
		db, err = serverdb.OpenPostgres(ctx, o.db, postgres.Options{PasswordFile: o.pwFile})
	} else {
		db, err = serverdb.OpenSQLite(ctx, o.data)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	db.OnError = func(err error) { log.Warn("database", "err", err) }

	hash, err := adminHash(ctx, db, o.adminFile, out)
	if err != nil {
		return err
	}
	cfg := live.Config{Store: db, Limits: in.limits(), MaxOpen: o.maxOpen, TokenTTL: o.tokenTTL, Logger: log}
	if l := db.Listener(); l != nil {
		cfg.Notifier = l
	}
	svc := live.NewService(cfg)
	defer svc.Close()
	if err := svc.Resume(ctx); err != nil {
		log.Error("resuming negotiations", "err", err)
	}
	results := func(ctx context.Context) (jobs.ResultsStore, error) { return db.Results(ctx) }
	host, _ := os.Hostname()
	owner := fmt.Sprintf("%s/%d/%s", host, os.Getpid(), live.NewID()[:6])
	runner := jobs.New(jobs.Config{Store: db, Workers: o.workers, MaxPending: o.maxJobs, Lease: o.lease, Owner: owner, Logger: log, NewID: live.NewID,
		Kinds: jobs.Standard(jobs.Env{Scenario: svc.ScenarioOf, Limits: in.limits(), MaxWork: in.maxWork(), Results: results,
			Remote: func(url string) protocol.Negotiator { return remote.New(url) }})})
	srv := server.New(server.Config{Service: svc, AdminHash: hash, MaxUpload: in.limits().FileSize,
		Rate: o.rate, MaxConns: o.maxConns, Jobs: runner, Results: results, Logger: log})

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", o.addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	listenCtx, stopListen := context.WithCancel(context.WithoutCancel(ctx))
	defer stopListen()
	go svc.Listen(listenCtx) //nolint:errcheck // ends with listenCtx
	jobsDone := make(chan struct{})
	go func() { runner.Run(listenCtx); close(jobsDone) }()
	fmt.Fprintf(out.stderr, "entente serve: listening on http://%s (open it in a browser for the pages; the API is under /api/v1; store: %s; job runner %s)\n", ln.Addr(), db.Name(), owner)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful: stop accepting, let requests finish (every acknowledged
	// move is committed already), close live connections with a reason.
	fmt.Fprintln(out.stderr, "entente serve: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), o.grace)
	defer cancel()
	go srv.Close("the server is shutting down")
	err = hs.Shutdown(sctx)
	srv.Close("the server is shutting down")
	// Jobs cut short stay claimed until their lease runs out; then this
	// server or another runs them again.
	stopListen()
	<-jobsDone
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// adminHash returns the admin token's hash: of the token given (stored
// for the next start), else the stored one, else of a new token printed
// once.
func adminHash(ctx context.Context, db *serverdb.DB, file string, out *output) (string, error) {
	const key = "admin_token_sha256"
	tok := os.Getenv("ENTENTE_ADMIN_TOKEN")
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("reading the admin token: %w", err)
		}
		tok, _, _ = strings.Cut(string(b), "\n")
		tok = strings.TrimSpace(tok)
		if tok == "" {
			return "", fmt.Errorf("the admin token file %s is empty", file)
		}
	}
	if tok != "" {
		if len(tok) < 16 {
			return "", usagef("the admin token is too short: use at least 16 characters")
		}
		h := live.HashToken(tok)
		return h, db.SetSetting(ctx, key, h)
	}
	h, err := db.Setting(ctx, key)
	if err != nil || h != "" {
		return h, err
	}
	tok = live.NewToken()
	h = live.HashToken(tok)
	if err := db.SetSetting(ctx, key, h); err != nil {
		return "", err
	}
	fmt.Fprintf(out.stderr, "entente serve: admin token (shown once; only its hash is stored): %s\n", tok)
	return h, nil
}
