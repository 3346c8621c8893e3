package genius

import (
	"bytes"
	"encoding/xml"
	"io"
)

// FileKind says what a file is, as far as GENIUS is concerned.
type FileKind uint8

// The kinds of file Kind recognises.
const (
	// Other is anything that is not a GENIUS scenario file: another XML
	// document (such as a GENIUS tournament log), a pareto.xml frontier
	// (which is not XML at all), or not XML.
	Other FileKind = iota
	// Domain is a domain file: root element negotiation_template.
	Domain
	// Profile is a preference profile: root element utility_space.
	Profile
)

// String names the kind for messages.
func (k FileKind) String() string {
	switch k {
	case Domain:
		return "GENIUS domain"
	case Profile:
		return "GENIUS profile"
	}
	return "not a GENIUS scenario file"
}

// Kind tells a domain file from a profile from anything else by its root
// element, not by its name. It reads only as far as the root element's
// start tag, so a file whose body is malformed still gets its kind (and
// Decode then reports the problem with its position).
func Kind(data []byte) FileKind {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := dec.Token()
		if err != nil {
			return Other
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != "" {
				return Other
			}
			switch t.Name.Local {
			case "negotiation_template":
				return Domain
			case "utility_space":
				return Profile
			}
			return Other
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return Other
			}
		}
	}
}
