package space_test

import (
	"errors"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
)

func TestTooLarge(t *testing.T) {
	sp := space.New([]entente.Issue{{Name: "a", Kind: entente.Integer, Min: 1, Max: 100}, {Name: "b", Kind: entente.Integer, Min: 1, Max: 30}})
	err := error(space.TooLarge(sp, 1000))
	var tl *space.TooLargeError
	if !errors.As(err, &tl) || tl.Size != "3000" || tl.Limit != 1000 {
		t.Fatalf("errors.As: %v, %+v", err, tl)
	}
	if entente.ErrorCode(err) != entente.EUnsupported {
		t.Errorf("code %q", entente.ErrorCode(err))
	}
	if want := "the outcome space has 3000 outcomes, more than the limit of 1000; discretise real issues more coarsely, fix some issues, or raise the limit"; err.Error() != want {
		t.Errorf("got %q", err)
	}
}
