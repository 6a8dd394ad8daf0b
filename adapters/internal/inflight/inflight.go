// Package inflight counts the work a platform adapter does after the
// request that started it has been answered (a deferred reply, a
// response_url post), so that shutdown can wait for it, within a deadline.
package inflight

import (
	"context"
	"sync"
)

// Tracker counts running goroutines. Unlike sync.WaitGroup it lets new
// work start while someone waits, as a request still being served during a
// shutdown may. The zero value is ready to use.
type Tracker struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to zero; nil when nobody waits
}

// Go runs f in a goroutine that Wait waits for.
func (t *Tracker) Go(f func()) {
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
	go func() {
		defer t.done()
		f()
	}()
}

func (t *Tracker) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n--
	if t.n == 0 && t.idle != nil {
		close(t.idle)
		t.idle = nil
	}
}

// Wait returns nil once nothing started by Go is running, or ctx's error
// if ctx ends first.
func (t *Tracker) Wait(ctx context.Context) error {
	t.mu.Lock()
	if t.n == 0 {
		t.mu.Unlock()
		return nil
	}
	if t.idle == nil {
		t.idle = make(chan struct{})
	}
	idle := t.idle
	t.mu.Unlock()
	select {
	case <-idle:
		return t.Wait(ctx) // work may have started since
	case <-ctx.Done():
		return ctx.Err()
	}
}
