package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/entente/entente"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: its help text and what it does.
type command struct {
	name    string
	args    string // argument synopsis
	summary string // one line
	help    string // paragraphs after the synopsis
	example string
	// flags declares the command's flags on fs and returns the function that
	// runs it with the positional arguments.
	flags func(fs *flag.FlagSet, out *output) func(args []string) error
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// output carries the streams a command writes to, and the input flags
// every command has (see addInputFlags).
type output struct {
	stdout, stderr io.Writer
	in             *inputOptions
}

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// failed marks a run that has already reported its problems (exit code 1).
var errFailed = errors.New("failed")

func runCommand(args []string, stdout, stderr io.Writer) int {
	out := &output{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		mainUsage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			c, ok := commands[args[1]]
			if !ok {
				fmt.Fprintf(stderr, "entente help: unknown command %q\n", args[1])
				return 2
			}
			commandUsage(stdout, c)
			return 0
		}
		mainUsage(stdout)
		return 0
	case "version", "--version":
		printVersion(stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "entente: unknown command %q\nRun 'entente help' for the list of commands.\n", name)
		return 2
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runner := c.flags(fs, out)
	if c.readsInputs() {
		out.in = addInputFlags(fs)
	}
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		commandUsage(stdout, c)
		return 0
	}
	if err == nil {
		err = runner(pos)
	}
	return exitCode(err, c, stderr)
}

// parseInterspersed parses flags that may come before, between or after
// positional arguments, as users expect ("entente validate a.yaml --json").
// Everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, rest...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func exitCode(err error, c *command, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "entente %s: %s\nRun 'entente %s --help' for usage.\n", c.name, ue.msg, c.name)
		return 2
	case errors.Is(err, errFailed):
		return 1
	}
	if code := interruptedCode(err); code != 0 {
		fmt.Fprintf(stderr, "entente %s: %v\n", c.name, err)
		return code
	}
	printError(stderr, err)
	printHints(stderr, err, c)
	return 1
}

// printError writes an error, one problem per line.
func printError(w io.Writer, err error) {
	var l entente.ErrorList
	if errors.As(err, &l) {
		for _, e := range l {
			fmt.Fprintf(w, "error: %s\n", e)
		}
		return
	}
	fmt.Fprintf(w, "error: %s\n", err)
}

func mainUsage(w io.Writer) {
	fmt.Fprint(w, `entente models, analyses and converts negotiations between several parties
over several issues.

Usage:
  entente <command> [arguments]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `  help       show help for a command
  version    print the version, commit and date of this build

A SCENARIO is a native scenario file (YAML or JSON), a folder holding one
GENIUS or GeniusWeb scenario, or a domain file followed by one profile file
per party.

Run 'entente help <command>' for a command's flags and an example.
`)
}

func commandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: entente %s %s\n\n%s\n", c.name, c.args, c.help)
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs, &output{stdout: io.Discard, stderr: io.Discard})
	if c.readsInputs() {
		addInputFlags(fs)
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nExample:\n%s\n", c.example)
	}
}
