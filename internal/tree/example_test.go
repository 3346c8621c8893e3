package tree_test

import (
	"fmt"

	"github.com/entente/entente/internal/tree"
)

// A reader records every problem of a file and carries on.
func ExampleReader() {
	data := []byte("name: deal\nrounds: many\ncolour: blue\n")
	root, err := tree.Parse("deal.yaml", data, tree.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := &tree.Reader{File: "deal.yaml"}
	f := r.Fields(root, "", "a mapping", []string{"name", "rounds", "color"})
	if e, ok := f["rounds"]; ok {
		r.Int(e.Val, "rounds", 1, 1000)
	}
	r.Missing(root, "color", "color", "missing; give the colour")
	for _, e := range r.Errs.List() {
		fmt.Println(e)
	}
	// Output:
	// deal.yaml:3:1: colour: unknown key "colour"; expected one of: name, rounds, color (did you mean "color"?)
	// deal.yaml:2:9: rounds: expected a whole number, got the text "many"
}
