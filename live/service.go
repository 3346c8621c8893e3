package live

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"sync"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/load"
	"github.com/entente/entente/utility"
)

// Config tunes a Service.
type Config struct {
	// Store keeps everything; required.
	Store Store
	// Notifier, for a store shared with other servers, tells of their
	// appends (see Service.Listen).
	Notifier Notifier
	// Limits bound the scenarios uploaded (zero fields: the defaults).
	Limits entente.Limits
	// MaxOpen is the largest number of negotiations not yet ended
	// (default 1000).
	MaxOpen int
	// TokenTTL is how long a seat's token keeps working after its
	// negotiation ended (default 24 hours).
	TokenTTL time.Duration
	// Logger receives the service's log (default slog.Default()).
	Logger *slog.Logger
	// Now returns the wall-clock time (default time.Now).
	Now func() time.Time
}

// Service runs live negotiations on a store. It is safe for concurrent
// use.
type Service struct {
	cfg    Config
	st     Store
	shared bool // the store is shared with other servers (a Notifier)
	log    *slog.Logger

	mu      sync.Mutex
	entries map[string]*entry
	scens   map[string]*entente.Scenario
	fns     map[string][]*utility.Func
	closed  bool
}

// entry is one negotiation held in memory.
type entry struct {
	mu   sync.Mutex
	id   string
	rec  *NegotiationRecord
	game *Game // nil until started
	subs map[chan struct{}]struct{}
	tm   *time.Timer
}

// NewService returns a service on cfg.Store.
func NewService(cfg Config) *Service {
	if cfg.MaxOpen <= 0 {
		cfg.MaxOpen = 1000
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 24 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg, st: cfg.Store, shared: cfg.Notifier != nil, log: cfg.Logger,
		entries: map[string]*entry{}, scens: map[string]*entente.Scenario{}, fns: map[string][]*utility.Func{}}
}

// Store returns the service's store.
func (s *Service) Store() Store { return s.st }

// NewID returns a fresh random identifier.
func NewID() string {
	b := make([]byte, 10)
	rand.Read(b) //nolint:errcheck // never fails
	return base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// AddScenario validates and stores an uploaded scenario: one native file,
// or a domain followed by its profiles (GENIUS or GeniusWeb); a native
// scenario's party files must be among the files. Errors name the file,
// line and field.
func (s *Service) AddScenario(ctx context.Context, name string, files []entente.Source) (*ScenarioRecord, *load.Result, error) {
	res, err := s.parse(files)
	if err != nil {
		return nil, nil, err
	}
	if name == "" {
		name = res.Scenario.Name
	}
	rec := &ScenarioRecord{ID: NewID(), Name: name, Format: res.Format, Created: s.cfg.Now().UTC(), Files: files}
	if err := s.st.PutScenario(ctx, rec); err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	s.cacheScenario(rec.ID, res.Scenario)
	s.mu.Unlock()
	return rec, res, nil
}

// parse loads uploaded files within the limits, reading a native
// scenario's party files from the upload only.
func (s *Service) parse(files []entente.Source) (*load.Result, error) {
	lim := s.cfg.Limits.Defaults()
	var total int64
	for _, f := range files {
		total += int64(len(f.Data))
	}
	if total > lim.FileSize {
		return nil, entente.Errorf(entente.ELimit, "", 0, 0, "", "the upload holds %s; the limit is %s", entente.FormatSize(total), entente.FormatSize(lim.FileSize))
	}
	if len(files) == 0 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "files", "no files; upload a scenario file, or a domain followed by its profiles")
	}
	byName := map[string][]byte{}
	for _, f := range files[1:] {
		byName[path.Clean(f.Name)] = f.Data
	}
	l := &load.Loader{Limits: lim, Open: func(name string) ([]byte, error) {
		if d, ok := byName[path.Clean(name)]; ok {
			return d, nil
		}
		return nil, &native.OutsideError{Folder: "of the upload"}
	}}
	if native.IsScenario(files[0].Data) {
		return l.Sources(files[:1])
	}
	return l.Sources(files)
}

func (s *Service) cacheScenario(id string, sc *entente.Scenario) {
	if len(s.scens) >= 256 {
		for k := range s.scens {
			delete(s.scens, k)
			break
		}
	}
	s.scens[id] = sc
}

// ScenarioOf returns a stored scenario, parsed.
func (s *Service) ScenarioOf(ctx context.Context, id string) (*entente.Scenario, error) {
	s.mu.Lock()
	sc := s.scens[id]
	s.mu.Unlock()
	if sc != nil {
		return sc, nil
	}
	rec, err := s.st.Scenario(ctx, id)
	if err != nil {
		return nil, err
	}
	res, err := s.parse(rec.Files)
	if err != nil {
		return nil, fmt.Errorf("stored scenario %s: %w", id, err)
	}
	s.mu.Lock()
	s.cacheScenario(id, res.Scenario)
	s.mu.Unlock()
	return res.Scenario, nil
}

// DeleteScenario deletes a stored scenario.
func (s *Service) DeleteScenario(ctx context.Context, id string) error {
	recs, err := s.st.Negotiations(ctx)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if r.Spec.Scenario == id {
			return entente.Errorf(entente.EConflict, "", 0, 0, "", "negotiation %s uses this scenario; delete it first", r.ID)
		}
	}
	if err := s.st.DeleteScenario(ctx, id); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.scens, id)
	delete(s.fns, id)
	s.mu.Unlock()
	return nil
}

// Create creates a negotiation of a spec. It returns the record and each
// seat's token ("" for built-in seats), shown to the caller once: only
// their hashes are stored.
func (s *Service) Create(ctx context.Context, spec Spec) (*NegotiationRecord, []string, error) {
	sc, err := s.ScenarioOf(ctx, spec.Scenario)
	if err != nil {
		if entente.ErrorCode(err) == entente.ENotFound {
			return nil, nil, invalid("scenario", "no scenario %q", spec.Scenario)
		}
		return nil, nil, err
	}
	seats, err := spec.Normalize(sc)
	if err != nil {
		return nil, nil, err
	}
	if _, err := NewGame(sc, spec); err != nil { // the seats' strategies build
		return nil, nil, err
	}
	open, err := s.st.Open(ctx)
	if err != nil {
		return nil, nil, err
	}
	if open >= s.cfg.MaxOpen {
		return nil, nil, entente.Errorf(entente.ELimit, "", 0, 0, "", "%d negotiations are open, the server's limit; wait for some to end", open)
	}
	tokens := make([]string, len(seats))
	hashes := make([]string, len(seats))
	for p, st := range seats {
		if st.Kind != Builtin {
			tokens[p] = NewToken()
			hashes[p] = HashToken(tokens[p])
		}
	}
	rec := &NegotiationRecord{ID: NewID(), Spec: spec, Created: s.cfg.Now().UTC(), Status: StatusCreated, Tokens: hashes}
	if err := s.st.CreateNegotiation(ctx, rec); err != nil {
		return nil, nil, err
	}
	return rec, tokens, nil
}

// Seat returns the seat a token is for in negotiation id. Unknown ids,
// wrong tokens and expired ones are all the same EUnauthorized error.
func (s *Service) Seat(ctx context.Context, id, token string) (int, error) {
	unauth := entente.Errorf(entente.EUnauthorized, "", 0, 0, "", "unauthorized")
	if token == "" {
		return -1, unauth
	}
	e, err := s.entry(ctx, id)
	if err != nil {
		if entente.ErrorCode(err) == entente.ENotFound {
			return -1, unauth
		}
		return -1, err
	}
	e.mu.Lock()
	rec := e.rec
	e.mu.Unlock()
	p := MatchSeat(token, rec.Tokens)
	if p < 0 || (!rec.Ended.IsZero() && s.cfg.Now().Sub(rec.Ended) > s.cfg.TokenTTL) {
		return -1, unauth
	}
	return p, nil
}

// entry returns negotiation id in memory, loading and replaying it when
// needed.
func (s *Service) entry(ctx context.Context, id string) (*entry, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, entente.Errorf(entente.EConflict, "", 0, 0, "", "the server is shutting down")
	}
	e := s.entries[id]
	s.mu.Unlock()
	if e != nil {
		return e, nil
	}
	rec, err := s.st.Negotiation(ctx, id)
	if err != nil {
		return nil, err
	}
	e = &entry{id: id, rec: rec, subs: map[chan struct{}]struct{}{}}
	e.mu.Lock()
	defer e.mu.Unlock()
	s.mu.Lock()
	if old := s.entries[id]; old != nil {
		s.mu.Unlock()
		return old, nil
	}
	s.entries[id] = e
	var idle []*entry
	if len(s.entries) > 2*s.cfg.MaxOpen {
		idle = s.idleLocked(e)
	}
	s.mu.Unlock()
	s.evict(idle)
	if rec.Status != StatusCreated {
		if err := s.replay(ctx, e); err != nil {
			s.mu.Lock()
			delete(s.entries, id)
			s.mu.Unlock()
			return nil, err
		}
	}
	return e, nil
}

// idleLocked returns the entries that may leave memory: ended, with no
// subscriber (the caller holds s.mu; keep is the entry being loaded).
// They are reloaded from the store when asked for again.
func (s *Service) idleLocked(keep *entry) []*entry {
	var idle []*entry
	for _, e := range s.entries {
		if e != keep && e.mu.TryLock() {
			if Ended(e.rec.Status) && len(e.subs) == 0 {
				idle = append(idle, e)
			}
			e.mu.Unlock()
		}
	}
	return idle
}

// evict forgets idle entries.
func (s *Service) evict(idle []*entry) {
	for _, e := range idle {
		e.mu.Lock()
		if len(e.subs) == 0 {
			s.drop(e)
		}
		e.mu.Unlock()
	}
}

// replay rebuilds e's game from the store's log and advances it past any
// built-in seat's turn (a server killed between starting a negotiation and
// committing its first moves). The caller holds e.mu.
func (s *Service) replay(ctx context.Context, e *entry) error {
	if e.game != nil {
		e.game.Close()
		e.game = nil
	}
	rec, err := s.st.Negotiation(ctx, e.id)
	if err != nil {
		return err
	}
	e.rec = rec
	sc, err := s.ScenarioOf(ctx, rec.Spec.Scenario)
	if err != nil {
		return err
	}
	g, err := NewGame(sc, rec.Spec)
	if err != nil {
		return err
	}
	g.Begin()
	moves, err := s.st.Moves(ctx, e.id, 0)
	if err != nil {
		g.Close()
		return err
	}
	for i, m := range moves {
		if _, err := g.Apply(m); err != nil {
			g.Close()
			return fmt.Errorf("negotiation %s: replaying move %d: %w", e.id, i, err)
		}
	}
	e.game = g
	if !Ended(rec.Status) {
		if err := s.advance(ctx, e, nil); err != nil {
			return err
		}
	}
	s.arm(e)
	return nil
}

// Start starts a created negotiation.
func (s *Service) Start(ctx context.Context, id string) error {
	e, err := s.entry(ctx, id)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rec.Status != StatusCreated {
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation has already started")
	}
	if err := s.st.Start(ctx, id, s.cfg.Now().UTC()); err != nil {
		return err
	}
	if err := s.replay(ctx, e); err != nil {
		return err
	}
	s.poke(e)
	return nil
}

// Move applies a seat's move: checked, committed, then acknowledged with
// the number of moves applied (the move's sequence number plus one).
// Built-in seats whose turn follows move at once, in the same commit.
func (s *Service) Move(ctx context.Context, id string, m Move) (int, error) {
	return s.commit(ctx, id, func(g *Game) (Move, error) {
		if m.Kind == Timeout || m.Kind == Abort {
			return Move{}, invalid("kind", "%s is the server's move", m.Kind)
		}
		return m, g.Check(&m)
	})
}

// Abort ends a running negotiation without agreement (status cancelled,
// reason AbortReason), as the administrator's move: committed like any
// other, so it survives a restart and reaches every server. It returns
// the number of moves applied; a negotiation that has not started or has
// ended is a conflict.
func (s *Service) Abort(ctx context.Context, id string) (int, error) {
	return s.commit(ctx, id, func(g *Game) (Move, error) {
		w := g.Wait()
		if w == nil {
			return Move{}, entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation has ended")
		}
		return Move{Seat: w.Seat, Kind: Abort}, nil
	})
}

// commit makes the move next returns for the negotiation's game (next
// checks it against the game, caught up with other servers' moves) and
// commits it, with the built-in seats' answers (advance). When another
// server moved first, it tries again on the replayed game, which decides
// whether the move still stands.
func (s *Service) commit(ctx context.Context, id string, next func(*Game) (Move, error)) (int, error) {
	e, err := s.entry(ctx, id)
	if err != nil {
		return 0, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if e.game == nil {
			return 0, entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation has not started")
		}
		if s.shared {
			if err := s.catchUp(ctx, e); err != nil {
				return 0, err
			}
		}
		m, err := next(e.game)
		if err != nil {
			return 0, err
		}
		err = s.advance(ctx, e, &m)
		if err == nil {
			return e.game.Applied(), nil
		}
		if entente.ErrorCode(err) != entente.EConflict || attempt == 2 {
			return 0, err
		}
	}
}

// advance applies move m (if any) and every built-in seat's move that
// follows, and commits them in one transaction. On failure the game is
// rebuilt from the store, and the error returned. The caller holds e.mu.
func (s *Service) advance(ctx context.Context, e *entry, m *Move) error {
	g := e.game
	seq := g.Applied()
	var batch []Move
	elapsed := s.cfg.Now().Sub(e.rec.Started)
	if m != nil {
		m.Elapsed = max(elapsed, time.Duration(g.clock.Load()))
		if _, err := g.Apply(*m); err != nil {
			return err
		}
		batch = append(batch, *m)
	}
	for w := g.Wait(); w != nil && w.Suggested != nil; w = g.Wait() {
		b := *w.Suggested
		b.Elapsed = max(s.cfg.Now().Sub(e.rec.Started), time.Duration(g.clock.Load()))
		if _, err := g.Apply(b); err != nil {
			break
		}
		batch = append(batch, b)
	}
	if len(batch) == 0 {
		return nil
	}
	end := ""
	if r := g.Result(); r != nil {
		end = r.Status.String()
	}
	now := s.cfg.Now().UTC()
	if err := s.st.Append(ctx, e.id, seq, batch, end, now); err != nil {
		if rerr := s.replay(ctx, e); rerr != nil {
			s.log.Error("rebuilding a negotiation after a failed append", "negotiation", e.id, "err", rerr)
			s.drop(e)
		}
		return err
	}
	if end != "" {
		e.rec.Status, e.rec.Ended = end, now
	}
	s.arm(e)
	s.poke(e)
	return nil
}

// catchUp applies the moves other servers appended. The caller holds e.mu.
func (s *Service) catchUp(ctx context.Context, e *entry) error {
	if e.game == nil {
		if e.rec.Status == StatusCreated {
			rec, err := s.st.Negotiation(ctx, e.id)
			if err != nil {
				return err
			}
			if rec.Status == StatusCreated {
				return nil
			}
		}
		return s.replay(ctx, e)
	}
	moves, err := s.st.Moves(ctx, e.id, e.game.Applied())
	if err != nil || len(moves) == 0 {
		return err
	}
	for _, m := range moves {
		if _, err := e.game.Apply(m); err != nil {
			return s.replay(ctx, e)
		}
	}
	if r := e.game.Result(); r != nil && !Ended(e.rec.Status) {
		e.rec.Status, e.rec.Ended = r.Status.String(), s.cfg.Now().UTC()
	}
	s.arm(e)
	s.poke(e)
	return nil
}

// Listen follows the other servers' appends until ctx is done (a no-op
// without a Notifier).
func (s *Service) Listen(ctx context.Context) error {
	if s.cfg.Notifier == nil {
		return nil
	}
	return s.cfg.Notifier.Listen(ctx, s.Notified)
}

// Notified handles another server's append: the negotiation's clients
// here see the moves. An empty id means appends may have been missed:
// every negotiation held here catches up.
func (s *Service) Notified(id string, moves int) {
	if id == "" {
		s.mu.Lock()
		ids := make([]string, 0, len(s.entries))
		for k := range s.entries {
			ids = append(ids, k)
		}
		s.mu.Unlock()
		for _, k := range ids {
			s.Notified(k, 1<<62)
		}
		return
	}
	s.mu.Lock()
	e := s.entries[id]
	s.mu.Unlock()
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.game != nil && e.game.Applied() >= moves {
		return
	}
	if err := s.catchUp(context.Background(), e); err != nil {
		s.log.Warn("catching up with another server", "negotiation", id, "err", err)
	}
}

// drop forgets e: the next request reloads it.
func (s *Service) drop(e *entry) {
	s.mu.Lock()
	if s.entries[e.id] == e {
		delete(s.entries, e.id)
	}
	s.mu.Unlock()
	if e.tm != nil {
		e.tm.Stop()
	}
	if e.game != nil {
		e.game.Close()
		e.game = nil
	}
	s.poke(e)
}

// arm sets the timer of a wall-clock deadline. The caller holds e.mu.
func (s *Service) arm(e *entry) {
	if e.tm != nil {
		e.tm.Stop()
		e.tm = nil
	}
	lim := e.rec.Spec.Deadline().Time
	if lim <= 0 || e.game == nil || e.game.Done() {
		return
	}
	at := e.rec.Started.Add(lim)
	e.tm = time.AfterFunc(max(at.Sub(s.cfg.Now()), 0)+time.Millisecond, func() { s.expire(e, lim) })
}

// expire ends a negotiation whose wall-clock deadline has passed.
func (s *Service) expire(e *entry, lim time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.game == nil || e.game.Done() {
		return
	}
	ctx := context.Background()
	if s.shared {
		if err := s.catchUp(ctx, e); err != nil || e.game == nil || e.game.Done() {
			return
		}
	}
	g := e.game
	seq := g.Applied()
	m := Move{Seat: g.Wait().Seat, Kind: Timeout, Elapsed: max(s.cfg.Now().Sub(e.rec.Started), lim+1)}
	if _, err := g.Apply(m); err != nil {
		return
	}
	end := ""
	if r := g.Result(); r != nil {
		end = r.Status.String()
	}
	now := s.cfg.Now().UTC()
	if err := s.st.Append(ctx, e.id, seq, []Move{m}, end, now); err != nil {
		if entente.ErrorCode(err) != entente.EConflict {
			s.log.Error("ending a negotiation at its deadline", "negotiation", e.id, "err", err)
		}
		if rerr := s.replay(ctx, e); rerr != nil {
			s.drop(e)
		}
		return
	}
	if end != "" {
		e.rec.Status, e.rec.Ended = end, now
	}
	s.poke(e)
}

// poke wakes every subscriber of e. The caller holds e.mu.
func (s *Service) poke(e *entry) {
	for c := range e.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Subscribe returns a channel that receives a signal whenever negotiation
// id changes, and a function that ends the subscription. Signals
// coalesce: read the state after each (View).
func (s *Service) Subscribe(ctx context.Context, id string) (<-chan struct{}, func(), error) {
	e, err := s.entry(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c := make(chan struct{}, 1)
	e.mu.Lock()
	e.subs[c] = struct{}{}
	e.mu.Unlock()
	return c, func() {
		e.mu.Lock()
		delete(e.subs, c)
		e.mu.Unlock()
	}, nil
}

// Resume loads every negotiation that has not ended, so that their
// deadlines run again after a restart.
func (s *Service) Resume(ctx context.Context) error {
	recs, err := s.st.Negotiations(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range recs {
		if r.Status == StatusRunning {
			if _, err := s.entry(ctx, r.ID); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Close stops every game and timer. Moves already acknowledged are in the
// store.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	es := make([]*entry, 0, len(s.entries))
	for _, e := range s.entries {
		es = append(es, e)
	}
	s.entries = map[string]*entry{}
	s.mu.Unlock()
	for _, e := range es {
		e.mu.Lock()
		if e.tm != nil {
			e.tm.Stop()
		}
		if e.game != nil {
			e.game.Close()
			e.game = nil
		}
		for c := range e.subs {
			close(c)
			delete(e.subs, c)
		}
		e.mu.Unlock()
	}
}

// Validate parses uploaded files as AddScenario does, without storing them.
func (s *Service) Validate(files []entente.Source) (*load.Result, error) {
	return s.parse(files)
}
