package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

// Vote values.
const (
	VoteUp   = "up"
	VoteDown = "down"
)

// DefaultKeepDays is how long the text of an unanswered question is kept
// when the config says nothing: long enough for a curator's monthly look.
const DefaultKeepDays = 30

// Vote is one person's 👍 or 👎 on one answer. An answer is a card shown
// for a question; the question is kept only as QuestionKey, a hash of its
// words, so a vote never holds what someone typed.
type Vote struct {
	CardID      string
	QuestionKey string
	Platform    string
	Workspace   string
	Channel     string
	UserID      string
	// Value is VoteUp or VoteDown.
	Value string
	// At is when the vote was cast or last changed.
	At time.Time
}

// Unanswered is a question the bot had no good answer for: what curators
// most need to see to know which card to write next.
type Unanswered struct {
	// Question is the text as asked; empty once purged, or always when
	// the bot keeps no question text (feedback.keep_days: 0).
	Question string
	// ClosestCard is the nearest card the search found, "" if none.
	ClosestCard string
	Platform    string
	Workspace   string
	Channel     string
	At          time.Time
}

// WithKeepDays sets how many days the text of an unanswered question is
// kept; 0 keeps none, so no question text is stored at all.
func WithKeepDays(days int) BotOption {
	return func(b *Bot) { b.keepDays = max(days, 0) }
}

// questionKeyLen is the hex length of a question key: enough to tell one
// person's answers apart, short enough for Discord's 100-character
// custom_id with the card id beside it.
const questionKeyLen = 12

// QuestionKey identifies a question without keeping its text: a hash of
// its lower-cased words, so spacing and case do not make a new answer.
func QuestionKey(question string) string {
	norm := strings.Join(strings.Fields(strings.ToLower(question)), " ")
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])[:questionKeyLen]
}

// voteButtons are the 👍 and 👎 under an answer. Their value names the
// vote, the card and the question's key: "up:card-id:key".
func voteButtons(cardID, question string) []Button {
	key := QuestionKey(question)
	return []Button{
		{Label: "👍", Action: "vote", Value: VoteUp + ":" + cardID + ":" + key},
		{Label: "👎", Action: "vote", Value: VoteDown + ":" + cardID + ":" + key},
	}
}

// errBadVote is what a malformed or stale vote button gets.
const errBadVote = "That vote button is out of date or not valid. Ask again to vote on a fresh answer."

// vote records a click on 👍 or 👎. The button's value is whatever the
// client sends, so each part is checked: a known vote, a card that exists
// and a key of the right shape.
func (b *Bot) vote(ctx context.Context, req Request) Reply {
	parts := strings.Split(strings.TrimSpace(req.Text), ":")
	if len(parts) != 3 || (parts[0] != VoteUp && parts[0] != VoteDown) || !isQuestionKey(parts[2]) {
		return errorReply(errBadVote)
	}
	if _, err := b.kb.Set().Card(parts[1]); err != nil {
		return errorReply(errBadVote)
	}
	if b.store == nil {
		return errorReply("Votes need the bot's database; this instance runs without one.")
	}
	prev, err := b.store.RecordVote(ctx, Vote{
		CardID: parts[1], QuestionKey: parts[2], Value: parts[0],
		Platform: req.Platform, Workspace: req.Workspace, Channel: req.Channel, UserID: req.User.ID,
		At: b.now(),
	})
	if err != nil {
		return errorReply("Sorry, I could not record your vote; please try again.")
	}
	text := "Thanks, noted."
	if prev != "" && prev != parts[0] {
		text = "Thanks, noted: your vote is now " + voteEmoji(parts[0]) + "."
	}
	return Reply{Text: text, Ephemeral: true, Kind: KindAck}
}

func voteEmoji(v string) string {
	if v == VoteUp {
		return "👍"
	}
	return "👎"
}

func isQuestionKey(s string) bool {
	if len(s) != questionKeyLen {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// recordUnanswered keeps a question the bot could not answer, for
// `sdbot report`. A failure is not the asker's problem: the store's
// metrics count it, and the reply goes out as usual.
func (b *Bot) recordUnanswered(ctx context.Context, req Request, question string, a *knowledge.Answer) {
	if b.store == nil {
		return
	}
	u := Unanswered{Platform: req.Platform, Workspace: req.Workspace, Channel: req.Channel, At: b.now()}
	if b.keepDays > 0 {
		u.Question = question
	}
	if len(a.Results) > 0 {
		u.ClosestCard = a.Results[0].Card.ID
	}
	_ = b.store.RecordUnanswered(ctx, u)
}

// PurgeQuestions deletes the text of unanswered questions older than the
// bot keeps them (all of it when it keeps none). Serve runs it at start
// and every hour.
func (b *Bot) PurgeQuestions(ctx context.Context) (int, error) {
	if b.store == nil {
		return 0, nil
	}
	return b.store.PurgeQuestions(ctx, b.now().Add(-time.Duration(b.keepDays)*24*time.Hour))
}
