package main

import (
	"context"
	"net/http"

	"github.com/sdbot/sdbot/bot"
)

// runner is a long-lived platform connection (Slack Socket Mode, the
// Discord gateway) that runs until its context ends.
type runner func(ctx context.Context) error

// platforms builds the enabled platform adapters: their HTTP endpoints go
// on mux, their posters serve the scheduler, their runners keep
// connections open.
func (s *server) platforms(b *bot.Bot, mux *http.ServeMux) (map[string]bot.Poster, map[string]runner, error) {
	posters := map[string]bot.Poster{}
	runners := map[string]runner{}
	return posters, runners, nil
}
