package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/entente/entente/internal/hostile"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/hostile/write DIR (an empty folder)")
		os.Exit(2)
	}
	cases, err := hostile.Write(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, c := range cases {
		fmt.Printf("%s\tentente %s\n", c.Name, strings.Join(c.Args, " "))
	}
}
