package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"regexp"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/internal/atomicfile"
	"github.com/entente/entente/load"
	"github.com/entente/entente/utility"
)

func init() {
	register(&command{
		name:    "convert",
		args:    "--to FORMAT [-o PATH] SCENARIO",
		summary: "convert a scenario between native YAML/JSON, GENIUS XML and GeniusWeb JSON",
		help: `Convert writes a scenario in another format and then reads the result back
to prove that every party's utilities are unchanged (on every outcome, or on
a seeded sample of 10,000 for large or continuous spaces). Formats:

  yaml       entente's native format (the default), to standard output or -o FILE
  json       the native format as JSON, to standard output or -o FILE
  genius     GENIUS XML: a domain file and one profile per party, into -o FOLDER
  geniusweb  GeniusWeb JSON: a domain file and one profile per party, into -o FOLDER

Every output is written whole or not at all. The folder of a GENIUS or
GeniusWeb conversion must be new or empty: one that holds files (an earlier
conversion, say) is refused unless --replace is given, and then replaced
whole, so that no file of the earlier scenario is left to be read with the
new ones.

A scenario that the target format cannot express exactly (for instance
piecewise value functions in GENIUS XML) is refused with the reason.`,
		example: `  entente convert --to yaml path/to/genius/folder > scenario.yaml
  entente convert --to json -o laptop.json laptop`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			to := fs.String("to", "yaml", "target format: yaml, json, genius or geniusweb")
			dest := fs.String("o", "", "output file (yaml, json; - for standard output) or folder (genius, geniusweb)")
			replace := fs.Bool("replace", false, "genius, geniusweb: replace an output folder that already holds files")
			return func(args []string) error { return convert(out, args, *to, *dest, *replace) }
		},
	})
}

func convert(out *output, args []string, to, dest string, replace bool) error {
	switch to {
	case "yaml", "json", "native":
	case "genius", "geniusweb":
		if dest == "" || dest == "-" {
			return usagef("--to %s writes several files: give the output folder with -o", to)
		}
	default:
		return usagef("unknown format %q; expected yaml, json, genius or geniusweb", to)
	}
	res, err := loadScenario(out, args)
	if err != nil {
		return err
	}
	s := res.Scenario
	var back *entente.Scenario
	switch to {
	case "yaml", "json", "native":
		f := native.YAML
		if to == "json" {
			f = native.JSON
		}
		data, err := native.Encode(s, f)
		if err != nil {
			return err
		}
		name := dest
		if name == "" || name == "-" {
			name = "<stdout>"
		}
		back, _, err = native.Decode(entente.Source{Name: name, Data: data}, nil)
		if err != nil {
			return fmt.Errorf("internal: the converted scenario does not read back: %w", err)
		}
		if err := verify(out, s, back); err != nil {
			return err
		}
		if dest == "" {
			dest = "-"
		}
		return writeOutput(out, dest, data)
	default:
		var domain []byte
		var profiles [][]byte
		ext := ".xml"
		if to == "genius" {
			domain, profiles, err = genius.Encode(s)
		} else {
			ext = ".json"
			domain, profiles, err = geniusweb.Encode(s)
		}
		if err != nil {
			return err
		}
		// Refuse a folder with files before the work, unless told to
		// replace it; the files go into a fresh folder renamed into place
		// once all are written, so the target never mixes two scenarios.
		dir, err := atomicfile.CreateDir(dest, replace)
		if err != nil {
			return outputError(dest, err)
		}
		defer dir.Abort()
		paths := []string{safeName(s.Name) + "_domain" + ext}
		for p := range s.Parties {
			paths = append(paths, safeName(s.Parties[p].Name)+ext)
		}
		if err := checkDistinct(paths); err != nil {
			return err
		}
		srcs := []entente.Source{{Name: filepath.Join(dest, paths[0]), Data: domain}}
		for p, data := range profiles {
			srcs = append(srcs, entente.Source{Name: filepath.Join(dest, paths[p+1]), Data: data})
		}
		r, err := load.Sources(srcs)
		if err != nil {
			return fmt.Errorf("internal: the converted scenario does not read back: %w", err)
		}
		if err := verify(out, s, r.Scenario); err != nil {
			return err
		}
		for k, src := range srcs {
			if err := dir.WriteFile(paths[k], src.Data); err != nil {
				return outputError(src.Name, err)
			}
		}
		if err := dir.Commit(); err != nil {
			return outputError(dest, err)
		}
		fmt.Fprintf(out.stderr, "wrote %d files to %s\n", len(srcs), dest)
		return nil
	}
}

// verify checks that the converted scenario has the original's utilities.
func verify(out *output, orig, back *entente.Scenario) error {
	c, err := utility.Compare(orig, back, 10000, 1)
	if err != nil {
		return fmt.Errorf("internal: the converted scenario differs: %w", err)
	}
	if c.MaxDiff > 1e-12 {
		return fmt.Errorf("internal: the converted scenario changes utilities by %.3g (%s)", c.MaxDiff, c.Where)
	}
	how := "sampled"
	if c.Exhaustive {
		how = "all"
	}
	fmt.Fprintf(out.stderr, "verified: identical utilities for %d parties on %s %d outcomes\n", len(orig.Parties), how, c.Outcomes)
	return nil
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeName turns a scenario or party name into a file name.
func safeName(s string) string {
	n := unsafeChars.ReplaceAllString(s, "_")
	if n == "" || n == "." || n == ".." {
		n = "scenario"
	}
	return n
}

func checkDistinct(paths []string) error {
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			return fmt.Errorf("two parties would be written to the same file %s; rename one of them", p)
		}
		seen[p] = true
	}
	return nil
}
