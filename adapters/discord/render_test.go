package discord

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
)

// checkLimits fails the test if Discord would refuse the embed.
func checkLimits(t *testing.T, what string, e *discordgo.MessageEmbed) {
	t.Helper()
	total := textLen(e.Title) + textLen(e.Description)
	if n := textLen(e.Title); n > maxTitle {
		t.Errorf("%s: title %d > %d", what, n, maxTitle)
	}
	if n := textLen(e.Description); n > maxDescription {
		t.Errorf("%s: description %d > %d", what, n, maxDescription)
	}
	if len(e.Fields) > maxFields {
		t.Errorf("%s: %d fields > %d", what, len(e.Fields), maxFields)
	}
	for i, f := range e.Fields {
		if f.Name == "" || strings.TrimSpace(f.Value) == "" {
			t.Errorf("%s: field %d empty: %+v", what, i, f)
		}
		if n := textLen(f.Name); n > maxFieldName {
			t.Errorf("%s: field %d name %d > %d", what, i, n, maxFieldName)
		}
		if n := textLen(f.Value); n > maxFieldValue {
			t.Errorf("%s: field %d value %d > %d", what, i, n, maxFieldValue)
		}
		total += textLen(f.Name) + textLen(f.Value)
	}
	if e.Footer != nil {
		if n := textLen(e.Footer.Text); n > maxFooter || n == 0 {
			t.Errorf("%s: footer %d out of 1..%d", what, n, maxFooter)
		}
		total += textLen(e.Footer.Text)
	}
	if total > maxEmbed {
		t.Errorf("%s: embed total %d > %d", what, total, maxEmbed)
	}
	if e.Title == "" && e.Description == "" && len(e.Fields) == 0 {
		t.Errorf("%s: empty embed", what)
	}
}

func checkComponents(t *testing.T, what string, rows []discordgo.MessageComponent) {
	t.Helper()
	if len(rows) > maxRows {
		t.Errorf("%s: %d rows > %d", what, len(rows), maxRows)
	}
	seen := map[string]bool{}
	for _, row := range rows {
		buttons := row.(discordgo.ActionsRow).Components
		if len(buttons) == 0 || len(buttons) > maxRowButtons {
			t.Errorf("%s: row of %d buttons", what, len(buttons))
		}
		for _, c := range buttons {
			b := c.(discordgo.Button)
			if b.Label == "" || textLen(b.Label) > maxLabel || len(b.CustomID) > maxCustomID || seen[b.CustomID] {
				t.Errorf("%s: bad button %+v", what, b)
			}
			seen[b.CustomID] = true
		}
	}
}

// TestEveryCardFits renders every shipped card, the longest first, and
// checks Discord would accept each.
func TestEveryCardFits(t *testing.T) {
	b := realBot(t)
	cards := shipped.Set().Cards()
	longest, longestLen := "", 0
	for _, c := range cards {
		r := b.Handle(t.Context(), bot.Request{Command: "topic", Text: c.ID})
		if r.Kind != bot.KindAnswer {
			t.Fatalf("topic %s: %+v", c.ID, r)
		}
		n := textLen(r.Text) + textLen(r.Footer)
		for _, f := range r.Fields {
			n += textLen(f.Value)
		}
		if n > longestLen {
			longest, longestLen = c.ID, n
		}
		checkLimits(t, c.ID, renderEmbed(r))
		r.Ephemeral = true
		checkComponents(t, c.ID, renderComponents(r))
	}
	r := b.Handle(t.Context(), bot.Request{Command: "topic", Text: longest})
	e := renderEmbed(r)
	// The longest card is shown whole: nothing cut.
	if strings.Contains(e.Description, "…") || !strings.Contains(e.Description, strings.TrimSpace(strings.SplitN(r.Text, "\n", 2)[0])) {
		t.Errorf("longest card %s (%d characters) was cut: %q", longest, longestLen, e.Description)
	}
	t.Logf("longest card: %s, %d characters of text", longest, longestLen)
}

func TestRenderSplitsAndCuts(t *testing.T) {
	para := strings.Repeat("word ", 150) + "\n" // 751 characters a line
	tests := []struct {
		name  string
		reply bot.Reply
		check func(t *testing.T, e *discordgo.MessageEmbed)
	}{
		{"long text flows into fields", bot.Reply{Title: "T", Text: strings.Repeat(para, 8)}, func(t *testing.T, e *discordgo.MessageEmbed) {
			if len(e.Fields) < 2 || e.Fields[0].Name != blank {
				t.Errorf("want continuation fields, got %d", len(e.Fields))
			}
			if !strings.HasPrefix(e.Description, "word word") || strings.HasSuffix(e.Description, " wo") {
				t.Errorf("description not cut at a line: ...%q", e.Description[len(e.Description)-20:])
			}
		}},
		{"long field continues unnamed", bot.Reply{Fields: []bot.Field{{Name: "Key points", Value: strings.Repeat(para, 3)}}}, func(t *testing.T, e *discordgo.MessageEmbed) {
			if len(e.Fields) != 3 || e.Fields[0].Name != "Key points" || e.Fields[1].Name != blank {
				t.Errorf("fields = %d, first %q", len(e.Fields), e.Fields[0].Name)
			}
		}},
		{"too many fields", bot.Reply{Fields: manyFields(40, "v")}, func(t *testing.T, e *discordgo.MessageEmbed) {
			if len(e.Fields) != maxFields {
				t.Errorf("fields = %d; want %d", len(e.Fields), maxFields)
			}
		}},
		{"over 6000 in all", bot.Reply{Title: strings.Repeat("t", 300), Text: strings.Repeat(para, 20), Fields: manyFields(30, strings.Repeat("x", 1500)), Footer: strings.Repeat("f", 3000)}, func(t *testing.T, e *discordgo.MessageEmbed) {
			if !strings.HasSuffix(e.Title, "…") {
				t.Errorf("title not marked as cut")
			}
		}},
		{"footer links become a field", bot.Reply{Title: "T", Footer: "`id` · cat · level\nSources: [A](https://a.example) · [B](https://b.example)"}, func(t *testing.T, e *discordgo.MessageEmbed) {
			if e.Footer == nil || e.Footer.Text != "id · cat · level" {
				t.Errorf("footer = %+v", e.Footer)
			}
			if len(e.Fields) != 1 || e.Fields[0].Name != "Sources" || !strings.HasPrefix(e.Fields[0].Value, "[A](https://a.example)") {
				t.Errorf("fields = %+v", e.Fields)
			}
		}},
		{"empty field value", bot.Reply{Fields: []bot.Field{{Name: "n"}}}, nil},
		{"footer of Markdown only", bot.Reply{Title: "T", Footer: "``\n**"}, func(t *testing.T, e *discordgo.MessageEmbed) {
			if e.Footer != nil {
				t.Errorf("footer = %q; want none", e.Footer.Text)
			}
		}},
		{"empty reply", bot.Reply{}, nil},
		{"wide characters", bot.Reply{Title: strings.Repeat("😀", 300), Text: strings.Repeat("😀", 5000)}, func(t *testing.T, e *discordgo.MessageEmbed) {
			if !strings.HasPrefix(e.Title, "😀") || !strings.HasSuffix(e.Title, "…") {
				t.Errorf("title = %q", e.Title)
			}
		}},
		{"no spaces at all", bot.Reply{Text: strings.Repeat("x", 10000)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := renderEmbed(tt.reply)
			checkLimits(t, tt.name, e)
			if tt.check != nil {
				tt.check(t, e)
			}
		})
	}
}

func manyFields(n int, value string) []bot.Field {
	var fs []bot.Field
	for i := range n {
		fs = append(fs, bot.Field{Name: strings.Repeat("n", i%300), Value: value, Inline: i%2 == 0})
	}
	return fs
}

// TestRenderRandom throws random replies at the renderer; none may break
// a limit.
func TestRenderRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab c\n\n  é😀*`[x](y)")
	text := func(max int) string {
		n := rng.IntN(max + 1)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(rs)
	}
	for i := range 500 {
		r := bot.Reply{Title: text(400), Text: text(9000), Footer: text(3000), TopicID: text(120), Ephemeral: true}
		for range rng.IntN(30) {
			r.Fields = append(r.Fields, bot.Field{Name: text(300), Value: text(2500)})
		}
		for range rng.IntN(30) {
			r.Buttons = append(r.Buttons, bot.Button{Label: text(120), Action: "topic", Value: text(100)})
		}
		checkLimits(t, "random", renderEmbed(r))
		checkComponents(t, "random", renderComponents(r))
		if t.Failed() {
			b, _ := json.Marshal(r)
			t.Fatalf("reply %d: %s", i, b)
		}
	}
}

func TestButtonsLayout(t *testing.T) {
	r := bot.Reply{Ephemeral: true, TopicID: "cdn", Buttons: []bot.Button{{Label: "Share", Action: "share", Value: "cdn", Primary: true}}}
	for i := range 30 {
		r.Buttons = append(r.Buttons, bot.Button{Label: "Topic", Action: "topic", Value: strings.Repeat("x", i%7)})
	}
	r.Buttons = append(r.Buttons, bot.Button{Label: "long id", Action: "topic", Value: strings.Repeat("y", 200)})
	rows := renderComponents(r)
	checkComponents(t, "layout", rows)
	var ids []string
	for _, row := range rows {
		for _, c := range row.(discordgo.ActionsRow).Components {
			ids = append(ids, c.(discordgo.Button).CustomID)
		}
	}
	if len(ids) != 8 || ids[0] != "sd:share:cdn" || ids[1] != "sd:topic:" {
		t.Errorf("buttons = %v; want share then 7 distinct topics", ids)
	}
	if style := rows[0].(discordgo.ActionsRow).Components[0].(discordgo.Button).Style; style != discordgo.PrimaryButton {
		t.Errorf("share style = %v; want primary", style)
	}
}

func TestParseCustomID(t *testing.T) {
	tests := []struct {
		id, action, value string
		ok                bool
	}{
		{"sd:topic:cdn", "topic", "cdn", true},
		{"sd:share:a:b", "share", "a:b", true},
		{"sd:help", "help", "", true},
		{"sd:", "", "", false},
		{"other:topic:cdn", "", "", false},
	}
	for _, tt := range tests {
		a, v, ok := parseCustomID(tt.id)
		if a != tt.action || v != tt.value || ok != tt.ok {
			t.Errorf("parseCustomID(%q) = %q, %q, %v; want %q, %q, %v", tt.id, a, v, ok, tt.action, tt.value, tt.ok)
		}
	}
}
