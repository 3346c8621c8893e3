package postgres_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entente/entente/store/postgres"
	"github.com/entente/entente/store/sqlstore"
	"github.com/entente/entente/tournament"
)

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://user:s3cret-pw@db.example:5432/results?sslmode=require", "postgres://user:xxxxx@db.example:5432/results?sslmode=require"},
		{"postgresql://user:p%40ss%2Fw0rd@db/x", "postgresql://user:xxxxx@db/x"},
		{"postgres://user@db/x?password=s3cret-pw&sslmode=disable", "postgres://user@db/x?password=xxxxx&sslmode=disable"},
		{"postgres://user@db/x", "postgres://user@db/x"},
		{"host=db user=u password=s3cret-pw dbname=x", "host=db user=u password=xxxxx dbname=x"},
		{"host=db password='s3cret pw' dbname=x", "host=db password=xxxxx dbname=x"},
		// Not a URL net/url reads (a bad port): masked all the same.
		{"postgres://user:s3cret-pw@db:port/x", "postgres://user:xxxxx@db:port/x"},
	} {
		got := postgres.Redact(c.in)
		if got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, secret := range []string{"s3cret", "p%40ss", "p@ss"} {
			if strings.Contains(got, secret) {
				t.Errorf("Redact(%q) = %q keeps the password", c.in, got)
			}
		}
	}
}

// TestPasswordSources: the password can come from a file, from PGPASSWORD
// or from a ~/.pgpass-style file named by PGPASSFILE, so that it need not
// be in the URL; and a URL's password never shows in an error.
func TestPasswordSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(dir, "none"))
	const base = "postgres://ent@db.example:5432/results"

	cfg, err := postgres.Config(base, postgres.Options{PasswordFile: write("pw", "from-file\nsecond line ignored\n")})
	if err != nil || cfg.Password != "from-file" {
		t.Errorf("password file: %q %v", cfg.Password, err)
	}
	if cfg, err := postgres.Config(base, postgres.Options{PasswordFile: write("crlf", "with-crlf\r\n")}); err != nil || cfg.Password != "with-crlf" {
		t.Errorf("password file with CRLF: %v", err)
	}
	if _, err := postgres.Config(base, postgres.Options{PasswordFile: write("empty", "\n")}); err == nil {
		t.Error("an empty password file was accepted")
	}
	_, err = postgres.Config("postgres://ent:in-url@db.example/results", postgres.Options{PasswordFile: write("pw2", "x")})
	if err == nil || strings.Contains(err.Error(), "in-url") {
		t.Errorf("a password in the URL and a file: %v", err)
	}

	t.Setenv("PGPASSWORD", "from-env")
	if cfg, err := postgres.Config(base, postgres.Options{}); err != nil || cfg.Password != "from-env" {
		t.Errorf("PGPASSWORD: %+v %v", cfg, err)
	}
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", write("pgpass", "other.example:5432:*:ent:wrong\ndb.example:5432:results:ent:from-pgpass\n"))
	if cfg, err := postgres.Config(base, postgres.Options{}); err != nil || cfg.Password != "from-pgpass" {
		t.Errorf("PGPASSFILE: %q %v", cfg.Password, err)
	}
	t.Setenv("PGHOST", "from-pghost.example")
	if cfg, err := postgres.Config("postgres:///results", postgres.Options{}); err != nil || cfg.Host != "from-pghost.example" {
		t.Errorf("PGHOST: %+v %v", cfg, err)
	}

	// Errors never quote the password.
	for _, bad := range []string{"postgres://ent:s3cret-pw@db.example:notaport/results", "postgres://ent:s3cret-pw@db.example/results?sslmode=sometimes"} {
		_, err := postgres.Config(bad, postgres.Options{})
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Config(%q): %v", postgres.Redact(bad), err)
		}
		_, err = postgres.Open(context.Background(), bad)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q): %v", postgres.Redact(bad), err)
		}
	}
}

// blackHole accepts connections and never answers: a server that has
// frozen (SIGSTOP) looks like this to its clients.
func blackHole(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// TestStalledServerAtConnect: connecting to a server that accepts and
// never answers fails within the timeout, saying so.
func TestStalledServerAtConnect(t *testing.T) {
	addr := blackHole(t)
	start := time.Now()
	_, err := postgres.OpenWith(context.Background(), "postgres://ent:s3cret-pw@"+addr+"/results?sslmode=disable", postgres.Options{Timeout: 500 * time.Millisecond})
	took := time.Since(start)
	if err == nil {
		t.Fatal("connected to a server that never answers")
	}
	if took > 5*time.Second {
		t.Errorf("gave up after %v; want about the 500 ms timeout", took)
	}
	if strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q: want the server named, its password not", err)
	}
	t.Logf("%v after %v", err, took.Round(time.Millisecond))
}

// proxy relays TCP connections to a server until frozen; frozen, it holds
// every byte in both directions, as a frozen server's peer sees it.
type proxy struct {
	ln     net.Listener
	frozen atomic.Bool
	mu     sync.Mutex
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	relay := func(dst, src net.Conn) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			for n > 0 && p.frozen.Load() {
				time.Sleep(10 * time.Millisecond)
			}
			if n > 0 {
				if _, err := dst.Write(buf[:n]); err != nil {
					return
				}
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					dst.Close()
				}
				return
			}
		}
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go relay(s, c)
			go relay(c, s)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		p.closeAll()
		p.frozen.Store(false)
	})
	return p
}

func (p *proxy) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// TestServerFreezesMidRun freezes the server in the middle of a
// tournament: the run must stop with ErrStalled within the timeout, not
// block forever, and its summary must count only what the database holds.
func TestServerFreezesMidRun(t *testing.T) {
	ctx := context.Background()
	dbURL := freshDatabase(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	px := startProxy(t, u.Host)
	via := *u
	via.Host = px.ln.Addr().String()
	st, err := postgres.OpenWith(ctx, via.String(), postgres.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := plan(t, 40) // 240 negotiations
	var freeze sync.Once
	var frozenAt time.Time
	progress := func(done, _ uint64) {
		if done >= 24 {
			freeze.Do(func() { frozenAt = time.Now(); px.frozen.Store(true) })
		}
	}
	sum, runErr := tournament.Run(ctx, p, st, tournament.Options{Workers: 1, Batch: 8, Progress: progress})
	if frozenAt.IsZero() {
		t.Fatalf("the run ended before the freeze: %+v %v", sum, runErr)
	}
	took := time.Since(frozenAt)
	if !errors.Is(runErr, sqlstore.ErrStalled) {
		t.Fatalf("Run after the server froze: %+v %v; want ErrStalled", sum, runErr)
	}
	if took > 10*time.Second {
		t.Errorf("the run stopped %v after the freeze; want about the 1 s timeout", took)
	}
	if !strings.Contains(runErr.Error(), "no answer") || !strings.Contains(runErr.Error(), px.ln.Addr().String()) {
		t.Errorf("error %q does not say which server stopped answering", runErr)
	}
	// Drop the connections, with what the proxy holds: the server never
	// sees the batch that timed out.
	px.closeAll()
	direct, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	if err := direct.Init(ctx, tournament.Meta{Hash: mustHash(t, p), Name: p.Name, Total: len(p.Jobs())}); err != nil {
		t.Fatal(err)
	}
	done, err := direct.Done(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Ran != len(done) {
		t.Errorf("the summary says %d run now; the database holds %d", sum.Ran, len(done))
	}
	t.Logf("stopped %v after the freeze with %d stored: %v", took.Round(time.Millisecond), len(done), runErr)
}

func mustHash(t *testing.T, p *tournament.Plan) string {
	t.Helper()
	h, err := p.Hash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestOneRunPerShard: a second run of the same shard of a plan stops with
// ErrLocked (two used to play every negotiation side by side); other
// shards go on; the lock goes with the store.
func TestOneRunPerShard(t *testing.T) {
	ctx := context.Background()
	dbURL := freshDatabase(t)
	open := func() *sqlstore.Store {
		st, err := postgres.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	first, second := open(), open()
	if err := postgres.LockRun(ctx, first, "plan abc, shard 0/2"); err != nil {
		t.Fatal(err)
	}
	err := postgres.LockRun(ctx, second, "plan abc, shard 0/2")
	if !errors.Is(err, postgres.ErrLocked) || !strings.Contains(err.Error(), "shard 0/2") {
		t.Errorf("a second run of a shard in use: %v; want ErrLocked", err)
	}
	if err := postgres.LockRun(ctx, second, "plan abc, shard 1/2"); err != nil {
		t.Errorf("another shard: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := postgres.LockRun(ctx, open(), "plan abc, shard 0/2"); err != nil {
		t.Errorf("after the first run closed: %v", err)
	}
}
