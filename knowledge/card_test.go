package knowledge

import (
	"fmt"
	"strings"
	"testing"
)

// validCard returns the text of a card that passes validation; tests
// mutate it to provoke one error at a time.
func validCard(id string) string {
	filler := strings.Repeat("Words that fill the section so the body reaches its minimum length. ", 6)
	return fmt.Sprintf(`---
id: %s
title: Test topic %s
category: databases
aliases: [tt]
tags: [testing]
level: beginner
summary: A short summary that stands alone.
related: [other-one, other-two]
questions:
  - how does the test topic work
  - why would I use the test topic
  - what does the test topic cost
sources:
  - title: Example source
    url: https://example.com/source
quiz:
  - question: "Which is right?"
    choices: ["a", "b", "c", "d"]
    answer: 2
    explain: "Because c is right."
  - question: "Which is wrong?"
    choices: ["a", "b"]
    answer: 0
    explain: "Because a is wrong."
  - question: "Which is longest?"
    choices: ["four", "three", "two"]
    answer: 1
    explain: "Because three has five letters."
---
## How it works
%s
## When to use it
%s
## Trade-offs
%s
## Key points
- one point
- another point
`, id, id, filler, filler, filler)
}

func TestParseValidCard(t *testing.T) {
	c, err := parseCard("databases/test-topic.md", []byte(validCard("test-topic")))
	if err != nil {
		t.Fatalf("parseCard: %v", err)
	}
	if errs := c.Validate(); len(errs) != 0 {
		t.Fatalf("Validate() = %v; want no errors", errs)
	}
	if c.ID != "test-topic" || c.Quiz[0].Answer != 2 || len(c.Questions) != 3 {
		t.Errorf("parsed card = %+v", c)
	}
	if got := c.KeyPoints(); len(got) != 2 || got[0] != "one point" {
		t.Errorf("KeyPoints() = %q; want [one point another point]", got)
	}
	crlf := strings.ReplaceAll(validCard("test-topic"), "\n", "\r\n")
	if c, err := parseCard("databases/test-topic.md", []byte(crlf)); err != nil || len(c.Validate()) != 0 {
		t.Errorf("CRLF card: err %v, problems %v", err, c.Validate())
	}
}

func TestCardErrors(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		mutate func(string) string
		want   string // a fragment of the reason
	}{
		{"no front matter", "", func(s string) string { return strings.TrimPrefix(s, "---\n") }, "missing front matter"},
		{"unclosed front matter", "", func(s string) string { return strings.Replace(s, "\n---\n## How", "\n## How", 1) }, "not closed"},
		{"unknown key", "", func(s string) string { return strings.Replace(s, "level:", "colour: red\nlevel:", 1) }, "field colour not found"},
		{"wrong type", "", func(s string) string { return strings.Replace(s, "answer: 2", "answer: two", 1) }, "cannot unmarshal"},
		{"missing id", "", func(s string) string { return strings.Replace(s, "id: test-topic\n", "", 1) }, "id is missing"},
		{"bad id", "databases/Bad_Id.md", func(s string) string { return strings.Replace(s, "id: test-topic", "id: Bad_Id", 1) }, "lowercase"},
		{"file name", "databases/other.md", nil, "file name must be test-topic.md"},
		{"category", "", func(s string) string { return strings.Replace(s, "category: databases", "category: cooking", 1) }, `category "cooking"`},
		{"level", "", func(s string) string { return strings.Replace(s, "level: beginner", "level: guru", 1) }, `level "guru"`},
		{"summary missing", "", func(s string) string {
			return strings.Replace(s, "summary: A short summary that stands alone.", "summary: \"\"", 1)
		}, "summary is missing"},
		{"summary long", "", func(s string) string {
			return strings.Replace(s, "A short summary that stands alone.", strings.Repeat("long ", 60), 1)
		}, "summary is"},
		{"no tags", "", func(s string) string { return strings.Replace(s, "tags: [testing]", "tags: []", 1) }, "tags"},
		{"few questions", "", func(s string) string { return strings.Replace(s, "  - what does the test topic cost\n", "", 1) }, "questions: 2 given"},
		{"few related", "", func(s string) string { return strings.Replace(s, "[other-one, other-two]", "[other-one]", 1) }, "related: 1 given"},
		{"self related", "", func(s string) string { return strings.Replace(s, "other-two]", "test-topic]", 1) }, "itself"},
		{"no sources", "", func(s string) string {
			return strings.Replace(s, "  - title: Example source\n    url: https://example.com/source\n", "", 1)
		}, "at least one source"},
		{"bad url", "", func(s string) string { return strings.Replace(s, "https://example.com/source", "example.com", 1) }, "must start with https://"},
		{"one quiz", "", func(s string) string {
			i := strings.Index(s, "  - question: \"Which is wrong?\"")
			j := strings.Index(s, "---\n## How")
			return s[:i] + s[j:]
		}, "quiz: 1 question given; want at least 3"},
		{"right choice long", "", func(s string) string {
			return strings.Replace(s, `["four", "three", "two"]`, `["four", "three, the longest by far", "two"]`, 1)
		}, "more than 1.5 times the longest wrong one"},
		{"answer range", "", func(s string) string { return strings.Replace(s, "answer: 2", "answer: 4", 1) }, "out of range"},
		{"sections", "", func(s string) string { return strings.Replace(s, "## Trade-offs", "## Costs", 1) }, "body sections"},
		{"body short", "", func(s string) string {
			i := strings.Index(s, "## How it works")
			return s[:i] + "## How it works\nShort.\n## When to use it\nShort.\n## Trade-offs\nShort.\n## Key points\n- one\n"
		}, "body is"},
		{"body long", "", func(s string) string { return strings.Replace(s, "- one point", strings.Repeat("word ", 400), 1) }, "body is"},
		{"wide diagram", "", func(s string) string {
			return strings.Replace(s, "## When to use it", "```\n"+strings.Repeat("-", 70)+"\n```\n## When to use it", 1)
		}, "wider than 60"},
		{"key point not a bullet", "", func(s string) string {
			return strings.Replace(s, "- another point", "- another point\n\nA loose sentence.", 1)
		}, "key points: every point must be a bullet"},
		{"not utf8", "", func(s string) string { return s + "\xff\xfe" }, "UTF-8"},
		{"too big", "", func(s string) string { return s + strings.Repeat("x", maxCardBytes) }, "limit is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = "databases/test-topic.md"
			}
			text := validCard("test-topic")
			if tt.mutate != nil {
				text = tt.mutate(text)
			}
			c, err := parseCard(path, []byte(text))
			var errs []error
			if err != nil {
				errs = []error{err}
			} else {
				errs = c.Validate()
			}
			if len(errs) == 0 {
				t.Fatalf("no error; want one containing %q", tt.want)
			}
			found := false
			for _, e := range errs {
				if !strings.HasPrefix(e.Error(), path+": ") {
					t.Errorf("error %q does not name the file %s", e, path)
				}
				if strings.Contains(e.Error(), tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("errors = %v; want one containing %q", errs, tt.want)
			}
		})
	}
}

func TestBodyWords(t *testing.T) {
	body := "## How it works\nOne two three.\n```\nnot counted here\n```\n- four `five`\n| six | 7 |\n"
	if got := bodyWords(body); got != 7 {
		t.Errorf("bodyWords() = %d; want 7", got)
	}
}

func TestSection(t *testing.T) {
	c := &Card{Body: "## How it works\nA\n\n## Key points\n- x\n* y, wrapped\n  onto a second line\n\nnot a point"}
	if got := c.KeyPoints(); len(got) != 2 || got[1] != "y, wrapped onto a second line" {
		t.Errorf("KeyPoints() = %q; want [x, y wrapped onto a second line]", got)
	}
	if got := c.Section("how it works"); got != "A" {
		t.Errorf("Section(how it works) = %q; want A", got)
	}
	if got := c.Section("Trade-offs"); got != "" {
		t.Errorf("Section(missing) = %q; want empty", got)
	}
}
