package plot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/entente/entente"
)

// fuzzFigure decodes a figure from arbitrary bytes: mostly plausible
// utilities, now and then raw float64 bits (NaN, infinities, huge values)
// and indices out of range.
func fuzzFigure(data []byte) *Figure {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	num := func() float64 {
		tag := next()
		if tag%64 == 0 && len(data) >= 8 {
			v := math.Float64frombits(binary.LittleEndian.Uint64(data))
			data = data[8:]
			return v
		}
		return float64(int16(uint16(next())|uint16(next())<<8)) / 20000
	}
	text := func() string {
		n := int(next() % 12)
		n = min(n, len(data))
		s := string(data[:n])
		data = data[n:]
		return s
	}
	k := 2 + int(next()%4)
	if next()%32 == 0 {
		k = int(next() % 3)
	}
	f := &Figure{Title: text(), Subtitle: text()}
	for range k {
		f.Parties = append(f.Parties, text())
		f.Reservation = append(f.Reservation, num())
	}
	vec := func() []float64 {
		n := k
		if next()%32 == 0 {
			n = int(next() % 6)
		}
		u := make([]float64, n)
		for i := range u {
			u[i] = num()
		}
		return u
	}
	for range int(next() % 8) {
		f.Frontier = append(f.Frontier, vec())
	}
	for range int(next() % 6) {
		f.Marks = append(f.Marks, Mark{Name: text(), Utilities: vec()})
	}
	for range int(next() % 4) {
		p := Panel{X: int(next())%(k+1) - int(next()%64/63), Y: int(next()) % (k + 1)}
		for range int(next() % 10) {
			p.Cloud = append(p.Cloud, [2]float64{num(), num()})
		}
		for range int(next() % 10) {
			p.ZoneCloud = append(p.ZoneCloud, [2]float64{num(), num()})
		}
		f.Panels = append(f.Panels, p)
	}
	return f
}

func FuzzRender(f *testing.F) {
	f.Add([]byte("\x00\x01ABC\x02xy\x03Ann\x00\x10\x27\x04Bob\x00\x20\x4e\x03\x00\x00\x00\x00\x20\x4e\x01\x04Nash\x00\x10\x27\x00\x10\x27\x01\x01\x00\x02\x00\x10\x27\x00\x10\x27\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte{3, 1, 'T', 0, 2, 'a', 'b', 1, 0, 0, 2, 'c', 'd', 16, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 1, 2, 3, 4})
	f.Add([]byte("\x02\x05\x04\xff\xfe\x01\x1b\x00\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fig := fuzzFigure(data)
		var buf bytes.Buffer
		err := Render(&buf, fig, SVG)
		if err != nil {
			var e *entente.Error
			if !errors.As(err, &e) || e.Code != entente.EInvalid {
				t.Fatalf("Render error %v is not an invalid-input *entente.Error", err)
			}
			if buf.Len() != 0 {
				t.Fatalf("Render wrote %d bytes and failed", buf.Len())
			}
			return
		}
		svgText(t, buf.Bytes())
		if len(data) > 0 && data[0]%8 == 0 { // PNG is slower; try it on a share
			buf.Reset()
			if err := Render(&buf, fig, PNG); err != nil {
				t.Fatalf("SVG renders but PNG fails: %v", err)
			}
		}
	})
}
