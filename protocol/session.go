package protocol

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// MaxParties is the largest number of parties a session can seat.
const MaxParties = 64

// Protocol is a negotiation procedure. Start prepares a state machine for
// one session; the session steps it until it reports the end.
type Protocol interface {
	// Name is the protocol's name in traces and results.
	Name() string
	// Check reports whether the protocol can run with this many parties,
	// with or without a mediator.
	Check(parties int, mediator bool) error
	// Start returns the state machine of a new session.
	Start(s *Session) Machine
}

// Machine is one session's protocol state. Step plays one turn (or one
// phase) through the Session's methods and reports whether the session
// goes on; it ends the session with Session.Agree or Session.End.
type Machine interface {
	Step() bool
}

// FaultPolicy says what a negotiator's fault costs.
type FaultPolicy uint8

const (
	// FaultSkip: the faulty negotiator loses its turn (or its vote) and the
	// session goes on. A lost turn neither accepts nor offers.
	FaultSkip FaultPolicy = iota
	// FaultAbort: the session ends at once without agreement, with status
	// Failed naming the offender (GENIUS's behaviour).
	FaultAbort
)

// Config describes one session.
type Config struct {
	// Scenario is the negotiation; its rules decide whose acceptance a
	// package needs.
	Scenario *entente.Scenario
	// Utilities are the parties' compiled utility functions; compiled from
	// the scenario when nil.
	Utilities []*utility.Func
	// Space is the finite space negotiators choose packages from; by
	// default the scenario's space with real issues on a grid of
	// Resolution points.
	Space *space.Space
	// Resolution is the grid size for real issues (default 11).
	Resolution int
	// Protocol is the procedure.
	Protocol Protocol
	// Negotiators play the parties, one per party in scenario order.
	Negotiators []Negotiator
	// Mediator proposes packages in mediated protocols.
	Mediator Mediator
	// Deadline ends the session; at least one limit must be set.
	Deadline Deadline
	// Seed seeds every negotiator's random source.
	Seed uint64
	// Budget is each call's time limit (0: none). A call that returns late
	// loses its turn; one that has not returned after twice the budget plus
	// 100 ms ends the session with status Failed (its goroutine is
	// abandoned).
	Budget time.Duration
	// Faults says what a fault costs (default FaultSkip).
	Faults FaultPolicy
	// Trace, when set, receives the session as JSON Lines (see
	// docs/negotiate.md): a header line, then one line per event. Run
	// returns the result and an error when writing fails.
	Trace io.Writer
	// Record keeps every event in Result.Events.
	Record bool
}

// Status says how a session ended.
type Status uint8

const (
	// Agreement: the parties agreed on a package.
	Agreement Status = iota + 1
	// PastDeadline: the deadline passed without agreement.
	PastDeadline
	// WalkedAway: a party walked away.
	WalkedAway
	// Failed: a negotiator's fault ended the session (FaultAbort, or a call
	// that never returned).
	Failed
	// Cancelled: the context was cancelled.
	Cancelled
)

var statusNames = [...]string{"", "agreement", "deadline", "walked away", "failed", "cancelled"}

// String returns the status's name.
func (st Status) String() string {
	if int(st) < len(statusNames) && st > 0 {
		return statusNames[st]
	}
	return "unknown"
}

// Result is how a session ended.
type Result struct {
	// Protocol is the protocol's name.
	Protocol string
	// Status says how it ended.
	Status Status
	// Agreement is the agreed package, nil without agreement.
	Agreement entente.Outcome
	// Rounds is the number of rounds played (begun).
	Rounds int
	// Time is the normalised time at the end: the last round's t, or the
	// elapsed share of a time limit.
	Time float64
	// Elapsed is the wall-clock duration.
	Elapsed time.Duration
	// Utilities holds each party's undiscounted utility of the agreement,
	// or its reservation value without agreement.
	Utilities []float64
	// Discounted holds Utilities discounted to Time.
	Discounted []float64
	// By is the party that walked away or whose fault ended the session;
	// -1 otherwise.
	By int
	// Reason explains an end without agreement.
	Reason string
	// Offers counts the packages put forward (offers and proposals).
	Offers int
	// Faults counts the negotiators' faults.
	Faults int
	// Events is the whole public history when Config.Record is set.
	Events []Event
}

// Session is the referee of one running session: protocols drive it through
// its methods, and it calls the negotiators, checks their actions, keeps
// time, broadcasts events and writes the trace.
type Session struct {
	cfg    Config
	sc     *entente.Scenario
	fns    []*utility.Func
	sp     *space.Space
	negs   []Negotiator
	voters []Voter
	med    Mediator
	state  State
	rounds int
	limit  time.Duration
	start  time.Time
	ctx    context.Context
	turns  int
	done   bool
	res    Result
	buf    entente.Outcome // the last valid action's package
	req    []bool
	trace  *tracer
	// call counts calls into negotiators: 2k+1 during call k, 2k after;
	// abandoned when the watchdog gave up. late holds the call value the
	// watchdog saw overrun the budget.
	call    atomic.Uint64
	late    atomic.Uint64
	callWho atomic.Int64
	ev      Event // the event being broadcast (not a local: &ev would escape)
}

// Run plays one session to its end. Its error reports a configuration
// problem; everything that happens during the session, faults included, is
// in the Result.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	s, err := newSession(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Budget <= 0 {
		s.play()
		return &s.res, s.traceErr()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.play()
	}()
	// The watchdog reads no clock in the session's hot path: it samples
	// the call counter, and a call it sees running for longer than the
	// budget is marked late (it loses its turn when it returns); one
	// running for longer than hard is abandoned. Lateness is therefore
	// measured to within a tick.
	hard := 2*cfg.Budget + 100*time.Millisecond
	tick := time.NewTicker(min(max(cfg.Budget/8, time.Millisecond), 50*time.Millisecond))
	defer tick.Stop()
	var seen uint64
	var since time.Time
	for {
		select {
		case <-done:
			return &s.res, s.traceErr()
		case now := <-tick.C:
			c := s.call.Load()
			if c&1 == 0 || c != seen {
				seen, since = c, now
				continue
			}
			el := now.Sub(since)
			if el > cfg.Budget {
				s.late.Store(c)
			}
			if el < hard || !s.call.CompareAndSwap(c, abandoned) {
				continue
			}
			// The session goroutine is stuck in a negotiator and will
			// exit without touching anything when (if) it returns.
			p := int(s.callWho.Load())
			return s.abandoned(p, hard), nil
		}
	}
}

// abandoned marks Session.call of a session given up on.
const abandoned = math.MaxUint64

// traceErr reports a failure to write the trace.
func (s *Session) traceErr() error {
	if s.trace == nil || s.trace.err == nil {
		return nil
	}
	return fmt.Errorf("writing the trace: %w", s.trace.err)
}

func newSession(ctx context.Context, cfg Config) (*Session, error) {
	sc := cfg.Scenario
	if sc == nil {
		return nil, errors.New("protocol: no scenario")
	}
	if cfg.Protocol == nil {
		return nil, errors.New("protocol: no protocol")
	}
	n := len(sc.Parties)
	if len(cfg.Negotiators) != n {
		return nil, fmt.Errorf("protocol: %d negotiators for %d parties", len(cfg.Negotiators), n)
	}
	if n > MaxParties {
		return nil, fmt.Errorf("protocol: %d parties; at most %d can negotiate", n, MaxParties)
	}
	if err := cfg.Protocol.Check(n, cfg.Mediator != nil); err != nil {
		return nil, err
	}
	if cfg.Deadline.Rounds <= 0 && cfg.Deadline.Time <= 0 {
		return nil, errors.New("protocol: no deadline; set a number of rounds or a time limit")
	}
	fns := cfg.Utilities
	if fns == nil {
		var err error
		if fns, err = utility.Compile(sc); err != nil {
			return nil, err
		}
	}
	if len(fns) != n {
		return nil, fmt.Errorf("protocol: %d utility functions for %d parties", len(fns), n)
	}
	sp := cfg.Space
	if sp == nil {
		res := cfg.Resolution
		if res <= 0 {
			res = 11
		}
		sp = space.Discretized(sc.Issues, res)
	}
	s := &Session{
		cfg: cfg, sc: sc, fns: fns, sp: sp, negs: cfg.Negotiators, med: cfg.Mediator,
		rounds: cfg.Deadline.Rounds, limit: cfg.Deadline.Time, ctx: ctx,
		buf: make(entente.Outcome, len(sc.Issues)), req: make([]bool, n),
	}
	s.voters = make([]Voter, n)
	for p, ng := range s.negs {
		if ng == nil {
			return nil, fmt.Errorf("protocol: no negotiator for party %q", sc.Parties[p].Name)
		}
		s.voters[p], _ = ng.(Voter)
	}
	s.res = Result{Protocol: cfg.Protocol.Name(), By: -1, Utilities: make([]float64, n), Discounted: make([]float64, n)}
	s.state.By = -1
	if cfg.Trace != nil {
		s.trace = newTracer(cfg.Trace, s)
	}
	return s, nil
}

func (s *Session) play() {
	s.start = time.Now()
	names := make([]string, len(s.sc.Parties))
	for p := range names {
		names[p] = s.sc.Parties[p].Name
	}
	if s.trace != nil {
		s.trace.header(s.cfg.Seed)
	}
	voting := ""
	if vp, ok := s.cfg.Protocol.(interface{ Voting() string }); ok {
		voting = vp.Voting()
	}
	view := func(p int) *View {
		v := &View{
			Protocol: s.res.Protocol, Voting: voting, Self: p, Parties: names, Issues: s.sc.Issues, Space: s.sp,
			Deadline: s.cfg.Deadline, Rand: rand.New(rand.NewPCG(s.cfg.Seed, uint64(p+1))),
		}
		if p >= 0 {
			v.Utility = s.fns[p]
		}
		return v
	}
	s.state.Round = 1
	s.state.Time = s.clock()
	for p := range s.negs {
		if s.done {
			return
		}
		s.startNegotiator(p, view(p))
	}
	if s.med != nil && !s.done {
		s.startNegotiator(-1, view(-1))
	}
	if s.done {
		return
	}
	m := s.cfg.Protocol.Start(s)
	for !s.done && m.Step() {
	}
	if !s.done {
		s.End(PastDeadline, -1, "the deadline passed")
	}
}

func (s *Session) startNegotiator(p int, v *View) {
	if !s.enter(p) {
		return
	}
	var err error
	msg := s.guard(func() {
		if p < 0 {
			err = s.med.Start(v)
		} else {
			err = s.negs[p].Start(v)
		}
	})
	if !s.leave() {
		return
	}
	if msg == "" && err != nil {
		msg = "could not start: " + err.Error()
	}
	if msg != "" {
		// A negotiator that cannot start cannot play: the session fails.
		s.fault(p, msg)
		if !s.done {
			s.End(Failed, p, s.who(p)+": "+msg)
		}
	}
}

// Scenario returns the session's scenario. Protocols may read its issues and
// rules; they must not pass preferences to negotiators.
func (s *Session) Scenario() *entente.Scenario { return s.sc }

// Parties returns the number of parties.
func (s *Session) Parties() int { return len(s.negs) }

// State returns the current public state; protocols update Table and By
// through SetTable.
func (s *Session) State() *State { return &s.state }

// SetTable puts a package on the table (copying it) on behalf of party by
// (-1: the mediator); nil clears it.
func (s *Session) SetTable(o entente.Outcome, by int) {
	if o == nil {
		s.state.Table, s.state.By = nil, -1
		return
	}
	if s.state.Table == nil {
		s.state.Table = s.tableBuf()
	}
	copy(s.state.Table, o)
	s.state.By = by
}

func (s *Session) tableBuf() entente.Outcome {
	return make(entente.Outcome, len(s.sc.Issues))
}

// Round returns the current round, from 1.
func (s *Session) Round() int { return s.state.Round }

// NextRound starts the next round and reports whether it is within the
// deadline; when it is not, the session ends without agreement.
func (s *Session) NextRound() bool {
	if s.done {
		return false
	}
	if s.rounds > 0 && s.state.Round >= s.rounds {
		s.End(PastDeadline, -1, fmt.Sprintf("the deadline of %d rounds passed", s.rounds))
		return false
	}
	s.state.Round++
	s.state.Time = s.clock()
	return !s.done
}

// clock returns the normalised time now, ending the session when a time
// limit has passed.
func (s *Session) clock() float64 {
	var t float64
	if s.rounds > 0 {
		t = float64(s.state.Round) / float64(s.rounds+1)
	}
	if s.limit > 0 {
		el := time.Since(s.start)
		if el > s.limit {
			s.End(PastDeadline, -1, fmt.Sprintf("the time limit of %v passed", s.limit))
			return 1
		}
		t = max(t, float64(el)/float64(s.limit))
	}
	return min(t, 1)
}

// Done reports whether the session has ended.
func (s *Session) Done() bool { return s.done }

// ActionSet is a set of action kinds a protocol allows on a turn.
type ActionSet uint8

// Allow returns a set of action kinds.
func Allow(kinds ...ActionKind) ActionSet {
	var a ActionSet
	for _, k := range kinds {
		a |= 1 << k
	}
	return a
}

// Has reports whether k is in the set.
func (a ActionSet) Has(k ActionKind) bool { return a&(1<<k) != 0 }

// Act asks party p for its action. It returns false when the party lost its
// turn (a fault, recorded) or the session ended. A returned offer's package
// is valid, and copied into a buffer the session reuses on the next call.
func (s *Session) Act(p int, allowed ActionSet) (Action, bool) {
	if s.done || !s.turn() || !s.enter(p) {
		return Action{}, false
	}
	var a Action
	msg := s.guard(func() { a = s.negs[p].Act(&s.state) })
	late := s.overran()
	if !s.leave() {
		return Action{}, false
	}
	if s.limit > 0 {
		if s.clock(); s.done {
			return Action{}, false
		}
	}
	switch {
	case msg != "":
	case late != "":
		msg = late
	case !allowed.Has(a.Kind):
		msg = s.notAllowed(a.Kind, allowed)
	case a.Kind == Offer:
		if msg = s.check(a.Outcome); msg == "" {
			copy(s.buf, a.Outcome)
			a.Outcome = s.buf
		}
	default:
		a.Outcome = nil
	}
	if msg != "" {
		s.fault(p, msg)
		return Action{}, false
	}
	if a.Kind == Offer {
		s.res.Offers++
	}
	return a, true
}

func (s *Session) notAllowed(k ActionKind, allowed ActionSet) string {
	if k == NoAction || k > Walk {
		return fmt.Sprintf("returned no valid action (kind %d)", k)
	}
	if k == Accept && s.state.Table == nil {
		return "accepted, but there is nothing on the table"
	}
	var ok []string
	for _, c := range []ActionKind{Offer, Accept, Walk} {
		if allowed.Has(c) {
			ok = append(ok, c.String())
		}
	}
	return fmt.Sprintf("%s is not allowed now; expected %s", k, strings.Join(ok, " or "))
}

// Vote asks party p for its ballot on a proposal; the session votes by the
// party's utility for negotiators that are not Voters. It returns false
// when the party lost its vote (a fault) or the session ended.
func (s *Session) Vote(p int, proposal, text entente.Outcome) (Ballot, bool) {
	if s.done || !s.turn() {
		return Ballot{}, false
	}
	v := s.voters[p]
	if v == nil {
		return DefaultBallot(s.fns[p], proposal, text), true
	}
	if !s.enter(p) {
		return Ballot{}, false
	}
	var b Ballot
	msg := s.guard(func() { b = v.Vote(&s.state, proposal, text) })
	if late := s.overran(); msg == "" {
		msg = late
	}
	if !s.leave() {
		return Ballot{}, false
	}
	if msg != "" {
		s.fault(p, msg)
		return Ballot{}, false
	}
	return b, true
}

// Propose asks the mediator for a proposal. It returns false when the
// mediator faulted (the round is lost) or the session ended.
func (s *Session) Propose() (entente.Outcome, bool) {
	if s.done || !s.turn() || !s.enter(-1) {
		return nil, false
	}
	var o entente.Outcome
	msg := s.guard(func() { o = s.med.Propose(&s.state) })
	if late := s.overran(); msg == "" {
		msg = late
	}
	if !s.leave() {
		return nil, false
	}
	if msg == "" {
		msg = s.check(o)
	}
	if msg != "" {
		s.fault(-1, msg)
		return nil, false
	}
	copy(s.buf, o)
	s.res.Offers++
	return s.buf, true
}

// Inform tells the mediator the ballots on its proposal.
func (s *Session) Inform(proposal entente.Outcome, ballots []Ballot, adopted bool) {
	if s.done || !s.enter(-1) {
		return
	}
	msg := s.guard(func() { s.med.Votes(proposal, ballots, adopted) })
	if late := s.overran(); msg == "" {
		msg = late
	}
	if !s.leave() {
		return
	}
	if msg != "" {
		s.fault(-1, msg)
	}
}

// turn checks the context every 64 calls and the clock under a time limit.
func (s *Session) turn() bool {
	s.turns++
	if s.turns&63 == 0 && s.ctx.Err() != nil {
		s.End(Cancelled, -1, "cancelled: "+context.Cause(s.ctx).Error())
		return false
	}
	if s.limit > 0 {
		s.state.Time = s.clock()
	}
	return !s.done
}

// enter marks the start of a call into party p (-1: mediator).
func (s *Session) enter(p int) bool {
	if s.cfg.Budget <= 0 {
		return true
	}
	s.callWho.Store(int64(p))
	s.call.Add(1)
	return true
}

// overran reports a call that overran the budget (called before leave).
func (s *Session) overran() string {
	if s.cfg.Budget <= 0 {
		return ""
	}
	if c := s.call.Load(); c&1 == 1 && s.late.Load() == c {
		return fmt.Sprintf("took longer than its time budget of %v", s.cfg.Budget)
	}
	return ""
}

// leave marks the end of a call; false means the session was abandoned
// meanwhile and the caller must stop touching it.
func (s *Session) leave() bool {
	if s.cfg.Budget <= 0 {
		return true
	}
	c := s.call.Load()
	if c == abandoned || !s.call.CompareAndSwap(c, c+1) {
		s.done = true
		return false
	}
	return true
}

// guard runs a call into user code, turning a panic into a message.
func (s *Session) guard(call func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("panicked: %v", r)
			if s.cfg.Record {
				msg += "\n" + string(debug.Stack())
			}
		}
	}()
	call()
	return ""
}

// check validates a package: one value per issue, each a valid option,
// integer or number in range.
func (s *Session) check(o entente.Outcome) string {
	if len(o) != len(s.sc.Issues) {
		return fmt.Sprintf("offered a package of %d values; the scenario has %d issues", len(o), len(s.sc.Issues))
	}
	for i := range s.sc.Issues {
		is := &s.sc.Issues[i]
		x := o[i]
		switch is.Kind {
		case entente.Discrete:
			if x != math.Trunc(x) || x < 0 || x >= float64(len(is.Options)) {
				return fmt.Sprintf("offered option %v for issue %q, which has options 0..%d", x, is.Name, len(is.Options)-1)
			}
		default:
			if !(x >= is.Min && x <= is.Max) || (is.Kind == entente.Integer && x != math.Trunc(x)) {
				return fmt.Sprintf("offered %v for issue %q; expected a %s in [%s, %s]", x, is.Name, is.Kind, entente.FormatNumber(is.Min), entente.FormatNumber(is.Max))
			}
		}
	}
	return ""
}

func (s *Session) who(p int) string {
	if p < 0 {
		return "the mediator"
	}
	return s.sc.Parties[p].Name
}

// fault records a fault of party p (-1: mediator).
func (s *Session) fault(p int, msg string) {
	s.res.Faults++
	s.Emit(Event{Kind: Faulted, Party: p, Reason: msg})
	if s.cfg.Faults == FaultAbort && !s.done {
		s.End(Failed, p, s.who(p)+" "+firstLine(msg))
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Needs reports the parties whose acceptance package o needs under the
// scenario's rules; the slice is reused by the next call.
func (s *Session) Needs(o entente.Outcome) []bool {
	return s.sc.Required(o, s.req)
}

// Emit records an event: it goes to the trace, to Result.Events when
// recording, and to every negotiator's Observe. Round and Time are filled
// in from the state.
func (s *Session) Emit(e Event) {
	e.Round, e.Time = s.state.Round, s.state.Time
	s.ev = e
	if s.trace != nil {
		s.trace.event(&s.ev)
	}
	if s.cfg.Record {
		c := e
		if e.Outcome != nil {
			c.Outcome = append(entente.Outcome(nil), e.Outcome...)
		}
		s.res.Events = append(s.res.Events, c)
	}
	if e.Kind == Agreed || e.Kind == Ended {
		return
	}
	for p, ng := range s.negs {
		if !s.enter(p) {
			return
		}
		s.ev = e // a negotiator may have scribbled on it
		msg := s.guard(func() { ng.Observe(&s.ev) })
		if !s.leave() {
			return
		}
		if msg != "" && e.Kind != Faulted {
			s.fault(p, "while observing: "+msg)
		}
		if s.done {
			return
		}
	}
}

// Agree ends the session with an agreement on o.
func (s *Session) Agree(o entente.Outcome) {
	if s.done {
		return
	}
	s.done = true
	s.res.Status = Agreement
	s.res.Agreement = append(entente.Outcome(nil), o...)
	s.finish()
	for p, f := range s.fns {
		s.res.Utilities[p] = f.Utility(o)
		s.res.Discounted[p] = f.Discounted(s.res.Utilities[p], s.res.Time)
	}
	s.Emit(Event{Kind: Agreed, Party: -1, Outcome: o})
}

// End ends the session without agreement; by is the party responsible, -1
// for none.
func (s *Session) End(st Status, by int, reason string) {
	if s.done {
		return
	}
	s.done = true
	s.res.Status, s.res.By, s.res.Reason = st, by, reason
	s.finish()
	for p, f := range s.fns {
		s.res.Utilities[p] = f.Reservation()
		s.res.Discounted[p] = f.Discounted(s.res.Utilities[p], s.res.Time)
	}
	s.Emit(Event{Kind: Ended, Party: by, Reason: reason})
}

func (s *Session) finish() {
	s.res.Rounds = s.state.Round
	s.res.Time = s.state.Time
	s.res.Elapsed = time.Since(s.start)
}

// abandoned builds the result of a session whose negotiator never returned.
// It runs on Run's goroutine after the session goroutine gave up the state.
func (s *Session) abandoned(p int, hard time.Duration) *Result {
	r := s.res
	r.Status, r.By = Failed, p
	r.Reason = fmt.Sprintf("%s did not return within %v; the session was abandoned", s.who(p), hard)
	r.Rounds, r.Time, r.Elapsed = s.state.Round, s.state.Time, time.Since(s.start)
	r.Agreement = nil
	r.Utilities = make([]float64, len(s.fns))
	r.Discounted = make([]float64, len(s.fns))
	for q, f := range s.fns {
		r.Utilities[q] = f.Reservation()
		r.Discounted[q] = f.Discounted(r.Utilities[q], r.Time)
	}
	r.Faults++
	if s.trace != nil {
		e := Event{Kind: Ended, Round: r.Rounds, Time: r.Time, Party: p, Reason: r.Reason}
		s.trace.event(&e)
	}
	return &r
}
