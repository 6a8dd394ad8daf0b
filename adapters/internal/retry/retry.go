// Package retry holds what the platform adapters share about repeating a
// failed call: how long to wait, and which failures may be repeated.
//
// A call may be repeated after a 429 (the platform did nothing), after a
// connection that was never made (nothing was sent), and, when it is
// idempotent, after a 5xx (doing it twice changes nothing). A call that
// creates something, such as a channel post, is never repeated after a
// 5xx or a timeout unless the platform dedupes it, since the first try may
// have worked.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"time"
)

// ServerErrors is how many times an idempotent call is repeated after a
// 5xx or a connection that was never made.
const ServerErrors = 2

// Jitter adds up to a tenth of wait (at least 50 ms), so that replicas
// limited together do not all retry in the same instant.
func Jitter(wait time.Duration) time.Duration {
	return wait + rand.N(wait/10+50*time.Millisecond)
}

// Backoff is the wait before repeating a call after a server error:
// 0.5 s, then 1 s, then 2 s, with jitter.
func Backoff(attempt int) time.Duration {
	return Jitter(500 * time.Millisecond << min(attempt, 4))
}

// Sleep waits for d, or returns ctx's error if it ends first.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// NotSent reports whether err shows that the request never reached the
// server: the connection could not be made (refused, no route, no such
// host). Such a call may be repeated even if it is not idempotent.
func NotSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
