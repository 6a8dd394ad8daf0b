package slack

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/bot"
)

// Post sends a reply to a channel with chat.postMessage, as the daily topic
// does, and returns the message's timestamp, Slack's message id. The bot
// must be a member of the channel.
func (a *Adapter) Post(ctx context.Context, channel string, r bot.Reply) (string, error) {
	opts := []slack.MsgOption{
		slack.MsgOptionText(fallback(r), false),
		slack.MsgOptionBlocks(render(r, renderOptions{})...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	var ts string
	err := a.withRetry(ctx, "chat.postMessage", func() error {
		var err error
		_, ts, err = a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("slack: post to %s: %w", channel, err)
	}
	return ts, nil
}

// errRateLimited is returned when Slack keeps answering 429.
var errRateLimited = errors.New("rate limited")

// withRetry calls f, and again after each 429 once Retry-After has passed,
// at most a.maxRetries times. A 429 means Slack did not act on the call,
// so repeating it cannot post twice.
func (a *Adapter) withRetry(ctx context.Context, op string, f func() error) error {
	for attempt := 0; ; attempt++ {
		err := f()
		wait, limited := retryAfter(err)
		if !limited {
			return err
		}
		if attempt == a.maxRetries {
			return fmt.Errorf("%w after %d retries", errRateLimited, attempt)
		}
		if wait > a.maxRetryWait {
			return fmt.Errorf("%w for %s", errRateLimited, wait)
		}
		a.log.Warn("slack rate limited", "call", op, "retry_after", wait.String(), "attempt", attempt+1)
		t := time.NewTimer(jitter(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// jitter adds up to a tenth of the wait (at least 50 ms) so that replicas
// limited together do not all retry in the same instant.
func jitter(wait time.Duration) time.Duration {
	return wait + rand.N(wait/10+50*time.Millisecond)
}

// retryAfter reports whether err is a 429 and how long Slack asked us to
// wait.
func retryAfter(err error) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, 0), true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return time.Second, true // 429 without Retry-After
	}
	return 0, false
}

// rateLimited turns a 429 response's Retry-After into the error slack-go
// would return, so both kinds of call share withRetry.
func rateLimited(h http.Header) error {
	sec, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || sec < 0 {
		sec = 1
	}
	return &slack.RateLimitedError{RetryAfter: time.Duration(sec) * time.Second}
}
