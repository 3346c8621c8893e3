// Command write writes the synthetic scenarios of the analysis benchmarks
// as native YAML files into a folder, for measuring `entente analyze` end
// to end (docs/benchmarks.md):
//
//	go run ./internal/synth/write DIR
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/internal/synth"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// run writes the scenarios into the folder args names and returns the exit
// code. A flag is not a folder: "-h" gets the usage, not a folder "-h".
func run(args []string, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: go run ./internal/synth/write DIR")
		return 2
	}
	dir := args[0]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, c := range []struct {
		name string
		s    *entente.Scenario
	}{
		{"random-2x1e7", synth.Random(2, 7, 10, 1)},
		{"random-3x1e7", synth.Random(3, 7, 10, 1)},
		{"random-4x1e7", synth.Random(4, 7, 10, 1)},
		{"ties-3x1e7", synth.Ties(3, 7, 10, 3, 1)},
		{"like-agenthp2", synth.LikeAgentHp2(1)},
		{"all-pareto-2x1e7", synth.AllPareto(7, 10)},
	} {
		c.s.Name = c.name
		data, err := native.Encode(c.s, native.YAML)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, c.name+".yaml"), data, 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", c.name, err)
			return 1
		}
	}
	return 0
}
