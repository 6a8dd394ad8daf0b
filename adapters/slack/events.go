package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/sdbot/sdbot/bot"
)

// dmThread is the thread key of a direct message said outside any
// thread: the DM itself is the conversation "more" and "quiz" refer to.
const dmThread = "im"

// saidMessage is a message said to the bot, from an event or a shortcut,
// reduced to what answering it needs.
type saidMessage struct {
	id      string // event id or trigger id, for logs
	team    string
	channel string
	user    string
	text    string
	// replyTS is the thread to answer in; "" answers in the channel
	// itself (a DM said outside a thread).
	replyTS string
	// thread is the conversation's key for follow-ups: replyTS, or
	// dmThread for a DM said outside a thread.
	thread string
}

// handleEvents serves POST /slack/events: the Events API, signed like the
// other endpoints. It echoes url_verification's challenge, and acks every
// event at once, answering after the 200: Slack wants its ack within 3
// seconds and re-sends an event otherwise (X-Slack-Retry-Num), which the
// store's event claim then drops.
func (a *Adapter) handleEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if outer.Type == slackevents.URLVerification {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(outer.Challenge))
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event sdbot did not subscribe to, or one slack-go does not
		// know: acked, so Slack does not send it again.
		a.log.Debug("slack event ignored", "type", outer.Type, "error", err.Error())
		w.WriteHeader(http.StatusOK)
		return
	}
	if retry := r.Header.Get("X-Slack-Retry-Num"); retry != "" {
		a.log.Info("slack event re-sent", "retry", retry, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	a.tasks.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), lateReplyTimeout)
		defer cancel()
		a.onEvent(ctx, ev)
	})
	w.WriteHeader(http.StatusOK)
}

// onEvent answers an Events API event from HTTP or Socket Mode: a mention
// or a direct message, once per event id.
func (a *Adapter) onEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb == nil {
		return
	}
	m, ok := saidIn(ev, cb)
	if !ok {
		return
	}
	if !a.bot.FirstDelivery(ctx, "slack", cb.EventID) {
		a.log.Info("slack event already answered", "event", cb.EventID)
		return
	}
	_ = a.answerSaid(ctx, m) // logged; nobody else is waiting
}

// saidIn picks out a message said to the bot: an app_mention, or a direct
// message (message.im). Messages from bots, the bot itself included, and
// edits, deletions and other subtypes are not questions.
func saidIn(ev slackevents.EventsAPIEvent, cb *slackevents.EventsAPICallbackEvent) (saidMessage, bool) {
	self := botUser(cb)
	m := saidMessage{id: cb.EventID, team: cb.TeamID}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" || e.User == self {
			return m, false
		}
		m.channel, m.user, m.text = e.Channel, e.User, stripMention(e.Text, self)
		m.replyTS = e.ThreadTimeStamp
		if m.replyTS == "" {
			m.replyTS = e.TimeStamp
		}
		m.thread = m.replyTS
	case *slackevents.MessageEvent:
		if e.ChannelType != "im" || e.BotID != "" || e.SubType != "" || e.User == "" || e.User == self {
			return m, false
		}
		m.channel, m.user, m.text = e.Channel, e.User, stripMention(e.Text, self)
		m.replyTS, m.thread = e.ThreadTimeStamp, e.ThreadTimeStamp
		if m.thread == "" {
			m.thread = dmThread
		}
	default:
		return m, false
	}
	if m.team == "" {
		m.team = ev.TeamID
	}
	return m, m.channel != ""
}

// botUser is the bot's own user id, which Slack names in the event's
// authorizations.
func botUser(cb *slackevents.EventsAPICallbackEvent) string {
	for _, au := range cb.Authorizations {
		if au.IsBot && au.UserID != "" {
			return au.UserID
		}
	}
	return ""
}

// leadingMention matches a user mention at the start of a message, as
// Slack writes it: <@U123> or <@U123|name>.
var leadingMention = regexp.MustCompile(`^\s*<@[A-Z0-9]+(\|[^>]*)?>`)

// stripMention removes the bot's mention from a message, leaving the
// question. Without the bot's id it removes a mention that leads the
// message, which is where an app_mention has it.
func stripMention(text, self string) string {
	if self != "" {
		re := regexp.MustCompile(`<@` + regexp.QuoteMeta(self) + `(\|[^>]*)?>`)
		text = re.ReplaceAllString(text, " ")
	} else {
		text = leadingMention.ReplaceAllString(text, " ")
	}
	return strings.Join(strings.Fields(unescaper.Replace(text)), " ")
}

// answerSaid answers a message said to the bot with one chat.postMessage
// in its thread (or DM), and remembers the card answered there. It logs
// a post that failed and returns its error.
func (a *Adapter) answerSaid(ctx context.Context, m saidMessage) error {
	req := a.bot.Parse(bot.SaidText(m.text))
	req.ID = m.id
	req.Platform = "slack"
	req.Workspace = m.team
	req.Channel = m.channel
	req.User = bot.User{ID: m.user}
	req.CanManage = a.canManage(ctx, m.user, req.Command)
	req.Said = true
	req.Thread = m.thread
	r := a.bot.Handle(ctx, req)
	if _, err := a.post(ctx, m.channel, m.replyTS, r); err != nil {
		a.log.Error("slack answer not posted", "channel", m.channel, "error", err.Error())
		return err
	}
	if r.TopicID != "" {
		a.bot.Remember(ctx, bot.Thread{Platform: "slack", Workspace: m.team, Channel: m.channel, ID: m.thread}, r.TopicID)
	}
	return nil
}

// askShortcut is the callback id of the "Ask sdbot" message shortcut.
const askShortcut = "ask_sdbot"

// askAbout answers the message an "Ask sdbot" shortcut was used on, in
// that message's thread, for everyone in the channel to see.
func (a *Adapter) askAbout(ctx context.Context, cb slack.InteractionCallback) {
	ch := cb.Channel.ID
	if ch == "" {
		return
	}
	root := cb.Message.ThreadTimestamp
	if root == "" {
		root = cb.Message.Timestamp
	}
	if root == "" {
		root = cb.MessageTs
	}
	text := stripMention(cb.Message.Text, "")
	if text == "" {
		a.respond(ctx, cb.ResponseURL, replyMessage(bot.Reply{Text: "That message has no text for me to answer.", Ephemeral: true, Kind: bot.KindError}))
		return
	}
	m := saidMessage{id: cb.TriggerID, team: cb.Team.ID, channel: ch, user: cb.User.ID, text: text, replyTS: root, thread: root}
	if a.answerSaid(ctx, m) != nil {
		// Most often the bot is not in the channel: say so to the one
		// who asked.
		a.respond(ctx, cb.ResponseURL, replyMessage(bot.Reply{Text: "I could not answer in this channel. Invite me with `/invite @sdbot` and try again.", Ephemeral: true, Kind: bot.KindError}))
	}
}
