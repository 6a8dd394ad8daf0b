package bot

import "strings"

// MentionKind says what a mention points at.
type MentionKind byte

// Mention kinds.
const (
	MentionUser    MentionKind = 'u'
	MentionChannel MentionKind = 'c'
)

// A mention travels inside reply text between two private-use runes, so
// the bot writes no platform's syntax and each adapter renders it in its
// own syntax (Slack and Discord markup, the console @name). Request text is cleaned
// of these runes, so a user cannot forge one.
const (
	mentionOpen  = '\uE000'
	mentionClose = '\uE001'
)

// Mention is a reference to a user or channel inside reply text.
type Mention struct {
	Kind MentionKind
	ID   string
}

// UserMention refers to a user by platform id.
func UserMention(id string) Mention { return Mention{Kind: MentionUser, ID: id} }

// ChannelMention refers to a channel by platform id.
func ChannelMention(id string) Mention { return Mention{Kind: MentionChannel, ID: id} }

// String is the mention as it travels in reply text; adapters turn it
// into their syntax with RenderMentions.
func (m Mention) String() string {
	return string(mentionOpen) + string(m.Kind) + m.ID + string(mentionClose)
}

// RenderMentions replaces each mention in s with what render returns for
// it. An id with anything but letters, digits, '-' or '_' is not a
// mention a platform could have made, and is rendered as its bare id.
func RenderMentions(s string, render func(Mention) string) string {
	if !strings.ContainsRune(s, mentionOpen) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexRune(s, mentionOpen)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+len(string(mentionOpen)):]
		j := strings.IndexRune(rest, mentionClose)
		if j < 1 {
			s = rest // a stray opener: drop it
			continue
		}
		m := Mention{Kind: MentionKind(rest[0]), ID: rest[1:j]}
		switch {
		case (m.Kind == MentionUser || m.Kind == MentionChannel) && validID(m.ID):
			b.WriteString(render(m))
		default:
			b.WriteString(m.ID)
		}
		s = rest[j+len(string(mentionClose)):]
	}
}

func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// noMentions removes the mention runes from text a user typed.
func noMentions(s string) string {
	if !strings.ContainsRune(s, mentionOpen) && !strings.ContainsRune(s, mentionClose) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == mentionOpen || r == mentionClose {
			return -1
		}
		return r
	}, s)
}
