package tree

import (
	"strconv"
	"strings"
)

// Suggest returns ` (did you mean "x"?)` for the known word closest to
// word, when one is close enough to be a likely typo, and "" otherwise.
func Suggest(word string, known []string) string {
	if s := Suggestion(word, known); s != "" {
		return " (did you mean " + strconv.Quote(s) + "?)"
	}
	return ""
}

// Suggestion returns the known word closest to word when it is close
// enough to be a likely typo, and "" otherwise.
func Suggestion(word string, known []string) string {
	best, bestD := "", -1
	for _, k := range known {
		d := distance(strings.ToLower(word), strings.ToLower(k))
		if bestD < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	// Up to two edits, and fewer than half the word's length.
	if bestD < 0 || best == word || bestD > 2 || 2*bestD >= len([]rune(word)) && bestD > 0 {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, counting an
// adjacent transposition as one edit (optimal string alignment).
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) > 64 || len(y) > 64 {
		if a == b {
			return 0
		}
		return 1 << 20
	}
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
