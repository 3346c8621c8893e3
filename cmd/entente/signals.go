package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// interrupted is the cause of a context cancelled by a signal: a command
// that stops for it has written no output (or, for a tournament, only
// complete results) and exits with 128 plus the signal's number, as a
// shell reports a process killed by that signal (130 for SIGINT, 143 for
// SIGTERM).
type interrupted struct{ sig syscall.Signal }

func (e *interrupted) Error() string {
	return fmt.Sprintf("interrupted (%s)", signalName(e.sig))
}

// exitCode is 128 plus the signal's number.
func (e *interrupted) exitCode() int { return 128 + int(e.sig) }

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// signalContext returns a context cancelled when the process receives
// SIGINT (Ctrl-C) or SIGTERM, with an *interrupted cause. After the first
// signal the default handling comes back, so a second one ends the process
// at once. Call stop when done.
func signalContext() (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			sig, _ := s.(syscall.Signal)
			cancel(&interrupted{sig: sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(context.Canceled)
	}
}

// stopped returns the reason ctx was cancelled (an *interrupted for a
// signal) when it was, and nil otherwise. Commands return it in place of
// whatever error the cancelled computation gave, so that an interrupted
// run is never mistaken for a finished one.
func stopped(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	return context.Cause(ctx)
}

// interruptedCode returns the exit code for an interrupted run, 0 if err
// is no interruption.
func interruptedCode(err error) int {
	var in *interrupted
	if errors.As(err, &in) {
		return in.exitCode()
	}
	return 0
}
