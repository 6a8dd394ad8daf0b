// Package bot is sdbot's platform-neutral behaviour: it parses commands,
// runs them against the knowledge base and the Store, and returns neutral
// replies that each adapter renders for its platform.
package bot

import "time"

// Request is one command from a user, already verified and decoded by an
// adapter.
type Request struct {
	// Command is the subcommand name, such as "ask"; empty for bare "/sd".
	Command string `json:"command"`
	// Text is the free text after the subcommand, options removed.
	Text string `json:"text,omitempty"`
	// Options are key:value arguments for commands that take them.
	Options map[string]string `json:"options,omitempty"`
	// Platform names the adapter: "slack", "discord" or "console".
	Platform  string `json:"platform"`
	Workspace string `json:"workspace,omitempty"` // Slack team or Discord guild
	Channel   string `json:"channel,omitempty"`
	User      User   `json:"user"`
	Locale    string `json:"locale,omitempty"`
	// CanManage is true when the platform says the user may administer
	// the channel (Discord Manage Channels, a Slack manager).
	CanManage bool `json:"can_manage,omitempty"`
	// Message is the message whose button was clicked, as the platform
	// reports it; zero for typed commands. A quiz answer counts only if
	// the quiz was posted in this channel on its round's day.
	Message Message `json:"message,omitzero"`
	// Place is what the platform says about the conversation: its kind
	// and whether the bot can post there.
	Place Place `json:"place,omitzero"`
	// Clicked is true when the request came from a button rather than a
	// typed command: its reply goes to the clicker alone.
	Clicked bool `json:"clicked,omitempty"`
	// Said is true when the request is a message said to the bot (a
	// mention, a direct message, an "Ask sdbot" action on a message): its
	// reply is a message in that conversation, seen by whoever sees it.
	Said bool `json:"said,omitempty"`
	// Thread is the thread the message was said in, or on Discord the
	// message it replies to; "" when neither. "more" and "quiz" said in a
	// thread the bot answered are about the card it answered there.
	Thread string `json:"thread,omitempty"`
	// ID names the request in logs, such as the platform's interaction
	// id; Handle makes one up when it is empty.
	ID string `json:"id,omitempty"`

	// tooLong marks a text Parse refused to read because it is over
	// MaxText; Handle answers it without echoing it.
	tooLong bool
}

// Message says where and when the platform posted a message: what the
// server can re-check a button against, since the button's own value is
// whatever the client sends.
type Message struct {
	ID      string    `json:"id,omitempty"`
	Channel string    `json:"channel,omitempty"`
	Posted  time.Time `json:"posted,omitzero"`
}

// User is who sent a request, as the platform names them.
type User struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Reply is what the bot answers, before any platform formatting. Text and
// field values are plain Markdown; adapters translate and split them to
// fit their limits.
type Reply struct {
	Title   string   `json:"title,omitempty"`
	Text    string   `json:"text,omitempty"`
	Fields  []Field  `json:"fields,omitempty"`
	Buttons []Button `json:"buttons,omitempty"`
	// Footer is small print: sources, hints.
	Footer string `json:"footer,omitempty"`
	// Ephemeral replies are shown only to the user who asked. Handle
	// decides it (see Bot.Private); adapters honour it as it is.
	Ephemeral bool `json:"ephemeral,omitempty"`
	// Kind tells adapters and metrics what sort of reply this is.
	Kind Kind `json:"kind"`
	// TopicID is the card the reply shows, if any, so adapters can offer
	// "share in channel" or "quiz me" on it.
	TopicID string `json:"topic_id,omitempty"`
	// Update, on a reply to a button click, is the new version of the
	// message that held the button (a quiz with its live answer count);
	// adapters edit that message with it.
	Update *Reply `json:"update,omitempty"`
	// Thread asks for the reply to start a thread where the platform can
	// (the daily topic on Discord with thread: true).
	Thread bool `json:"thread,omitempty"`
}

// Field is a titled block of a reply.
type Field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Button is an action the user can take from a reply. Its payload carries
// ids only; the handler looks everything else up when it is pressed.
type Button struct {
	Label string `json:"label"`
	// Action is the command the button runs, such as "topic".
	Action string `json:"action"`
	// Value is the command's argument, such as a card id.
	Value string `json:"value,omitempty"`
	// Primary buttons stand out: the one action the reply suggests most.
	Primary bool `json:"primary,omitempty"`
}

// Kind classifies a reply.
type Kind string

// Reply kinds.
const (
	KindAnswer   Kind = "answer"    // a card or comparison that answers
	KindNoAnswer Kind = "no_answer" // no confident card; closest topics offered
	KindList     Kind = "list"      // lists and help
	KindQuiz     Kind = "quiz"      // a quiz question with one button per choice
	KindError    Kind = "error"     // the request was wrong; nothing changed
	// KindAck is a short private acknowledgement of a click, such as a
	// vote; the message that held the button stays as it was.
	KindAck Kind = "ack"
)

// errorReply is a short, kind message to the user who asked.
func errorReply(format string) Reply {
	return Reply{Text: format, Ephemeral: true, Kind: KindError}
}
