package main

import (
	"errors"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
)

// flatten turns any error into a list of entente errors.
func flatten(err error) []*entente.Error {
	if err == nil {
		return nil
	}
	var l entente.ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *entente.Error
	if errors.As(err, &e) {
		return []*entente.Error{e}
	}
	return []*entente.Error{{Code: entente.EInternal, Message: err.Error(), Err: err}}
}

// loadScenario loads the scenario named by the arguments (load checks it)
// and prints its warnings.
func loadScenario(out *output, args []string) (*load.Result, error) {
	if len(args) == 0 {
		return nil, usagef("name a scenario: a scenario file, a folder, or a domain file followed by profile files")
	}
	res, err := out.in.loader().Paths(args...)
	if err != nil {
		return nil, err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(out.stderr, "warning: %s\n", w)
	}
	return res, nil
}
