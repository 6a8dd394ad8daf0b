package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/sdbot/sdbot/bot"
)

func TestMrkdwn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{"already &amp; escaped", "already &amp;amp; escaped"},
		{"<!channel> <@U1>", "&lt;!channel&gt; &lt;@U1&gt;"},
		{"**bold** and *italic*", "*bold* and _italic_"},
		{"__bold__ and ~~gone~~", "*bold* and ~gone~"},
		{"2 * 3 * 4", "2 * 3 * 4"},
		{"[Bloom 1970](https://doi.org/10.1145/362686.362692)", "<https://doi.org/10.1145/362686.362692|Bloom 1970>"},
		{"[a <b> & **c**](https://x.org/?a=1&b=2|3)", "<https://x.org/?a=1&amp;b=2%7C3|a &lt;b&gt; &amp; c>"},
		{"see `a<b && **c**` now", "see `a&lt;b &amp;&amp; **c**` now"},
		{"one ` stray", "one ` stray"},
		{"## How it works", "*How it works*"},
		{"## A & B", "*A &amp; B*"},
		{"- item **x**\n  * nested", "• item *x*\n  • nested"},
		{"• already a bullet", "• already a bullet"},
		{"```go\nif a < b && c {\n**not bold**\n```", "```\nif a &lt; b &amp;&amp; c {\n**not bold**\n```"},
		{"`/sd ask <question>`", "`/sd ask &lt;question&gt;`"},
		// Text the bot escaped because a user typed it shows as typed.
		{`no topic "\[click me\]\(!channel\)"`, `no topic "[click me](!channel)"`},
		{`"\[boss\]\(\@U0VICTIM1\)"`, `"[boss](@U0VICTIM1)"`},
		{`"\<!here\> a \& b"`, `"&lt;!here&gt; a &amp; b"`},
		{`"\*\*x\*\*" and **real bold**`, `"**x**" and *real bold*`},
		{"`a\\.b` and a\\.b", "`a\\.b` and a.b"}, // backslashes stay inside code
		{`"\` + "`" + `x\` + "`" + `" then ` + "`code`", `"` + "`" + `x` + "`" + `" then ` + "`code`"},
		{"private \U000F0000 use", "private \U000F0000 use"},
	}
	for _, tt := range tests {
		if got := mrkdwn(tt.in); got != tt.want {
			t.Errorf("mrkdwn(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlain(t *testing.T) {
	if got, want := plain("**A** [b](https://x) `c` & <d>"), "A b c & <d>"; got != want {
		t.Errorf("plain = %q; want %q", got, want)
	}
	if got, want := plain(`\[b\]\(https://x\) \*\*A\*\*`), "[b](https://x) **A**"; got != want {
		t.Errorf("plain = %q; want %q", got, want)
	}
}

func TestSplit(t *testing.T) {
	para := strings.TrimSpace(strings.Repeat("word ", 10)) // 49 characters
	tests := []struct {
		name string
		in   string
		max  int
		want []string // nil: only check the invariants
	}{
		{"fits", para, 60, []string{para}},
		{"paragraphs", para + "\n\n" + para, 60, []string{para, para}},
		{"lines", para + "\n" + para, 60, []string{para, para}},
		{"words", para, 20, []string{"word word word", "word word word", "word word word", "word"}},
		{"long word", strings.Repeat("x", 45), 20, []string{strings.Repeat("x", 19) + "…", strings.Repeat("x", 19) + "…", strings.Repeat("x", 7)}},
		{"link kept whole", "see <https://e.org|the paper here> and more text", 30, []string{"see", "<https://e.org|the paper here>", "and more text"}},
		{"entity kept whole", strings.Repeat("&amp;", 10), 24, []string{"&amp;&amp;&amp;&amp;…", "&amp;&amp;&amp;&amp;…", "&amp;&amp;"}},
		{"code block", "```\n" + strings.Repeat("line of code\n", 8) + "```", 60, nil},
		{"unicode", strings.Repeat("日本語 ", 40), 25, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := split(tt.in, tt.max)
			for _, p := range got {
				if n := utf8.RuneCountInString(p); n > tt.max {
					t.Errorf("piece of %d characters > %d: %q", n, tt.max, p)
				}
				if strings.Count(p, "```")%2 != 0 {
					t.Errorf("piece leaves a code block open: %q", p)
				}
				if !utf8.ValidString(p) {
					t.Errorf("piece is not valid UTF-8: %q", p)
				}
			}
			if tt.want != nil && fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("split(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
			// Nothing is lost: the words come back in order, code
			// fences and cut markers aside.
			clean := func(s string) string {
				s = strings.ReplaceAll(s, "```", " ")
				return strings.Join(strings.Fields(s), " ")
			}
			joined := strings.ReplaceAll(strings.Join(got, " "), "…", "")
			if tt.name == "long word" || tt.name == "entity kept whole" {
				joined = strings.ReplaceAll(strings.Join(got, ""), "…", "")
			}
			if clean(joined) != clean(tt.in) {
				t.Errorf("split lost text:\n got %q\nwant %q", clean(joined), clean(tt.in))
			}
		})
	}
}

// checkLimits fails the test where a message breaks a Block Kit limit.
func checkLimits(t *testing.T, name string, blocks []slack.Block) {
	t.Helper()
	runes := utf8.RuneCountInString
	if len(blocks) > maxBlocks {
		t.Errorf("%s: %d blocks > %d", name, len(blocks), maxBlocks)
	}
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if runes(b.Text.Text) > maxHeaderText {
				t.Errorf("%s: header of %d characters", name, runes(b.Text.Text))
			}
		case *slack.SectionBlock:
			if n := runes(b.Text.Text); n > maxSectionText || n == 0 {
				t.Errorf("%s: section of %d characters", name, n)
			}
		case *slack.ContextBlock:
			if n := len(b.ContextElements.Elements); n > maxContextElements {
				t.Errorf("%s: %d context elements", name, n)
			}
			for _, e := range b.ContextElements.Elements {
				if n := runes(e.(*slack.TextBlockObject).Text); n > maxSectionText {
					t.Errorf("%s: context text of %d characters", name, n)
				}
			}
		case *slack.ActionBlock:
			if n := len(b.Elements.ElementSet); n > maxActionElements {
				t.Errorf("%s: %d buttons", name, n)
			}
			ids := map[string]bool{}
			for _, e := range b.Elements.ElementSet {
				btn := e.(*slack.ButtonBlockElement)
				if runes(btn.Text.Text) > maxButtonText || len(btn.Value) > maxButtonValue || ids[btn.ActionID] {
					t.Errorf("%s: bad button %+v", name, btn)
				}
				ids[btn.ActionID] = true
			}
		default:
			t.Errorf("%s: unexpected block %T", name, b)
		}
	}
}

func TestRenderEveryCardWithinLimits(t *testing.T) {
	b := realBot(t)
	var longest string
	var most int
	for _, c := range shipped.Set().Cards() {
		r := b.Handle(context.Background(), bot.Request{Command: "topic", Text: c.ID})
		if r.Kind != bot.KindAnswer {
			t.Fatalf("topic %s: %+v", c.ID, r)
		}
		blocks := render(r)
		checkLimits(t, c.ID, blocks)
		if n := len(r.Text) + len(r.Footer); n > most {
			longest, most = c.ID, n
		}
	}
	// The longest card, with its whole body as the passage, the worst a
	// real answer gets.
	c, _ := shipped.Set().Card(longest)
	r := b.Handle(context.Background(), bot.Request{Command: "topic", Text: c.ID})
	r.Text += "\n\n" + c.Body
	checkLimits(t, "longest card with body", render(r))
	v := view(render(r))
	if !strings.Contains(v.text(), "*How it works*") {
		t.Errorf("body headings not translated:\n%s", v.text())
	}
}

func TestRenderReply(t *testing.T) {
	r := bot.Reply{
		Title:   "Bloom filters & **friends**",
		Text:    "A **compact** set: `x < y`.",
		Fields:  []bot.Field{{Name: "Key points", Value: "• one\n• two"}},
		Buttons: []bot.Button{{Label: "LSM tree", Action: "topic", Value: "lsm-tree"}},
		Footer:  "`bloom-filter` · databases\nSources: [Bloom 1970](https://doi.org/10.1145/362686.362692)",
		TopicID: "bloom-filter",
	}
	tests := []struct {
		name    string
		buttons []bot.Button
		actions []string
	}{
		{"ephemeral answer", []bot.Button{{Label: "Share in channel", Action: "share", Value: "bloom-filter", Primary: true}}, []string{"share:bloom-filter", "topic:lsm-tree"}},
		{"channel post", nil, []string{"topic:lsm-tree"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := r
			r.Buttons = append(tt.buttons, r.Buttons...)
			v := view(render(r))
			if v.header != "Bloom filters & friends" {
				t.Errorf("header = %q", v.header)
			}
			want := []string{"A *compact* set: `x &lt; y`.", "*Key points*\n• one\n• two"}
			if fmt.Sprint(v.sections) != fmt.Sprint(want) {
				t.Errorf("sections = %q; want %q", v.sections, want)
			}
			wantCtx := "`bloom-filter` · databases\nSources: <https://doi.org/10.1145/362686.362692|Bloom 1970>"
			if len(v.context) != 1 || v.context[0] != wantCtx {
				t.Errorf("context = %q; want %q", v.context, wantCtx)
			}
			if fmt.Sprint(v.actions()) != fmt.Sprint(tt.actions) {
				t.Errorf("buttons = %v; want %v", v.actions(), tt.actions)
			}
		})
	}
	if got := fallback(r); got != "Bloom filters &amp; friends" {
		t.Errorf("fallback = %q", got)
	}
}

func TestRenderTooLongIsShortenedVisibly(t *testing.T) {
	var paras []string
	for i := range 200 {
		paras = append(paras, fmt.Sprintf("Paragraph %d. %s", i, strings.TrimSpace(strings.Repeat("lorem ipsum dolor sit amet ", 40))))
	}
	r := bot.Reply{Title: strings.Repeat("very long title ", 20), Text: strings.Join(paras, "\n\n"), TopicID: "x", Footer: "small print"}
	for range 30 {
		r.Buttons = append(r.Buttons, bot.Button{Label: strings.Repeat("label ", 20), Action: "topic", Value: "x"})
	}
	blocks := render(r)
	checkLimits(t, "huge reply", blocks)
	v := view(blocks)
	if len(blocks) != maxBlocks || !strings.Contains(v.sections[len(v.sections)-1], "more parts were left out") {
		t.Errorf("%d blocks, last section %q; want 50 with a notice", len(blocks), v.sections[len(v.sections)-1])
	}
	if !strings.HasSuffix(v.header, "…") {
		t.Errorf("clipped header %q has no marker", v.header)
	}
	for _, s := range v.sections[:len(v.sections)-1] {
		if !strings.HasSuffix(s, "amet") {
			t.Errorf("section cut mid-word: …%q", s[len(s)-20:])
		}
	}
}

func BenchmarkRender(b *testing.B) {
	r := realBot(b).Handle(context.Background(), bot.Request{Command: "ask", Text: "how does consistent hashing work"})
	for b.Loop() {
		render(r)
	}
}
