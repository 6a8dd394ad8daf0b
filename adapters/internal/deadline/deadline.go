// Package deadline races a command against a platform's reply deadline:
// an answer ready in time goes in the direct response; otherwise the
// adapter acknowledges (Slack's empty 200, Discord's deferral) and sends
// the answer when it is ready.
package deadline

import (
	"context"
	"time"

	"github.com/sdbot/sdbot/adapters/internal/inflight"
)

// Pending is an answer that missed the deadline and is still being made.
type Pending[T any] struct {
	result chan T
}

// Race runs work, with a context that ends after timeout whatever happens
// to ctx, until the deadline. The deadline counts from when the platform's
// request arrived, so whatever the adapter did before (a user lookup)
// comes out of the same budget. It returns the answer and true when work
// finished in time; otherwise a Pending whose Then delivers it later.
func Race[T any](ctx context.Context, deadline time.Time, timeout time.Duration, work func(context.Context) T) (T, *Pending[T], bool) {
	p := &Pending[T]{result: make(chan T, 1)}
	go func() {
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
		defer cancel()
		p.result <- work(wctx)
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case r := <-p.result:
		return r, nil, true
	case <-timer.C:
		var zero T
		return zero, p, false
	}
}

// Then calls deliver with the answer once it is ready, in a goroutine t
// waits for. Call it after acknowledging, so the answer never overtakes
// the acknowledgement.
func (p *Pending[T]) Then(t *inflight.Tracker, deliver func(T)) {
	t.Go(func() { deliver(<-p.result) })
}
