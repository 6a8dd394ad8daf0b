package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/adapters/internal/signedhttp"
)

// handleCommand serves POST /slack/commands: Slack's slash-command
// request, a signed form.
func (a *Adapter) handleCommand(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	form, ok := a.verifiedForm(w, r)
	if !ok {
		return
	}
	cmd := slack.SlashCommand{
		TeamID:      form.Get("team_id"),
		ChannelID:   form.Get("channel_id"),
		UserID:      form.Get("user_id"),
		UserName:    form.Get("user_name"),
		Command:     form.Get("command"),
		Text:        form.Get("text"),
		ResponseURL: form.Get("response_url"),
	}
	msg := a.answer(r.Context(), received, cmd)
	if msg == nil {
		w.WriteHeader(http.StatusOK) // ack; the answer follows on response_url
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(msg); err != nil {
		a.log.Warn("slack reply not written", "error", err.Error())
	}
}

// handleInteraction serves POST /slack/interactions: button clicks, a
// signed form whose "payload" field holds JSON. It acks at once and
// answers through response_url.
func (a *Adapter) handleInteraction(w http.ResponseWriter, r *http.Request) {
	form, ok := a.verifiedForm(w, r)
	if !ok {
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "malformed payload", http.StatusBadRequest)
		return
	}
	a.tasks.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), lateReplyTimeout)
		defer cancel()
		a.interact(ctx, cb)
	})
	w.WriteHeader(http.StatusOK)
}

// verifiedForm returns the form of a request Slack signed, or answers
// 401, 413 or 400 and returns false.
func (a *Adapter) verifiedForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	body, ok := a.verified(w, r)
	if !ok {
		return nil, false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return nil, false
	}
	return form, true
}

// verified returns the body of a request Slack signed. Otherwise it has
// answered 401 (checked first, before the body is read), or 413 for a body
// over 1 MiB, and returns false.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	ts, sig, err := checkHeaders(r.Header, a.now())
	if err != nil {
		a.refuse(w, r, err)
		return nil, false
	}
	body, err := signedhttp.ReadBody(w, r, "")
	if err != nil {
		if errors.Is(err, signedhttp.ErrTooLarge) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "unreadable body", http.StatusBadRequest)
		}
		return nil, false
	}
	if err := checkSignature(a.secret, ts, sig, body); err != nil {
		a.refuse(w, r, err)
		return nil, false
	}
	return body, true
}

func (a *Adapter) refuse(w http.ResponseWriter, r *http.Request, reason error) {
	a.log.Warn("slack request refused", "path", r.URL.Path, "remote", r.RemoteAddr, "reason", reason.Error())
	http.Error(w, "invalid request signature", http.StatusUnauthorized)
}
