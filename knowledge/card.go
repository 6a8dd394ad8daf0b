// Package knowledge loads, validates, indexes and searches the topic cards
// that sdbot answers from. It knows nothing of chat platforms: the bot and
// the adapters build on what it returns.
package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// categories are the card categories of the catalog, in display order.
var categories = []string{
	"databases", "caching", "distributed-systems", "architecture", "networking",
	"security", "payments", "operating-systems", "devops", "case-studies", "interviews",
}

// Categories returns the card categories of the catalog, in display
// order. The slice is a copy: callers cannot change the catalog's.
func Categories() []string { return slices.Clone(categories) }

// IsCategory reports whether name is one of the catalog's categories.
func IsCategory(name string) bool { return slices.Contains(categories, name) }

// CaseStudy reports whether the card is a case study: the design of one
// product or system, as opposed to a concept or building block.
func (c *Card) CaseStudy() bool { return c.Category == "case-studies" }

// DesignTitled reports whether the card's title names a design
// ("Design a chat system", "Designing a stock exchange"), whatever its
// category.
func (c *Card) DesignTitled() bool {
	return strings.HasPrefix(strings.ToLower(c.Title), "design")
}

// levels are the difficulty levels a card may declare.
var levels = []string{"beginner", "intermediate", "advanced"}

// sections are the body's headings, in order. The second may instead be
// "Why it matters" for a concept card.
var sections = []string{"How it works", "When to use it", "Trade-offs", "Key points"}

// Limits a card must respect (see CARDS.md).
const (
	maxSummary   = 280
	minBodyWords = 180
	maxBodyWords = 450
	minQuestions = 3
	maxQuestions = 6
	minRelated   = 2
	maxRelated   = 6
	minQuiz      = 3
	// maxRightRatio bounds a quiz item's right choice against its longest
	// wrong one, so the answer cannot be spotted by its length.
	maxRightRatio = 1.5
	maxCardBytes  = 64 << 10
	maxDiagram    = 60
)

// Card is one topic: front matter plus a Markdown body.
type Card struct {
	ID        string   `yaml:"id" json:"id"`
	Title     string   `yaml:"title" json:"title"`
	Category  string   `yaml:"category" json:"category"`
	Aliases   []string `yaml:"aliases" json:"aliases,omitempty"`
	Tags      []string `yaml:"tags" json:"tags,omitempty"`
	Level     string   `yaml:"level" json:"level"`
	Summary   string   `yaml:"summary" json:"summary"`
	Related   []string `yaml:"related" json:"related,omitempty"`
	Questions []string `yaml:"questions" json:"questions,omitempty"`
	Sources   []Source `yaml:"sources" json:"sources,omitempty"`
	Quiz      []Quiz   `yaml:"quiz" json:"quiz,omitempty"`

	// Body is the Markdown after the front matter.
	Body string `yaml:"-" json:"body,omitempty"`
	// Path is where the card was loaded from, for error messages.
	Path string `yaml:"-" json:"-"`
	// Pack is the pack directory the card came from; empty when embedded.
	Pack string `yaml:"-" json:"-"`
}

// Source is a reference a card cites.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// lengths returns the length in characters of the right choice and of the
// longest wrong one. The answer must be in range.
func (q Quiz) lengths() (right, longestWrong int) {
	for i, c := range q.Choices {
		n := utf8.RuneCountInString(c)
		if i == q.Answer {
			right = n
		} else {
			longestWrong = max(longestWrong, n)
		}
	}
	return right, longestWrong
}

// Quiz is one multiple-choice question about a card.
type Quiz struct {
	Question string   `yaml:"question" json:"question"`
	Choices  []string `yaml:"choices" json:"choices"`
	Answer   int      `yaml:"answer" json:"answer"`
	Explain  string   `yaml:"explain" json:"explain"`
}

// CardError says which card file is wrong and why.
type CardError struct {
	Path   string
	Reason string
}

func (e *CardError) Error() string { return e.Path + ": " + e.Reason }

var (
	idPattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	headingPattern = regexp.MustCompile(`(?m)^##[ \t]+(.+?)[ \t]*$`)
)

// splitFences separates a Markdown body into the lines outside fenced
// blocks and the fenced blocks themselves (each with its fence lines).
func splitFences(body string) (prose string, blocks []string) {
	var out, block []string
	in := false
	for _, line := range strings.Split(body, "\n") {
		fence := strings.HasPrefix(strings.TrimSpace(line), "```")
		switch {
		case in:
			block = append(block, line)
			if fence {
				blocks = append(blocks, strings.Join(block, "\n"))
				block, in = nil, false
			}
		case fence:
			block, in = []string{line}, true
		default:
			out = append(out, line)
		}
	}
	if in { // an unclosed fence: treat it as prose, as Markdown does
		out = append(out, block...)
	}
	return strings.Join(out, "\n"), blocks
}

// parseCard reads one card file. path is used in errors only. The card is
// parsed but not validated; see Validate.
func parseCard(path string, data []byte) (*Card, error) {
	bad := func(format string, a ...any) error {
		return &CardError{Path: path, Reason: fmt.Sprintf(format, a...)}
	}
	if len(data) > maxCardBytes {
		return nil, bad("file is %d bytes; the limit is %d", len(data), maxCardBytes)
	}
	if !utf8.Valid(data) {
		return nil, bad("file is not valid UTF-8")
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, bad("missing front matter: the file must start with a line \"---\"")
	}
	rest := data[4:]
	end := bytes.Index(rest, []byte("\n---\n"))
	var front, body []byte
	switch {
	case end >= 0:
		front, body = rest[:end], rest[end+5:]
	case bytes.HasSuffix(rest, []byte("\n---")):
		front = rest[:len(rest)-4]
	default:
		return nil, bad("front matter is not closed by a line \"---\"")
	}
	var c Card
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, bad("front matter: %s", yamlReason(err))
	}
	c.Body = strings.TrimSpace(string(body))
	c.Path = path
	return &c, nil
}

func yamlReason(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// Validate checks one card on its own: required fields, limits, body
// sections and quiz answers. Cross-card rules (unique ids, related ids that
// exist) are checked by the Set. It returns every problem found.
func (c *Card) Validate() []error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, &CardError{Path: c.Path, Reason: fmt.Sprintf(format, a...)})
	}
	switch {
	case c.ID == "":
		bad("id is missing")
	case !idPattern.MatchString(c.ID):
		bad("id %q must be lowercase letters, digits and single dashes", c.ID)
	case c.Path != "" && baseName(c.Path) != c.ID+".md":
		bad("file name must be %s.md to match the id", c.ID)
	}
	if strings.TrimSpace(c.Title) == "" {
		bad("title is missing")
	}
	if !IsCategory(c.Category) {
		bad("category %q is not one of %s", c.Category, strings.Join(categories, ", "))
	}
	if !slices.Contains(levels, c.Level) {
		bad("level %q is not one of %s", c.Level, strings.Join(levels, ", "))
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(c.Summary)); {
	case n == 0:
		bad("summary is missing")
	case n > maxSummary:
		bad("summary is %d characters; the limit is %d", n, maxSummary)
	}
	if len(c.Tags) == 0 {
		bad("tags: at least one tag is needed")
	}
	for _, list := range [][]string{c.Aliases, c.Tags, c.Questions, c.Related} {
		for _, s := range list {
			if strings.TrimSpace(s) == "" {
				bad("empty entry in aliases, tags, questions or related")
			}
		}
	}
	if n := len(c.Questions); n < minQuestions || n > maxQuestions {
		bad("questions: %d given; want %d to %d", n, minQuestions, maxQuestions)
	}
	if n := len(c.Related); n < minRelated || n > maxRelated {
		bad("related: %d given; want %d to %d", n, minRelated, maxRelated)
	}
	for _, r := range c.Related {
		if r == c.ID {
			bad("related: a card cannot relate to itself")
		}
	}
	if len(c.Sources) == 0 {
		bad("sources: at least one source is needed")
	}
	for i, s := range c.Sources {
		if strings.TrimSpace(s.Title) == "" {
			bad("sources[%d]: title is missing", i)
		}
		if !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
			bad("sources[%d]: url %q must start with https://", i, s.URL)
		}
	}
	if len(c.Quiz) < minQuiz {
		noun := "questions"
		if len(c.Quiz) == 1 {
			noun = "question"
		}
		bad("quiz: %d %s given; want at least %d", len(c.Quiz), noun, minQuiz)
	}
	for i, q := range c.Quiz {
		if strings.TrimSpace(q.Question) == "" {
			bad("quiz[%d]: question is missing", i)
		}
		if len(q.Choices) < 2 {
			bad("quiz[%d]: at least two choices are needed", i)
		}
		if q.Answer < 0 || q.Answer >= len(q.Choices) {
			bad("quiz[%d]: answer %d is out of range for %d choices", i, q.Answer, len(q.Choices))
		} else if right, longest := q.lengths(); len(q.Choices) > 1 && float64(right) > maxRightRatio*float64(longest) {
			bad("quiz[%d]: the right choice (%d characters) is more than %.1f times the longest wrong one (%d): make the choices alike in length", i, right, maxRightRatio, longest)
		}
		if strings.TrimSpace(q.Explain) == "" {
			bad("quiz[%d]: explain is missing", i)
		}
	}
	errs = append(errs, c.validateBody()...)
	return errs
}

func (c *Card) validateBody() []error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, &CardError{Path: c.Path, Reason: fmt.Sprintf(format, a...)})
	}
	var heads []string
	prose, blocks := splitFences(c.Body)
	for _, m := range headingPattern.FindAllStringSubmatch(prose, -1) {
		heads = append(heads, m[1])
	}
	want := strings.Join(sections, ", ")
	alt := strings.Replace(want, "When to use it", "Why it matters", 1)
	if got := strings.Join(heads, ", "); got != want && got != alt {
		if got == "" {
			got = "none"
		}
		bad("body sections are %s; want ## %s", got, strings.ReplaceAll(want, ", ", ", ## "))
	}
	if n := bodyWords(c.Body); n < minBodyWords || n > maxBodyWords {
		bad("body is %d words; want %d to %d", n, minBodyWords, maxBodyWords)
	}
	for _, block := range blocks {
		for _, line := range strings.Split(block, "\n") {
			if utf8.RuneCountInString(line) > maxDiagram {
				bad("a code block line is wider than %d columns", maxDiagram)
				break
			}
		}
	}
	// Key points are shown as a list of whole bullets; a loose paragraph
	// there would be lost or shown as a fragment.
	for _, p := range parts(c.Section("Key points")) {
		if p.kind != listPart {
			bad("key points: every point must be a bullet (\"- ...\"); found %q", firstWords(strings.Join(p.lines, " "), 8))
			break
		}
	}
	return errs
}

// firstWords returns up to n words of s, with "..." if it had more.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return strings.Join(f, " ")
	}
	return strings.Join(f[:n], " ") + "..."
}

// bodyWords counts the words of a card body, leaving out headings and
// fenced blocks, the way CARDS.md's limits mean it.
func bodyWords(body string) int {
	n := 0
	prose, _ := splitFences(body)
	for _, line := range strings.Split(prose, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			if strings.IndexFunc(w, isWordRune) >= 0 {
				n++
			}
		}
	}
	return n
}

// Section returns the text under the "## name" heading of the body, or "".
// It scans lines rather than using a regexp: replies call it on every
// answer.
func (c *Card) Section(name string) string {
	body := c.Body
	start := -1
	for i := 0; i < len(body); {
		j := strings.IndexByte(body[i:], '\n')
		end := len(body)
		if j >= 0 {
			end = i + j
		}
		line := body[i:end]
		if h, ok := strings.CutPrefix(line, "## "); ok {
			if start >= 0 {
				return strings.TrimSpace(body[start:i])
			}
			if strings.EqualFold(strings.TrimSpace(h), name) {
				start = min(end+1, len(body))
			}
		}
		i = end + 1
	}
	if start >= 0 {
		return strings.TrimSpace(body[start:])
	}
	return ""
}

// KeyPoints returns the bullets of the "Key points" section, each whole:
// a bullet wrapped onto several lines is one point.
func (c *Card) KeyPoints() []string {
	var out []string
	for _, p := range parts(c.Section("Key points")) {
		if p.kind != listPart {
			continue
		}
		for _, item := range p.lines {
			out = append(out, strings.TrimSpace(item[2:]))
		}
	}
	return out
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
