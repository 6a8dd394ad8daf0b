// Package console renders bot replies for a terminal. The command line goes
// through the same bot path as the chat adapters, so what it prints is what
// a chat user would see, minus the platform's formatting.
package console

import (
	"encoding/json"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/sdbot/sdbot/bot"
)

var (
	link = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
	bold = strings.NewReplacer("**", "", "__", "")
	// bullet is the marker of a list item, which wrapped lines hang under.
	bullet = regexp.MustCompile(`^\s*(?:[-*•]|\d+\.)\s+`)
	// escaped is a character the bot escaped because a user typed it.
	escaped = regexp.MustCompile(`\\([[:punct:]])`)
)

// plain turns the bot's Markdown into terminal text. A chat command the
// reply suggests ("`/sd list`") becomes the command line's ("sdbot list").
func plain(md string) string {
	md = bot.RenderMentions(md, func(m bot.Mention) string {
		if m.Kind == bot.MentionChannel {
			return "#" + m.ID
		}
		return "@" + m.ID
	})
	md = strings.ReplaceAll(md, "`/sd ", "`sdbot ")
	// Escaped characters are kept aside so no rule below touches them.
	var lits []string
	md = escaped.ReplaceAllStringFunc(md, func(m string) string {
		lits = append(lits, m[1:])
		return "\x00"
	})
	md = link.ReplaceAllString(md, "$1 <$2>")
	md = bold.Replace(md)
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "```") { // fences stay for wrap
			lines[i] = strings.ReplaceAll(l, "`", "")
		}
	}
	md = strings.Join(lines, "\n")
	for _, l := range lits {
		md = strings.Replace(md, "\x00", l, 1)
	}
	return md
}

// Render writes a reply as plain text wrapped to the terminal's width
// (COLUMNS, or 80 columns when it is unknown).
func Render(w io.Writer, r bot.Reply) error {
	return RenderWidth(w, r, terminalWidth())
}

// RenderWidth writes a reply as plain text wrapped to width columns.
// Diagrams and tables (fenced blocks) keep their lines as drawn.
func RenderWidth(w io.Writer, r bot.Reply, width int) error {
	var b strings.Builder
	if r.Title != "" {
		b.WriteString(plain(r.Title) + "\n")
		b.WriteString(strings.Repeat("=", min(len([]rune(plain(r.Title))), width)) + "\n")
	}
	if r.Text != "" {
		b.WriteString(wrap(plain(r.Text), width, ""))
	}
	for _, f := range r.Fields {
		b.WriteString("\n" + plain(f.Name) + ":\n")
		b.WriteString(wrap(plain(f.Value), width, "  "))
	}
	if len(r.Buttons) > 0 {
		var acts []string
		for _, btn := range r.Buttons {
			acts = append(acts, strings.TrimSpace("sdbot "+btn.Action+" "+btn.Value))
		}
		line := "See also: " + strings.Join(acts, " | ")
		if len([]rune(line)) > width { // one per line rather than a command broken in two
			line = "See also:\n  " + strings.Join(acts, "\n  ")
		}
		b.WriteString("\n" + line + "\n")
	}
	if r.Footer != "" {
		b.WriteString("\n" + wrap(plain(r.Footer), width, ""))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// terminalWidth is the width the shell says the terminal has, or 80.
func terminalWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 20 {
		return n
	}
	return 80
}

// wrap breaks each line of text at spaces so that it fits width columns,
// with indent before every line; a list item's wrapped lines hang under
// its text. Lines inside fenced blocks are kept whole, fences dropped.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced || line == "" {
			b.WriteString(strings.TrimRight(indent+line, " ") + "\n")
			continue
		}
		hang := indent
		if m := bullet.FindString(line); m != "" {
			hang += strings.Repeat(" ", len([]rune(m)))
		}
		b.WriteString(indent + WrapWords(line, len([]rune(indent)), width, hang) + "\n")
	}
	return b.String()
}

// WrapWords breaks text at spaces into lines that end by column width: the
// first word starts at column start (after whatever the caller already
// wrote on that line), and every further line starts with indent. A word
// longer than a line (a URL) is left whole.
func WrapWords(text string, start, width int, indent string) string {
	var b strings.Builder
	col := start
	for i, word := range strings.Fields(text) {
		n := len([]rune(word))
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n" + indent)
			col = len([]rune(indent))
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}

// RenderJSON writes a reply as one indented JSON object.
func RenderJSON(w io.Writer, r bot.Reply) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
