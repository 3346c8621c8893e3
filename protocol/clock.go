package protocol

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Clock reads a monotonic clock: the time since some fixed origin. Tests
// inject one to control time; the default is the process's monotonic
// clock, read cheaply (internal/monotime).
type Clock func() time.Duration

// A call mark tells the watchdog what the session goroutine is doing:
// idle (0), in a call into party p (-1: the mediator) since time t (relative
// to the session's start), packed as (t+1)<<8 | (p+1), or abandoned.
const (
	idle      = 0
	abandoned = math.MaxUint64
)

func packMark(t time.Duration, p int) uint64 {
	return uint64(max(t, 0)+1)<<8 | uint64(p+1)
}

func unpackMark(m uint64) (t time.Duration, p int) {
	return time.Duration(m>>8) - 1, int(m&0xff) - 1
}

// begin marks the start of a call into party p (-1: the mediator): the
// events it is told, then its action or vote, timed together. Without a
// budget it does nothing.
func (s *Session) begin(p int) {
	if s.timed {
		s.beginTimed(p)
	}
}

func (s *Session) beginTimed(p int) {
	t := s.last
	if !s.fresh {
		t = s.now() - s.start
	}
	s.callStart = t
	s.mark.Store(packMark(t, p))
}

// end marks the end of a call: late reports that it took longer than the
// budget, measured from its start to now on the session's clock; alive is
// false when the watchdog abandoned the session meanwhile, and the caller
// must then stop touching it.
func (s *Session) end() (late, alive bool) {
	if !s.timed {
		return false, true
	}
	return s.endTimed()
}

func (s *Session) endTimed() (late, alive bool) {
	t := s.now() - s.start
	m := s.mark.Load()
	if m == abandoned || !s.mark.CompareAndSwap(m, idle) {
		s.done = true
		return false, false
	}
	s.last, s.fresh = t, true
	return t-s.callStart > s.cfg.Budget, true
}

// lateMsg is the fault of a late call.
func (s *Session) lateMsg() string {
	return fmt.Sprintf("took longer than its time budget of %v", s.cfg.Budget)
}

// hard is how long a call may run before the session is abandoned.
func (s *Session) hard() time.Duration { return 2*s.cfg.Budget + 100*time.Millisecond }

// guarded runs fn, the session's own work, to its end; under a budget it
// runs it on a goroutine of its own while the watchdog looks for a call
// that hangs. It returns false when the session was abandoned: then
// s.gaveUp holds its result, and the goroutine, stuck in a negotiator,
// touches nothing when (if) it returns.
func (s *Session) guarded(fn func()) bool {
	if s.gaveUp != nil {
		return false
	}
	if !s.timed {
		fn()
		return true
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	// The watchdog only abandons calls that hang: lateness is measured by
	// the session itself, at each call's start and end.
	tick := time.NewTicker(min(max(s.cfg.Budget/8, time.Millisecond), 50*time.Millisecond))
	defer tick.Stop()
	hard := s.hard()
	cancelled := s.ctx.Done()
	for {
		select {
		case <-done:
			return true
		case <-cancelled:
			// From now on every tick looks: a call under way is abandoned at
			// once, rather than waited for.
			cancelled = nil
			if s.cancelCall() {
				return false
			}
		case <-tick.C:
			if s.ctx.Err() != nil && s.cancelCall() {
				return false
			}
			m := s.mark.Load()
			if m == idle || m == abandoned {
				continue
			}
			t, p := unpackMark(m)
			if s.now()-s.start-t < hard || !s.mark.CompareAndSwap(m, abandoned) {
				continue
			}
			s.gaveUp = s.abandoned(p, Failed, fmt.Sprintf("%s did not return within %v; the session was abandoned", s.who(p), hard))
			return false
		}
	}
}

// cancelCall abandons the session, cancelled, when its goroutine is in a
// call into a negotiator (a long Start, a long turn) after the context was
// cancelled; in the referee's own code the session ends itself at its next
// look at the context. It reports whether it abandoned the session.
func (s *Session) cancelCall() bool {
	m := s.mark.Load()
	if m == idle || m == abandoned || !s.mark.CompareAndSwap(m, abandoned) {
		return false
	}
	_, p := unpackMark(m)
	s.gaveUp = s.abandoned(p, Cancelled, "cancelled: "+context.Cause(s.ctx).Error())
	return true
}
