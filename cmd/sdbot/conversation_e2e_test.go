package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSlackConversationsEndToEnd sends Slack's own payloads, signed as
// Slack signs them, to a running serve: url_verification, an app_mention
// (answered once in its thread, a retry answered no more), a message.im
// (answered in the DM), the Ask sdbot message shortcut (answered in the
// message's thread) and a bare /sd question.
func TestSlackConversationsEndToEnd(t *testing.T) {
	addr, _, api := liveServer(t, io.Discard)
	event := func(id string, inner map[string]any, retry string) *http.Response {
		t.Helper()
		body, _ := json.Marshal(map[string]any{
			"token": "x", "team_id": "T061EG9R6", "api_app_id": "A0MDYCDME", "type": "event_callback",
			"event_id": id, "event_time": time.Now().Unix(), "event": inner,
			"authorizations": []map[string]any{{"team_id": "T061EG9R6", "user_id": "U0LAN0Z89", "is_bot": true}},
		})
		resp, err := http.DefaultClient.Do(signSlackJSON(addr, "/slack/events", string(body), retry))
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}

	// url_verification echoes the challenge.
	resp, err := http.DefaultClient.Do(signSlackJSON(addr, "/slack/events",
		`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`, ""))
	if err != nil {
		t.Fatal(err)
	}
	challenge, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(challenge), "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") {
		t.Fatalf("url_verification = %d %q; want the challenge", resp.StatusCode, challenge)
	}

	// A mention is answered once, in the mentioning message's thread.
	mention := map[string]any{"type": "app_mention", "user": "U061F7AUR", "text": "<@U0LAN0Z89> how does kafka work",
		"ts": "1515449522.000016", "channel": "C0LAN2Q65", "event_ts": "1515449522.000016"}
	if resp := event("Ev0E2E0001", mention, ""); resp.StatusCode != 200 {
		t.Fatalf("app_mention = %d; want 200", resp.StatusCode)
	}
	posts := api.waitFor(t, "/api/chat.postMessage", 1)
	form, _ := url.ParseQuery(strings.TrimPrefix(posts[0], "POST /api/chat.postMessage "))
	if form.Get("channel") != "C0LAN2Q65" || form.Get("thread_ts") != "1515449522.000016" || !strings.Contains(strings.ToLower(form.Get("text")), "kafka") {
		t.Errorf("mention answered with channel=%q thread_ts=%q text=%q; want C0LAN2Q65, its thread, about Kafka", form.Get("channel"), form.Get("thread_ts"), form.Get("text"))
	}
	if resp := event("Ev0E2E0001", mention, "1"); resp.StatusCode != 200 {
		t.Fatalf("retried app_mention = %d; want 200", resp.StatusCode)
	}

	// A direct message is answered in the DM.
	event("Ev0E2E0002", map[string]any{"type": "message", "channel": "D024BE91L", "user": "U2147483697",
		"text": "what is a bloom filter", "ts": "1355517523.000005", "event_ts": "1355517523.000005", "channel_type": "im"}, "")
	dm := api.waitFor(t, "channel=D024BE91L", 1)
	if !strings.Contains(dm[0], "Bloom") {
		t.Errorf("DM answered with %q; want the Bloom filter card", dm[0])
	}

	// The Ask sdbot shortcut answers the message's text in its thread.
	payload := `{"callback_id":"ask_sdbot","type":"message_action","trigger_id":"1.2.3","response_url":"http://127.0.0.1:1/unused",` +
		`"team":{"id":"T0MJRM1A7"},"channel":{"id":"C0LFFBKLZ","name":"cats"},"user":{"id":"U0D15K92L","name":"dr_maomao"},` +
		`"message":{"type":"message","user":"U0MJRG1AL","ts":"1516229207.000133","text":"how does consistent hashing work?"}}`
	resp, err = signedSlackForm(t, addr, "/slack/interactions", url.Values{"payload": {payload}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("message_action = %v, %v; want 200", resp, err)
	}
	resp.Body.Close()
	shortcut := api.waitFor(t, "thread_ts=1516229207.000133", 1)
	if !strings.Contains(shortcut[0], "channel=C0LFFBKLZ") || !strings.Contains(shortcut[0], "Consistent+hashing") {
		t.Errorf("shortcut answered with %q; want the consistent hashing card in the message's thread", shortcut[0])
	}

	// Nothing more was posted for the retried mention.
	time.Sleep(300 * time.Millisecond)
	if n := len(api.waitFor(t, "thread_ts=1515449522.000016", 1)); n != 1 {
		t.Errorf("%d answers to the mention after Slack's retry; want 1", n)
	}

	// /sd with a bare question answers it.
	resp, err = slackCommand(t, http.DefaultClient, addr, "how does kafka work")
	if err != nil {
		t.Fatal(err)
	}
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(strings.ToLower(string(reply)), "kafka") || strings.Contains(string(reply), "no command") {
		t.Errorf("/sd how does kafka work = %s; want the Kafka card", reply)
	}
}

// signSlackJSON signs a JSON body as Slack signs Events API requests; a
// retry number is sent as Slack sends it for a re-delivery.
func signSlackJSON(addr, path, body, retry string) *http.Request {
	s := signSlackBody(testSecrets["SDBOT_SLACK_SIGNING_SECRET"], addr, path, "application/json", body)
	if retry != "" {
		s.headers = append(s.headers, [2]string{"X-Slack-Retry-Num", retry}, [2]string{"X-Slack-Retry-Reason", "http_timeout"})
	}
	return s.request()
}
