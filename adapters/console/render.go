// Package console renders bot replies for a terminal. The command line goes
// through the same bot path as the chat adapters, so what it prints is what
// a chat user would see, minus the platform's formatting.
package console

import (
	"encoding/json"
	"io"
	"regexp"
	"strings"

	"github.com/sdbot/sdbot/bot"
)

var (
	link = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
	bold = strings.NewReplacer("**", "", "__", "")
)

// plain turns the bot's Markdown into terminal text. A chat command the
// reply suggests ("`/sd list`") becomes the command line's ("sdbot list").
func plain(md string) string {
	md = strings.ReplaceAll(md, "`/sd ", "`sdbot ")
	md = link.ReplaceAllString(md, "$1 <$2>")
	md = bold.Replace(md)
	return strings.ReplaceAll(md, "`", "")
}

// Render writes a reply as plain text.
func Render(w io.Writer, r bot.Reply) error {
	var b strings.Builder
	if r.Title != "" {
		b.WriteString(plain(r.Title) + "\n")
		b.WriteString(strings.Repeat("=", min(len([]rune(plain(r.Title))), 72)) + "\n")
	}
	if r.Text != "" {
		b.WriteString(plain(r.Text) + "\n")
	}
	for _, f := range r.Fields {
		b.WriteString("\n" + plain(f.Name) + ":\n")
		for _, line := range strings.Split(plain(f.Value), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(r.Buttons) > 0 {
		var acts []string
		for _, btn := range r.Buttons {
			acts = append(acts, strings.TrimSpace("sdbot "+btn.Action+" "+btn.Value))
		}
		b.WriteString("\nSee also: " + strings.Join(acts, " | ") + "\n")
	}
	if r.Footer != "" {
		b.WriteString("\n" + plain(r.Footer) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// RenderJSON writes a reply as one indented JSON object.
func RenderJSON(w io.Writer, r bot.Reply) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
