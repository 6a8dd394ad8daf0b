package discord

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// offline refuses every outbound call, so fuzzed interactions reach no
// real Discord.
type offline struct{}

func (offline) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("offline in tests")
}

// FuzzInteractions sends arbitrary, correctly signed interaction bodies:
// the adapter must answer 200 or 400 and never panic.
func FuzzInteractions(f *testing.F) {
	f.Add(`{"type":1}`)
	f.Add(click("sd:topic:consistent-hashing"))
	f.Add(click("sd:answer:bloom-filter.0.abcd:20260302:1"))
	f.Add(autocompleteBody("topic", "name", "bloo"))
	f.Add(`{"type":2,"data":{"name":"sd","options":[{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":"2PC vs saga"}]}]}}`)
	f.Add(`{"type":2,"data":{"name":"sd","options":[{"name":"subscribe","type":1,"options":[{"name":"time","type":3,"value":"25:99"}]}]},"member":{"permissions":"16"}}`)
	f.Add(`{"type":3,"data":{"custom_id":"sd:","component_type":2}}`)
	f.Add(`{"type":99}`)
	key := rfcKey(f)
	a := newAdapter(f, realBot(f), nil, nil, func(c *Config) { c.Transport = offline{} })
	mux := http.NewServeMux()
	a.Routes(mux)
	f.Fuzz(func(t *testing.T, body string) {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, signed(t, key, "1700000000", []byte(body)))
		if w.Code != 200 && w.Code != 400 {
			t.Fatalf("%q: status %d", body, w.Code)
		}
	})
}
