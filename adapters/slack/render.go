package slack

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/bot"
)

// Block Kit limits. Slack rejects a message that breaks any of them.
const (
	maxBlocks          = 50
	maxSectionText     = 3000
	maxHeaderText      = 150
	maxButtonText      = 75
	maxButtonValue     = 2000
	maxContextElements = 10
	maxActionElements  = 25
	maxFallbackText    = 300
)

// message renders a reply as a response_url / slash-command payload.
func message(r bot.Reply, responseType string) *slack.WebhookMessage {
	return &slack.WebhookMessage{
		Text:         fallback(r),
		Blocks:       &slack.Blocks{BlockSet: render(r)},
		ResponseType: responseType,
	}
}

// render turns a neutral reply into Block Kit: a header for the title,
// sections for the text and each field (split to fit), a context block
// for the footer and an actions block for the buttons.
func render(r bot.Reply) []slack.Block {
	var head, tail []slack.Block
	if title := strings.TrimSpace(plain(r.Title)); title != "" {
		head = append(head, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, clip(title, maxHeaderText), true, false)))
	}
	if c := contextBlock(r.Footer); c != nil {
		tail = append(tail, c)
	}
	if a := actionsBlock(r); a != nil {
		tail = append(tail, a)
	}

	var texts []string
	if strings.TrimSpace(r.Text) != "" {
		texts = append(texts, split(mrkdwn(r.Text), maxSectionText)...)
	}
	for _, f := range r.Fields {
		text := mrkdwn(f.Value)
		if name := strings.TrimSpace(plain(f.Name)); name != "" {
			text = "*" + escape(name) + "*\n" + text
		}
		texts = append(texts, split(text, maxSectionText)...)
	}
	if room := maxBlocks - len(head) - len(tail); len(texts) > room {
		left := len(texts) - room + 1
		texts = append(texts[:room-1], fmt.Sprintf("_This answer is too long for one Slack message: %d more parts were left out._", left))
	}

	blocks := head
	for _, t := range texts {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, t, false, false), nil, nil))
	}
	return append(blocks, tail...)
}

// contextBlock shows the footer (sources, hints) in small print.
func contextBlock(footer string) *slack.ContextBlock {
	var texts []string
	if strings.TrimSpace(footer) != "" {
		texts = append(texts, split(mrkdwn(footer), maxSectionText)...)
	}
	if len(texts) == 0 {
		return nil
	}
	if len(texts) > maxContextElements {
		texts = texts[:maxContextElements]
	}
	var elems []slack.MixedElement
	for _, t := range texts {
		elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, t, false, false))
	}
	return slack.NewContextBlock("", elems...)
}

// actionsBlock turns the reply's buttons into Slack buttons. A button's
// action id is "<action>.<n>" (ids must be unique in a block); its value
// is the command's argument.
func actionsBlock(r bot.Reply) *slack.ActionBlock {
	var elems []slack.BlockElement
	for i, b := range r.Buttons {
		if len(elems) == maxActionElements {
			break
		}
		label := strings.TrimSpace(plain(b.Label))
		if label == "" || b.Action == "" || len(b.Value) > maxButtonValue {
			continue
		}
		btn := slack.NewButtonBlockElement(fmt.Sprintf("%s.%d", b.Action, i), b.Value,
			slack.NewTextBlockObject(slack.PlainTextType, clip(label, maxButtonText), true, false))
		if b.Primary {
			btn.Style = slack.StylePrimary
		}
		elems = append(elems, btn)
	}
	if len(elems) == 0 {
		return nil
	}
	return slack.NewActionBlock("", elems...)
}

// buttonAction recovers the bot action from a button's action id.
func buttonAction(actionID string) string {
	if i := strings.LastIndex(actionID, "."); i > 0 {
		return actionID[:i]
	}
	return actionID
}

// fallback is the message's top-level text: Slack shows it in
// notifications and where blocks cannot be displayed.
func fallback(r bot.Reply) string {
	s := r.Title
	if s == "" {
		s = r.Text
	}
	s = strings.Join(strings.Fields(plain(s)), " ")
	return mentions(escape(clip(s, maxFallbackText)))
}
