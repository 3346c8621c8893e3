package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/entente/entente/internal/hostile"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run writes the corpus into the folder args names and returns the exit
// code. An argument that starts with "-" (such as -h) is no folder: it
// gets the usage, and nothing is written.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: go run ./internal/hostile/write DIR (an empty folder)")
		return 2
	}
	cases, err := hostile.Write(args[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, c := range cases {
		fmt.Fprintf(stdout, "%s\tentente %s\n", c.Name, strings.Join(c.Args, " "))
	}
	return 0
}
