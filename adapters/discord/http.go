package discord

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/adapters/internal/signedhttp"
)

// InteractionsPath is where Discord sends interactions in HTTP mode; set
// the application's Interactions Endpoint URL to it.
const InteractionsPath = "/discord/interactions"

// Routes adds the HTTP interactions endpoint to mux when the adapter is
// not in gateway mode.
func (a *Adapter) Routes(mux *http.ServeMux) {
	if a.cfg.Gateway {
		return
	}
	mux.HandleFunc("POST "+InteractionsPath, a.serveInteraction)
}

// serveInteraction verifies a signed interaction and answers it in the
// response body. The signature is checked before anything else is done
// with the request; Discord also sends deliberately bad signatures and
// requires a 401 for them.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	sig, timestamp, ok := signature(r)
	if !ok || a.publicKey == nil || !signedhttp.Fresh(timestamp, a.now()) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	msg, err := signedhttp.ReadBody(w, r, timestamp)
	switch {
	case errors.Is(err, signedhttp.ErrTooLarge):
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	if !verify(a.publicKey, msg, sig) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(msg[len(timestamp):], &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	err = a.interact(r.Context(), &i, func(resp any) error {
		body, err := json.Marshal(resp)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/json")
		_, err = w.Write(body)
		return err
	})
	if err != nil {
		a.log.Error("answer discord interaction", "type", i.Type.String(), "error", err.Error())
	}
}

// now reads the clock for the replay window.
func (a *Adapter) now() time.Time {
	if a.cfg.Now != nil {
		return a.cfg.Now()
	}
	return time.Now()
}
