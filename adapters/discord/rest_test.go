package discord

import (
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestServerErrorRetries: a 5xx is retried only where repeating the call
// cannot do something twice.
func TestServerErrorRetries(t *testing.T) {
	failOnce := func(n int, _ apiCall, w http.ResponseWriter) {
		if n == 0 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}
	tests := []struct {
		name  string
		call  func(a *Adapter) error
		calls int
	}{
		{"bulk overwrite (PUT) is retried", func(a *Adapter) error { return a.Register(t.Context(), "") }, 2},
		{"editing the original reply is retried", func(a *Adapter) error {
			return a.interactionCall(t.Context(), "PATCH", discordgo.EndpointWebhookMessage(testAppID, "tok", "@original"), map[string]string{"content": "x"})
		}, 2},
		{"a new follow-up is not", func(a *Adapter) error {
			return a.interactionCall(t.Context(), "POST", discordgo.EndpointWebhookToken(testAppID, "tok"), map[string]string{"content": "x"})
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, failOnce)
			a := newAdapter(t, realBot(t), api, nil, nil)
			err := tt.call(a)
			if n := len(api.Calls()); n != tt.calls {
				t.Errorf("%d calls; want %d", n, tt.calls)
			}
			if (err == nil) != (tt.calls == 2) {
				t.Errorf("error = %v", err)
			}
		})
	}
}
