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
	return a.post(ctx, channel, "", r)
}

// post sends a reply to a channel, in the thread whose parent's ts is
// thread unless that is empty. It repeats a call only as Post says.
func (a *Adapter) post(ctx context.Context, channel, thread string, r bot.Reply) (string, error) {
	opts := []slack.MsgOption{
		slack.MsgOptionText(fallback(r), false),
		slack.MsgOptionBlocks(render(r)...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	var ts string
	err := a.withRetry(ctx, "chat.postMessage", false, func() error {
		var err error
		_, ts, err = a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		if lostAccess(err) {
			return "", fmt.Errorf("slack: post to %s: %w (%w)", channel, err, bot.ErrNoAccess)
		}
		return "", fmt.Errorf("slack: post to %s: %w", channel, err)
	}
	return ts, nil
}

// PostDirect writes to a user in the app's DM with them: chat.postMessage
// takes a user id as the channel. The scheduler tells a subscriber this
// way that the bot lost access to their channel.
func (a *Adapter) PostDirect(ctx context.Context, user string, r bot.Reply) (string, error) {
	r.Thread = false
	return a.Post(ctx, user, r)
}

// lostAccess reports whether Slack refused a post because the bot cannot
// reach the channel (not invited, removed, channel gone or archived),
// which trying again tomorrow will not fix.
func lostAccess(err error) bool {
	var serr slack.SlackErrorResponse
	if !errors.As(err, &serr) {
		return false
	}
	switch serr.Err {
	case "not_in_channel", "channel_not_found", "is_archived":
		return true
	}
	return false
}

// errRateLimited is returned when Slack keeps answering 429.
var errRateLimited = retry.ErrRateLimited

// withRetry calls f under the adapters' shared retry policy: again after
// each 429 (a 429 means Slack did not act on the call, so repeating it
// cannot post twice), and after a connection never made or, for an
// idempotent call, a 5xx.
func (a *Adapter) withRetry(ctx context.Context, op string, idempotent bool, f func() error) error {
	p := retry.Policy{Platform: "slack", MaxLimited: a.maxRetries, MaxWait: a.maxRetryWait,
		RateLimited: retryAfter, ServerError: serverError, Log: a.log}
	return p.Do(ctx, op, idempotent, f)
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
