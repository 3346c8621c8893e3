package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/entente/entente/internal/shared"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"entente": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts in testdata/script: each runs
// entente commands and checks their output and exit codes. $EXAMPLES is the
// repository's examples folder and $SHARED the third-party data in
// ../shared (scripts that need it start with [!shared] skip).
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	sharedDir := ""
	if _, err := os.Stat("../../../shared"); err == nil || os.Getenv(shared.RequireEnv) != "" {
		sharedDir = shared.Dir(t)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			env.Setenv("SHARED", sharedDir)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "shared" {
				return sharedDir != "", nil
			}
			return false, nil
		},
		RequireExplicitExec: true,
	})
}
