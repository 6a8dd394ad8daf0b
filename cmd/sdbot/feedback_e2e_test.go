package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sdbot/sdbot/adapters/store"
	"github.com/sdbot/sdbot/bot"
)

// TestFeedbackEndToEnd votes on answers through both platforms' signed
// endpoints: an answer carries 👍 and 👎, a click is thanked privately
// without touching the answer, one person's vote on one answer changes
// rather than adds up, and /metrics counts votes and unanswered questions.
func TestFeedbackEndToEnd(t *testing.T) {
	addr, _, api := liveServer(t, io.Discard)

	t.Run("slack", func(t *testing.T) {
		resp, err := slackCommand(t, http.DefaultClient, addr, "ask how does consistent hashing work")
		if err != nil {
			t.Fatal(err)
		}
		var msg struct {
			Blocks []struct {
				Elements []struct {
					ActionID string `json:"action_id"`
					Value    string `json:"value"`
					Text     struct {
						Text string `json:"text"`
					} `json:"text"`
				} `json:"elements"`
			} `json:"blocks"`
		}
		json.NewDecoder(resp.Body).Decode(&msg)
		resp.Body.Close()
		buttons := map[string][2]string{} // label -> action id, value
		for _, b := range msg.Blocks {
			for _, e := range b.Elements {
				if strings.HasPrefix(e.ActionID, "vote.") {
					buttons[e.Text.Text] = [2]string{e.ActionID, e.Value}
				}
			}
		}
		if len(buttons) != 2 || !strings.HasPrefix(buttons["👍"][1], "up:consistent-hashing:") || !strings.HasPrefix(buttons["👎"][1], "down:consistent-hashing:") {
			t.Fatalf("answer's vote buttons = %v; want 👍 and 👎 on consistent-hashing", buttons)
		}
		click := func(label string) {
			payload, _ := json.Marshal(map[string]any{
				"type": "block_actions", "user": map[string]string{"id": "U7", "name": "bo"}, "team": map[string]string{"id": "T1"},
				"channel":      map[string]string{"id": "C1"},
				"container":    map[string]any{"type": "message", "channel_id": "C1", "message_ts": fmt.Sprintf("%d.000100", time.Now().Unix()), "is_ephemeral": true},
				"response_url": api.URL + "/hook/vote",
				"actions":      []map[string]string{{"action_id": buttons[label][0], "value": buttons[label][1], "type": "button", "block_id": "b"}},
			})
			resp, err := signedSlackForm(t, addr, "/slack/interactions", url.Values{"payload": {string(payload)}})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("click = %v, %v", resp, err)
			}
			resp.Body.Close()
		}
		click("👎")
		thanks := api.waitFor(t, "Thanks, noted.", 1)
		if !strings.Contains(thanks[0], `"replace_original":false`) || !strings.Contains(thanks[0], `"response_type":"ephemeral"`) {
			t.Errorf("thanks = %.300s; want a new private message, the answer kept", thanks[0])
		}
		click("👎")
		api.waitFor(t, "Thanks, noted.", 2)
		click("👍")
		api.waitFor(t, "your vote is now 👍", 1)

		resp, err = slackCommand(t, http.DefaultClient, addr, "what is the best pizza topping")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), "No good answer") || !strings.Contains(string(body), "noted the question") {
			t.Errorf("unanswerable question = %.300s", body)
		}
	})

	t.Run("discord", func(t *testing.T) {
		cmd, _ := json.Marshal(map[string]any{
			"type": 2, "id": "1", "application_id": "123456789012345678", "token": "tok-ask", "channel_id": "222", "guild_id": "333",
			"member": map[string]any{"permissions": "0", "user": map[string]any{"id": "444", "username": "ann"}},
			"data": map[string]any{"id": "9", "name": "sd", "type": 1, "options": []any{
				map[string]any{"name": "ask", "type": 1, "options": []any{map[string]any{"name": "question", "type": 3, "value": "how does consistent hashing work"}}},
			}},
		})
		resp, err := discordInteraction(t, http.DefaultClient, addr, string(cmd))
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Data struct {
				Components []struct {
					Components []struct {
						Label    string `json:"label"`
						CustomID string `json:"custom_id"`
					} `json:"components"`
				} `json:"components"`
			} `json:"data"`
		}
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		var down string
		for _, row := range r.Data.Components {
			for _, c := range row.Components {
				if c.Label == "👎" {
					down = c.CustomID
				}
			}
		}
		if !strings.HasPrefix(down, "sd:vote:down:consistent-hashing:") {
			t.Fatalf("answer's components = %+v; want a 👎 button", r.Data.Components)
		}
		clickBody, _ := json.Marshal(map[string]any{
			"type": 3, "id": "2", "application_id": "123456789012345678", "token": "tok-vote", "channel_id": "222", "guild_id": "333",
			"member":  map[string]any{"permissions": "0", "user": map[string]any{"id": "555", "username": "bo"}},
			"data":    map[string]any{"custom_id": down, "component_type": 2},
			"message": map[string]any{"id": fmt.Sprint((time.Now().UnixMilli() - 1420070400000) << 22), "channel_id": "222", "content": ""},
		})
		resp, err = discordInteraction(t, http.DefaultClient, addr, string(clickBody))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), `"type":4`) || !strings.Contains(string(body), "Thanks, noted.") || !strings.Contains(string(body), `"flags":64`) {
			t.Errorf("vote response = %.300s; want a private thanks as a new message", body)
		}
	})

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metricsText, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`sdbot_feedback_total{vote="down"} 2`, // Slack's first 👎 and Discord's; the repeat changed nothing
		`sdbot_feedback_total{vote="up"} 1`,   // Slack's change to 👍
		"sdbot_unanswered_total 1",
		`sdbot_requests_total{command="vote",outcome="ack",platform="slack"} 3`,
	} {
		if !strings.Contains(string(metricsText), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestServePurgesQuestionText: serve deletes question text older than
// feedback.keep_days when it starts, and keeps the rest of the record.
func TestServePurgesQuestionText(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	path := filepath.Join(dir, store.FileName)
	st, err := store.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, u := range []bot.Unanswered{
		{Question: "old question", ClosestCard: "raft", At: time.Now().Add(-8 * 24 * time.Hour)},
		{Question: "new question", ClosestCard: "raft", At: time.Now().Add(-5 * 24 * time.Hour)},
	} {
		if err := st.RecordUnanswered(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	cfg := defaultConfig()
	cfg.HTTP.Addr, cfg.DataDir, cfg.Feedback.KeepDays = "127.0.0.1:0", dir, 7
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- runServer(sctx, cfg, func(string) string { return "" }, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := st.UnansweredSince(ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 2 && got[0].Question == "" {
			if got[0].ClosestCard != "raft" || got[1].Question != "new question" {
				t.Errorf("after the purge = %+v; want the old text gone, its record and the new question kept", got)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("question text never purged: %+v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
