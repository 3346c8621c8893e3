package report

import "strings"

// mdText escapes text for the Markdown report, so that it reads there as
// the same plain text as in the HTML report, whatever the scenario's
// names and descriptions hold: no raw HTML (< > & are escaped), no image,
// link or emphasis ([ ] ! * _ ` ~), no autolink (://), no table cell cut
// short (|), no math ($), and no heading, list, quote or code block from
// how it starts. Line breaks become spaces and the ends are trimmed: every
// piece of text is one line of its block.
func mdText(s string) string {
	s = strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s))
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		// What ends a list marker or heading: a space or the end.
		spaceNext := i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t'
		switch {
		case strings.IndexByte("\\`*_[]<>|~&$!", c) >= 0,
			c == ':' && strings.HasPrefix(s[i+1:], "//"),
			i == 0 && c == '#',
			i == 0 && (c == '-' || c == '+') && spaceNext,
			(c == '.' || c == ')') && i > 0 && spaceNext && allDigits(s[:i]):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// mdLink writes a link's address so that no character in it ends the link
// early or starts markup: spaces, parentheses, angle brackets, backslashes
// and line breaks are percent-encoded.
func mdLink(addr string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\\", "%5C", "\n", "%0A", "\r", "%0D").Replace(addr)
}
