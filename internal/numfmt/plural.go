package numfmt

import "strconv"

// Plural writes n and the noun, with an s when n is not 1: "1 round",
// "3 rounds".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
