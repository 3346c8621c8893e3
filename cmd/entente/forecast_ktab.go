package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
)

// exportKTAB writes m in KTAB's CSV layout to path, and checks that it
// reads back with the same stances (on KTAB's scale).
func exportKTAB(out *output, m *forecast.Model, path string) error {
	var b bytes.Buffer
	if err := forecast.WriteKTAB(&b, m); err != nil {
		return m.Locate(err)
	}
	back, err := forecast.ReadKTAB(path, b.Bytes())
	if err != nil {
		return fmt.Errorf("internal: the KTAB file does not read back: %w", err)
	}
	if len(back.Actors) != len(m.Actors) || len(back.Issues) != len(m.Issues) {
		return fmt.Errorf("internal: the KTAB file reads back as %d actors x %d issues, not %d x %d", len(back.Actors), len(back.Issues), len(m.Actors), len(m.Issues))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return entente.Errorf(entente.EInvalid, path, 0, 0, "", "cannot write: %v", err)
	}
	fmt.Fprintf(out.stderr, "wrote %s (KTAB CSV: %d actors, %d dimensions on 0..100)\n", path, len(m.Actors), len(m.Issues))
	return nil
}
