package bot

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// dateLayout is how a post's local date is written.
const dateLayout = "2006-01-02"

// SchedulerConfig tunes a Scheduler.
type SchedulerConfig struct {
	// Grace is how late a missed post may still be made (default 6h).
	Grace time.Duration
	// Reload is how often subscriptions are re-read from the Store, so
	// changes made on another replica take effect (default 30s).
	Reload time.Duration
	// Claimer names this process in claims (default host:pid).
	Claimer string
	Log     *slog.Logger
	// OnPost, if set, hears how each attempted post ended: "posted",
	// "failed" (the platform refused it), "taken" (another replica
	// claimed it) or "error" (the store failed).
	OnPost func(result string)
	// OnPaused, if set, hears how many subscriptions are paused because
	// the bot lost access to their channels, each time they are re-read.
	OnPaused func(n int)
}

// Scheduler posts each subscription's topic of the day. Every replica runs
// one; the Store's claim decides which of them posts, so a channel gets one
// post a day however many run.
type Scheduler struct {
	bot     *Bot
	posters map[string]Poster
	cfg     SchedulerConfig

	mu      sync.Mutex
	cron    *cron.Cron
	entries map[string]entry
}

type entry struct {
	spec string
	id   cron.EntryID
}

// NewScheduler returns a scheduler posting through posters, keyed by
// platform name ("slack", "discord").
func NewScheduler(b *Bot, posters map[string]Poster, cfg SchedulerConfig) *Scheduler {
	if cfg.Grace == 0 {
		cfg.Grace = 6 * time.Hour
	}
	if cfg.Reload <= 0 {
		cfg.Reload = 30 * time.Second
	}
	if cfg.Claimer == "" {
		host, _ := os.Hostname()
		cfg.Claimer = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.OnPost == nil {
		cfg.OnPost = func(string) {}
	}
	if cfg.OnPaused == nil {
		cfg.OnPaused = func(int) {}
	}
	return &Scheduler{bot: b, posters: posters, cfg: cfg, entries: map[string]entry{}}
}

// Run schedules the subscriptions and posts until ctx ends. It re-reads
// subscriptions every Reload and makes any post missed inside the grace
// window, so a restart or a replica that was down catches up once.
func (s *Scheduler) Run(ctx context.Context) error {
	if s.bot.store == nil {
		return fmt.Errorf("scheduler needs a store")
	}
	s.mu.Lock()
	s.cron = cron.New()
	s.mu.Unlock()
	s.cron.Start()
	defer func() { <-s.cron.Stop().Done() }()
	tick := time.NewTicker(s.cfg.Reload)
	defer tick.Stop()
	for {
		if err := s.Sync(ctx); err != nil {
			s.cfg.Log.Warn("reload subscriptions", "error", err.Error())
		}
		s.catchUp(ctx, s.bot.now())
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// Sync makes the cron entries match the Store's subscriptions.
func (s *Scheduler) Sync(ctx context.Context) error {
	subs, err := s.bot.store.Subscriptions(ctx)
	if err != nil {
		return err
	}
	paused := 0
	for _, sub := range subs {
		if sub.Paused {
			paused++
		}
	}
	s.cfg.OnPaused(paused)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cron == nil {
		return nil
	}
	live := map[string]bool{}
	for _, sub := range subs {
		live[sub.ID] = true
		spec, err := cronSpec(sub)
		if err != nil {
			s.cfg.Log.Warn("bad subscription", "subscription", sub.ID, "error", err.Error())
			continue
		}
		if e, ok := s.entries[sub.ID]; ok {
			if e.spec == spec {
				continue
			}
			s.cron.Remove(e.id)
		}
		id := sub.ID
		eid, err := s.cron.AddFunc(spec, func() {
			if _, err := s.Fire(ctx, id, s.bot.now()); err != nil {
				s.cfg.Log.Warn("daily post", "subscription", id, "error", err.Error())
			}
		})
		if err != nil {
			s.cfg.Log.Warn("schedule", "subscription", sub.ID, "error", err.Error())
			continue
		}
		s.entries[sub.ID] = entry{spec: spec, id: eid}
	}
	for id, e := range s.entries {
		if !live[id] {
			s.cron.Remove(e.id)
			delete(s.entries, id)
		}
	}
	return nil
}

// cronSpec is the subscription's schedule in cron syntax, in its own zone.
func cronSpec(sub Subscription) (string, error) {
	h, m, err := parseClock(sub.Time)
	if err != nil {
		return "", err
	}
	if _, err := time.LoadLocation(sub.TZ); err != nil || sub.TZ == "" || strings.ContainsAny(sub.TZ, " \t") {
		return "", fmt.Errorf("unknown time zone %q", sub.TZ)
	}
	if sub.Days&EveryDay == 0 {
		return "", fmt.Errorf("no days to post on")
	}
	return fmt.Sprintf("CRON_TZ=%s %d %d * * %s", sub.TZ, m, h, sub.Days.cronDays()), nil
}

// nextRun is when the subscription posts next after t: its local time on
// the next allowed day. On the day a DST change skips that local time
// (02:30 in Berlin on the last Sunday of March) the post is due at the
// same clock reading shifted by the change (03:30); when the hour repeats,
// it is due once. robfig/cron triggers the posts and skips the skipped
// time, so the scheduler's catch-up makes that day's post from this rule.
func nextRun(sub Subscription, t time.Time) (time.Time, error) {
	h, m, err := parseClock(sub.Time)
	if err != nil {
		return time.Time{}, err
	}
	loc, err := time.LoadLocation(sub.TZ)
	if err != nil {
		return time.Time{}, fmt.Errorf("unknown time zone %q", sub.TZ)
	}
	if sub.Days&EveryDay == 0 {
		return time.Time{}, fmt.Errorf("no days to post on")
	}
	local := t.In(loc)
	for d := 0; d <= 8; d++ {
		day := time.Date(local.Year(), local.Month(), local.Day()+d, 12, 0, 0, 0, loc)
		at := time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, loc)
		if at.After(t) && sub.Days.Has(day.Weekday()) {
			return at, nil
		}
	}
	return time.Time{}, fmt.Errorf("no run within a week")
}

// lastRun is the latest scheduled time in (from, to], or false.
func lastRun(sub Subscription, from, to time.Time) (time.Time, bool) {
	var last time.Time
	found := false
	t := from
	for {
		next, err := nextRun(sub, t)
		if err != nil || next.IsZero() || next.After(to) {
			return last, found
		}
		last, found, t = next, true, next
	}
}

// catchUp makes each post that was due in the grace window before now and
// not made, once. Scheduled times before the subscription was last set are
// not due: a channel that subscribes at 09:05 for 09:00 starts tomorrow.
func (s *Scheduler) catchUp(ctx context.Context, now time.Time) {
	subs, err := s.bot.store.Subscriptions(ctx)
	if err != nil {
		s.cfg.Log.Warn("catch up", "error", err.Error())
		return
	}
	for _, sub := range subs {
		from := now.Add(-s.cfg.Grace)
		if sub.UpdatedAt.After(from) {
			from = sub.UpdatedAt
		}
		at, ok := lastRun(sub, from, now)
		if !ok {
			continue
		}
		if _, err := s.Fire(ctx, sub.ID, at); err != nil {
			s.cfg.Log.Warn("catch up post", "subscription", sub.ID, "error", err.Error())
		}
	}
}

// Fire makes the post due at time at, if this process wins the claim for
// that local date. It returns whether it posted. A claimed post is never
// retried here: a crash between claim and post loses that day's post
// rather than risking two.
func (s *Scheduler) Fire(ctx context.Context, subID string, at time.Time) (bool, error) {
	store := s.bot.store
	sub, err := store.Subscription(ctx, subID)
	if err != nil {
		return false, fmt.Errorf("load subscription: %w", err)
	}
	if sub.Paused {
		// The bot lost access; a new subscribe in the channel resumes it.
		return false, nil
	}
	loc, err := time.LoadLocation(sub.TZ)
	if err != nil {
		return false, fmt.Errorf("time zone %q: %w", sub.TZ, err)
	}
	date := at.In(loc).Format(dateLayout)
	if !sub.Days.Has(at.In(loc).Weekday()) {
		return false, nil
	}
	history, err := store.Posts(ctx, subID)
	if err != nil {
		return false, fmt.Errorf("load posts: %w", err)
	}
	for _, p := range history {
		if p.Date == date {
			return false, nil
		}
	}
	poster, ok := s.posters[sub.Platform]
	if !ok {
		// Another replica may have this platform enabled; leave the day
		// unclaimed for it.
		return false, nil
	}
	ids, ordered, err := trackCards(s.bot.kb.Set(), sub.Track)
	if err != nil {
		return false, err
	}
	cardID, cycle := nextCard(sub.ID, ids, ordered, history)
	won, err := store.Claim(ctx, Post{
		Subscription: subID, Date: date, CardID: cardID, Cycle: cycle,
		ClaimedBy: s.cfg.Claimer, ClaimedAt: s.bot.now(),
	})
	if err != nil {
		s.cfg.OnPost("error")
		return false, err
	}
	if !won {
		s.cfg.OnPost("taken")
		return false, nil
	}
	card, err := s.bot.kb.Set().Card(cardID)
	if err != nil {
		return false, store.MarkPosted(ctx, subID, date, "", "card vanished: "+cardID)
	}
	reply := s.bot.dailyReply(card, date)
	reply.Thread = sub.Thread
	msgID, perr := poster.Post(ctx, sub.Channel, reply)
	errText := ""
	if perr != nil {
		errText = perr.Error()
	}
	if perr != nil {
		s.cfg.OnPost("failed")
	} else {
		s.cfg.OnPost("posted")
	}
	s.noteAccess(ctx, sub, poster, perr)
	if err := store.MarkPosted(ctx, subID, date, msgID, errText); err != nil {
		return perr == nil, err
	}
	if perr != nil {
		return false, fmt.Errorf("post: %w", perr)
	}
	// People talk about the day's topic under its post: in its Slack
	// thread, or in replies to it on Discord. "more", "quiz" and
	// follow-up questions said there are about its card.
	s.bot.Remember(ctx, Thread{Platform: sub.Platform, Workspace: sub.Workspace, Channel: sub.Channel, ID: msgID}, cardID)
	s.cfg.Log.Info("daily post", "subscription", subID, "date", date, "card", cardID, "message", msgID)
	return true, nil
}
