package bot

import (
	"context"
	"errors"
	"fmt"
)

// ErrNoAccess is what a Poster's error wraps when the platform refused a
// post because the bot cannot reach the channel (never invited, removed,
// its permission taken away), rather than for a passing reason. Such
// failures, day after day, pause the subscription.
var ErrNoAccess = errors.New("the bot has no access to the channel")

// DirectPoster is a Poster that can also write to one user privately. The
// scheduler uses it to tell whoever subscribed a channel that the bot lost
// access there, since the channel itself cannot be told.
type DirectPoster interface {
	PostDirect(ctx context.Context, user string, r Reply) (messageID string, err error)
}

// maxAccessFailures is how many daily posts in a row may fail for lack of
// access before the subscription is paused.
const maxAccessFailures = 3

// noteAccess keeps a subscription's run of posts that failed for lack of
// access: a post that worked ends the run, a post refused for access
// lengthens it, and the third in a row pauses the subscription. The
// subscriber hears of the first failure and of the pause.
func (s *Scheduler) noteAccess(ctx context.Context, sub Subscription, poster Poster, perr error) {
	var failures int
	switch {
	case perr == nil && sub.Failures == 0:
		return
	case perr == nil:
	case !errors.Is(perr, ErrNoAccess):
		return // a passing failure neither lengthens nor ends the run
	default:
		failures = sub.Failures + 1
	}
	paused := failures >= maxAccessFailures
	if err := s.bot.store.SetFailures(ctx, sub.ID, failures, paused); err != nil {
		s.cfg.Log.Warn("record post failures", "subscription", sub.ID, "error", err.Error())
	}
	if paused {
		s.cfg.Log.Warn("subscription paused: the bot lost access to the channel", "subscription", sub.ID, "failures", failures)
	}
	if failures != 1 && !paused {
		return
	}
	dp, ok := poster.(DirectPoster)
	if !ok || sub.CreatedBy == "" {
		return
	}
	if _, err := dp.PostDirect(ctx, sub.CreatedBy, lostAccessReply(sub, paused)); err != nil {
		s.cfg.Log.Warn("tell the subscriber about lost access", "subscription", sub.ID, "error", err.Error())
	}
}

// lostAccessReply tells a subscriber the bot could not post in their
// channel, and how to fix it.
func lostAccessReply(sub Subscription, paused bool) Reply {
	fix := "Invite me back with `/invite @sdbot` in that channel."
	if sub.Platform == "discord" {
		fix = "Give sdbot the View Channel and Send Messages permissions in that channel again."
	}
	where := ChannelMention(sub.Channel).String()
	if paused {
		return Reply{
			Title: "Topic of the day paused",
			Text: fmt.Sprintf("I paused the topic of the day in %s: for %d days in a row I could not post there. %s Then run `/sd subscribe` there again to resume it.",
				where, maxAccessFailures, fix),
			Kind: KindList,
		}
	}
	return Reply{
		Title: "I could not post the topic of the day",
		Text: fmt.Sprintf("I could not post today's topic in %s: I am not in that channel or may no longer post there. %s If I still cannot post after %d days in a row, I will pause the subscription.",
			where, fix, maxAccessFailures),
		Kind: KindList,
	}
}
