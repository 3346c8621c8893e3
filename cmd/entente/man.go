package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

func init() {
	register(&command{
		name:    "man",
		args:    "DIR",
		summary: "write the manual pages (entente.1, entente-analyze.1, ...) to a folder",
		help: `Man writes a manual page per command into DIR (created if missing):
entente.1 for the command line as a whole and entente-COMMAND.1 for each
command, from the same definitions as the --help texts, so they always
match this build's flags. Read one with "man -l DIR/entente-analyze.1", or
install them into a man1 folder of your MANPATH and use
"man entente-analyze".`,
		example: `  entente man ~/.local/share/man/man1 && man entente-forecast`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			return func(args []string) error {
				if len(args) != 1 {
					return usagef("name the folder to write the pages to")
				}
				files, err := writeManPages(args[0], specs())
				if err != nil {
					return err
				}
				fmt.Fprintf(out.stderr, "wrote %d manual pages to %s\n", len(files), args[0])
				return nil
			}
		},
	})
}

// writeManPages writes entente.1 and entente-NAME.1 for every command to
// dir and returns the files written.
func writeManPages(dir string, cs []cmdSpec) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	pages := map[string][]byte{}
	var b bytes.Buffer
	writeMainPage(&b, cs)
	pages["entente.1"] = append([]byte(nil), b.Bytes()...)
	for _, c := range cs {
		b.Reset()
		writeManPage(&b, c)
		pages["entente-"+c.name+".1"] = append([]byte(nil), b.Bytes()...)
	}
	var files []string
	for _, name := range append([]string{"entente.1"}, manNames(cs)...) {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, pages[name], 0o644); err != nil {
			return files, err
		}
		files = append(files, f)
	}
	return files, nil
}

func manNames(cs []cmdSpec) []string {
	var n []string
	for _, c := range cs {
		n = append(n, "entente-"+c.name+".1")
	}
	return n
}

// roff escapes text for a roff line: backslashes, hyphens (so that
// copying a flag from the page gives a plain '-'), characters outside
// ASCII (as \[uXXXX], which groff and mandoc read without preconv), and a
// leading dot or quote, which roff would read as a request.
func roff(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > 0x7e:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// manSource is the footer's source: the version of this build.
func manSource() string {
	bi, _ := debug.ReadBuildInfo()
	return "entente " + readBuildInfo(bi, version, commit, date).Version
}

func manHeader(w io.Writer, title, name, summary string) {
	fmt.Fprintf(w, ".TH %s 1 \"\" \"%s\" \"entente manual\"\n.SH NAME\n%s \\- %s\n", strings.ToUpper(title), manSource(), roff(name), roff(summary))
}

// manText writes help text: paragraphs separated by blank lines; indented
// lines (lists, commands) kept as they are.
func manText(w io.Writer, text string) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	inPre := false
	para := true
	for _, l := range lines {
		switch {
		case strings.TrimSpace(l) == "":
			if inPre {
				fmt.Fprintln(w, ".fi\n.RE")
				inPre = false
			}
			para = true
		case strings.HasPrefix(l, " "):
			if !inPre {
				fmt.Fprintln(w, ".PP\n.RS 4\n.nf")
				inPre = true
			}
			fmt.Fprintln(w, roff(l))
			para = false
		default:
			if inPre {
				fmt.Fprintln(w, ".fi\n.RE")
				inPre = false
				para = true
			}
			if para {
				fmt.Fprintln(w, ".PP")
				para = false
			}
			fmt.Fprintln(w, roff(l))
		}
	}
	if inPre {
		fmt.Fprintln(w, ".fi\n.RE")
	}
}

func writeMainPage(w io.Writer, cs []cmdSpec) {
	manHeader(w, "entente", "entente", "model, analyse, forecast and simulate negotiations")
	fmt.Fprintf(w, ".SH SYNOPSIS\n.B entente\n.I command\n[arguments]\n.SH DESCRIPTION\n")
	manText(w, `entente models, analyses and converts negotiations between several parties
over several issues. A SCENARIO is a native scenario file (YAML or JSON), a
folder holding one GENIUS or GeniusWeb scenario, a domain file followed by
one profile file per party, or the name of a built-in example: `+strings.Join(exampleNames(), ", ")+`.

Exit codes: 0 ok, 1 failed (bad input, failed checks), 2 usage error.`)
	fmt.Fprintln(w, ".SH COMMANDS")
	for _, c := range cs {
		fmt.Fprintf(w, ".TP\n.B %s\n%s (see \\fBentente\\-%s\\fR(1))\n", roff(c.name), roff(c.summary), roff(c.name))
	}
	fmt.Fprintf(w, ".TP\n.B help \\fR[\\fIcommand\\fR]\nshow help for a command\n")
	fmt.Fprintf(w, ".TP\n.BR version \", \" \\-\\-version\nprint the version, the commit and the commit's date of this build\n")
	fmt.Fprintln(w, ".SH SEE ALSO")
	var see []string
	for _, c := range cs {
		see = append(see, fmt.Sprintf(".BR entente\\-%s (1)", roff(c.name)))
	}
	fmt.Fprintln(w, strings.Join(see, ",\n"))
}

func writeManPage(w io.Writer, c cmdSpec) {
	manHeader(w, "entente-"+c.name, "entente-"+c.name, c.summary)
	fmt.Fprintf(w, ".SH SYNOPSIS\n.B entente %s\n%s\n.SH DESCRIPTION\n", roff(c.name), roff(c.args))
	manText(w, c.help)
	if len(c.flags) > 0 {
		fmt.Fprintln(w, ".SH OPTIONS")
		for _, f := range c.flags {
			fmt.Fprintf(w, ".TP\n.B %s", roff(f.dash()))
			if f.value != "" {
				fmt.Fprintf(w, " \\fI%s\\fR", roff(f.value))
			}
			fmt.Fprintln(w)
			u := f.usage
			if f.def != "" {
				u += " (default " + f.def + ")"
			}
			fmt.Fprintln(w, roff(u))
		}
	}
	if c.example != "" {
		fmt.Fprintln(w, ".SH EXAMPLES\n.nf")
		for _, l := range strings.Split(strings.TrimRight(c.example, "\n"), "\n") {
			fmt.Fprintln(w, roff(l))
		}
		fmt.Fprintln(w, ".fi")
	}
	fmt.Fprintln(w, ".SH SEE ALSO\n.BR entente (1)")
}
