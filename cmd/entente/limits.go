package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/infile"
	"github.com/entente/entente/load"
)

// inputOptions are the flags every command has for the files it reads:
// the limits of docs/cli.md ("Limits") and the folders that files named
// inside other files may come from.
type inputOptions struct {
	lim    entente.Limits
	allow  []string
	memory int64   // --max-memory: the estimate a computation may need
	work   float64 // --max-work: the steps a computation may be estimated to take
}

// defaultMaxWork is the number of steps a computation may be estimated to
// take before a command refuses it (--max-work): about a minute on
// one core of the machine of docs/benchmarks.md.
const defaultMaxWork = 5e9

// defaultMaxMemory is the memory a computation may be estimated to need
// before a command refuses it (--max-memory).
const defaultMaxMemory = 1 << 30

// readsInputs reports whether the command reads scenarios, plans or
// forecast files, and so takes the input flags.
func (c *command) readsInputs() bool {
	return strings.Contains(c.args, "SCENARIO") || strings.Contains(c.args, "FILE") || strings.Contains(c.args, "PLAN")
}

// addInputFlags declares the input flags on fs.
func addInputFlags(fs *flag.FlagSet) *inputOptions {
	o := &inputOptions{lim: entente.DefaultLimits(), memory: defaultMaxMemory, work: defaultMaxWork}
	fs.Func("max-work", "the steps a computation may be estimated to take, e.g. 2e10 (default 5e9: about a minute of the heaviest models)", func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v >= 1) || v > 1e18 {
			return fmt.Errorf("expected a number of steps of at least 1, e.g. 5e9")
		}
		o.work = v
		return nil
	})
	fs.Func("max-file-size", "the largest file read, e.g. 64MiB (default "+entente.FormatSize(entente.DefaultFileSize)+")", func(s string) error {
		n, err := entente.ParseSize(s)
		if err == nil && n < 1 {
			err = fmt.Errorf("expected at least 1 byte")
		}
		o.lim.FileSize = n
		return err
	})
	fs.Func("max-memory", "the memory a computation may be estimated to need, e.g. 4GiB (default "+entente.FormatSize(defaultMaxMemory)+")", func(s string) error {
		n, err := entente.ParseSize(s)
		if err == nil && n < 1<<20 {
			err = fmt.Errorf("expected at least 1MiB")
		}
		o.memory = n
		return err
	})
	count := func(name, what string, v *int) {
		fs.Func(name, fmt.Sprintf("the most %s accepted (default %d)", what, *v), func(s string) error {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return fmt.Errorf("expected a whole number of at least 1")
			}
			*v = n
			return nil
		})
	}
	count("max-issues", "issues of a scenario", &o.lim.Issues)
	count("max-options", "values of one issue (and keys of one table)", &o.lim.Options)
	count("max-parties", "parties of a scenario (and members, voter groups, profiles)", &o.lim.Parties)
	count("max-terms", "interaction terms and boxes of one profile", &o.lim.Terms)
	count("max-actors", "actors of a forecast", &o.lim.Actors)
	count("max-negotiations", "negotiations a tournament plan expands into", &o.lim.Negotiations)
	fs.Func("allow-path", "a folder whose files a scenario's file: entries and a plan's scenario paths may name, besides the naming file's own folder (repeatable)", func(s string) error {
		o.allow = append(o.allow, s)
		return nil
	})
	return o
}

// loader returns the scenario loader with the user's limits.
func (o *inputOptions) loader() *load.Loader {
	if o == nil {
		return &load.Loader{}
	}
	return &load.Loader{Limits: o.lim, Allow: o.allow}
}

// limits returns the user's limits (the defaults without flags).
func (o *inputOptions) limits() entente.Limits {
	if o == nil {
		return entente.DefaultLimits()
	}
	return o.lim
}

// maxMemory returns the --max-memory budget.
func (o *inputOptions) maxMemory() int64 {
	if o == nil || o.memory <= 0 {
		return defaultMaxMemory
	}
	return o.memory
}

// readFile reads a file named on the command line within the limits.
func (o *inputOptions) readFile(path string) ([]byte, error) {
	return infile.Read(path, o.limits().FileSize)
}

// maxWork returns the --max-work budget.
func (o *inputOptions) maxWork() float64 {
	if o == nil || o.work <= 0 {
		return defaultMaxWork
	}
	return o.work
}
