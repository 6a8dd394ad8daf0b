package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// TestPausedSubscriptionsMetric: a subscription paused because the bot
// lost access to its channel shows in sdbot_subscriptions_paused.
func TestPausedSubscriptionsMetric(t *testing.T) {
	addr, _, _ := liveServerWith(t, io.Discard, func(cfg *Config) {
		cfg.Schedule.Reload = Duration(time.Second)
		st, err := openStore(context.Background(), *cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		now := time.Now()
		for _, ch := range []string{"C1", "C2"} {
			sub := bot.Subscription{ID: bot.SubscriptionID("slack", "T1", ch), Platform: "slack", Workspace: "T1", Channel: ch,
				Time: "09:00", TZ: "UTC", Days: bot.EveryDay, CreatedAt: now, UpdatedAt: now, Kind: bot.PlaceChannel}
			if ch == "C2" {
				sub.Failures, sub.Paused = 3, true
			}
			if err := st.PutSubscription(context.Background(), sub); err != nil {
				t.Fatal(err)
			}
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	var body []byte
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "\nsdbot_subscriptions_paused 1\n") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("metrics never showed one paused subscription:\n%s", grepLines(string(body), "sdbot_subscriptions_paused"))
}

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
