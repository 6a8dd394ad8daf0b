package store

import (
	"testing"

	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/bot/storetest"
)

func TestConversationsContract(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		storetest.RunConversations(t, func(t *testing.T) bot.Conversations { return b.openAt(t, b.target(t)) })
	})
}
