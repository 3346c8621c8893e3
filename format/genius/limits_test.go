package genius_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
)

const limitDomain = `<negotiation_template><utility_space number_of_issues="2"><objective index="0" name="r" type="objective" etype="objective">
<issue index="1" name="x" type="integer" etype="integer" vtype="integer" lowerbound="0" upperbound="9"/>
<issue index="2" name="y" type="discrete" etype="discrete" vtype="discrete"><item index="1" value="a"/><item index="2" value="b"/><item index="3" value="c"/></issue>
</objective></utility_space></negotiation_template>
`

// boxProfile is a non-linear profile of n hyper-rectangles.
func boxProfile(n int) string {
	var b strings.Builder
	b.WriteString(`<utility_space type="nonlinear"><objective index="0" name="r" type="objective" etype="objective">
<issue index="1" name="x" type="integer" etype="integer" vtype="integer" lowerbound="0" upperbound="9"/>
<issue index="2" name="y" type="discrete" etype="discrete" vtype="discrete"><item index="1" value="a"/><item index="2" value="b"/><item index="3" value="c"/></issue>
`)
	fmt.Fprintf(&b, "<utility maxutility=\"%d\"><ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n", n)
	for k := range n {
		fmt.Fprintf(&b, "<hyperRectangle utility=\"1\"><INCLUDES index=\"1\" min=\"%d\" max=\"%d\"/></hyperRectangle>\n", k%10, k%10)
	}
	b.WriteString("</ufun></utility></objective></utility_space>\n")
	return b.String()
}

func TestDecodeLimits(t *testing.T) {
	dom := entente.Source{Name: "d.xml", Data: []byte(limitDomain)}
	prof := entente.Source{Name: "p.xml", Data: []byte(boxProfile(30))}
	if _, _, err := (genius.Decoder{}).Decode(dom, prof); err != nil {
		t.Fatalf("default limits: %v", err)
	}
	for _, tc := range []struct {
		lim  entente.Limits
		want string
	}{
		{entente.Limits{Terms: 29}, "p.xml:34:1: more than 29 hyperRectangle elements, the limit; no real negotiation needs so many (raise the limit with --max-terms if this one does)"},
		{entente.Limits{Issues: 1}, "d.xml:3:1: 2 issue elements, more than the limit of 1"},
		{entente.Limits{Options: 2}, "d.xml:3:131: 3 item elements in one issue, more than the limit of 2"},
		{entente.Limits{Nodes: 10}, "p.xml:5:29: the file holds more than 10 items"},
		{entente.Limits{Parties: 1}, "d.xml: 2 profiles, more than the limit of 1"},
	} {
		_, _, err := genius.Decoder{Limits: tc.lim}.Decode(dom, prof, prof)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.lim, err, tc.want)
		}
	}
}

// Issue 19, finding 8: a UTF-16 file is named as such.
func TestDecodeUTF16(t *testing.T) {
	b := []byte{0xff, 0xfe}
	for _, c := range []byte(limitDomain) {
		b = append(b, c, 0)
	}
	_, _, err := genius.Decode(entente.Source{Name: "d.xml", Data: b}, entente.Source{Name: "p.xml", Data: []byte(boxProfile(1))})
	if want := "d.xml:1:1: the file is in UTF-16; expected UTF-8 or ISO-8859-1"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
