package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/adapters/internal/retry"
)

// withRetry runs one REST call, retrying it after each 429 for as long as
// Discord's retry_after says, at most MaxRetries times and never past ctx
// or MaxRetryWait. It also retries, at most retry.ServerErrors times with
// a backoff, a call whose connection was never made, and an idempotent
// call that got a 5xx. Errors come back without URLs: interaction URLs
// carry the interaction token.
func (a *Adapter) withRetry(ctx context.Context, idempotent bool, call func(opts ...discordgo.RequestOption) error) error {
	opts := []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false)}
	limits, failures := 0, 0
	for {
		err := call(opts...)
		if err == nil {
			return nil
		}
		var limited *discordgo.RateLimitError
		if !errors.As(err, &limited) {
			if failures == retry.ServerErrors || ctx.Err() != nil || !(retry.NotSent(err) || idempotent && serverError(err)) {
				return redact(err)
			}
			failures++
			a.log.Warn("discord call failed; retrying", "error", redact(err).Error(), "attempt", failures)
			if err := retry.Sleep(ctx, retry.Backoff(failures-1)); err != nil {
				return err
			}
			continue
		}
		wait := limited.RetryAfter
		switch {
		case limits == a.cfg.MaxRetries:
			return fmt.Errorf("rate limited by discord after %d retries", limits)
		case wait > a.cfg.MaxRetryWait:
			return fmt.Errorf("rate limited by discord for %s", wait)
		}
		limits++
		wait = retry.Jitter(max(wait, 10*time.Millisecond))
		a.log.Info("discord rate limit; retrying", "retry_after", wait.String(), "attempt", limits)
		if err := retry.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// serverError reports whether err is a 5xx answer. discordgo reports a 502
// as a plain error once its own retries (off here) are used up.
func serverError(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		return re.Response != nil && re.Response.StatusCode >= 500
	}
	return strings.HasPrefix(err.Error(), "Exceeded Max retries HTTP 502")
}

// redact drops the URL from transport errors, keeping what went wrong.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", ue.Op, ue.Err)
	}
	return err
}

// interactionCall sends one request to an interaction's callback or
// webhook endpoint through the discordgo client. These endpoints carry the
// interaction token, and discordgo's session rate limiter keeps a bucket
// per endpoint for ever, so each call gets a throwaway bucket instead;
// Discord does not count interaction endpoints against the bot's limits.
func (a *Adapter) interactionCall(ctx context.Context, method, endpoint string, body any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encode interaction response: %w", err)
	}
	// Editing a message and answering an interaction's callback (it can be
	// answered only once) are safe to repeat; a new follow-up is not.
	idempotent := method != "POST" || strings.HasSuffix(endpoint, "/callback")
	return a.withRetry(ctx, idempotent, func(opts ...discordgo.RequestOption) error {
		bucket := discordgo.NewRatelimiter().LockBucket("interaction")
		_, err := a.session.RequestWithLockedBucket(method, endpoint, "application/json", data, bucket, 0, opts...)
		return err
	})
}
