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
	"github.com/entente/entente/internal/monotime"
	"github.com/entente/entente/ratify"
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
	// package needs, and its blocs how they accept.
	Scenario *entente.Scenario
	// Utilities are the parties' compiled utility functions; compiled from
	// the scenario when nil.
	Utilities []*utility.Func
	// Politics are the scenario's compiled blocs and constituencies;
	// compiled from the scenario (reusing Utilities) when nil.
	Politics *ratify.Set
	// Verdicts, when set, remembers the blocs' and constituencies'
	// verdicts on packages between the sessions that share it (see
	// Verdicts): set Politics and Space too, the same for every session.
	Verdicts *Verdicts
	// Disclosure says what negotiators are told about blocs and
	// constituencies (default DiscloseOwn).
	Disclosure Disclosure
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
	// Budget is the time limit of each call into a negotiator or the
	// mediator (0: none): of its action or vote together with the events
	// it is told first (see Negotiator.Observe). A call's duration is
	// measured on Clock at its start and its end; a call that returns late
	// loses its turn (its vote, its proposal). Start is not timed. A call
	// that has not returned after twice the budget plus 100 ms ends the
	// session with status Failed (its goroutine is abandoned).
	Budget time.Duration
	// Clock is the monotonic clock budgets and time limits are measured
	// on (nil: the process's). It must be safe for concurrent use.
	Clock Clock
	// Faults says what a fault costs (default FaultSkip).
	Faults FaultPolicy
	// Trace, when set, receives the session as JSON Lines (see
	// docs/negotiate.md): a header line, then one line per event. Run
	// returns the result and an error when writing fails.
	Trace io.Writer
	// Record keeps every event in Result.Events.
	Record bool
	// Watch, when set, is called with every event as it is emitted, on the
	// session's goroutine (a program stepping a live session forwards them;
	// see package live). The event's Outcome is valid only during the call.
	Watch func(e *Event)
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
	// Failed: a negotiator's fault ended the session (FaultAbort, a
	// negotiator that could not start, or a call that never returned).
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
	// Ratification holds, for an agreement, every constituency's verdict
	// after the signature, in scenario order (nil without agreement or
	// constituencies).
	Ratification []Ratification
	// Stands reports an agreement that every constituency lets pass: the
	// deal survives ratification.
	Stands bool
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

// Session is the referee of one session: protocols drive it through its
// methods, and it calls the negotiators, checks their actions, keeps time,
// applies the rules, tells the events and writes the trace. Programs create
// one with Open and play it with Step, or play a whole session with Run.
type Session struct {
	cfg     Config
	sc      *entente.Scenario
	fns     []*utility.Func
	pol     *ratify.Set
	sp      *space.Space
	negs    []Negotiator
	voters  []Voter
	med     Mediator
	machine Machine
	started bool
	state   State
	rounds  int
	limit   time.Duration
	now     Clock
	start   time.Duration
	wall    time.Time
	ctx     context.Context
	turns   int
	done    bool
	res     Result
	buf     entente.Outcome // the last valid action's package
	req     []bool
	need    []bool
	trace   *tracer

	// What negotiators are handed: copies, refilled before each call, a
	// set of its own for each negotiator and the mediator (see seat).
	seats     []seat
	ballots   []Ballot
	ring      *ring
	observing bool // telling events: a panic now is Observe's
	timed     bool // under a budget

	// Timing under a budget: mark tells the watchdog what the session
	// goroutine is doing (see packMark); callStart is the current call's
	// start; last is the clock at the latest call's end, fresh while no
	// time has been spent since but the referee's own computing.
	mark      atomic.Uint64
	callStart time.Duration
	last      time.Duration
	fresh     bool
	gaveUp    *Result // the result of a session abandoned by the watchdog
}

// Run plays one session to its end. Its error reports a configuration
// problem; everything that happens during the session, faults included, is
// in the Result.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	s, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if !s.guarded(s.play) {
		s.finishNegotiators(s.gaveUp)
		return s.gaveUp, nil
	}
	s.finishNegotiators(&s.res)
	return &s.res, s.traceErr()
}

// finishNegotiators tells the negotiators that implement Finisher how the
// session ended, each its own copy with its own utilities only.
func (s *Session) finishNegotiators(r *Result) {
	for p, n := range s.negs {
		f, ok := n.(Finisher)
		if !ok {
			continue
		}
		c := *r
		c.Events = nil
		c.Agreement = append(entente.Outcome(nil), r.Agreement...)
		c.Ratification = append([]Ratification(nil), r.Ratification...)
		c.Utilities = make([]float64, len(r.Utilities))
		c.Discounted = make([]float64, len(r.Discounted))
		for q := range c.Utilities {
			c.Utilities[q], c.Discounted[q] = math.NaN(), math.NaN()
		}
		if p < len(r.Utilities) {
			c.Utilities[p], c.Discounted[p] = r.Utilities[p], r.Discounted[p]
		}
		s.guard(func() { f.Finish(&c) })
	}
}

// Open prepares a session without playing it: Step plays it one action at
// a time. Its error reports a configuration problem.
func Open(ctx context.Context, cfg Config) (*Session, error) {
	return newSession(ctx, cfg)
}

// Step plays the session's next step and reports whether the session goes
// on: the first Step starts the negotiators and plays the first turn; each
// Step after plays one turn of an offer protocol (one action) or one round
// of the mediated protocol (a proposal and its votes). A negotiator's time
// budget is guarded as in Run; the time a program spends between steps is
// nobody's.
func (s *Session) Step() bool {
	if s.gaveUp != nil || s.done {
		return false
	}
	s.fresh = false
	if !s.guarded(s.step) {
		return false
	}
	return !s.done
}

// Result returns how the session ended, or nil while it goes on.
func (s *Session) Result() *Result {
	if s.gaveUp != nil {
		return s.gaveUp
	}
	if !s.done {
		return nil
	}
	return &s.res
}

// Err reports a failure to write the trace.
func (s *Session) Err() error { return s.traceErr() }

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
	if cfg.Disclosure > DiscloseAll {
		return nil, fmt.Errorf("protocol: unknown disclosure %d", cfg.Disclosure)
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
	pol := cfg.Politics
	if pol == nil {
		var err error
		if pol, err = ratify.CompileWith(sc, fns); err != nil {
			return nil, err
		}
	}
	sp := cfg.Space
	if sp == nil {
		res := cfg.Resolution
		if res <= 0 {
			res = 11
		}
		sp = space.Discretized(sc.Issues, res)
	}
	if cfg.Verdicts != nil {
		if cfg.Politics == nil || cfg.Space == nil {
			return nil, errors.New("protocol: Config.Verdicts is shared between sessions of the same politics and space: set Config.Politics and Config.Space too")
		}
		if err := cfg.Verdicts.bind(sc, pol, sp); err != nil {
			return nil, err
		}
	}
	ni := len(sc.Issues)
	s := &Session{
		cfg: cfg, sc: sc, fns: fns, pol: pol, sp: sp, negs: cfg.Negotiators, med: cfg.Mediator,
		rounds: cfg.Deadline.Rounds, limit: cfg.Deadline.Time, ctx: ctx, now: cfg.Clock,
		req: make([]bool, n), need: make([]bool, n), ring: newRing(n, ni),
	}
	// The session's package buffers, in one allocation: its own, and the
	// copies handed to each seat (the mediator's first).
	s.seats = make([]seat, n+1)
	bufs := make(entente.Outcome, (1+4*len(s.seats))*ni)
	s.buf, bufs = bufs[:ni:ni], bufs[ni:]
	for k := range s.seats {
		c := &s.seats[k]
		for _, b := range []*entente.Outcome{&c.table, &c.prop, &c.text, &c.out} {
			*b, bufs = bufs[:ni:ni], bufs[ni:]
		}
	}
	if s.now == nil {
		s.now = monotime.Now
	}
	s.timed = cfg.Budget > 0
	s.voters = make([]Voter, n)
	for p, ng := range s.negs {
		if ng == nil {
			return nil, fmt.Errorf("protocol: no negotiator for party %q", sc.Parties[p].Name)
		}
		s.voters[p], _ = ng.(Voter)
	}
	if s.med != nil {
		s.ballots = make([]Ballot, n)
	}
	s.res = Result{Protocol: cfg.Protocol.Name(), By: -1, Utilities: make([]float64, n), Discounted: make([]float64, n)}
	s.state.By = -1
	if cfg.Trace != nil {
		s.trace = newTracer(cfg.Trace, s)
	}
	return s, nil
}

// play runs the session to its end.
func (s *Session) play() {
	if s.step(); s.done {
		return
	}
	for s.machine.Step() {
	}
	if !s.done {
		s.End(PastDeadline, -1, "the deadline passed")
	}
}

// step plays one step: the start, then one step of the machine; it ends
// the session at the deadline.
func (s *Session) step() {
	if !s.started {
		s.started = true
		s.begun()
		if s.done {
			return
		}
	}
	if !s.machine.Step() && !s.done {
		s.End(PastDeadline, -1, "the deadline passed")
	}
}

// begun starts the clock, the trace, the negotiators and the machine.
func (s *Session) begun() {
	s.start, s.wall = s.now(), time.Now()
	if s.trace != nil {
		s.trace.header(s.cfg.Seed)
	}
	voting := ""
	if vp, ok := s.cfg.Protocol.(interface{ Voting() string }); ok {
		voting = vp.Voting()
	}
	s.state.Round = 1
	s.state.Time = s.clock()
	for p := range s.negs {
		if s.done {
			return
		}
		s.startNegotiator(p, s.view(p, voting))
	}
	if s.med != nil && !s.done {
		s.startNegotiator(-1, s.view(-1, voting))
	}
	if !s.done {
		s.machine = s.cfg.Protocol.Start(s)
	}
}

// view returns what negotiator p (-1: the mediator) is told at the start:
// copies of its own, so that nothing it does reaches the session, the
// scenario or another negotiator.
func (s *Session) view(p int, voting string) *View {
	names := make([]string, len(s.sc.Parties))
	for q := range names {
		names[q] = s.sc.Parties[q].Name
	}
	sp := s.sp.Clone()
	v := &View{
		Protocol: s.res.Protocol, Voting: voting, Self: p, Parties: names, Issues: sp.Issues(), Space: sp,
		Deadline: s.cfg.Deadline, Rand: rand.New(rand.NewPCG(s.cfg.Seed, uint64(p+1))),
		Politics: newPolitics(s.sc, s.pol, s.cfg.Verdicts, p, s.cfg.Disclosure),
	}
	if p >= 0 {
		v.Utility = s.fns[p]
	}
	return v
}

func (s *Session) startNegotiator(p int, v *View) {
	s.begin(p)
	var err error
	msg := s.guard(func() {
		if p < 0 {
			err = s.med.Start(v)
		} else {
			err = s.negs[p].Start(v)
		}
	})
	if _, alive := s.end(); !alive {
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
// through SetTable. Programs stepping a session may read it between steps.
func (s *Session) State() *State { return &s.state }

// SetTable puts a package on the table (copying it) on behalf of party by
// (-1: the mediator); nil clears it.
func (s *Session) SetTable(o entente.Outcome, by int) {
	if o == nil {
		s.state.Table, s.state.By = nil, -1
		return
	}
	if s.state.Table == nil {
		s.state.Table = make(entente.Outcome, len(s.sc.Issues))
	}
	copy(s.state.Table, o)
	s.state.By = by
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
		el := s.now() - s.start
		if el > s.limit {
			s.End(PastDeadline, -1, fmt.Sprintf("the time limit of %v passed", s.limit))
			return 1
		}
		t = max(t, float64(el)/float64(s.limit))
	}
	return min(t, 1)
}

// Done reports whether the session has ended.
func (s *Session) Done() bool { return s.gaveUp != nil || s.done }

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

// seat holds what one negotiator, or the mediator, is handed during its
// calls: its copy of the state, of the proposal and text it votes on, and
// of the event it is told, refilled before each use. Each has a set of
// its own, so that one that keeps a copy beyond its call and writes on it
// later (from a goroutine of its own, while another party plays) changes
// nothing another negotiator, the mediator or the referee reads.
type seat struct {
	state                  State
	event                  Event
	table, prop, text, out entente.Outcome
}

// seat returns party p's set of copies (-1: the mediator's).
func (s *Session) seat(p int) *seat { return &s.seats[p+1] }

// snapshot refills party p's copy of the state (-1: the mediator's).
func (s *Session) snapshot(p int) *State {
	st := s.seat(p)
	c := &st.state
	c.Round, c.Time, c.By, c.Table = s.state.Round, s.state.Time, s.state.By, nil
	if s.state.Table != nil {
		copyOutcome(st.table, s.state.Table)
		c.Table = st.table
	}
	return c
}

// Act asks party p for its action, after telling it the events it has not
// been told. It returns false when the party lost its turn (a fault,
// recorded) or the session ended. A returned offer's package is valid, and
// copied into a buffer the session reuses on the next call; an acceptance
// names the package on the table.
func (s *Session) Act(p int, allowed ActionSet) (Action, bool) {
	if s.done || !s.turn() {
		return Action{}, false
	}
	// The events it has not been told, then its action, under one guard;
	// after a fault in Observe, Act is still asked under FaultSkip.
	s.begin(p)
	var a Action
	var obs string
	s.observing = true
	msg := s.guard(func() {
		s.tell(p)
		a = s.negs[p].Act(s.snapshot(p))
	})
	if s.observed(p) {
		obs, msg = msg, ""
		if s.cfg.Faults == FaultSkip {
			msg = s.guard(func() { a = s.negs[p].Act(s.snapshot(p)) })
		}
	}
	late, alive := s.end()
	if !alive || s.done {
		// s.done: the session was ended during the call (package live
		// ends a session its administrator aborts from the seat's call).
		return Action{}, false
	}
	// A fault while observing costs what any fault does; under FaultSkip
	// the turn is still played.
	if obs != "" {
		if s.fault(p, "while observing: "+obs); s.done {
			return Action{}, false
		}
	}
	if s.limit > 0 {
		if s.clock(); s.done {
			return Action{}, false
		}
	}
	switch {
	case msg != "":
	case late:
		msg = s.lateMsg()
	case !allowed.Has(a.Kind):
		msg = s.notAllowed(a.Kind, allowed)
	case a.Kind == Offer:
		if msg = s.take(a.Outcome); msg == "" {
			a.Outcome = s.buf
		}
	case a.Kind == Accept:
		if msg = s.names(a.Outcome); msg == "" {
			a.Outcome = s.state.Table
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

// names checks that an acceptance names the package on the table.
func (s *Session) names(o entente.Outcome) string {
	t := s.state.Table
	if o == nil {
		return "accepted without naming the package; an acceptance names the package on the table"
	}
	if len(o) != len(t) {
		return fmt.Sprintf("accepted a package of %d values; the scenario has %d issues", len(o), len(t))
	}
	for i := range t {
		if o[i] != t[i] {
			return "accepted a package that is not the one on the table"
		}
	}
	return ""
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

// Vote asks party p for its ballot on a proposal, after telling it the
// events it has not been told; the session votes by the party's utility
// for negotiators that are not Voters. It returns false when the party
// lost its vote (a fault) or the session ended.
func (s *Session) Vote(p int, proposal, text entente.Outcome) (Ballot, bool) {
	if s.done || !s.turn() {
		return Ballot{}, false
	}
	v := s.voters[p]
	if v == nil {
		return DefaultBallot(s.fns[p], proposal, text), true
	}
	s.begin(p)
	b, obs, msg := s.callVote(p, v, proposal, text)
	late, alive := s.end()
	if !alive || s.done {
		return Ballot{}, false
	}
	if obs != "" {
		if s.fault(p, "while observing: "+obs); s.done {
			return Ballot{}, false
		}
	}
	if s.faultIf(p, "", msg, late) {
		return Ballot{}, false
	}
	return b, true
}

// Propose asks the mediator for a proposal. It returns false when the
// mediator faulted (the round is lost) or the session ended.
func (s *Session) Propose() (entente.Outcome, bool) {
	if s.done || !s.turn() {
		return nil, false
	}
	s.begin(-1)
	var o entente.Outcome
	msg := s.guard(func() { o = s.med.Propose(s.snapshot(-1)) })
	late, alive := s.end()
	if !alive {
		return nil, false
	}
	if msg == "" && !late {
		msg = s.take(o)
	}
	if s.faultIf(-1, "", msg, late) {
		return nil, false
	}
	s.res.Offers++
	return s.buf, true
}

// Inform tells the mediator the ballots on its proposal (copies).
func (s *Session) Inform(proposal entente.Outcome, ballots []Ballot, adopted bool) {
	if s.done {
		return
	}
	s.begin(-1)
	prop := s.seat(-1).prop
	copy(prop, proposal)
	copy(s.ballots, ballots)
	msg := s.guard(func() { s.med.Votes(prop, s.ballots[:len(ballots)], adopted) })
	if late, alive := s.end(); alive {
		s.faultIf(-1, "", msg, late)
	}
}

// faultIf records the fault of a call into party p, if it committed one:
// its own (msg), or else overrunning its budget. It reports whether it
// did.
func (s *Session) faultIf(p int, prefix, msg string, late bool) bool {
	if msg == "" && late {
		msg = s.lateMsg()
	}
	if msg != "" {
		s.fault(p, prefix+msg)
	}
	return msg != ""
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

// take copies a package a negotiator or the mediator put forward into the
// session's buffer and checks the copy (see check): the caller's slice is
// read once, so that what it changes afterwards (from a goroutine of its
// own) is never what the referee checked.
func (s *Session) take(o entente.Outcome) string {
	if len(o) != len(s.buf) {
		return s.check(o) // the count is wrong: check reads only the length
	}
	copyOutcome(s.buf, o)
	return s.check(s.buf)
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

// Agreed reports whether package o is agreed when yes[p] says whether
// party p accepted it: every party o needs accepted it, and every needed
// bloc's members accept it by its rule (ratify.Set.Agreed, the definition
// the analysis's agreement zone uses too).
func (s *Session) Agreed(o entente.Outcome, yes []bool) bool {
	return s.pol.Agreed(o, yes, s.need)
}

// Consents reports whether party p, answering yes, consents to package o:
// a bloc's members must accept it by its rule too. When p is a bloc that
// answers yes, its members' vote is recorded as a BlocVoted event.
func (s *Session) Consents(p int, o entente.Outcome, yes bool) bool {
	if !yes || !s.pol.Bloc(p) {
		return yes
	}
	var ok bool
	var members int
	if v := s.cfg.Verdicts; v != nil {
		idx, in := v.index(o)
		ok, members = v.accepts(p, o, idx, in), v.membersAccepting(p, o, idx, in)
	} else {
		ok, members = s.pol.Accepts(p, o), s.pol.MembersAccepting(p, o)
	}
	s.Emit(Event{Kind: BlocVoted, Party: p, Outcome: o, Accepts: members, Adopted: ok})
	return ok
}

// Emit records an event: it goes to the trace, to Result.Events when
// recording, and to every negotiator (Observe), before its next call.
// Round and Time are filled in from the state.
func (s *Session) Emit(e Event) {
	e.Round, e.Time = s.state.Round, s.state.Time
	if s.trace != nil {
		s.trace.event(&e)
	}
	if s.cfg.Record {
		c := e
		if e.Outcome != nil {
			c.Outcome = append(entente.Outcome(nil), e.Outcome...)
		}
		s.res.Events = append(s.res.Events, c)
	}
	if w := s.cfg.Watch; w != nil {
		c := e // a copy, so that e stays on the stack without a watcher
		w(&c)
	}
	if e.Kind == Agreed || e.Kind == Ended {
		return
	}
	s.push(&e)
}

// Agree ends the session with an agreement on o, and asks every
// constituency whether it ratifies it.
func (s *Session) Agree(o entente.Outcome) {
	if s.done {
		return
	}
	s.done = true
	s.res.Status = Agreement
	s.res.Agreement = append(entente.Outcome(nil), o...)
	s.res.Ratification, s.res.Stands = ratification(s.sc, s.pol, o)
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
	s.res.Elapsed = time.Since(s.wall)
}

// abandoned builds the result of a session abandoned while party p (-1:
// the mediator) was in a call: failed, the call never returned, or
// cancelled meanwhile. It runs on the watchdog's goroutine while the
// session goroutine is in the call.
func (s *Session) abandoned(p int, st Status, reason string) *Result {
	r := s.res
	r.Status, r.By, r.Reason = st, p, reason
	if st == Cancelled {
		r.By = -1
	}
	r.Rounds, r.Time, r.Elapsed = s.state.Round, s.state.Time, time.Since(s.wall)
	r.Agreement, r.Ratification, r.Stands = nil, nil, false
	r.Utilities = make([]float64, len(s.fns))
	r.Discounted = make([]float64, len(s.fns))
	for q, f := range s.fns {
		r.Utilities[q] = f.Reservation()
		r.Discounted[q] = f.Discounted(r.Utilities[q], r.Time)
	}
	r.Events = append([]Event(nil), s.res.Events...)
	end := Event{Kind: Ended, Round: r.Rounds, Time: r.Time, Party: r.By, Reason: r.Reason}
	if st == Failed {
		r.Faults++
		if s.cfg.Record {
			r.Events = append(r.Events, Event{Kind: Faulted, Round: r.Rounds, Time: r.Time, Party: p, Reason: r.Reason})
		}
	}
	if s.cfg.Record {
		r.Events = append(r.Events, end)
	}
	if s.trace != nil {
		s.trace.event(&end)
	}
	return &r
}
