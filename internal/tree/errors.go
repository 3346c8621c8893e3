package tree

import (
	"errors"
	"fmt"

	"github.com/entente/entente"
	"go.yaml.in/yaml/v3"
)

// MaxErrors is how many problems a reader reports by default: enough to
// fix a file in one go, few enough to read; the rest are counted.
const MaxErrors = 20

// Errors collects the problems of a reading, each with its file, line,
// column and field, up to a limit: problems past it are counted, not
// kept, so that a file of a million mistakes costs no more memory than
// one of twenty. The zero value keeps MaxErrors.
type Errors struct {
	// Max is the most problems kept (0: MaxErrors).
	Max  int
	list entente.ErrorList
	more int
	file string // of the last problem dropped
}

// Add records a problem.
func (e *Errors) Add(err *entente.Error) {
	if len(e.list) >= e.max() {
		e.more++
		e.file = err.File
		return
	}
	e.list = append(e.list, err)
}

// AddList records several problems.
func (e *Errors) AddList(errs entente.ErrorList) {
	for _, err := range errs {
		e.Add(err)
	}
}

// At records a problem at node n of file (line and column at least 1).
func (e *Errors) At(code, file string, n *yaml.Node, field, format string, args ...any) {
	e.Add(entente.Errorf(code, file, max(n.Line, 1), max(n.Column, 1), field, format, args...))
}

func (e *Errors) max() int {
	if e.Max > 0 {
		return e.Max
	}
	return MaxErrors
}

// Len returns the number of problems recorded, those past the limit
// included, so that "did this step add a problem?" can be asked by
// comparing lengths.
func (e *Errors) Len() int { return len(e.list) + e.more }

// List returns the problems kept, followed, when some were dropped, by a
// last entry that counts them; nil when there are none.
func (e *Errors) List() entente.ErrorList {
	if e.more == 0 {
		return e.list
	}
	more := entente.Errorf(entente.EInvalid, e.file, 0, 0, "",
		"and %d more %s not shown; fix the ones above and read the file again", e.more, plural(e.more, "problem", "problems"))
	more.Err = &More{N: e.more}
	return append(e.list[:len(e.list):len(e.list)], more)
}

// More is the Err of the last entry of a list that Errors cut: it stands
// for N problems not shown.
type More struct{ N int }

// Error implements error.
func (m *More) Error() string { return fmt.Sprintf("%d more problems", m.N) }

// Count returns the number of problems in errs, counting an entry that
// stands for problems not shown (More) as those problems.
func Count(errs []*entente.Error) int {
	n := 0
	for _, e := range errs {
		var m *More
		if errors.As(e, &m) {
			n += m.N
		} else {
			n++
		}
	}
	return n
}

// Err returns List as an error, or nil when there is no problem.
func (e *Errors) Err() error {
	if e.Len() == 0 {
		return nil
	}
	return e.List()
}

// Cap returns errs with at most MaxErrors problems, the rest counted in a
// last entry.
func Cap(errs entente.ErrorList) entente.ErrorList {
	if len(errs) <= MaxErrors {
		return errs
	}
	var e Errors
	e.AddList(errs)
	return e.List()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
