// Command write writes the synthetic scenarios of the analysis benchmarks
// as native YAML files into a folder, for measuring `entente analyze` end
// to end (docs/benchmarks.md):
//
//	go run ./internal/synth/write DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/internal/synth"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/synth/write DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
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
			fmt.Fprintf(os.Stderr, "%s: %v\n", c.name, err)
			os.Exit(1)
		}
	}
}
