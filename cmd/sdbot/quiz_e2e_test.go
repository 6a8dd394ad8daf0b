package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestQuizEndToEnd plays a quiz through both platforms' signed endpoints:
// the quiz arrives with one button per choice, a click records the answer,
// updates the quiz with a live count and tells the clicker privately, and
// a second click changes nothing.
func TestQuizEndToEnd(t *testing.T) {
	addr, _, api := liveServer(t, io.Discard)

	t.Run("slack", func(t *testing.T) {
		resp, err := slackCommand(t, http.DefaultClient, addr, "quiz bloom-filter")
		if err != nil {
			t.Fatal(err)
		}
		var msg struct {
			Blocks []struct {
				Type     string `json:"type"`
				Elements []struct {
					ActionID string `json:"action_id"`
					Value    string `json:"value"`
				} `json:"elements"`
			} `json:"blocks"`
		}
		json.NewDecoder(resp.Body).Decode(&msg)
		resp.Body.Close()
		var actionID, value string
		for _, b := range msg.Blocks {
			for _, e := range b.Elements {
				if strings.HasPrefix(e.ActionID, "answer") && actionID == "" {
					actionID, value = e.ActionID, e.Value
				}
			}
		}
		if actionID == "" {
			t.Fatalf("quiz has no answer buttons: %+v", msg)
		}
		ts := fmt.Sprintf("%d.000100", time.Now().Unix())
		clickAs := func(channel, value string) {
			payload, _ := json.Marshal(map[string]any{
				"type": "block_actions", "user": map[string]string{"id": "U7", "name": "bo"}, "team": map[string]string{"id": "T1"},
				"channel":      map[string]string{"id": channel},
				"container":    map[string]any{"type": "message", "channel_id": "C1", "message_ts": ts, "is_ephemeral": false},
				"response_url": api.URL + "/hook/1",
				"actions":      []map[string]string{{"action_id": actionID, "value": value, "type": "button", "block_id": "b"}},
			})
			resp, err := signedSlackForm(t, addr, "/slack/interactions", url.Values{"payload": {string(payload)}})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("click = %v, %v", resp, err)
			}
			resp.Body.Close()
		}
		click := func() { clickAs("C1", value) }
		// Forgeries first: the quiz's button sent as from another channel,
		// and its round moved two days back. Neither counts.
		clickAs("C2", value)
		// Two days before the quiz's own round, not before today: a run
		// that crosses midnight would otherwise forge the round itself.
		// Not one day: a message posted up to maxPostDelay after midnight
		// may carry the day before's round (made just before midnight), so
		// in those minutes a round moved back one day is a genuine one.
		parts := strings.Split(value, ":")
		round, err := time.Parse("20060102", parts[1])
		if err != nil {
			t.Fatalf("quiz button value %q: round: %v", value, err)
		}
		clickAs("C1", parts[0]+":"+round.Add(-48*time.Hour).Format("20060102")+":"+parts[2])
		if got := api.waitFor(t, "isn't from this channel", 2); len(got) != 2 {
			t.Fatalf("forged clicks: %d refusals; want 2", len(got))
		}
		click()
		upd := api.waitFor(t, "1 answer so far", 1)
		if !strings.Contains(upd[0], `"replace_original":true`) {
			t.Errorf("update does not replace the quiz: %.300s", upd[0])
		}
		verdict := api.waitFor(t, `"response_type":"ephemeral"`, 3) // after the two refusals
		if v := verdict[len(verdict)-1]; !strings.Contains(v, "Right!") && !strings.Contains(v, "Not quite") {
			t.Errorf("verdict = %.300s", v)
		}
		click()
		api.waitFor(t, "already answered", 1)
		if got := api.waitFor(t, "answer so far", 1); len(got) != 1 {
			t.Errorf("a second click updated the count again: %d updates", len(got))
		}
	})

	t.Run("discord", func(t *testing.T) {
		cmd, _ := json.Marshal(map[string]any{
			"type": 2, "id": "1", "application_id": "123456789012345678", "token": "tok-quiz", "channel_id": "222", "guild_id": "333",
			"member": map[string]any{"permissions": "0", "user": map[string]any{"id": "444", "username": "ann"}},
			"data": map[string]any{"id": "9", "name": "sd", "type": 1, "options": []any{
				map[string]any{"name": "quiz", "type": 1, "options": []any{map[string]any{"name": "topic", "type": 3, "value": "bloom-filter"}}},
			}},
		})
		resp, err := discordInteraction(t, http.DefaultClient, addr, string(cmd))
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Type int `json:"type"`
			Data struct {
				Components []struct {
					Components []struct {
						CustomID string `json:"custom_id"`
					} `json:"components"`
				} `json:"components"`
			} `json:"data"`
		}
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		var custom string
		for _, row := range r.Data.Components {
			for _, c := range row.Components {
				if strings.HasPrefix(c.CustomID, "sd:answer:") && custom == "" {
					custom = c.CustomID
				}
			}
		}
		if r.Type != 4 || custom == "" {
			t.Fatalf("quiz response = %+v", r)
		}
		// The quiz message as Discord reports it: its id is a snowflake
		// made now, in channel 222.
		msgID := fmt.Sprint((time.Now().UnixMilli() - 1420070400000) << 22)
		clickFrom := func(channel, token string) []byte {
			b, _ := json.Marshal(map[string]any{
				"type": 3, "id": "2", "application_id": "123456789012345678", "token": token, "channel_id": channel, "guild_id": "333",
				"member":  map[string]any{"permissions": "0", "user": map[string]any{"id": "555", "username": "bo"}},
				"data":    map[string]any{"custom_id": custom, "component_type": 2},
				"message": map[string]any{"id": msgID, "channel_id": "222", "content": ""},
			})
			return b
		}
		resp, err = discordInteraction(t, http.DefaultClient, addr, string(clickFrom("223", "tok-forged")))
		if err != nil {
			t.Fatal(err)
		}
		forged, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(forged), "isn't from this channel") {
			t.Errorf("click sent as from another channel = %.300s; want a refusal", forged)
		}
		resp, err = discordInteraction(t, http.DefaultClient, addr, string(clickFrom("222", "tok-click")))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), `"type":7`) || !strings.Contains(string(body), "1 answer so far") {
			t.Errorf("click response = %.300s; want the quiz updated with its count", body)
		}
		follow := api.waitFor(t, "/webhooks/123456789012345678/tok-click", 1)
		if !strings.Contains(follow[0], `"flags":64`) {
			t.Errorf("follow-up = %.300s; want an ephemeral verdict", follow[0])
		}
	})
}
