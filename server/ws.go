package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/entente/entente"
	"github.com/entente/entente/live/msg"
)

// MaxMessage is the largest message a live connection reads, in bytes.
const MaxMessage = 1 << 20

// JoinTimeout is how long a live connection may take to join.
const JoinTimeout = 10 * time.Second

type (
	clientJSON       = msg.Client
	welcomeJSON      = msg.Welcome
	updateJSON       = msg.Update
	yourTurnJSON     = msg.YourTurn
	deadlineMsgJSON  = msg.DeadlineMsg
	ackMsgJSON       = msg.Ack
	utilitiesMsgJSON = msg.Utilities
	endJSON          = msg.End
	errorMsgJSON     = msg.ErrorMsg
)

func errorMsg(id json.RawMessage, err error) errorMsgJSON {
	return errorMsgJSON{Type: "error", ID: id, Error: describe(err).Error}
}

// answer is a message for the client; move marks the answer to a move.
type answer struct {
	msg  any
	move bool
}

// closing asks the writer to close the connection after what it has
// queued.
type closing struct {
	code   websocket.StatusCode
	reason string
}

// conn is one live connection.
type conn struct {
	s   *Server
	c   *websocket.Conn
	id  string
	who int
	out chan answer
	// moving counts the client's moves in flight: updates wait for their
	// answers, so that a client sees the ack of its move before the
	// updates (and the end) it caused.
	moving atomic.Int32
	next   int // the next event to send
	turn   int // the moves count at the last your_turn sent (-1: none)
	round  int
	ended  bool
}

func (s *Server) liveSession(w http.ResponseWriter, r *http.Request) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "the server is shutting down")
	}
	if len(s.conns) >= s.cfg.MaxConns {
		s.mu.Unlock()
		return entente.Errorf(entente.ELimit, "", 0, 0, "", "too many live connections; try again later")
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return nil // Accept wrote the response
	}
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.CloseNow() //nolint:errcheck // closed already, most often
	}()
	c.SetReadLimit(MaxMessage)
	ctx := r.Context()
	lc := &conn{s: s, c: c, id: r.PathValue("id"), out: make(chan answer, 256), turn: -1}
	lc.serve(ctx)
	return nil
}

func (lc *conn) send(ctx context.Context, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return lc.c.Write(wctx, websocket.MessageText, b)
}

func (lc *conn) read(ctx context.Context, m *clientJSON) error {
	typ, b, err := lc.c.Read(ctx)
	if err != nil {
		return err
	}
	if typ != websocket.MessageText {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "", "expected a text message holding a JSON object")
	}
	*m = clientJSON{}
	return decodeJSON(bytes.NewReader(b), m)
}

// fail sends an error and closes the connection.
func (lc *conn) fail(ctx context.Context, err error, code websocket.StatusCode) {
	lc.send(ctx, errorMsg(nil, err))              //nolint:errcheck // closing anyway
	lc.c.Close(code, describe(err).Error.Message) //nolint:errcheck // closing anyway
}

func (lc *conn) serve(ctx context.Context) {
	s := lc.s
	jctx, cancel := context.WithTimeout(ctx, JoinTimeout)
	var join clientJSON
	err := lc.read(jctx, &join)
	cancel()
	switch {
	case err != nil && entente.ErrorCode(err) == entente.EInvalid:
		lc.fail(ctx, err, websocket.StatusPolicyViolation)
		return
	case err != nil:
		lc.c.Close(websocket.StatusPolicyViolation, "expected a join message") //nolint:errcheck // closing anyway
		return
	case join.Type != "join":
		lc.fail(ctx, entente.Errorf(entente.EInvalid, "", 0, 0, "type", "%q: the first message is a join", join.Type), websocket.StatusPolicyViolation)
		return
	case join.Version != ProtocolVersion:
		lc.fail(ctx, entente.Errorf(entente.EUnsupported, "", 0, 0, "version", "protocol version %d; this server speaks version %d", join.Version, ProtocolVersion), websocket.StatusPolicyViolation)
		return
	}
	who, err := s.whoIs(ctx, join.Token, lc.id)
	if err != nil {
		lc.fail(ctx, err, websocket.StatusPolicyViolation)
		return
	}
	lc.who, lc.next = who, max(join.Since, 0)
	sub, unsub, err := s.svc.Subscribe(ctx, lc.id)
	if err != nil {
		lc.fail(ctx, err, websocket.StatusInternalError)
		return
	}
	defer unsub()
	v, err := s.svc.View(ctx, lc.id, 1<<62)
	if err != nil {
		lc.fail(ctx, err, websocket.StatusInternalError)
		return
	}
	wel := welcomeJSON{Type: "welcome", Version: ProtocolVersion, Negotiation: lc.id, Protocol: v.Spec.Protocol, Voting: v.Spec.Voting,
		Status: v.Status, Parties: partiesOf(v.Scenario), Issues: issuesOf(v.Scenario), Deadline: deadlineOf(v, s.now())}
	if who >= 0 {
		wel.You = s.seatView(v, who)
	}
	if err := lc.send(ctx, wel); err != nil {
		return
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer stop()
		lc.write(ctx, sub)
	}()
	if lc.readLoop(ctx) {
		<-done // the writer sends what is queued, then closes
	}
	stop()
	<-done
}

// write sends the queued answers and, at every change, the updates.
func (lc *conn) write(ctx context.Context, sub <-chan struct{}) {
	if err := lc.refresh(ctx); err != nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case a := <-lc.out:
			if c, ok := a.msg.(closing); ok {
				lc.c.Close(c.code, c.reason) //nolint:errcheck // closing anyway
				return
			}
			if err := lc.send(ctx, a.msg); err != nil {
				return
			}
			if a.move {
				lc.moving.Add(-1)
				if err := lc.refresh(ctx); err != nil {
					return
				}
			}
		case _, ok := <-sub:
			if !ok {
				lc.c.Close(websocket.StatusGoingAway, "the server is shutting down") //nolint:errcheck // closing anyway
				return
			}
			if lc.moving.Load() > 0 {
				continue // refreshed after the move's answer
			}
			if err := lc.refresh(ctx); err != nil {
				return
			}
		}
	}
}

// refresh sends what changed since the last refresh: new events, the
// seat's turn, a new round's deadline, the end.
func (lc *conn) refresh(ctx context.Context) error {
	s := lc.s
	v, err := s.svc.View(ctx, lc.id, lc.next)
	if err != nil {
		if entente.ErrorCode(err) == entente.EConflict {
			return err // shutting down
		}
		return lc.send(ctx, errorMsg(nil, err))
	}
	n := s.negotiationOf(v, lc.who)
	if len(v.Events) > 0 || lc.next == 0 {
		up := updateJSON{Type: "update", Moves: v.Moves, Status: v.Status, Round: n.Round, Table: n.Table, Waiting: n.Waiting, Events: n.Events, Next: v.Next}
		if err := lc.send(ctx, up); err != nil {
			return err
		}
		lc.next = v.Next
	}
	if n.Round != 0 && n.Round != lc.round {
		lc.round = n.Round
		if err := lc.send(ctx, deadlineMsgJSON{Type: "deadline", Round: n.Round, Deadline: n.Deadline}); err != nil {
			return err
		}
	}
	if n.YourTurn != nil && lc.turn != v.Moves {
		lc.turn = v.Moves
		if err := lc.send(ctx, yourTurnJSON{Type: "your_turn", Moves: v.Moves, Turn: n.YourTurn}); err != nil {
			return err
		}
	}
	if n.Result != nil && !lc.ended {
		lc.ended = true
		return lc.send(ctx, endJSON{Type: "end", Moves: v.Moves, Result: n.Result})
	}
	return nil
}

// readLoop reads the client's messages until the connection closes. It
// reports whether it asked the writer to close it.
func (lc *conn) readLoop(ctx context.Context) bool {
	s := lc.s
	tokens, last := s.cfg.Burst, time.Now()
	strikes := 0
	for {
		var m clientJSON
		err := lc.read(ctx, &m)
		if err != nil {
			if entente.ErrorCode(err) == entente.EInvalid {
				if !lc.queue(ctx, errorMsg(nil, err)) {
					return false
				}
				continue
			}
			var ce websocket.CloseError
			if !errors.As(err, &ce) && ctx.Err() == nil {
				lc.c.Close(websocket.StatusPolicyViolation, "unreadable message") //nolint:errcheck // closing anyway
			}
			return false
		}
		now := time.Now()
		tokens = min(s.cfg.Burst, tokens+now.Sub(last).Seconds()*s.cfg.Rate)
		last = now
		if tokens < 1 {
			if strikes++; strikes > int(s.cfg.Burst) {
				return lc.queue(ctx, closing{websocket.StatusPolicyViolation, "too many messages"})
			}
			lc.queue(ctx, errorMsg(m.ID, entente.Errorf(entente.ELimit, "", 0, 0, "", "more than %v messages a second; this one was dropped", s.cfg.Rate)))
			continue
		}
		tokens--
		move := m.Type == "offer" || m.Type == "accept" || m.Type == "walk" || m.Type == "vote"
		if move {
			lc.moving.Add(1)
		}
		if !lc.queueAnswer(ctx, answer{lc.handle(ctx, &m), move}) {
			return false
		}
	}
}

func (lc *conn) queue(ctx context.Context, v any) bool {
	return lc.queueAnswer(ctx, answer{msg: v})
}

func (lc *conn) queueAnswer(ctx context.Context, a answer) bool {
	select {
	case lc.out <- a:
		return true
	case <-ctx.Done():
		return false
	}
}

// handle answers one message.
func (lc *conn) handle(ctx context.Context, m *clientJSON) any {
	s := lc.s
	switch m.Type {
	case "offer", "accept", "walk", "vote":
		if lc.who == admin {
			return errorMsg(m.ID, errForbidden)
		}
		if m.Packages != nil || m.Token != "" {
			return errorMsg(m.ID, entente.Errorf(entente.EInvalid, "", 0, 0, "", "a %s holds a kind's fields only (see docs/protocol.md)", m.Type))
		}
		v, err := s.svc.View(ctx, lc.id, 1<<62)
		if err != nil {
			return errorMsg(m.ID, err)
		}
		mv, err := moveOf(v.Scenario, lc.who, &moveJSON{Kind: m.Type, Package: m.Package, Accept: m.Accept, Prefer: m.Prefer})
		if err != nil {
			return errorMsg(m.ID, err)
		}
		n, err := s.svc.Move(ctx, lc.id, mv)
		if err != nil {
			return errorMsg(m.ID, err)
		}
		return ackMsgJSON{Type: "ack", ID: m.ID, Moves: n}
	case "evaluate":
		if lc.who == admin {
			return errorMsg(m.ID, entente.Errorf(entente.EInvalid, "", 0, 0, "", "the admin has no seat"))
		}
		v, err := s.svc.View(ctx, lc.id, 1<<62)
		if err != nil {
			return errorMsg(m.ID, err)
		}
		u, err := s.evaluateFor(v, lc.who, m.Packages)
		if err != nil {
			return errorMsg(m.ID, err)
		}
		return utilitiesMsgJSON{Type: "utilities", ID: m.ID, Party: u.Party, Utilities: u.Utilities}
	case "join":
		return errorMsg(m.ID, entente.Errorf(entente.EConflict, "", 0, 0, "type", "already joined"))
	}
	return errorMsg(m.ID, entente.Errorf(entente.EInvalid, "", 0, 0, "type", "%q: expected offer, accept, walk, vote or evaluate", m.Type))
}
