package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
)

// withRetry runs one REST call, retrying it after each 429 for as long as
// Discord's retry_after says, at most MaxRetries times and never past ctx
// or MaxRetryWait. Errors come back without URLs: interaction URLs carry
// the interaction token.
func (a *Adapter) withRetry(ctx context.Context, call func(opts ...discordgo.RequestOption) error) error {
	opts := []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false)}
	for attempt := 0; ; attempt++ {
		err := call(opts...)
		var limited *discordgo.RateLimitError
		if !errors.As(err, &limited) {
			return redact(err)
		}
		wait := limited.RetryAfter
		switch {
		case attempt == a.cfg.MaxRetries:
			return fmt.Errorf("rate limited by discord after %d retries", attempt)
		case wait > a.cfg.MaxRetryWait:
			return fmt.Errorf("rate limited by discord for %s", wait)
		}
		// Up to a tenth more (at least 50 ms), so replicas limited
		// together do not all retry in the same instant.
		wait = max(wait, 10*time.Millisecond)
		wait += rand.N(wait/10 + 50*time.Millisecond)
		a.log.Info("discord rate limit; retrying", "retry_after", wait.String(), "attempt", attempt+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
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
	return a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		bucket := discordgo.NewRatelimiter().LockBucket("interaction")
		_, err := a.session.RequestWithLockedBucket(method, endpoint, "application/json", data, bucket, 0, opts...)
		return err
	})
}
