package plot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/entente/entente"
)

// fuzzReader hands out bytes, small numbers, texts and now and then raw
// float64 bits (NaN, infinities, huge values).
type fuzzReader struct{ data []byte }

func (r *fuzzReader) next() byte {
	if len(r.data) == 0 {
		return 1 // past the end: short texts, one actor, regular lengths
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

func (r *fuzzReader) num() float64 {
	tag := r.next()
	if tag%64 == 0 && len(r.data) >= 8 {
		v := math.Float64frombits(binary.LittleEndian.Uint64(r.data))
		r.data = r.data[8:]
		return v
	}
	return float64(int16(uint16(r.next())|uint16(r.next())<<8)) / 200
}

func (r *fuzzReader) text() string {
	n := min(int(r.next()%12), len(r.data))
	s := string(r.data[:n])
	r.data = r.data[n:]
	return s
}

// length returns a length that is usually n and now and then something else.
func (r *fuzzReader) length(n int) int {
	if r.next()%32 == 0 {
		return int(r.next() % 6)
	}
	return n
}

func fuzzRounds(data []byte) *Rounds {
	r := &fuzzReader{data}
	c := &Rounds{Title: r.text(), Subtitle: r.text(), Issue: r.text(), Min: r.num(), Max: r.num()}
	if c.Max <= c.Min && r.next()%2 == 0 {
		c.Min, c.Max = c.Max, c.Min+1
	}
	k := int(r.next() % 16)
	for range k {
		c.Actors = append(c.Actors, r.text())
	}
	rounds := int(r.next() % 40)
	for range rounds {
		row := make([]float64, r.length(k))
		for i := range row {
			row[i] = r.num()
		}
		c.Positions = append(c.Positions, row)
	}
	if r.next()%2 == 0 {
		c.Median = make([]float64, r.length(rounds))
		for i := range c.Median {
			c.Median[i] = r.num()
		}
	}
	if r.next()%2 == 0 {
		c.Mean = make([]float64, r.length(rounds))
		for i := range c.Mean {
			c.Mean[i] = r.num()
		}
	}
	return c
}

func fuzzComparison(data []byte) *Comparison {
	r := &fuzzReader{data}
	c := &Comparison{Title: r.text(), Subtitle: r.text()}
	for range int(r.next() % 10) {
		is := ComparisonIssue{Name: r.text(), Min: r.num(), Max: r.num()}
		for range int(r.next() % 6) {
			f := ModelForecast{Model: r.text(), Value: r.num()}
			switch r.next() % 4 {
			case 0:
				f.Low, f.High = f64(r.num()), f64(r.num())
			case 1:
				f.Low = f64(r.num())
			}
			is.Forecasts = append(is.Forecasts, f)
		}
		c.Issues = append(c.Issues, is)
	}
	return c
}

// checkFuzzRender asserts that a render either succeeds with a
// well-formed SVG (and PNG on a share of inputs) or fails cleanly.
func checkFuzzRender(t *testing.T, data []byte, render func(*bytes.Buffer, string) error) {
	var buf bytes.Buffer
	if err := render(&buf, SVG); err != nil {
		var e *entente.Error
		if !errors.As(err, &e) || e.Code != entente.EInvalid {
			t.Fatalf("error %v is not an invalid-input *entente.Error", err)
		}
		if buf.Len() != 0 {
			t.Fatalf("wrote %d bytes and failed", buf.Len())
		}
		return
	}
	svgText(t, buf.Bytes())
	if len(data) > 0 && data[0]%32 == 0 { // PNG is slow; try it on a share
		buf.Reset()
		if err := render(&buf, PNG); err != nil {
			t.Fatalf("SVG renders but PNG fails: %v", err)
		}
	}
}

func FuzzRenderRounds(f *testing.F) {
	f.Add([]byte("\x02ab\x00\x01x\x03iss\x01\x00\x00\x01\x10\x27\x03\x02A\x01B\x01C\x03\x01\x00\x01\x00\x01\x00\x01\x00\x01\x00"))
	f.Add([]byte{8, 'r', 'o', 'u', 'n', 'd', 's', '!', '!', 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	f.Add([]byte("\x00\x00\x00\x01\x00\x00\x01\x00\x00\x0f\x01a\x01b\x01c\x01d\x01e\x01f\x01g\x01h\x01i\x01j\x01k\x01l\x01m\x01n\x01o\x05"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := fuzzRounds(data)
		checkFuzzRender(t, data, func(b *bytes.Buffer, format string) error { return RenderRounds(b, r, format) })
	})
}

func FuzzRenderComparison(f *testing.F) {
	f.Add([]byte("\x02ab\x00\x01\x01x\x01\x00\x00\x01\x10\x27\x02\x03bdm\x01\x00\x10\x00\x01\x00\x05\x01\x00\x20\x03smp\x01\x00\x08\x02"))
	f.Add([]byte{0, 0, 1, 1, 'q', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 1, 1, 'm', 1, 0, 0, 1})
	f.Add([]byte("\x00\x00\x00\x09\x01a\x01\x00\x00\x01\x00\x01\x01\x01m\x01\x00\x00\x00\x01\x01\x00\x01\x01\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := fuzzComparison(data)
		checkFuzzRender(t, data, func(b *bytes.Buffer, format string) error { return RenderComparison(b, c, format) })
	})
}
