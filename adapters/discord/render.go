package discord

import (
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/adapters/internal/text"
	"github.com/sdbot/sdbot/bot"
)

// Discord's message limits. Text is measured in UTF-16 code units, which
// is never fewer than Discord counts, so a rendered reply never draws a 400.
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFields      = 25
	maxFooter      = 2048
	maxEmbed       = 6000 // title, description, field names and values, footer
	maxLabel       = 80
	maxCustomID    = 100
	maxRowButtons  = 5
	maxRows        = 5
)

// footerBudget is the most of maxEmbed the footer and its link fields may
// take, so the answer itself always keeps most of the room.
const footerBudget = 1500

// blank is a zero-width space: Discord needs a field name, and a
// continuation field should not show one.
const blank = "\u200b"

// Embed colours by reply kind.
var colors = map[bot.Kind]int{
	bot.KindAnswer:   0x5865F2,
	bot.KindNoAnswer: 0xFEE75C,
	bot.KindList:     0x99AAB5,
	bot.KindError:    0xED4245,
}

var (
	mdLink      = regexp.MustCompile(`\[[^\]]+\]\([^)]+\)`)
	mdMention   = regexp.MustCompile(`<[@#][0-9A-Za-z_-]+>`)
	mdDecorants = strings.NewReplacer("`", "", "**", "", "__", "")
)

// textLen is the length of s as Discord limits it: UTF-16 code units,
// never fewer than Discord counts, so a rendered reply never draws a 400.
func textLen(s string) int { return text.Len(s, text.UTF16) }

// truncate shortens s to at most n, marking the cut with an ellipsis.
func truncate(s string, n int) string { return text.Clip(s, n, text.UTF16) }

// split breaks s into pieces of at most n, at line breaks or spaces.
func split(s string, n int) []string { return text.Split(s, n, text.UTF16) }

// mentions writes the bot's mentions in Discord's syntax. Embeds render
// them as names and, with no allowed mentions, they ping nobody.
func mentions(s string) string {
	return bot.RenderMentions(s, func(m bot.Mention) string {
		if m.Kind == bot.MentionChannel {
			return "<#" + m.ID + ">"
		}
		return "<@" + m.ID + ">"
	})
}

type field struct {
	name, value string
	inline      bool
}

// renderEmbed turns a reply into one embed within all of Discord's limits:
// long text flows from the description into further fields, long field
// values continue in fields of their own, and whatever still does not fit
// the 25 fields or 6000 characters is cut with an ellipsis.
func renderEmbed(r bot.Reply) *discordgo.MessageEmbed {
	r.Text, r.Footer = mentions(r.Text), mentions(r.Footer)
	r.Fields = append([]bot.Field(nil), r.Fields...)
	for i := range r.Fields {
		r.Fields[i].Value = mentions(r.Fields[i].Value)
	}
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colors[r.Kind]}
	left := maxEmbed

	e.Title = truncate(strings.TrimSpace(r.Title), maxTitle)
	left -= textLen(e.Title)

	// The footer goes first into the budget: it names the card and its
	// sources, which matter more than the last lines of a long answer.
	footText, footFields := splitFooter(r.Footer)
	footLeft := footerBudget
	if footText != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(footText, min(maxFooter, footLeft))}
		footLeft -= textLen(e.Footer.Text)
	}
	var tail []*discordgo.MessageEmbedField
	for _, f := range footFields {
		name := truncate(f.name, min(maxFieldName, footLeft/4))
		value := truncate(f.value, min(maxFieldValue, footLeft-textLen(name)))
		if name == "" || strings.TrimSpace(value) == "" || len(tail) == 2 {
			break
		}
		tail = append(tail, &discordgo.MessageEmbedField{Name: name, Value: value})
		footLeft -= textLen(name) + textLen(value)
	}
	left -= footerBudget - footLeft

	pieces := split(r.Text, maxDescription)
	var body []field
	if len(pieces) > 0 {
		e.Description = truncate(pieces[0], min(maxDescription, left))
		left -= textLen(e.Description)
		if e.Description != pieces[0] {
			pieces = nil // cut short: the rest would not fit either
		}
		if len(pieces) > 1 {
			for _, p := range split(strings.Join(pieces[1:], "\n"), maxFieldValue) {
				body = append(body, field{name: blank, value: p})
			}
		}
	}
	for _, f := range r.Fields {
		name := truncate(strings.TrimSpace(f.Name), maxFieldName)
		if name == "" {
			name = blank
		}
		chunks := split(f.Value, maxFieldValue)
		if len(chunks) == 0 {
			chunks = []string{blank}
		}
		for i, c := range chunks {
			if i > 0 {
				name = blank
			}
			body = append(body, field{name: name, value: c, inline: f.Inline && len(chunks) == 1})
		}
	}

	slots := maxFields - len(tail)
	for _, f := range body {
		cost := textLen(f.name) + textLen(f.value)
		if len(e.Fields) == slots || cost > left {
			// Cut here: shorten this field into the room left, if that
			// room is worth a field, and mark the cut.
			room := left - textLen(f.name)
			if len(e.Fields) < slots && room >= 16 {
				e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: f.name, Value: truncate(f.value, room)})
			} else if n := len(e.Fields); n > 0 {
				last := e.Fields[n-1]
				if !strings.HasSuffix(last.Value, "…") && left >= 1 && textLen(last.Value) < maxFieldValue {
					last.Value += "…"
				}
			}
			break
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: f.name, Value: f.value, Inline: f.inline})
		left -= cost
	}
	e.Fields = append(e.Fields, tail...)

	if e.Title == "" && e.Description == "" && len(e.Fields) == 0 {
		e.Description = "…" // Discord refuses an empty embed
	}
	return e
}

// splitFooter separates what Discord can show as footer text, where it
// renders no Markdown, from lines with links or mentions, which become
// fields so they stay clickable. A line "Sources: [a](u) · [b](v)" becomes a field
// named Sources.
func splitFooter(s string) (text string, links []field) {
	var plain []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if mdLink.MatchString(line) || mdMention.MatchString(line) {
			f := field{name: blank, value: line}
			if name, value, ok := strings.Cut(line, ": "); ok && len(name) <= 32 && !strings.ContainsAny(name, "[]()`*_") {
				f = field{name: name, value: value}
			}
			links = append(links, f)
			continue
		}
		if line = strings.TrimSpace(mdDecorants.Replace(line)); line != "" {
			plain = append(plain, line)
		}
	}
	return strings.Join(plain, "\n"), links
}

// customID encodes a button as ids only; the click handler looks up the
// rest. The "sd:" prefix keeps other apps' components apart.
func customID(action, value string) string { return "sd:" + action + ":" + value }

func parseCustomID(id string) (action, value string, ok bool) {
	rest, ok := strings.CutPrefix(id, "sd:")
	if !ok {
		return "", "", false
	}
	action, value, _ = strings.Cut(rest, ":")
	return action, value, action != ""
}

// renderComponents lays out the reply's buttons in rows of five. Buttons whose ids would not fit
// custom_id, and duplicates (Discord refuses equal custom_ids), are left
// out rather than failing the message.
func renderComponents(r bot.Reply) []discordgo.MessageComponent {
	buttons := r.Buttons
	var rows []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	seen := make(map[string]bool, len(buttons))
	for _, b := range buttons {
		id := customID(b.Action, b.Value)
		if b.Action == "" || len(id) > maxCustomID || seen[id] {
			continue
		}
		seen[id] = true
		label := strings.TrimSpace(b.Label)
		if label == "" {
			label = b.Value
		}
		if label == "" {
			continue // Discord needs a label on a button without an emoji
		}
		style := discordgo.SecondaryButton
		if b.Primary {
			style = discordgo.PrimaryButton
		}
		row = append(row, discordgo.Button{Label: truncate(label, maxLabel), Style: style, CustomID: id})
		if len(row) == maxRowButtons {
			rows = append(rows, discordgo.ActionsRow{Components: row})
			row = nil
			if len(rows) == maxRows {
				return rows
			}
		}
	}
	if len(row) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	return rows
}

// messageData is a reply as an interaction message. No mentions are
// parsed, so text echoed from a user can never ping anyone.
func messageData(r bot.Reply) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{
		Embeds:          []*discordgo.MessageEmbed{renderEmbed(r)},
		Components:      renderComponents(r),
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	}
	if r.Ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}
