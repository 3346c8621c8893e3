package server

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/live"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/wire"
)

// createdJSON answers a negotiation's creation: the seats' tokens, shown
// this once.
type createdJSON struct {
	ID    string     `json:"id"`
	Seats []seatJSON `json:"seats"`
}

func (s *Server) createNegotiation(w http.ResponseWriter, r *http.Request) error {
	var spec live.Spec
	if err := s.decode(w, r, &spec); err != nil {
		return err
	}
	rec, tokens, err := s.svc.Create(r.Context(), spec)
	if err != nil {
		return err
	}
	j := createdJSON{ID: rec.ID}
	for p, st := range rec.Spec.Seats {
		j.Seats = append(j.Seats, seatJSON{Party: st.Party, Kind: string(st.Kind), Strategy: st.Strategy, Token: tokens[p]})
	}
	writeJSON(w, http.StatusCreated, j)
	return nil
}

// summaryJSON is a negotiation in a list.
type summaryJSON struct {
	ID       string `json:"id"`
	Scenario string `json:"scenario"`
	Protocol string `json:"protocol"`
	Status   string `json:"status"`
}

func (s *Server) listNegotiations(w http.ResponseWriter, r *http.Request) error {
	recs, err := s.svc.List(r.Context())
	if err != nil {
		return err
	}
	out := make([]summaryJSON, 0, len(recs))
	for _, n := range recs {
		out = append(out, summaryJSON{ID: n.ID, Scenario: n.Spec.Scenario, Protocol: n.Spec.Protocol, Status: n.Status})
	}
	writeJSON(w, http.StatusOK, map[string]any{"negotiations": out})
	return nil
}

func sinceOf(r *http.Request) (int, error) {
	q := r.URL.Query().Get("since")
	if q == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 0 {
		return 0, entente.Errorf(entente.EInvalid, "", 0, 0, "since", "%q: expected an event index, 0 or more", q)
	}
	return n, nil
}

func (s *Server) getNegotiation(w http.ResponseWriter, r *http.Request, id string, who int) error {
	since, err := sinceOf(r)
	if err != nil {
		return err
	}
	v, err := s.svc.View(r.Context(), id, since)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.negotiationOf(v, who))
	return nil
}

func (s *Server) startNegotiation(w http.ResponseWriter, r *http.Request, id string, who int) error {
	if err := s.svc.Start(r.Context(), id); err != nil {
		return err
	}
	return s.writeNegotiation(w, r, id, who)
}

// writeNegotiation answers with the negotiation's state as who sees it.
func (s *Server) writeNegotiation(w http.ResponseWriter, r *http.Request, id string, who int) error {
	v, err := s.svc.View(r.Context(), id, 0)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.negotiationOf(v, who))
	return nil
}

// abortNegotiation ends a running negotiation without agreement (status
// cancelled): the administrator's move, committed like a seat's.
func (s *Server) abortNegotiation(w http.ResponseWriter, r *http.Request, id string, who int) error {
	if _, err := s.svc.Abort(r.Context(), id); err != nil {
		return err
	}
	return s.writeNegotiation(w, r, id, who)
}

func (s *Server) seatView(v *live.View, p int) *seatViewJSON {
	sc := v.Scenario
	j := &seatViewJSON{Party: sc.Parties[p].Name, Index: p, Parties: partiesOf(sc), Issues: issuesOf(sc)}
	if fn := s.svc.UtilityOf(v.Spec.Scenario, sc, p); fn != nil {
		j.Reservation, j.Discount = fn.Reservation(), fn.DiscountFactor()
	}
	own := &entente.Scenario{Name: sc.Name, Issues: sc.Issues, Parties: []entente.Party{sc.Parties[p]}}
	if doc, err := native.Encode(own, native.JSON); err == nil {
		j.Preferences = bytes.TrimSpace(doc)
	}
	return j
}

func (s *Server) getSeat(w http.ResponseWriter, r *http.Request, id string, who int) error {
	v, err := s.svc.View(r.Context(), id, 1<<62)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.seatView(v, who))
	return nil
}

// moveJSON is a seat's move, over HTTP or the live protocol.
type moveJSON struct {
	Kind    string         `json:"kind"`
	Package map[string]any `json:"package,omitempty"`
	Accept  bool           `json:"accept,omitempty"`
	Prefer  bool           `json:"prefer,omitempty"`
}

// moveOf reads a move of seat p.
func moveOf(sc *entente.Scenario, p int, j *moveJSON) (live.Move, error) {
	m := live.Move{Seat: p, Kind: live.MoveKind(j.Kind), Accept: j.Accept, Prefer: j.Prefer}
	switch m.Kind {
	case live.Offer, live.Accept:
		if j.Package == nil {
			return m, entente.Errorf(entente.EInvalid, "", 0, 0, "package", "an %s names a package: an object of issue names to values", m.Kind)
		}
		o, err := live.ParsePackage(sc, j.Package)
		if err != nil {
			return m, err
		}
		m.Package = o
	case live.Walk, live.Vote:
		if j.Package != nil {
			return m, entente.Errorf(entente.EInvalid, "", 0, 0, "package", "a %s names no package", m.Kind)
		}
	default:
		return m, entente.Errorf(entente.EInvalid, "", 0, 0, "kind", "%q: expected offer, accept, walk or vote", j.Kind)
	}
	return m, nil
}

// ackJSON acknowledges a move: it is committed; Moves is the number of
// moves applied since (the move's sequence number plus one, or more when
// built-in seats followed).
type ackJSON struct {
	Moves int `json:"moves"`
}

func (s *Server) postMove(w http.ResponseWriter, r *http.Request, id string, who int) error {
	var j moveJSON
	if err := s.decode(w, r, &j); err != nil {
		return err
	}
	sc, err := s.scenarioOfNegotiation(r, id)
	if err != nil {
		return err
	}
	m, err := moveOf(sc, who, &j)
	if err != nil {
		return err
	}
	n, err := s.svc.Move(r.Context(), id, m)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ackJSON{Moves: n})
	return nil
}

func (s *Server) scenarioOfNegotiation(r *http.Request, id string) (*entente.Scenario, error) {
	v, err := s.svc.View(r.Context(), id, 1<<62)
	if err != nil {
		return nil, err
	}
	return v.Scenario, nil
}

// MaxEvaluate is the largest number of packages one evaluation takes.
const MaxEvaluate = 10000

type evaluateJSON struct {
	Packages []map[string]any `json:"packages"`
	// Ratification asks for the verdicts of the seat's own
	// constituencies too.
	Ratification bool `json:"ratification,omitempty"`
}

type utilitiesJSON struct {
	Party     string    `json:"party"`
	Utilities []float64 `json:"utilities"`
	// Ratification holds, when asked, the verdict on each package of
	// every constituency that ratifies for the seat's own party (none of
	// another party's).
	Ratification []ownVerdictsJSON `json:"ratification,omitempty"`
}

// ownVerdictsJSON is one of the seat's constituencies' verdicts on the
// packages evaluated: its approval share (null where the package lies
// outside its region and it is not asked) and whether it lets each pass.
type ownVerdictsJSON struct {
	Constituency string     `json:"constituency"`
	Threshold    float64    `json:"threshold"`
	Approval     []*float64 `json:"approval"`
	Ratifies     []bool     `json:"ratifies"`
}

// evaluateFor returns seat p's own utilities of packages.
func (s *Server) evaluateFor(v *live.View, p int, pkgs []map[string]any, ratification bool) (*utilitiesJSON, error) {
	if len(pkgs) > MaxEvaluate {
		return nil, entente.Errorf(entente.ELimit, "", 0, 0, "packages", "%d packages; evaluate at most %d at a time", len(pkgs), MaxEvaluate)
	}
	fn := s.svc.UtilityOf(v.Spec.Scenario, v.Scenario, p)
	if fn == nil {
		return nil, entente.Errorf(entente.EInternal, "", 0, 0, "", "no utility function")
	}
	sc := v.Scenario
	out := &utilitiesJSON{Party: sc.Parties[p].Name, Utilities: make([]float64, len(pkgs))}
	var set *ratify.Set
	var own []int
	if ratification {
		for c := range sc.Constituencies {
			if sc.Constituencies[c].Party == p {
				own = append(own, c)
				out.Ratification = append(out.Ratification, ownVerdictsJSON{Constituency: sc.Constituencies[c].Name,
					Threshold: sc.Constituencies[c].Threshold, Approval: make([]*float64, len(pkgs)), Ratifies: make([]bool, len(pkgs))})
			}
		}
		if len(own) > 0 {
			var err error
			if set, err = ratify.Compile(sc); err != nil {
				return nil, err
			}
		}
	}
	for i, pk := range pkgs {
		o, err := live.ParsePackage(sc, pk)
		if err != nil {
			if e, ok := err.(*entente.Error); ok {
				e.Field = "packages[" + strconv.Itoa(i) + "]." + e.Field
			}
			return nil, err
		}
		out.Utilities[i] = fn.Utility(o)
		for k, c := range own {
			vd := &out.Ratification[k]
			if set.Applies(c, o) {
				a := set.Approval(c, o)
				vd.Approval[i] = &a
			}
			vd.Ratifies[i] = set.Ratifies(c, o)
		}
	}
	return out, nil
}

func (s *Server) evaluate(w http.ResponseWriter, r *http.Request, id string, who int) error {
	var j evaluateJSON
	if err := s.decode(w, r, &j); err != nil {
		return err
	}
	v, err := s.svc.View(r.Context(), id, 1<<62)
	if err != nil {
		return err
	}
	out, err := s.evaluateFor(v, who, j.Packages, j.Ratification)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getResult(w http.ResponseWriter, r *http.Request, id string, who int) error {
	v, err := s.svc.View(r.Context(), id, 1<<62)
	if err != nil {
		return err
	}
	if v.Result == nil {
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation has not ended")
	}
	if who != admin {
		writeJSON(w, http.StatusOK, resultOf(v.Scenario, v.Result, who))
		return nil
	}
	doc, err := s.negotiationDoc(r.Context(), v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return wire.Encode(w, doc)
}

func (s *Server) getTrace(w http.ResponseWriter, r *http.Request, id string, who int) error {
	var b bytes.Buffer
	if err := s.svc.Trace(r.Context(), id, &b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/jsonl")
	_, err := w.Write(b.Bytes())
	return err
}

func (s *Server) getMoves(w http.ResponseWriter, r *http.Request, id string, who int) error {
	doc, err := s.svc.Moves(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, doc)
	return nil
}
