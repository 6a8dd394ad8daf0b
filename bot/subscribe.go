package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

// refusal tells a user, politely, what a manager-only command needs on
// their platform. The platform says whether the user has it
// (Request.CanManage); the bot decides.
func refusal(req Request, command string) string {
	switch req.Platform {
	case "discord":
		if req.Workspace == "" {
			return fmt.Sprintf("`/sd %s` works only in a server channel, where it needs the Manage Channels permission.", command)
		}
		return fmt.Sprintf("Only channel managers can run `/sd %s`: you need the Manage Channels (or Manage Server) permission in this channel.", command)
	case "slack":
		return fmt.Sprintf("Only channel managers can run `/sd %s`: you need to be listed in slack.managers or to be a workspace admin.", command)
	}
	return fmt.Sprintf("Only channel managers can run `/sd %s`.", command)
}

// needStore answers for commands that need state when the bot has none or
// cannot reach it.
func (b *Bot) needStore(ctx context.Context) *Reply {
	// The answer must go out even when the caller's context is what ran
	// out, so the check has a short deadline of its own.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.storeTimeout)
	defer cancel()
	if b.store == nil {
		r := errorReply("Subscriptions need the bot's database; this instance runs without one.")
		return &r
	}
	if err := b.store.Ping(ctx); err != nil {
		b.log.Warn("store unreachable", "error", err.Error())
		r := errorReply("The bot is degraded: its database is unreachable, so subscriptions and quizzes are paused. Questions still work; please try again later.")
		return &r
	}
	return nil
}

func (b *Bot) subscribe(ctx context.Context, req Request) Reply {
	if r := b.needStore(ctx); r != nil {
		return *r
	}
	if req.Channel == "" {
		return errorReply("Subscriptions belong to a channel; run this in the channel that should get the topic.")
	}
	if why := noAccess(req.Place.Access); why != "" {
		return errorReply(why + " Nothing was changed.")
	}
	if extra := strings.TrimSpace(req.Text); extra != "" {
		return errorReply(fmt.Sprintf("I did not understand %s. Use key:value options, for example `/sd subscribe time:09:00 tz:Europe/Berlin days:mon-fri track:databases`.", quote(extra)))
	}
	o := req.Options
	if o["time"] == "" || o["tz"] == "" {
		return errorReply("Say when to post: `/sd subscribe time:09:00 tz:Europe/Berlin` (24-hour time and an IANA time zone; `days:` and `track:` are optional).")
	}
	if _, _, err := parseClock(o["time"]); err != nil {
		return errorReply("time: " + err.Error() + ". Nothing was changed.")
	}
	loc, err := time.LoadLocation(o["tz"])
	if err != nil || strings.EqualFold(o["tz"], "local") {
		return errorReply(fmt.Sprintf("tz: %s is not a time zone I know; use an IANA name such as Europe/Berlin or America/New_York. Nothing was changed.", quote(o["tz"])))
	}
	days, err := parseWeekdays(o["days"])
	if err != nil {
		return errorReply("days: " + err.Error() + ". Nothing was changed.")
	}
	if _, _, err := trackCards(b.kb.Set(), o["track"]); err != nil {
		return errorReply("track: " + err.Error() + ". Use a category (`/sd list`) or topic ids separated by commas. Nothing was changed.")
	}
	thread := false
	switch strings.ToLower(o["thread"]) {
	case "", "false", "no", "off":
	case "true", "yes", "on":
		thread = true
	default:
		return errorReply("thread: use true or false. Nothing was changed.")
	}
	now := b.now()
	sub := Subscription{
		ID:       SubscriptionID(req.Platform, req.Workspace, req.Channel),
		Platform: req.Platform, Workspace: req.Workspace, Channel: req.Channel,
		Time: normClock(o["time"]), TZ: loc.String(), Days: days, Track: strings.TrimSpace(o["track"]),
		Thread: thread, CreatedBy: req.User.ID, CreatedAt: now, UpdatedAt: now,
		Kind: req.Place.Kind, // a new subscribe also clears a pause
	}
	if old, err := b.store.Subscription(ctx, sub.ID); err == nil {
		sub.CreatedAt, sub.CreatedBy = old.CreatedAt, old.CreatedBy
	}
	if err := b.store.PutSubscription(ctx, sub); err != nil {
		return b.sorry(req, "Sorry, I could not save the subscription; please try again.", err)
	}
	next, _ := nextRun(sub, now)
	track := "all topics"
	if sub.Track != "" {
		track = "track " + sub.Track
	}
	return Reply{
		Title: "Subscribed",
		Text: fmt.Sprintf("This channel gets a topic of the day at %s %s (%s), from %s. The next post is on %s.",
			sub.Time, sub.TZ, sub.Days, track, next.In(loc).Format("Mon 2 Jan 2006 at 15:04 MST")),
		Footer: "`/sd unsubscribe` stops it; `/sd subscribe` again changes it.",
		Kind:   KindList,
	}
}

func normClock(s string) string {
	h, m, _ := parseClock(s)
	return fmt.Sprintf("%02d:%02d", h, m)
}

func (b *Bot) unsubscribe(ctx context.Context, req Request) Reply {
	if r := b.needStore(ctx); r != nil {
		return *r
	}
	ok, err := b.store.DeleteSubscription(ctx, SubscriptionID(req.Platform, req.Workspace, req.Channel))
	if err != nil {
		return b.sorry(req, "Sorry, I could not remove the subscription; please try again.", err)
	}
	if !ok {
		return errorReply("This channel has no subscription; nothing was changed.")
	}
	return Reply{Title: "Unsubscribed", Text: "This channel will get no more topics of the day.", Kind: KindList}
}

func (b *Bot) subscriptions(ctx context.Context, req Request) Reply {
	if r := b.needStore(ctx); r != nil {
		return *r
	}
	subs, err := b.store.Subscriptions(ctx)
	if err != nil {
		return b.sorry(req, "Sorry, I could not read the subscriptions; please try again.", err)
	}
	prefix := req.Platform + ":" + req.Workspace + ":"
	var lines []string
	unknown := 0
	for _, s := range subs {
		if !strings.HasPrefix(s.ID, prefix) {
			continue
		}
		if !listable(req, s) {
			if s.Kind == PlaceUnknown {
				unknown++
			}
			continue
		}
		track := "all topics"
		if s.Track != "" {
			track = s.Track
		}
		line := fmt.Sprintf("• %s — %s %s, %s, %s", ChannelMention(s.Channel), s.Time, s.TZ, s.Days, track)
		if s.Paused {
			line += " — paused (the bot lost access)"
		}
		lines = append(lines, line)
	}
	footer := ""
	if unknown > 0 {
		verb := "are"
		if unknown == 1 {
			verb = "is"
		}
		footer = fmt.Sprintf("%s made before I recorded which channels are public %s not listed here; `/sd subscriptions` in its channel shows it, and subscribing there again lists it for everyone.",
			Plural(unknown, "subscription"), verb)
	}
	if len(lines) == 0 {
		return Reply{Title: "No subscriptions", Text: "No channel here gets a topic of the day yet. A channel manager can start one with `/sd subscribe time:09:00 tz:Europe/Berlin`.", Footer: footer, Kind: KindList, Ephemeral: true}
	}
	return Reply{Title: Plural(len(lines), "subscription"), Text: strings.Join(lines, "\n"), Footer: footer, Kind: KindList, Ephemeral: true}
}

// listable reports whether a subscription may be shown to the asker in a
// list: the one of the channel they are in, and those of channels anyone
// in the workspace can find; never another DM, group DM or private
// channel. A Slack subscription made before the kind was recorded could
// be any of those, so it is left out; a Discord one is in a server
// channel, since subscribing needs a server.
func listable(req Request, s Subscription) bool {
	if s.Channel == req.Channel {
		return true
	}
	switch s.Kind {
	case PlaceChannel:
		return true
	case PlaceUnknown:
		return s.Platform == "discord"
	}
	return false
}

// noAccess words, for the user, why the bot cannot post where it was
// asked to subscribe, and how to fix it; "" when nothing stops it.
func noAccess(a Access) string {
	switch a {
	case AccessNotMember:
		return "I can't post here: I'm not a member of this conversation. Invite me with `/invite @sdbot`, then subscribe again."
	case AccessNoPermission:
		return "I can't post here: I need the View Channel and Send Messages permissions in this channel. Give them to sdbot (channel settings → Permissions), then subscribe again."
	case AccessUserInstall:
		return "I can't post here: sdbot is installed for your account only, not in this server, so there is no bot here to post with. Ask a server manager to add sdbot to the server, then subscribe again."
	}
	return ""
}

// today shows this channel's topic of the day: the one posted today, or
// else the one due next; without a subscription, a topic of the day shared
// by everyone, picked from the date.
func (b *Bot) today(ctx context.Context, req Request) Reply {
	set := b.kb.Set()
	if b.store != nil && req.Channel != "" {
		sub, err := b.store.Subscription(ctx, SubscriptionID(req.Platform, req.Workspace, req.Channel))
		if err == nil {
			loc, lerr := time.LoadLocation(sub.TZ)
			if lerr != nil {
				b.log.Error("subscription zone", "request_id", req.ID, "subscription", sub.ID, "error", lerr.Error())
				loc = time.UTC
			}
			date := b.now().In(loc).Format(dateLayout)
			history, err := b.store.Posts(ctx, sub.ID)
			if err == nil {
				for _, p := range history {
					if p.Date == date {
						if c, err := set.Card(p.CardID); err == nil {
							return b.dailyReply(c, date)
						}
					}
				}
				if ids, ordered, err := trackCards(set, sub.Track); err == nil {
					id, _ := nextCard(sub.ID, ids, ordered, history)
					if c, err := set.Card(id); err == nil {
						r := b.cardReply(c, "")
						next, _ := nextRun(sub, b.now())
						r.Footer = fmt.Sprintf("Coming up in this channel on %s. ", next.In(loc).Format("Mon 2 Jan at 15:04 MST")) + r.Footer
						return r
					}
				}
			}
		} else if !errors.Is(err, ErrNotFound) {
			b.log.Warn("store unreachable", "request_id", req.ID, "error", err.Error())
			return errorReply("The bot is degraded: its database is unreachable. Please try again later.")
		}
	}
	date := b.now().UTC().Format(dateLayout)
	cards := set.Cards()
	if len(cards) == 0 {
		return errorReply("There are no topics yet.")
	}
	h := fnv.New32a()
	h.Write([]byte(date))
	return b.dailyReply(cards[int(h.Sum32()%uint32(len(cards)))], date)
}

// dailyReply is the topic-of-the-day post: title, summary, key points and
// buttons to read more and take the quiz.
func (b *Bot) dailyReply(c *knowledge.Card, date string) Reply {
	r := Reply{Title: "Topic of the day: " + c.Title, Text: c.Summary, Kind: KindAnswer, TopicID: c.ID}
	if points := c.KeyPoints(); len(points) > 0 {
		r.Fields = append(r.Fields, Field{Name: "Key points", Value: "• " + strings.Join(points, "\n• ")})
	}
	r.Buttons = append(r.Buttons, Button{Label: "Read more", Action: "topic", Value: c.ID})
	if _, ok := b.Command("quiz"); ok && len(c.Quiz) > 0 {
		r.Buttons = append(r.Buttons, Button{Label: "Quiz me", Action: "quiz", Value: c.ID})
	}
	r.Footer = fmt.Sprintf("%s · `%s` · %s", date, c.ID, c.Category)
	return r
}
