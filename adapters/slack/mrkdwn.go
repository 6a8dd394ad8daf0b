package slack

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sdbot/sdbot/adapters/internal/text"
	"github.com/sdbot/sdbot/bot"
)

// The bot writes Markdown; Slack reads mrkdwn, which differs: *bold*,
// _italic_, ~strike~, <url|label> links, no headings, and &, < and > are
// control characters that must be sent as entities.
var (
	mdLink    = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	mdBold    = regexp.MustCompile(`\*\*(\S(?:.*?\S)?)\*\*|__(\S(?:.*?\S)?)__`)
	mdItalic  = regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`)
	mdStrike  = regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`)
	mdHeading = regexp.MustCompile(`^#{1,6}\s+(.+?)\s*#*$`)
	mdBullet  = regexp.MustCompile(`^(\s*)[-*+]\s+(.*)$`)

	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	urlEscape = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C")
	unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")
	plainer   = strings.NewReplacer("**", "", "__", "", "`", "")
)

// escape makes text safe to show verbatim in mrkdwn.
func escape(s string) string { return escaper.Replace(s) }

// plain strips the bot's Markdown for plain_text fields (headers, button
// labels), which Slack shows as typed.
func plain(md string) string {
	md = bot.RenderMentions(md, plainMention)
	md, lits := protect(md)
	return restore(plainer.Replace(mdLink.ReplaceAllString(md, "$1")), lits, false, false)
}

// The bot escapes Markdown in text users typed with backslashes (`\[`),
// which mrkdwn does not know. protect swaps each escaped character for a
// private-use rune that no rule below matches, so "[click me](!channel)"
// typed by a user never becomes a <!channel|click me> link; restore puts
// the characters back afterwards. Private-use runes already in the text
// are kept aside the same way, so they come back as they were.
const litBase = 0xF0000 // plane 15, private use

func protect(s string) (string, []string) {
	if !strings.Contains(s, `\`) && !strings.ContainsFunc(s, isLitRune) {
		return s, nil
	}
	var b strings.Builder
	var lits []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' && i+1 < len(s) && isEscapable(s[i+1]):
			lits = append(lits, s[i:i+2])
			i += 2
		case isLitRune(r):
			lits = append(lits, s[i:i+size])
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		b.WriteRune(litBase + rune(len(lits)-1))
	}
	return b.String(), lits
}

// restore undoes protect. An escaped character comes back bare in prose
// and in plain text, and with its backslash inside code, where Markdown
// keeps backslashes; esc makes it safe for mrkdwn.
func restore(s string, lits []string, code, esc bool) string {
	if len(lits) == 0 {
		return s
	}
	pairs := make([]string, 0, 2*len(lits))
	for i, l := range lits {
		if len(l) == 2 && l[0] == '\\' && !code {
			l = l[1:]
		}
		if esc {
			l = escape(l)
		}
		pairs = append(pairs, string(litBase+rune(i)), l)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// isEscapable reports whether a backslash before c escapes it: CommonMark
// allows it before any ASCII punctuation.
func isEscapable(c byte) bool {
	return c < utf8.RuneSelf && (unicode.IsPunct(rune(c)) || unicode.IsSymbol(rune(c)))
}

func isLitRune(r rune) bool { return r >= litBase && r <= 0x10FFFD }

// mentions writes the bot's mentions in mrkdwn: <@U…> and <#C…>, which
// Slack shows as names and links. Text is escaped before, so nothing else
// can make one.
func mentions(s string) string {
	return bot.RenderMentions(s, func(m bot.Mention) string {
		if m.Kind == bot.MentionChannel {
			return "<#" + m.ID + ">"
		}
		return "<@" + m.ID + ">"
	})
}

// plainMention writes a mention where Slack shows text as typed.
func plainMention(m bot.Mention) string {
	if m.Kind == bot.MentionChannel {
		return "#" + m.ID
	}
	return "@" + m.ID
}

// mrkdwn translates the bot's Markdown to Slack mrkdwn.
func mrkdwn(md string) string {
	lines := strings.Split(md, "\n")
	inFence := false
	for i, line := range lines {
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "```"):
			inFence = !inFence
			lines[i] = "```" // Slack has no language tags
		case inFence:
			lines[i] = escape(line)
		default:
			lines[i] = mentions(mrkdwnLine(line))
		}
	}
	return strings.Join(lines, "\n")
}

func mrkdwnLine(line string) string {
	// The rules below need a leading '#' or list marker; most lines have
	// neither, and skipping the regular expressions for them is a
	// measurable share of an answer's rendering.
	if strings.HasPrefix(line, "#") {
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			return "*" + escape(plain(m[1])) + "*"
		}
	}
	if t := strings.TrimLeftFunc(line, unicode.IsSpace); t != "" && strings.IndexByte("-*+", t[0]) >= 0 {
		if m := mdBullet.FindStringSubmatch(line); m != nil {
			return m[1] + "• " + inline(m[2])
		}
	}
	return inline(line)
}

// inline translates one line outside code blocks: code spans stay as
// they are (escaped), links become <url|label>, emphasis is rewritten.
func inline(s string) string {
	s, lits := protect(s)
	var b strings.Builder
	parts := strings.Split(s, "`")
	for i, p := range parts {
		switch {
		case i%2 == 1 && i < len(parts)-1: // a closed code span
			b.WriteString("`" + restore(escape(p), lits, true, true) + "`")
		case i%2 == 1: // an unmatched backtick: keep it literally
			b.WriteString("`" + restore(prose(p), lits, false, true))
		default:
			b.WriteString(restore(prose(p), lits, false, true))
		}
	}
	return b.String()
}

func prose(s string) string {
	var b strings.Builder
	if !strings.Contains(s, "](") {
		return emphasis(escape(s)) // no link in it
	}
	last := 0
	for _, m := range mdLink.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(emphasis(escape(s[last:m[0]])))
		label, target := s[m[2]:m[3]], s[m[4]:m[5]]
		b.WriteString("<" + urlEscape.Replace(target) + "|" + escape(plain(label)) + ">")
		last = m[1]
	}
	b.WriteString(emphasis(escape(s[last:])))
	return b.String()
}

func emphasis(s string) string {
	if !strings.ContainsAny(s, "*_~") {
		return s // most text: no rule can match
	}
	// Bold goes through a placeholder so the italic rule cannot see it.
	s = mdBold.ReplaceAllString(s, "\x00$1$2\x00")
	s = mdItalic.ReplaceAllString(s, "_${1}_")
	s = mdStrike.ReplaceAllString(s, "~${1}~")
	return strings.ReplaceAll(s, "\x00", "*")
}

// fence is the reserve a cut needs to close and reopen a code block.
const fence = "\n```"

// split cuts mrkdwn into pieces of at most max characters, preferring a
// paragraph break, then a line break, then a space, and never cutting
// inside a <link> or an &entity;. A single word longer than max is cut
// with a visible "…" so nothing is lost silently. A code block cut in two
// is closed and reopened.
func split(s string, max int) []string {
	var out []string
	for utf8.RuneCountInString(s) > max {
		head, rest := cut(s, runeOffset(s, max))
		if strings.Count(head, "```")%2 == 1 {
			head, rest = cut(s, runeOffset(s, max-utf8.RuneCountInString(fence)))
			if strings.Count(head, "```")%2 == 1 {
				head += fence
				rest = "```\n" + rest
			}
		}
		out = append(out, head)
		s = rest
	}
	if strings.TrimSpace(s) != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}

// cut splits s at the best boundary so that head is at most limit bytes.
func cut(s string, limit int) (head, rest string) {
	// A break right at the limit is as good as one before it.
	window := s[:min(limit+1, len(s))]
	for _, sep := range []string{"\n\n", "\n"} {
		if i := strings.LastIndex(window, sep); i > limit/2 {
			return strings.TrimRight(s[:i], " "), strings.TrimLeft(s[i:], "\n")
		}
	}
	for i := strings.LastIndex(window, " "); i > 0; i = strings.LastIndex(window[:i], " ") {
		if !insideToken(window, i) {
			return strings.TrimRight(s[:i], " "), s[i+1:]
		}
	}
	// No space to break at. Cut before a token that would straddle the
	// limit, or else inside the long word; either way mid-word, so say so.
	limit = runeOffset(s, utf8.RuneCountInString(s[:limit])-1)
	if start := tokenStart(s, limit); start > 0 {
		limit = start
	}
	head, rest = s[:limit], s[limit:]
	if r, _ := utf8.DecodeLastRuneInString(head); !unicode.IsSpace(r) {
		head += "…"
	}
	return head, rest
}

// tokenStart returns where the <link> or &entity; containing byte offset
// i of s begins, or -1 when i is not inside one.
func tokenStart(s string, i int) int {
	if open := strings.LastIndex(s[:i], "<"); open > strings.LastIndex(s[:i], ">") {
		return open
	}
	if amp := strings.LastIndex(s[:i], "&"); amp >= 0 && i-amp < len("&amp;") && !strings.Contains(s[amp:i], ";") {
		return amp
	}
	return -1
}

// insideToken reports whether byte offset i of s falls inside a <link> or
// an &entity; that must stay whole.
func insideToken(s string, i int) bool { return tokenStart(s, i) >= 0 }

// runeOffset returns the byte offset of the n-th rune of s (len(s) if s
// is shorter).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// clip shortens plain text to max characters for fields Slack would
// otherwise reject, at a word boundary and with a visible "…".
func clip(s string, max int) string { return text.Clip(s, max, text.Runes) }
