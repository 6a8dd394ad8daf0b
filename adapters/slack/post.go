package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/adapters/internal/retry"
	"github.com/sdbot/sdbot/bot"
)

// Post sends a reply to a channel with chat.postMessage, as the daily topic
// does, and returns the message's timestamp, Slack's message id. The bot
// must be a member of the channel.
//
// chat.postMessage has no idempotency key, and Slack says a call that
// failed with a server error may still have posted. So a post is repeated
// after a 429 or a connection that was never made, never after a 5xx or a
// timeout: a claimed daily post must not appear twice.
func (a *Adapter) Post(ctx context.Context, channel string, r bot.Reply) (string, error) {
	opts := []slack.MsgOption{
		slack.MsgOptionText(fallback(r), false),
		slack.MsgOptionBlocks(render(r, renderOptions{})...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	var ts string
	err := a.withRetry(ctx, "chat.postMessage", false, func() error {
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

// withRetry calls f, and again after each 429 once Retry-After has passed
// (at most a.maxRetries times), and after a connection that was never
// made or, for an idempotent call, a 5xx (at most retry.ServerErrors
// times, backing off). A 429 means Slack did not act on the call, so
// repeating it cannot post twice.
func (a *Adapter) withRetry(ctx context.Context, op string, idempotent bool, f func() error) error {
	limits, failures := 0, 0
	for {
		err := f()
		if err == nil {
			return nil
		}
		if wait, limited := retryAfter(err); limited {
			if limits == a.maxRetries {
				return fmt.Errorf("%w after %d retries", errRateLimited, limits)
			}
			if wait > a.maxRetryWait {
				return fmt.Errorf("%w for %s", errRateLimited, wait)
			}
			limits++
			a.log.Warn("slack rate limited", "call", op, "retry_after", wait.String(), "attempt", limits)
			if err := retry.Sleep(ctx, retry.Jitter(wait)); err != nil {
				return err
			}
			continue
		}
		if failures == retry.ServerErrors || ctx.Err() != nil || !(retry.NotSent(err) || idempotent && serverError(err)) {
			return err
		}
		failures++
		a.log.Warn("slack call failed; retrying", "call", op, "error", err.Error(), "attempt", failures)
		if err := retry.Sleep(ctx, retry.Backoff(failures-1)); err != nil {
			return err
		}
	}
}

// serverError reports whether err is a 5xx answer.
func serverError(err error) bool {
	var sc slack.StatusCodeError
	return errors.As(err, &sc) && sc.Code >= 500
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
