package main

import (
	"flag"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/entente/entente/load"
)

// The shell completions and the manual pages are generated from the
// command definitions (the commands map and each command's flag set), so
// they cannot drift from the flags the commands accept.

// cmdSpec is a command as the generators see it.
type cmdSpec struct {
	name, args, summary, help, example string
	flags                              []flagSpec
	// subs are the words the first argument may be ("tournament report",
	// "completion bash"), from a leading [a|b|c] or {a|b|c} group of the
	// command's synopsis.
	subs []string
	// scenario: the arguments name scenarios, so built-in example names
	// complete too.
	scenario bool
}

// flagSpec is one flag.
type flagSpec struct {
	name  string
	value string // the value's name ("" for a boolean flag)
	usage string // the usage text, without the value name's back quotes
	def   string // the default as flag prints it ("" when zero)
}

// dash is the flag as written: -o for one letter, --name otherwise.
func (f flagSpec) dash() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

var subsRE = regexp.MustCompile(`^[\[{]([a-z]+(?:\|[a-z]+)+)[\]}]`)

// specs returns every command, sorted by name.
func specs() []cmdSpec {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []cmdSpec
	for _, n := range names {
		c := commands[n]
		s := cmdSpec{name: c.name, args: c.args, summary: c.summary, help: c.help, example: c.example,
			scenario: strings.Contains(c.args, "SCENARIO")}
		if m := subsRE.FindStringSubmatch(c.args); m != nil {
			s.subs = strings.Split(m[1], "|")
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.flags(fs, &output{stdout: io.Discard, stderr: io.Discard})
		fs.VisitAll(func(f *flag.Flag) {
			value, usage := flag.UnquoteUsage(f)
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				value = ""
			}
			def := f.DefValue
			switch def {
			case "", "0", "false", "[]":
				def = ""
			}
			switch value {
			case "string", "value":
				value = "value"
			case "int", "uint":
				value = "n"
			case "float":
				value = "x"
			}
			s.flags = append(s.flags, flagSpec{name: f.Name, value: strings.ToUpper(value), usage: usage, def: def})
		})
		out = append(out, s)
	}
	return out
}

// exampleNames are the built-in examples a SCENARIO may name.
func exampleNames() []string { return load.ExampleNames() }

// firstLine is the first line of a usage text, for one-line descriptions.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}
