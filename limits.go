package entente

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits bound what the readers accept: the size of one file and the
// counts that a format allows but no real negotiation needs. Every reader
// checks them before it builds the objects they count, so that a hostile or
// mistaken file costs little time and memory; each limit has its own
// message naming the command-line flag that raises it (docs/cli.md,
// "Limits"). A zero field means the default (DefaultLimits).
type Limits struct {
	// FileSize is the largest file read, in bytes (--max-file-size).
	FileSize int64
	// Issues is the largest number of issues of a scenario (--max-issues).
	Issues int
	// Options is the largest number of values of one discrete issue, or of
	// one integer table (--max-options).
	Options int
	// Parties is the largest number of parties of a scenario, and of
	// members, voter groups and profiles besides (--max-parties).
	Parties int
	// Terms is the largest number of interaction terms of one profile,
	// counting every box (GENIUS hyper-rectangle) of every term
	// (--max-terms).
	Terms int
	// Actors is the largest number of actors of a forecast (--max-actors).
	Actors int
	// Negotiations is the largest number of negotiations a tournament plan
	// may expand into (--max-negotiations).
	Negotiations int
	// Nodes is the largest number of syntax nodes (values, list items,
	// elements) of one file: what the parsers build before any count above
	// can be read. It follows from the other limits unless set.
	Nodes int
}

// The default limits: far above the largest published scenarios (ANAC
// domains have at most a few dozen issues of a few hundred values and a
// few hundred hyper-rectangles per profile), far below what exhausts a
// gigabyte of memory.
const (
	DefaultFileSize     = 64 << 20
	DefaultIssues       = 1_000
	DefaultOptions      = 100_000
	DefaultParties      = 1_000
	DefaultTerms        = 20_000
	DefaultActors       = 10_000
	DefaultNegotiations = 1_000_000
	DefaultNodes        = 2_000_000
)

// DefaultLimits returns the limits the readers apply when given none.
func DefaultLimits() Limits {
	return Limits{}.Defaults()
}

// Defaults returns the limits with every zero field set to its default.
func (l Limits) Defaults() Limits {
	set := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if l.FileSize <= 0 {
		l.FileSize = DefaultFileSize
	}
	set(&l.Issues, DefaultIssues)
	set(&l.Options, DefaultOptions)
	set(&l.Parties, DefaultParties)
	set(&l.Terms, DefaultTerms)
	set(&l.Actors, DefaultActors)
	set(&l.Negotiations, DefaultNegotiations)
	set(&l.Nodes, DefaultNodes)
	return l
}

// TooMany returns the error for a count above its limit: what was counted,
// the count (negative when the reader stopped counting at the limit), the
// limit and the flag that raises it.
func TooMany(file string, line, col int, field string, n, limit int, what, flag string) *Error {
	if n < 0 {
		return Errorf(EInvalid, file, line, col, field,
			"more than %d %s, the limit; no real negotiation needs so many (raise the limit with %s if this one does)", limit, what, flag)
	}
	return Errorf(EInvalid, file, line, col, field,
		"%d %s, more than the limit of %d; no real negotiation needs so many (raise the limit with %s if this one does)", n, what, limit, flag)
}

// FormatSize writes a number of bytes for people: 64 MiB, 300 B, and
// "1.5 GiB (1610612737 bytes)" when the unit does not divide it.
func FormatSize(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if u == 0 || v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), units[u])
	}
	return fmt.Sprintf("%.1f %s (%d bytes)", v, units[u], n)
}

// ParseSize reads a size as people write it: a number of bytes, or a
// number followed by a unit (K, KB, KiB, M, MB, MiB, G, GB, GiB; the
// decimal and binary forms both count in powers of 1024).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') && t[i-1] != '.' {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), strings.ToLower(strings.TrimSpace(t[i:]))
	mult := int64(1)
	switch strings.TrimSuffix(strings.TrimSuffix(unit, "b"), "i") {
	case "":
	case "k":
		mult = 1 << 10
	case "m":
		mult = 1 << 20
	case "g":
		mult = 1 << 30
	case "t":
		mult = 1 << 40
	default:
		return 0, fmt.Errorf("size %q: unknown unit %q; expected B, KiB, MiB or GiB", s, t[i:])
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || v*float64(mult) >= 1<<62 {
		return 0, fmt.Errorf("size %q: expected a number of bytes such as 64MiB", s)
	}
	return int64(v * float64(mult)), nil
}
