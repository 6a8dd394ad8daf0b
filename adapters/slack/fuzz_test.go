package slack

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// offline refuses every outbound call, so fuzzed response_urls go nowhere.
type offline struct{}

func (offline) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("offline in tests")
}

// FuzzSignedRequests sends arbitrary, correctly signed bodies to both
// endpoints: the adapter must answer 200, 400 or 413 and never panic.
func FuzzSignedRequests(f *testing.F) {
	f.Add(commandForm("ask how does consistent hashing work", "http://127.0.0.1:1/r"))
	f.Add("command=%2Fsd&text=subscribe+time%3A09%3A00+tz%3AUTC&user_id=U1&channel_id=C1&team_id=T1")
	f.Add(`payload={"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"team":{"id":"T1"},"actions":[{"action_id":"topic","value":"lsm-tree"}],"response_url":"http://127.0.0.1:1/r"}`)
	f.Add(`payload={"type":"block_actions","actions":[{"action_id":"answer","value":"x.0.abcd:20260302:9"}]}`)
	f.Add("payload=%7B%7D")
	f.Add("text=%ZZ&&&=")
	now := time.Unix(1_800_000_000, 0)
	a, err := New(Config{BotToken: testBotToken, SigningSecret: testSecret, HTTPClient: &http.Client{Transport: offline{}}}, realBot(f))
	if err != nil {
		f.Fatal(err)
	}
	a.now = func() time.Time { return now }
	mux := http.NewServeMux()
	a.Routes(mux)
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/slack/commands", "/slack/interactions"} {
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, signedRequest(path, body, now))
			switch w.Code {
			case 200, 400, 413:
			default:
				t.Fatalf("%s with %q: status %d", path, body, w.Code)
			}
			if w.Code == 200 && strings.Contains(w.Body.String(), testSecret) {
				t.Fatal("reply contains the signing secret")
			}
		}
		a.tasks.Wait(context.Background())
	})
}
