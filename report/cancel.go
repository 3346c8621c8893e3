package report

import (
	"context"
	"errors"
)

// cancelled returns why ctx was cancelled, for a computation it cut short:
// never nil, so that a part cut short can never pass for a finished one.
func cancelled(ctx context.Context) error {
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return errors.New("cancelled")
}
