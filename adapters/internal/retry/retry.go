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
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"time"
)

// serverErrors is how many times an idempotent call is repeated after a
// 5xx or a connection that was never made.
const serverErrors = 2

// withJitter adds up to a tenth of wait (at least 50 ms), so that replicas
// limited together do not all retry in the same instant.
func withJitter(wait time.Duration) time.Duration {
	return wait + rand.N(wait/10+50*time.Millisecond)
}

// Backoff is the wait before repeating a call after a server error:
// 0.5 s, then 1 s, then 2 s, with jitter.
func Backoff(attempt int) time.Duration {
	return withJitter(500 * time.Millisecond << min(attempt, 4))
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

// notSent reports whether err shows that the request never reached the
// server: the connection could not be made (refused, no route, no such
// host). Such a call may be repeated even if it is not idempotent.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// ErrRateLimited is returned when a platform keeps answering 429, or asks
// for a longer wait than the policy allows.
var ErrRateLimited = errors.New("rate limited")

// defaultLimited is how many 429s a call waits out when the adapter's
// MaxRetries is zero.
const defaultLimited = 3

// Limited turns an adapter's MaxRetries setting into a count, the same on
// every platform: zero means defaultLimited, a negative number none.
func Limited(maxRetries int) int {
	switch {
	case maxRetries == 0:
		return defaultLimited
	case maxRetries < 0:
		return 0
	}
	return maxRetries
}

// Policy says how one platform's calls are repeated.
type Policy struct {
	Platform string // names the platform in errors and logs
	// MaxLimited bounds the 429s waited out; MaxWait is the longest wait
	// a 429 may ask for.
	MaxLimited int
	MaxWait    time.Duration
	// RateLimited reports whether err is a 429 and how long to wait;
	// ServerError whether it is a 5xx.
	RateLimited func(error) (time.Duration, bool)
	ServerError func(error) bool
	Log         *slog.Logger
}

// Do runs call, and again after each 429 once the platform's wait has
// passed (at most MaxLimited times, never a wait over MaxWait), and after
// a connection that was never made or, for an idempotent call, a 5xx (at
// most serverErrors times, backing off). It never waits past ctx.
func (p Policy) Do(ctx context.Context, op string, idempotent bool, call func() error) error {
	limits, failures := 0, 0
	for {
		err := call()
		if err == nil {
			return nil
		}
		if wait, limited := p.RateLimited(err); limited {
			if limits == p.MaxLimited {
				return fmt.Errorf("%w by %s after %d retries", ErrRateLimited, p.Platform, limits)
			}
			if wait > p.MaxWait {
				return fmt.Errorf("%w by %s for %s", ErrRateLimited, p.Platform, wait)
			}
			limits++
			wait = withJitter(max(wait, 10*time.Millisecond))
			p.Log.Warn(p.Platform+" rate limited; retrying", "call", op, "retry_after", wait.String(), "attempt", limits)
			if err := Sleep(ctx, wait); err != nil {
				return err
			}
			continue
		}
		if failures == serverErrors || ctx.Err() != nil || !(notSent(err) || idempotent && p.ServerError(err)) {
			return err
		}
		failures++
		p.Log.Warn(p.Platform+" call failed; retrying", "call", op, "error", err.Error(), "attempt", failures)
		if err := Sleep(ctx, Backoff(failures-1)); err != nil {
			return err
		}
	}
}
