package entente

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes say what kind of failure an Error is, so callers (the command
// line, a server) can map them to exit codes or statuses in one place.
const (
	// EInvalid: the input is wrong (bad file, bad value, bad reference).
	EInvalid = "invalid"
	// ENotFound: a named thing (file, party, issue) does not exist.
	ENotFound = "not_found"
	// EUnsupported: the input is well formed but uses something entente
	// cannot represent or compute.
	EUnsupported = "unsupported"
	// EInternal: a bug. Users see a clean message; details go to logs.
	EInternal = "internal"
	// EWarning marks a problem that does not stop loading.
	EWarning = "warning"
	// EUnauthorized: the caller gave no credentials, or unknown ones.
	EUnauthorized = "unauthorized"
	// EForbidden: the caller's credentials do not allow this.
	EForbidden = "forbidden"
	// EConflict: the request conflicts with the current state (not your
	// turn, a session already started or ended).
	EConflict = "conflict"
	// ELimit: a limit of the server was reached (request size, message
	// rate, open sessions, background jobs).
	ELimit = "limit"
)

// Error is entente's application error. Its text has the form
//
//	file:line:col: field: message
//
// where the parts that are unknown are left out.
type Error struct {
	// Code is one of the E* constants.
	Code string
	// File, Line and Col locate the problem; Line and Col count from 1 and
	// are 0 when unknown.
	File      string
	Line, Col int
	// Field is the path of the offending field, e.g. "parties[1].weights".
	Field string
	// Message says what was wrong and what was expected.
	Message string
	// Err is the underlying error, if any.
	Err error
}

// Errorf returns an Error with the given code, position and message.
func Errorf(code, file string, line, col int, field, format string, args ...any) *Error {
	return &Error{Code: code, File: file, Line: line, Col: col, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var l ErrorList
	if errors.As(err, &l) && len(l) > 0 {
		return l[0].Code
	}
	return EInternal
}

// ErrorList collects several problems, so a loader can report all of them
// at once. Its text has one problem per line.
type ErrorList []*Error

// Error implements error.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the problems, so that errors.As finds the first *Error
// of a list and errors.Is looks into each.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Add appends a problem.
func (l *ErrorList) Add(e *Error) { *l = append(*l, e) }

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
