package bot

import (
	"context"
	"strings"
	"testing"
	"time"
)

func subReq(b *Bot, text string, manage bool) Request {
	r := b.Parse(text)
	r.Platform, r.Workspace, r.Channel, r.User, r.CanManage = "discord", "G1", "C9", User{ID: "U1"}, manage
	return r
}

func TestSubscribeCommand(t *testing.T) {
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC) // Tuesday, 11:00 in Berlin
	b, store, _ := schedFixture(t, now)
	ctx := context.Background()

	r := b.Handle(ctx, subReq(b, "subscribe time:09:00 tz:Europe/Berlin days:mon-fri track:databases", true))
	if r.Kind == KindError || !strings.Contains(r.Text, "Wed 4 Mar 2026 at 09:00 CET") {
		t.Fatalf("subscribe = %+v; want a confirmation naming the next post in the channel's zone", r)
	}
	sub, err := store.Subscription(ctx, "discord:G1:C9")
	if err != nil || sub.Time != "09:00" || sub.Days != Weekdays5 || sub.Track != "databases" || sub.CreatedBy != "U1" {
		t.Fatalf("stored = %+v, %v", sub, err)
	}

	bad := []struct {
		text string
		want string
	}{
		{"subscribe time:25:00 tz:Europe/Berlin", `time: "25:00" is not a time`},
		{"subscribe time:9am tz:Europe/Berlin", "is not a time"},
		{"subscribe time:09:00 tz:Mars/Olympus", `tz: "Mars/Olympus" is not a time zone`},
		{"subscribe time:09:00 tz:Europe/Berlin days:funday", `days: "funday" is not a day I know`},
		{"subscribe time:09:00 tz:Europe/Berlin days:fridge", `days: "fridge" is not a day I know`},
		{"subscribe time:09:00 tz:Europe/Berlin days:mon-sun-tue", `days: "mon-sun-tue" is not a range`},
		{"subscribe time:09:00 tz:Europe/Berlin track:cooking", `track: there is no category or topic "cooking"`},
		{"subscribe time:09:00", "Say when to post"},
		{"subscribe tomorrow please", "I did not understand"},
	}
	for _, tt := range bad {
		r := b.Handle(ctx, subReq(b, tt.text, true))
		if r.Kind != KindError || !strings.Contains(r.Text, tt.want) {
			t.Errorf("%q = %q; want an error containing %q", tt.text, r.Text, tt.want)
		}
	}
	if got, _ := store.Subscription(ctx, "discord:G1:C9"); got.Time != "09:00" || got.Track != "databases" {
		t.Errorf("a bad subscribe changed the subscription: %+v", got)
	}

	r = b.Handle(ctx, subReq(b, "subscribe time:07:00 tz:UTC", false))
	if r.Kind != KindError || !strings.Contains(r.Text, "Manage Channels") {
		t.Errorf("non-manager subscribe = %+v; want a refusal naming the permission", r)
	}
	r = b.Handle(ctx, subReq(b, "unsubscribe", false))
	if r.Kind != KindError || !strings.Contains(r.Text, "Manage Channels") {
		t.Errorf("non-manager unsubscribe = %+v", r)
	}

	r = b.Handle(ctx, subReq(b, "subscriptions", false))
	if !strings.Contains(rendered(r.Text), "<#C9>") || !strings.Contains(r.Text, "mon-fri") || r.Title != "1 subscription" {
		t.Errorf("subscriptions = %+v", r)
	}
	r = b.Handle(ctx, subReq(b, "today", false))
	if r.Kind != KindAnswer || !strings.Contains(r.Footer, "Coming up") {
		t.Errorf("today before the post = %+v", r)
	}

	if r := b.Handle(ctx, subReq(b, "unsubscribe", true)); r.Kind == KindError {
		t.Errorf("unsubscribe = %+v", r)
	}
	if r := b.Handle(ctx, subReq(b, "unsubscribe", true)); r.Kind != KindError || !strings.Contains(r.Text, "no subscription") {
		t.Errorf("second unsubscribe = %+v", r)
	}
}

func TestTodayAfterPost(t *testing.T) {
	now := time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC)
	b, store, poster := schedFixture(t, now)
	sub := subscribeFixture(t, store, "09:30", "Europe/Berlin", EveryDay, "")
	NewScheduler(b, map[string]Poster{"slack": poster}, SchedulerConfig{}).Fire(context.Background(), sub.ID, now)
	req := b.Parse("today")
	req.Platform, req.Workspace, req.Channel = "slack", "T1", "C1"
	r := b.Handle(context.Background(), req)
	if r.TopicID != poster.posts[0].reply.TopicID || !strings.HasPrefix(r.Title, "Topic of the day") {
		t.Errorf("today = %q (%s); want the posted %s", r.Title, r.TopicID, poster.posts[0].reply.TopicID)
	}
	// Without a subscription everyone shares one topic per day.
	a := b.Handle(context.Background(), b.Parse("today"))
	c := b.Handle(context.Background(), b.Parse("today"))
	if a.TopicID == "" || a.TopicID != c.TopicID {
		t.Errorf("shared today = %s then %s", a.TopicID, c.TopicID)
	}
}

func TestStoreDownOrMissing(t *testing.T) {
	b := testBot(t) // no store
	r := b.Handle(context.Background(), subReq(b, "subscribe time:09:00 tz:UTC", true))
	if r.Kind != KindError || !strings.Contains(r.Text, "database") {
		t.Errorf("subscribe without a store = %+v", r)
	}
	b2, store, _ := schedFixture(t, time.Now())
	store.down = true
	r = b2.Handle(context.Background(), subReq(b2, "subscribe time:09:00 tz:UTC", true))
	if r.Kind != KindError || !strings.Contains(r.Text, "degraded") {
		t.Errorf("subscribe with the store down = %+v", r)
	}
	if r := b2.Handle(context.Background(), subReq(b2, "ask what is a bloom filter", false)); r.Kind != KindAnswer {
		t.Errorf("ask with the store down = %+v; want it to keep working", r)
	}
}

func TestParseWeekdays(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "daily"}, {"daily", "daily"}, {"mon-fri", "mon-fri"}, {"weekdays", "mon-fri"},
		{"sat,sun", "sat,sun"}, {"weekends", "sat,sun"}, {"mon,wed,fri", "mon,wed,fri"},
		{"fri-mon", "mon,fri,sat,sun"}, {"Monday,Tuesday", "mon,tue"},
		{"Thurs, sat", "thu,sat"}, {"tue - thu", "tue,wed,thu"},
	}
	for _, tt := range tests {
		d, err := parseWeekdays(tt.in)
		if err != nil || d.String() != tt.want {
			t.Errorf("parseWeekdays(%q) = %v, %v; want %s", tt.in, d, err, tt.want)
		}
	}
	bad := []struct {
		in, names string // names is what the error must quote
	}{
		{"someday", `"someday"`},
		{"mon-xyz", `"xyz"`},
		{",", `","`},
		{"fridge", `"fridge"`},
		{"Satan", `"satan"`},
		{"mon,thursdays", `"thursdays"`},
		{"mon-sun-tue", `"mon-sun-tue"`},
		{"mon-", `""`},
		{"mon,,fri", `"mon,,fri"`},
	}
	for _, tt := range bad {
		t.Run(tt.in, func(t *testing.T) {
			d, err := parseWeekdays(tt.in)
			if err == nil {
				t.Fatalf("parseWeekdays(%q) = %v; want an error", tt.in, d)
			}
			if !strings.Contains(err.Error(), tt.names) {
				t.Errorf("parseWeekdays(%q) error = %q; want it to name %s", tt.in, err, tt.names)
			}
		})
	}
}

// TestSubscriptionsShowOnlyWhatTheAskerMaySee: a Slack workspace's list
// holds its public channels and the asker's own channel, never other
// people's DMs, group DMs or private channels.
func TestSubscriptionsShowOnlyWhatTheAskerMaySee(t *testing.T) {
	b, store, _ := schedFixture(t, time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC))
	ctx := context.Background()
	for _, s := range []struct {
		workspace, channel string
		kind               PlaceKind
		paused             bool
	}{
		{"T1", "CPUBLIC", PlaceChannel, false},
		{"T1", "CLOST", PlaceChannel, true},
		{"T1", "DOTHER", PlaceDM, false},
		{"T1", "GGROUP", PlaceGroupDM, false},
		{"T1", "CSECRET", PlacePrivate, false},
		{"T1", "CMINE", PlacePrivate, false},
		{"T1", "COLD", PlaceUnknown, false},
		{"T2", "COTHERTEAM", PlaceChannel, false},
	} {
		sub := Subscription{ID: SubscriptionID("slack", s.workspace, s.channel), Platform: "slack", Workspace: s.workspace, Channel: s.channel,
			Time: "09:00", TZ: "UTC", Days: EveryDay, Kind: s.kind, Paused: s.paused}
		if err := store.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	req := b.Parse("subscriptions")
	req.Platform, req.Workspace, req.Channel, req.User = "slack", "T1", "CMINE", User{ID: "U1"}
	r := b.Handle(ctx, req)
	text := rendered(r.Text)
	for _, want := range []string{"<#CPUBLIC>", "<#CLOST>", "<#CMINE>"} {
		if !strings.Contains(text, want) {
			t.Errorf("subscriptions = %q; want %s listed", text, want)
		}
	}
	for _, hidden := range []string{"DOTHER", "GGROUP", "CSECRET", "COLD", "COTHERTEAM"} {
		if strings.Contains(text, hidden) || strings.Contains(r.Footer, hidden) {
			t.Errorf("subscriptions = %q / %q; want %s hidden", text, r.Footer, hidden)
		}
	}
	if r.Title != "3 subscriptions" || !r.Ephemeral {
		t.Errorf("title = %q, ephemeral %v; want 3 subscriptions, private", r.Title, r.Ephemeral)
	}
	if !strings.Contains(text, "<#CLOST> — 09:00 UTC, daily, all topics — paused (the bot lost access)") {
		t.Errorf("subscriptions = %q; want the paused one marked", text)
	}
	if !strings.Contains(r.Footer, "1 subscription made before") {
		t.Errorf("footer = %q; want the unlisted older subscription counted", r.Footer)
	}
	// In the old subscription's own channel, it is shown.
	req.Channel = "COLD"
	if r := b.Handle(ctx, req); !strings.Contains(rendered(r.Text), "<#COLD>") {
		t.Errorf("subscriptions in COLD = %q; want its own subscription", r.Text)
	}
}

// TestSubscribeWhereTheBotCannotPost: subscribing is refused, with the
// fix, where the platform says the bot cannot post; a subscribe that
// succeeds records the channel's kind and clears a pause.
func TestSubscribeWhereTheBotCannotPost(t *testing.T) {
	b, store, _ := schedFixture(t, time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC))
	ctx := context.Background()
	for _, tt := range []struct {
		access Access
		want   string
	}{
		{AccessNotMember, "/invite @sdbot"},
		{AccessNoPermission, "Send Messages"},
		{AccessUserInstall, "add sdbot to the server"},
	} {
		t.Run(string(tt.access), func(t *testing.T) {
			req := subReq(b, "subscribe time:09:00 tz:UTC", true)
			req.Place = Place{Kind: PlacePrivate, Access: tt.access}
			r := b.Handle(ctx, req)
			if r.Kind != KindError || !strings.Contains(r.Text, tt.want) || !strings.Contains(r.Text, "subscribe again") {
				t.Errorf("subscribe with access %s = %q; want a refusal naming the fix (%s)", tt.access, r.Text, tt.want)
			}
			if _, err := store.Subscription(ctx, "discord:G1:C9"); err == nil {
				t.Errorf("a refused subscribe stored a subscription")
			}
		})
	}
	store.PutSubscription(ctx, Subscription{ID: "discord:G1:C9", Platform: "discord", Workspace: "G1", Channel: "C9",
		Time: "08:00", TZ: "UTC", Days: EveryDay, Failures: 3, Paused: true})
	req := subReq(b, "subscribe time:09:00 tz:UTC", true)
	req.Place = Place{Kind: PlaceChannel, Access: AccessOK}
	if r := b.Handle(ctx, req); r.Kind == KindError {
		t.Fatalf("subscribe with access = %+v", r)
	}
	if sub, _ := store.Subscription(ctx, "discord:G1:C9"); sub.Paused || sub.Failures != 0 || sub.Kind != PlaceChannel {
		t.Errorf("after subscribing again = %+v; want unpaused, no failures, kind channel", sub)
	}
}
