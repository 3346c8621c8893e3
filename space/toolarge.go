package space

import (
	"fmt"

	"github.com/entente/entente"
)

// TooLargeError says that an outcome space has more outcomes than a
// caller's limit allows. Analyses that enumerate a space return it wrapped
// in an *entente.Error with code entente.EUnsupported; find it with
// errors.As to offer the caller's own ways out (a coarser grid for real
// issues, fixing some issues, a higher limit).
type TooLargeError struct {
	// Size is the number of outcomes, in words when it does not fit in a
	// uint64 (Space.SizeString).
	Size string
	// Limit is the limit that was exceeded.
	Limit uint64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the outcome space has %s outcomes, more than the limit of %d", e.Size, e.Limit)
}

// TooLarge returns the error for a space above limit: an *entente.Error
// (code EUnsupported) saying so and what can be done, wrapping a
// *TooLargeError.
func TooLarge(sp *Space, limit uint64) *entente.Error {
	tl := &TooLargeError{Size: sp.SizeString(), Limit: limit}
	return &entente.Error{Code: entente.EUnsupported, Err: tl,
		Message: tl.Error() + "; discretise real issues more coarsely, fix some issues, or raise the limit"}
}
