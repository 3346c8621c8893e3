package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/entente/entente/space"
)

// tooLargeFlags are the flags that help with an outcome space above the
// limit. A command's hint names only those it has, so no command suggests
// a flag of another.
var tooLargeFlags = []struct{ name, use string }{
	{"resolution", "--resolution N (fewer grid points per real issue)"},
	{"fix", "--fix ISSUE=VALUE (settle some issues)"},
	{"max-outcomes", "--max-outcomes N (raise the limit)"},
}

// hints returns what to try after err, in terms of c's own flags (none
// when err asks for nothing or c has none of the flags that would help).
func hints(err error, c *command) []string {
	var tl *space.TooLargeError
	if !errors.As(err, &tl) {
		return nil
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs, &output{stdout: io.Discard, stderr: io.Discard})
	var uses []string
	for _, f := range tooLargeFlags {
		if fs.Lookup(f.name) != nil {
			uses = append(uses, f.use)
		}
	}
	if len(uses) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("entente %s can take %s", c.name, strings.Join(uses, ", "))}
}

func printHints(w io.Writer, err error, c *command) {
	for _, h := range hints(err, c) {
		fmt.Fprintf(w, "hint: %s\n", h)
	}
}
