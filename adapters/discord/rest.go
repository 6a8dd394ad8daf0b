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

// withRetry runs one REST call under the adapters' shared retry policy:
// again after each 429 for as long as Discord's retry_after says (at most
// MaxRetries times, never past ctx or MaxRetryWait), and after a
// connection never made or, for an idempotent call, a 5xx. Errors, logged
// or returned, come without URLs: interaction URLs carry the interaction
// token.
func (a *Adapter) withRetry(ctx context.Context, idempotent bool, call func(opts ...discordgo.RequestOption) error) error {
	opts := []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false)}
	p := retry.Policy{Platform: "discord", MaxLimited: a.cfg.MaxRetries, MaxWait: a.cfg.MaxRetryWait,
		RateLimited: retryAfter, ServerError: serverError, Log: a.log}
	return p.Do(ctx, "rest", idempotent, func() error { return redact(call(opts...)) })
}

// retryAfter reports whether err is a 429 and how long Discord asked us to
// wait.
func retryAfter(err error) (time.Duration, bool) {
	var limited *discordgo.RateLimitError
	if errors.As(err, &limited) {
		return limited.RetryAfter, true
	}
	return 0, false
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
	_, err = a.interactionRequest(ctx, method, endpoint, data)
	return err
}

// interactionRequest is interactionCall with the body already encoded (nil
// for none) and Discord's answer returned.
func (a *Adapter) interactionRequest(ctx context.Context, method, endpoint string, data []byte) ([]byte, error) {
	// Reading or editing a message and answering an interaction's callback
	// (it can be answered only once) are safe to repeat; a new follow-up
	// is not.
	idempotent := method != "POST" || strings.HasSuffix(endpoint, "/callback")
	var answer []byte
	err := a.withRetry(ctx, idempotent, func(opts ...discordgo.RequestOption) error {
		bucket := discordgo.NewRatelimiter().LockBucket("interaction")
		var err error
		answer, err = a.session.RequestWithLockedBucket(method, endpoint, "application/json", data, bucket, 0, opts...)
		return err
	})
	return answer, err
}
