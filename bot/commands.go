package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/sdbot/sdbot/knowledge"
)

// Command is one subcommand of /sd. The same table produces help text,
// Discord command registration and the Slack app manifest.
type Command struct {
	Name        string
	Usage       string // arguments after the name, as help shows them
	Description string // one line, at most 100 characters (Discord's limit)
	Examples    []string
	// Options are the named arguments, in order. The first option of type
	// text also receives free text typed after the command.
	Options []Option
	// Manage marks commands only channel managers may run; platforms use it
	// to set default permissions on registration.
	Manage bool
	// Hidden commands are run by buttons, not typed; help and registration
	// leave them out.
	Hidden bool
	// public commands answer the channel (a quiz, a subscription change);
	// the rest answer the asker alone. See Bot.Private.
	public bool
	// store commands need the Store and run under its own concurrency cap.
	store bool
	// channel says why the command needs a channel and cannot work in a
	// DM; empty for commands that work anywhere.
	channel string
	handler func(b *Bot, ctx context.Context, req Request) Reply
}

// Option is one argument of a command.
type Option struct {
	Name        string
	Description string
	Required    bool
	// Choices limits the value to a fixed list (Discord shows a menu).
	Choices []string
	// Autocomplete asks the platform to offer completions as the user types.
	Autocomplete bool
}

// Commands returns the commands users type, in help order: what help,
// Discord registration and the Slack manifest show.
func (b *Bot) Commands() []Command {
	var out []Command
	for _, c := range b.commands {
		if !c.Hidden {
			out = append(out, c)
		}
	}
	return out
}

func (b *Bot) commandTable() []Command {
	return []Command{
		{
			Name: "ask", Usage: "<question>",
			Description: "Ask a system-design question and get the best matching topic",
			Examples:    []string{"ask how does consistent hashing work", "ask 2PC vs saga"},
			Options:     []Option{{Name: "question", Description: "Your question, in plain words", Required: true}},
			handler:     (*Bot).ask,
		},
		{
			Name: "topic", Usage: "<id or name>",
			Description: "Show one topic card by its id or name",
			Examples:    []string{"topic consistent-hashing", "topic bloom filter"},
			Options:     []Option{{Name: "name", Description: "Topic id or name", Required: true, Autocomplete: true}},
			handler:     (*Bot).topic,
		},
		{
			Name: "random", Usage: "[category]",
			Description: "Show a random topic, optionally from one category",
			Examples:    []string{"random", "random databases"},
			Options:     []Option{{Name: "category", Description: "Limit to one category", Choices: b.categories()}},
			handler:     (*Bot).random,
		},
		{
			Name: "list", Usage: "[category]",
			Description: "List the categories, or the topics in one category",
			Examples:    []string{"list", "list caching"},
			Options:     []Option{{Name: "category", Description: "Category to list", Choices: b.categories()}},
			handler:     (*Bot).list,
		},
		{
			Name: "today", Usage: "",
			Description: "Show this channel's topic of the day",
			Examples:    []string{"today"},
			store:       true,
			handler:     (*Bot).today,
		},
		{
			Name: "subscribe", Usage: "time:HH:MM tz:ZONE [days:mon-fri] [track:CATEGORY|ID,ID]",
			Description: "Post a topic of the day in this channel (channel managers)",
			Examples:    []string{"subscribe time:09:00 tz:Europe/Berlin days:mon-fri", "subscribe time:17:30 tz:America/New_York track:databases"},
			Options: []Option{
				{Name: "time", Description: "Local time, 24-hour HH:MM", Required: true},
				{Name: "tz", Description: "IANA time zone, such as Europe/Berlin", Required: true},
				{Name: "days", Description: "daily, mon-fri, weekends or days like mon,wed,fri"},
				{Name: "track", Description: "A category, or topic ids separated by commas"},
				{Name: "thread", Description: "Post in a thread where the platform allows", Choices: []string{"true", "false"}},
			},
			Manage: true,
			public: true, store: true,
			channel: "a topic of the day belongs to a channel",
			handler: (*Bot).subscribe,
		},
		{
			Name: "unsubscribe", Usage: "",
			Description: "Stop this channel's topic of the day (channel managers)",
			Examples:    []string{"unsubscribe"},
			Manage:      true,
			public:      true, store: true,
			channel: "a topic of the day belongs to a channel",
			handler: (*Bot).unsubscribe,
		},
		{
			Name: "subscriptions", Usage: "",
			Description: "List the channels here that get a topic of the day",
			Examples:    []string{"subscriptions"},
			store:       true,
			handler:     (*Bot).subscriptions,
		},
		{
			Name: "quiz", Usage: "[topic|category|track|mine]",
			Description: "Answer a quiz question; `mine` brings back ones you missed",
			Examples:    []string{"quiz", "quiz databases", "quiz bloom-filter", "quiz mine"},
			Options:     []Option{{Name: "topic", Description: "A topic, a category, track, or mine", Autocomplete: true}},
			public:      true, store: true,
			handler: (*Bot).quiz,
		},
		{
			Name: "leaderboard", Usage: "[week|month|all]",
			Description: "Show this channel's top ten quiz scores and your rank",
			Examples:    []string{"leaderboard", "leaderboard all"},
			Options:     []Option{{Name: "window", Description: "Time window", Choices: []string{"week", "month", "all"}}},
			public:      true, store: true,
			channel: "the leaderboard ranks one channel's quiz scores",
			handler: (*Bot).leaderboard,
		},
		{
			Name: "progress", Usage: "",
			Description: "Show how far this channel is through its track",
			Examples:    []string{"progress"},
			public:      true, store: true,
			channel: "progress follows one channel's topic of the day",
			handler: (*Bot).progress,
		},
		{
			Name: "answer", Hidden: true,
			Description: "Answer a quiz (sent by quiz buttons)",
			store:       true,
			handler:     (*Bot).answer,
		},
		{
			Name: "vote", Hidden: true,
			Description: "Rate an answer (sent by the 👍 and 👎 buttons)",
			handler:     (*Bot).vote,
		},
		{
			Name: "share", Hidden: true,
			Description: "Show a topic card to the channel (sent by Share buttons)",
			handler:     (*Bot).share,
		},
		{
			Name: "help", Usage: "[command]",
			Description: "Show the commands and how to use them",
			Examples:    []string{"help", "help ask"},
			Options:     []Option{{Name: "command", Description: "Command to explain"}},
			handler:     (*Bot).help,
		},
	}
}

// Command returns the command with the given name.
func (b *Bot) Command(name string) (Command, bool) {
	for _, c := range b.commands {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}

// MaxText is the longest command text accepted, in characters: the whole
// text after /sd (command name, free text and options together). Discord
// registration advertises the same number as each option's maximum. It is
// the knowledge core's MaxInput, the longest question it takes, so that
// sdbot ask and search --json refuse the texts the bot refuses.
const MaxText = knowledge.MaxInput

// SaidText is the part of a message said to the bot (a mention, a DM,
// "Ask sdbot" on a message) that an adapter gives Parse: its first MaxText
// characters. A message may be far longer than a command (Slack takes
// 40,000 characters, Discord 4,000 from some users); the knowledge core
// reads a long question from its start and says so, so a long message is
// answered, not refused as a command over MaxText would be.
func SaidText(text string) string {
	if !overLimit(text) {
		return text
	}
	n := 0
	for i := range text {
		if n == MaxText {
			return text[:i]
		}
		n++
	}
	return text
}

// overLimit reports whether texts together hold more than MaxText
// characters. It counts no further than it must, so a huge text costs
// little.
func overLimit(texts ...string) bool {
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	if n <= MaxText { // never fewer bytes than characters
		return false
	}
	runes := 0
	for _, s := range texts {
		if len(s) > utf8.UTFMax*MaxText {
			return true
		}
		runes += utf8.RuneCountInString(s)
		if runes > MaxText {
			return true
		}
	}
	return false
}

// Parse splits the text a user typed after /sd into a command, free text
// and key:value options. Options are recognised only for the command's
// declared option names, so a question that contains a colon stays whole.
// Text over MaxText is not parsed at all: Handle refuses it.
func (b *Bot) Parse(text string) Request {
	if overLimit(text) {
		return Request{tooLong: true}
	}
	text = strings.TrimSpace(strings.ToValidUTF8(text, " "))
	name, rest, _ := strings.Cut(text, " ")
	req := Request{Command: strings.ToLower(name), Text: strings.TrimSpace(rest)}
	cmd, ok := b.Command(req.Command)
	if !ok || len(cmd.Options) < 2 {
		return req
	}
	var free []string
	for _, word := range strings.Fields(req.Text) {
		k, v, found := strings.Cut(word, ":")
		if found && v != "" && cmd.hasOption(strings.ToLower(k)) {
			if req.Options == nil {
				req.Options = map[string]string{}
			}
			req.Options[strings.ToLower(k)] = v
			continue
		}
		free = append(free, word)
	}
	req.Text = strings.Join(free, " ")
	return req
}

func (c Command) hasOption(name string) bool {
	for _, o := range c.Options {
		if o.Name == name {
			return true
		}
	}
	return false
}

// textParts are all the texts the user typed, for the length limit.
func (req Request) textParts() []string {
	parts := make([]string, 0, 2+len(req.Options))
	parts = append(parts, req.Command, req.Text)
	for _, v := range req.Options {
		parts = append(parts, v)
	}
	return parts
}

// arg returns the value of the named option, or the free text when the
// option was not given by name.
func (req Request) arg(name string) string {
	if v := strings.TrimSpace(req.Options[name]); v != "" {
		return v
	}
	return strings.TrimSpace(req.Text)
}

// Handle runs one request and returns the reply. It never fails: a bad
// request gets an error reply that says what to do instead, a failure on
// the bot's side a polite one (and the log the reason), and a panic in a
// command is recovered, logged and answered the same way. Handle also
// decides who sees the reply (Reply.Ephemeral), the same on every platform.
func (b *Bot) Handle(ctx context.Context, req Request) (r Reply) {
	if req.ID == "" {
		req.ID = newRequestID()
	}
	req = req.cleaned()
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("command panicked", "request_id", req.ID, "command", req.Command, "platform", req.Platform,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			r = errorReply("Sorry, something went wrong on my side. Please try again in a moment.")
		}
		r = settle(req, r)
	}()
	if req.tooLong || overLimit(req.textParts()...) {
		return errorReply(fmt.Sprintf("That is too long: please keep your question or command to %d characters or fewer.", MaxText))
	}
	if r, ok := b.followUp(ctx, &req); ok {
		if limited := b.rateLimit(req); limited != nil {
			return *limited
		}
		return r
	}
	cmd, ok := b.Command(req.Command)
	switch {
	case req.Command == "":
		cmd, _ = b.Command("help")
	case !ok:
		// People type the question, not "ask" first: anything that is not
		// a command, or a near miss of one, is a question.
		if near := b.nearCommand(req.Command); near != "" {
			return errorReply(fmt.Sprintf("There is no command %s. Did you mean `%s`? Try `help` for the list.", quote(req.Command), near))
		}
		req.Command, req.Text = "ask", strings.TrimSpace(req.Command+" "+req.Text)
		cmd, _ = b.Command("ask")
	}
	slots := b.slots
	if cmd.store && b.store != nil {
		// Store commands have a cap of their own, so a slow database can
		// never leave questions waiting behind it.
		slots = b.storeSlots
	}
	if slots != nil {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		default:
			return errorReply("I'm busy right now; please try again in a moment.")
		}
	}
	if r := b.rateLimit(req); r != nil {
		return *r
	}
	if cmd.channel != "" && req.Place.Kind.Direct() {
		return errorReply(fmt.Sprintf("`/sd %s` works in a channel, not in a DM: %s. Here you can ask questions, read topics and take quizzes.", cmd.Name, cmd.channel))
	}
	if cmd.Manage && !req.CanManage {
		return errorReply(refusal(req, cmd.Name))
	}
	return cmd.handler(b, ctx, req)
}

// cleaned drops the runes that carry mentions from what the user typed,
// so typed text can never become a mention.
func (req Request) cleaned() Request {
	req.Text = noMentions(req.Text)
	if len(req.Options) > 0 {
		opts := make(map[string]string, len(req.Options))
		for k, v := range req.Options {
			opts[k] = noMentions(v)
		}
		req.Options = opts
	}
	return req
}

// newRequestID names a request that came without an id.
func newRequestID() string {
	var raw [6]byte
	rand.Read(raw[:])
	return hex.EncodeToString(raw[:])
}

// sorry answers a failure on the bot's side politely and logs the error
// behind it with the request id, so the operator can find it.
func (b *Bot) sorry(req Request, text string, err error) Reply {
	b.log.Error("command failed", "request_id", req.ID, "command", req.Command, "platform", req.Platform, "error", err.Error())
	return errorReply(text)
}

// nearCommand returns the command a word is a near miss of (one edit, or
// two in a long name), or "" when the word is likely the start of a
// question.
func (b *Bot) nearCommand(word string) string {
	for _, c := range b.Commands() {
		d := levenshtein(word, c.Name)
		if d == 1 || d == 2 && len(c.Name) >= 7 && len(word) >= 6 {
			return c.Name
		}
	}
	return ""
}

// rateLimit refuses a request over its user's or channel's rate.
func (b *Bot) rateLimit(req Request) *Reply {
	now := b.now()
	for _, l := range []struct {
		set *buckets
		key string
		who string
	}{
		{b.users, req.Platform + ":" + req.User.ID, "you are"},
		{b.channels, req.Platform + ":" + req.Workspace + ":" + req.Channel, "this channel is"},
	} {
		if l.set == nil {
			continue
		}
		if ok, wait := l.set.allow(l.key, now); !ok {
			r := errorReply(fmt.Sprintf("Slow down: %s sending commands too fast. Try again in %s.", l.who, Plural(int(math.Ceil(wait.Seconds())), "second")))
			return &r
		}
	}
	return nil
}

// levenshtein is the edit distance between two words, a transposition of
// neighbouring letters counting as one edit ("aks" is one from "ask").
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, prev2 := make([]int, len(rb)+1), []int(nil)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1) // a transposition
			}
		}
		prev2, prev = prev, cur
	}
	return prev[len(rb)]
}

func (b *Bot) help(_ context.Context, req Request) Reply {
	if name := strings.ToLower(req.arg("command")); name != "" && req.Command == "help" {
		cmd, ok := b.Command(name)
		if !ok || cmd.Hidden {
			return errorReply(fmt.Sprintf("There is no command %s. Try `help` for the list.", quote(name)))
		}
		r := Reply{Title: "/sd " + cmd.Name, Text: cmd.Description, Kind: KindList, Ephemeral: true}
		r.Fields = append(r.Fields, Field{Name: "Usage", Value: "`/sd " + strings.TrimSpace(cmd.Name+" "+cmd.Usage) + "`"})
		if len(cmd.Examples) > 0 {
			r.Fields = append(r.Fields, Field{Name: "Examples", Value: "`/sd " + strings.Join(cmd.Examples, "`\n`/sd ") + "`"})
		}
		return r
	}
	var lines []string
	for _, c := range b.Commands() {
		lines = append(lines, fmt.Sprintf("`/sd %s` — %s", strings.TrimSpace(c.Name+" "+c.Usage), c.Description))
	}
	return Reply{
		Title: "sdbot commands",
		Text:  "Ask system-design questions and study topic cards. Type the question as it is (`/sd how does kafka work`) or use a command:\n" + strings.Join(lines, "\n"),
		Footer: "`/sd help <command>` shows examples. You can also mention me with a question (I answer in its thread), DM me, or use \"Ask sdbot\" on any message; " +
			"in a thread I answered or under a topic of the day, `more` shows the whole card, `quiz` quizzes you on it, and a short follow-up (\"can it remove items?\") is answered from it. " +
			"👍 or 👎 under an answer tells the curators whether it helped; questions I cannot answer are noted for them too.",
		Kind:      KindList,
		Ephemeral: true,
	}
}

func (b *Bot) categories() []string {
	var out []string
	for _, c := range knowledge.Categories() {
		if len(b.kb.Set().InCategory(c)) > 0 {
			out = append(out, c)
		}
	}
	return out
}
