package server

import (
	"bytes"
	"testing"

	"github.com/entente/entente/load"
)

// FuzzClientMessage feeds arbitrary bytes to what reads a live client's
// message and the move in it: an error, never a panic.
func FuzzClientMessage(f *testing.F) {
	res, err := load.Example("ceasefire")
	if err != nil {
		f.Fatal(err)
	}
	sc := res.Scenario
	for _, s := range []string{
		`{"type":"join","version":1,"token":"x"}`,
		`{"type":"offer","id":1,"package":{"withdrawal":30,"guarantee":"observers","army caps":"none","autonomy":"cultural"}}`,
		`{"type":"accept","id":"a","package":{"withdrawal":"30","guarantee":"observers","army caps":"none","autonomy":"cultural"}}`,
		`{"type":"vote","accept":true,"prefer":false}`,
		`{"type":"evaluate","packages":[{"withdrawal":1e309}]}`,
		`{"type":"offer","package":{"withdrawal":null}}`,
		`{"type":"walk","package":{}}`,
		`{"type":`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m clientJSON
		if decodeJSON(bytes.NewReader(data), &m) != nil {
			return
		}
		moveOf(sc, 0, &moveJSON{Kind: m.Type, Package: m.Package, Accept: m.Accept, Prefer: m.Prefer}) //nolint:errcheck // an error or not: no panic
	})
}
