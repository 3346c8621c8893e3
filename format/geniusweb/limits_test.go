package geniusweb_test

import (
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/geniusweb"
)

// A domain or profile with more values than the limits allow is refused at
// the value past the limit, before the rest is built.
func TestDecodeLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		lim  entente.Limits
		want string
	}{
		{"values", entente.Limits{Options: 1, Issues: 1}, "picnic.json:1:56: more than 1 values in one list, the limit; no real negotiation needs so many (raise the limit with --max-options if this one does)"},
		{"issues", entente.Limits{Issues: 1, Options: 2}, "alice.json:1:32: more than 2 values in one object, the limit"},
		// Keys count as items, as the message says (and as in every other
		// format): the sixth is the list of the first issue's values.
		{"nodes", entente.Limits{Nodes: 5}, "picnic.json:1:56: the file holds more than 5 items"},
	} {
		_, _, err := geniusweb.Decoder{Limits: tc.lim}.Decode(src("picnic.json", testDomain), src("alice.json", testProfile))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	_, _, err := geniusweb.Decoder{Limits: entente.Limits{Issues: 1}}.Decode(src("picnic.json", testDomain), src("alice.json", testProfile))
	if want := "picnic.json:1:36: issuesValues: 2 issues, more than the limit of 1"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("issues: got %v, want %q", err, want)
	}
	if _, _, err := (geniusweb.Decoder{}).Decode(src("picnic.json", testDomain), src("alice.json", testProfile)); err != nil {
		t.Errorf("default limits: %v", err)
	}
}

func TestDecodeInvalidUTF8(t *testing.T) {
	_, _, err := geniusweb.Decode(src("picnic.json", strings.Replace(testDomain, "bread", "br\xffad", 1)), src("alice.json", testProfile))
	if want := "picnic.json:1:60: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
