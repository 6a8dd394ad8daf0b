package slack

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
)

func TestAdminsManage(t *testing.T) {
	var lookups, flaky atomic.Int32
	s := newSlackServer(t, func(c slacktest.Customize) {
		c.Handle("/users.info", func(w http.ResponseWriter, r *http.Request) {
			lookups.Add(1)
			r.ParseForm()
			w.Header().Set("Content-Type", "application/json")
			switch r.Form.Get("user") {
			case "UADMIN":
				w.Write([]byte(`{"ok":true,"user":{"id":"UADMIN","is_admin":true}}`))
			case "UOWNER":
				w.Write([]byte(`{"ok":true,"user":{"id":"UOWNER","is_owner":true}}`))
			case "UFLAKY": // a 500 first: users.info is read-only, so it is asked again
				if flaky.Add(1) == 1 {
					w.WriteHeader(http.StatusInternalServerError)
					return
				}
				w.Write([]byte(`{"ok":true,"user":{"id":"UFLAKY","is_admin":true}}`))
			case "UBROKEN":
				w.Write([]byte(`{"ok":false,"error":"missing_scope"}`))
			default:
				w.Write([]byte(`{"ok":true,"user":{"id":"UMEMBER"}}`))
			}
		})
	})
	now := time.Unix(1_800_000_000, 0)
	a := newTestAdapter(t, Config{APIURL: s.GetAPIURL(), Managers: []string{"ULISTED"}, AdminsManage: true}, realBot(t), now)
	ctx := context.Background()
	for _, tt := range []struct {
		user, command string
		want          bool
	}{
		{"ULISTED", "subscribe", true},
		{"UADMIN", "subscribe", true},
		{"UOWNER", "unsubscribe", true},
		{"UMEMBER", "subscribe", false},
		{"UBROKEN", "subscribe", false},
		{"UFLAKY", "subscribe", true},
		{"UADMIN", "ask", false}, // not a manager command: no lookup, no power
	} {
		if got := a.canManage(ctx, tt.user, tt.command); got != tt.want {
			t.Errorf("canManage(%s, %s) = %v; want %v", tt.user, tt.command, got, tt.want)
		}
	}
	n := lookups.Load()
	if n != 6 {
		t.Errorf("%d users.info lookups; want 6 (two for UFLAKY, none for listed managers or other commands)", n)
	}
	a.canManage(ctx, "UADMIN", "subscribe")
	if lookups.Load() != n {
		t.Error("a cached answer was looked up again")
	}
	off := newTestAdapter(t, Config{APIURL: s.GetAPIURL()}, realBot(t), now)
	if off.canManage(ctx, "UADMIN", "subscribe") {
		t.Error("admins manage without AdminsManage")
	}
}
