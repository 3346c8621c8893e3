package report

import (
	"context"
	"maps"
	"sync"
)

// parts runs the parts of a report side by side. Each part writes into a
// builder of its own (a copy of the report's, with a document of its
// own), which merge then folds into the report in the report's order.
// The first part to fail cancels the others. With one worker
// (Options.Workers = 1) the parts run one after the other, each as it is
// started.
type parts struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	b      *builder
	serial bool
	wg     sync.WaitGroup
	errs   []*error // by start order
}

func newParts(ctx context.Context, b *builder) *parts {
	ctx, cancel := context.WithCancelCause(ctx)
	return &parts{ctx: ctx, cancel: cancel, b: b, serial: b.opt.Workers == 1}
}

// start runs part on a copy of the builder as it is now, in a goroutine
// of its own, and returns the copy: read it only after wait. Only the
// goroutine that made r starts parts.
func (r *parts) start(part func(*builder) error) *builder {
	p := *r.b
	p.ctx = r.ctx
	p.doc = &Document{Numbers: map[string]float64{}}
	err := new(error)
	r.errs = append(r.errs, err)
	run := func() {
		if *err = part(&p); *err != nil {
			r.cancel(*err)
		}
	}
	if r.serial {
		run()
		return &p
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		run()
	}()
	return &p
}

// fail stops the parts running with err as the cause.
func (r *parts) fail(err error) { r.cancel(err) }

// wait waits for every part and returns the first error in start order:
// a part stopped because another failed returns that part's error, so
// the error is the failure's, whichever part saw it first.
func (r *parts) wait() error {
	r.wg.Wait()
	defer r.cancel(nil)
	for _, err := range r.errs {
		if *err != nil {
			return *err
		}
	}
	return nil
}

// merge adds what part p found to the report: its sections after those
// already there, its numbers, and what the summary reads.
func (b *builder) merge(p *builder) {
	b.doc.Sections = append(b.doc.Sections, p.doc.Sections...)
	maps.Copy(b.doc.Numbers, p.doc.Numbers)
	if p.rob != nil {
		b.rob = p.rob
	}
	if p.ex != nil {
		b.ex = p.ex
	}
	if p.fc != nil {
		b.fc = p.fc
	}
	b.designs = append(b.designs, p.designs...)
	b.unsimulated = b.unsimulated || p.unsimulated
}
