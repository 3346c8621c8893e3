package protocol

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/entente/entente"
)

// tracer writes a session as JSON Lines. Names are quoted once, numbers are
// appended with strconv into one reused buffer, so tracing allocates
// nothing per event.
type tracer struct {
	w       *bufio.Writer
	s       *Session
	b       []byte
	parties [][]byte   // quoted party names
	issues  [][]byte   // quoted issue names
	options [][][]byte // quoted option names by issue
	err     error
}

func newTracer(w io.Writer, s *Session) *tracer {
	t := &tracer{w: bufio.NewWriterSize(w, 1<<16), s: s, b: make([]byte, 0, 1024)}
	for _, p := range s.sc.Parties {
		t.parties = append(t.parties, appendString(nil, p.Name))
	}
	for i := range s.sc.Issues {
		is := &s.sc.Issues[i]
		t.issues = append(t.issues, appendString(nil, is.Name))
		var opts [][]byte
		for _, o := range is.Options {
			opts = append(opts, appendString(nil, o))
		}
		t.options = append(t.options, opts)
	}
	return t
}

// header writes the first line: the session's settings.
func (t *tracer) header(seed uint64) {
	b := append(t.b[:0], `{"protocol":`...)
	b = appendString(b, t.s.res.Protocol)
	b = append(b, `,"seed":`...)
	b = strconv.AppendUint(b, seed, 10)
	b = append(b, `,"parties":[`...)
	for p, q := range t.parties {
		if p > 0 {
			b = append(b, ',')
		}
		b = append(b, q...)
	}
	b = append(b, `],"issues":[`...)
	for i, q := range t.issues {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, q...)
	}
	if t.s.cfg.Disclosure != DiscloseOwn {
		b = append(b, `],"disclosure":"`...)
		b = append(b, t.s.cfg.Disclosure.String()...)
		b = append(b, `","deadline":{`...)
	} else {
		b = append(b, `],"deadline":{`...)
	}
	d := t.s.cfg.Deadline
	if d.Rounds > 0 {
		b = append(b, `"rounds":`...)
		b = strconv.AppendInt(b, int64(d.Rounds), 10)
		if d.Time > 0 {
			b = append(b, ',')
		}
	}
	if d.Time > 0 {
		b = append(b, `"seconds":`...)
		b = strconv.AppendFloat(b, d.Time.Seconds(), 'g', -1, 64)
	}
	b = append(b, "}}\n"...)
	t.write(b)
}

// event writes one event line.
func (t *tracer) event(e *Event) {
	b := append(t.b[:0], `{"round":`...)
	b = strconv.AppendInt(b, int64(e.Round), 10)
	b = append(b, `,"t":`...)
	b = strconv.AppendFloat(b, e.Time, 'g', -1, 64)
	if e.Party >= 0 {
		b = append(b, `,"party":`...)
		b = append(b, t.parties[e.Party]...)
	}
	b = append(b, `,"action":"`...)
	b = append(b, e.Kind.String()...)
	b = append(b, '"')
	switch e.Kind {
	case Voted:
		b = append(b, `,"adopted":`...)
		b = strconv.AppendBool(b, e.Adopted)
		b = append(b, `,"accepts":`...)
		b = strconv.AppendInt(b, int64(e.Accepts), 10)
	case BlocVoted:
		b = append(b, `,"bloc_accepts":`...)
		b = strconv.AppendBool(b, e.Adopted)
		b = append(b, `,"members_accepting":`...)
		b = strconv.AppendInt(b, int64(e.Accepts), 10)
	}
	if e.Outcome != nil {
		b = append(b, `,"package":{`...)
		for i, x := range e.Outcome {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, t.issues[i]...)
			b = append(b, ':')
			if t.s.sc.Issues[i].Kind == entente.Discrete {
				b = append(b, t.options[i][int(x)]...)
			} else {
				b = strconv.AppendFloat(b, x, 'g', -1, 64)
			}
		}
		b = append(b, `},"utilities":{`...)
		for p, f := range t.s.fns {
			if p > 0 {
				b = append(b, ',')
			}
			b = append(b, t.parties[p]...)
			b = append(b, ':')
			b = strconv.AppendFloat(b, f.Utility(e.Outcome), 'g', -1, 64)
		}
		b = append(b, '}')
	}
	if e.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendString(b, e.Reason)
	}
	if e.Kind == Agreed && t.s.res.Ratification != nil {
		b = t.ratification(b)
	}
	b = append(b, "}\n"...)
	t.write(b)
	if e.Kind == Agreed || e.Kind == Ended {
		t.flush()
	}
}

// ratification appends every constituency's verdict on the agreement and
// whether the deal stands.
func (t *tracer) ratification(b []byte) []byte {
	b = append(b, `,"ratification":[`...)
	for k, r := range t.s.res.Ratification {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"constituency":`...)
		b = appendString(b, r.Constituency)
		b = append(b, `,"party":`...)
		b = append(b, t.parties[r.Party]...)
		b = append(b, `,"applies":`...)
		b = strconv.AppendBool(b, r.Applies)
		b = append(b, `,"approval":`...)
		b = strconv.AppendFloat(b, r.Approval, 'g', -1, 64)
		b = append(b, `,"threshold":`...)
		b = strconv.AppendFloat(b, r.Threshold, 'g', -1, 64)
		b = append(b, `,"ratified":`...)
		b = strconv.AppendBool(b, r.Ratified)
		b = append(b, '}')
	}
	b = append(b, `],"stands":`...)
	return strconv.AppendBool(b, t.s.res.Stands)
}

// write writes one line. Writing through to the underlying writer takes
// time the session's clock must not charge to the next negotiator.
func (t *tracer) write(b []byte) {
	t.b = b
	if t.err == nil {
		if len(b) > t.w.Available() {
			t.s.fresh = false
		}
		_, t.err = t.w.Write(b)
	}
}

func (t *tracer) flush() {
	if t.err == nil {
		t.s.fresh = false
		t.err = t.w.Flush()
	}
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
