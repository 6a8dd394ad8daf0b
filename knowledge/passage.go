package knowledge

import (
	"strings"
	"unicode/utf8"
)

// passage picks the part of the card's body that best answers the
// question. A question about the topic as a whole ("how does consistent
// hashing work") gets the opening of "How it works"; a narrower one gets
// the unit holding most of its telling words. Key points are left out: the
// reply shows them anyway.
func (x *Index) passage(c *Card, terms []term) string {
	// The weights are summed in the question's order, not a map's, so
	// that two paragraphs with the same words always tie and the first
	// one wins, instead of one edging ahead by rounding.
	want := make([]float64, len(terms))
	whole := len(terms) > 0
	for i, t := range terms {
		want[i] = x.idf(t.stem)
		if !x.nameStems[c.ID][t.stem] {
			whole = false
		}
	}
	best, bestScore, first := "", 0.0, ""
	for _, para := range x.paras[c.ID] {
		if strings.EqualFold(para.section, "Key points") {
			continue
		}
		if first == "" && strings.EqualFold(para.section, "How it works") {
			first = para.text
		}
		score := 0.0
		for i, t := range terms {
			if para.stems[t.stem] {
				score += want[i]
			}
		}
		if score > bestScore {
			best, bestScore = para.text, score
		}
	}
	if (whole || best == "") && first != "" {
		return first
	}
	return best
}

// block is one unit of a card body that reads whole on its own: a
// paragraph, a list item, or a lead-in paragraph together with the list,
// table or diagram it introduces. plain is its text for matching, without
// Markdown and without diagrams.
type block struct {
	text    string
	plain   string
	section string
}

// part is one piece of a body as Markdown lays it out.
type part struct {
	kind    partKind
	lines   []string // a paragraph's lines, a list's items, a table's rows, a fence's lines
	section string
}

type partKind int

const (
	paraPart partKind = iota
	listPart
	tablePart
	codePart
)

// parts splits a Markdown body into paragraphs, lists (one item a line,
// wrapped lines joined), tables and fenced blocks, under their sections.
func parts(body string) []part {
	var out []part
	var cur *part
	section := ""
	flush := func() {
		if cur != nil && len(cur.lines) > 0 {
			out = append(out, *cur)
		}
		cur = nil
	}
	start := func(k partKind) {
		if cur == nil || cur.kind != k {
			flush()
			cur = &part{kind: k, section: section}
		}
	}
	lines := strings.Split(body, "\n")
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case strings.HasPrefix(t, "```"):
			flush()
			code := part{kind: codePart, section: section, lines: []string{lines[i]}}
			for i++; i < len(lines); i++ {
				code.lines = append(code.lines, lines[i])
				if strings.HasPrefix(strings.TrimSpace(lines[i]), "```") {
					break
				}
			}
			out = append(out, code)
		case strings.HasPrefix(t, "#"):
			flush()
			section = strings.TrimSpace(strings.TrimLeft(t, "#"))
		case t == "":
			// A blank line ends a paragraph; a list or table goes on
			// if the next line continues it.
			if cur != nil && cur.kind == paraPart {
				flush()
			}
		case strings.HasPrefix(t, "|"):
			start(tablePart)
			if strings.Trim(t, "|-: ") != "" {
				cur.lines = append(cur.lines, t)
			}
		case isItem(t):
			if cur != nil && cur.kind == listPart && lines[i] != strings.TrimLeft(lines[i], " \t") {
				// a nested item belongs with the item above it
				cur.lines[len(cur.lines)-1] += "\n  " + t
				continue
			}
			start(listPart)
			cur.lines = append(cur.lines, t)
		default:
			if cur != nil && cur.kind == listPart && i > 0 && strings.TrimSpace(lines[i-1]) != "" {
				// a wrapped line of the last item
				cur.lines[len(cur.lines)-1] += " " + t
				continue
			}
			start(paraPart)
			cur.lines = append(cur.lines, t)
		}
	}
	flush()
	return out
}

func isItem(t string) bool {
	return strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || isNumbered(t)
}

func isNumbered(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && s[i] == '.' && s[i+1] == ' '
}

// leadIn reports whether a paragraph only introduces what follows it: it
// ends with a colon, or it is a short bold label ("**Read side**").
func leadIn(text string) bool {
	t := strings.TrimSpace(text)
	if strings.HasSuffix(t, ":") {
		return true
	}
	return strings.HasPrefix(t, "**") && strings.HasSuffix(strings.TrimRight(t, ".:"), "**") && len(strings.Fields(t)) <= 6
}

// paragraphs splits a body into the units a passage may be: a paragraph on
// its own, each item of a list no paragraph introduces, and a lead-in
// paragraph together with the list, table or diagram after it. A lead-in
// with nothing after it, a table or a diagram on its own are never units.
func paragraphs(body string) []block {
	ps := parts(body)
	var out []block
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		switch p.kind {
		case paraPart:
			text := strings.Join(p.lines, " ")
			if !leadIn(text) {
				out = append(out, block{text: text, plain: text, section: p.section})
				continue
			}
			if i+1 < len(ps) && ps[i+1].section == p.section && ps[i+1].kind != paraPart {
				next := ps[i+1]
				out = append(out, block{
					text:    text + "\n" + render(next),
					plain:   text + " " + plainOf(next),
					section: p.section,
				})
				i++
			}
		case listPart:
			for _, item := range p.lines {
				out = append(out, block{text: item, plain: item, section: p.section})
			}
		case tablePart:
			// A table without a lead-in still holds words worth matching
			// the card on; the whole table is the unit.
			out = append(out, block{text: render(p), plain: plainOf(p), section: p.section})
		}
	}
	return out
}

// render writes a part back as Markdown; a table becomes a fenced block
// with aligned columns, since chat platforms draw no tables.
func render(p part) string {
	if p.kind == tablePart {
		return tableAsCode(p.lines)
	}
	return strings.Join(p.lines, "\n")
}

// plainOf is the text of a part for matching: table cells and list items;
// a diagram adds nothing.
func plainOf(p part) string {
	if p.kind == codePart {
		return ""
	}
	return strings.NewReplacer("|", " ").Replace(strings.Join(p.lines, " "))
}

// tableAsCode lays out Markdown table rows (separator rows already left
// out) as a fenced block with padded columns.
func tableAsCode(rows []string) string {
	var cells [][]string
	var widths []int
	for _, r := range rows {
		r = strings.Trim(strings.TrimSpace(r), "|")
		var row []string
		for j, c := range strings.Split(r, "|") {
			c = markdownMark.Replace(strings.TrimSpace(c))
			row = append(row, c)
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
		cells = append(cells, row)
	}
	var b strings.Builder
	b.WriteString("```\n")
	for _, row := range cells {
		line := ""
		for j, c := range row {
			if j < len(row)-1 {
				c += strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c)+2)
			}
			line += c
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	b.WriteString("```")
	return b.String()
}

// Section is one part of a card's body under its heading.
type Section struct {
	Name string
	// Text is the section as chat Markdown: paragraphs, lists and diagrams
	// as written, tables as aligned text in a fenced block.
	Text string
}

// Sections returns the card's body section by section, in order.
func (c *Card) Sections() []Section {
	var out []Section
	for _, p := range parts(c.Body) {
		text := render(p)
		if p.kind == paraPart {
			text = strings.Join(p.lines, " ")
		}
		if n := len(out); n > 0 && out[n-1].Name == p.section {
			out[n-1].Text += "\n\n" + text
			continue
		}
		out = append(out, Section{Name: p.section, Text: text})
	}
	return out
}
