package genius

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/xmltree"
)

// node and doc are the element tree of internal/xmltree, which KTAB's XML
// reader shares.
type (
	node = xmltree.Node
	doc  = xmltree.Doc
)

// parseXML reads a whole XML document (see xmltree.Parse), refusing more
// hyperRectangle elements than the limit on terms as they come, and then
// more issues or items than the limits.
func parseXML(src entente.Source, lim entente.Limits) (*doc, *entente.Error) {
	nodes := lim.Nodes
	lim = lim.Defaults()
	boxes := 0
	d, err := xmltree.Parse(src.Name, src.Data, xmltree.Options{Nodes: nodes, Expected: "GENIUS XML", Start: func(t xml.StartElement) string {
		if t.Name.Local == "hyperRectangle" && t.Name.Space == "" {
			// Stop at the limit, before reading the rest of a file
			// of a million rectangles.
			if boxes++; boxes > lim.Terms {
				return entente.TooMany("", 0, 0, "", -1, lim.Terms, "hyperRectangle elements", "--max-terms").Message
			}
		}
		return ""
	}})
	if err != nil {
		return nil, err
	}
	if err := checkCounts(d, d.Root, lim); err != nil {
		return nil, err
	}
	return d, nil
}

// checkCounts refuses, before anything is read from them, more issues or
// items of one issue than the limits allow.
func checkCounts(d *doc, n *node, lim entente.Limits) *entente.Error {
	issues, items := 0, 0
	for _, k := range n.Kids {
		switch k.Name {
		case "issue":
			if issues++; issues > lim.Issues {
				return d.ErrAt(entente.EInvalid, k.Off, "", "%s", entente.TooMany("", 0, 0, "", len(n.Children("issue")), lim.Issues, "issue elements", "--max-issues").Message)
			}
		case "item":
			if items++; items > lim.Options {
				return d.ErrAt(entente.EInvalid, k.Off, "", "%s", entente.TooMany("", 0, 0, "", len(n.Children("item")), lim.Options, "item elements in one issue", "--max-options").Message)
			}
		}
		if err := checkCounts(d, k, lim); err != nil {
			return err
		}
	}
	return nil
}

// parseInt reads an integer as Java's Integer.valueOf does: an optional
// sign and decimal digits, within the 32-bit range, no spaces.
func parseInt(s string) (int, bool) {
	if s == "" || strings.TrimSpace(s) != s || strings.HasPrefix(s, "+-") || strings.HasPrefix(s, "-+") {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 32)
	if err != nil {
		return 0, false
	}
	return int(v), true
}

// parseFloat reads a number as Java's Double.valueOf does (surrounding
// white space and a trailing d or f are allowed) and accepts only finite
// values.
func parseFloat(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	if n := len(t); n > 1 && strings.ContainsRune("dDfF", rune(t[n-1])) && !strings.HasPrefix(strings.ToLower(t), "0x") {
		t = t[:n-1]
	}
	if t == "" || strings.Contains(t, "_") {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, false
	}
	if v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308 {
		return 0, false
	}
	return v, true
}

// describeAttr quotes an attribute value for a message.
func describeAttr(v string) string {
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	return fmt.Sprintf("%q", v)
}
