package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/sdbot/sdbot/knowledge"
)

// searchLine is one line of `sdbot search --json`: a contract other tools
// rely on, so its field names and order do not change.
type searchLine struct {
	Query    string         `json:"query"`
	Answered bool           `json:"answered"`
	Results  []searchResult `json:"results"`
	Error    string         `json:"error,omitempty"`
}

type searchResult struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
}

// maxLine bounds one input line; longer lines are answered with an error
// and reading goes on.
const maxLine = 1 << 20

func (e env) search(ctx context.Context, args []string) int {
	fs := newFlags("search")
	asJSON := fs.Bool("json", false, "write one JSON object per input line")
	top := fs.Int("top", 5, "`number` of results per question (1-50)")
	words, err := e.parse("search", fs, args)
	if err != nil {
		return exitFor(err)
	}
	if *top < 1 || *top > 50 {
		fmt.Fprintln(e.stderr, "sdbot: --top must be between 1 and 50")
		return exitUsage
	}
	if len(words) > 0 {
		fmt.Fprintln(e.stderr, "sdbot: search reads questions from stdin, one per line")
		return exitUsage
	}
	idx, err := e.openIndex("")
	if err != nil {
		if !errors.Is(err, errConfig) {
			fmt.Fprintln(e.stderr, "sdbot:", err)
		}
		return exitError
	}
	defer idx.Close()
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	in := bufio.NewReaderSize(e.stdin, 64<<10)
	for {
		line, tooLong, err := readLine(in)
		if errors.Is(err, io.EOF) && line == "" && !tooLong {
			return exitOK
		}
		if err != nil && !errors.Is(err, io.EOF) {
			fmt.Fprintln(e.stderr, "sdbot: read stdin:", err)
			return exitError
		}
		res := searchOne(ctx, idx, line, *top)
		if tooLong {
			res = searchLine{Query: "", Results: []searchResult{}, Error: fmt.Sprintf("line longer than %d bytes", maxLine)}
		}
		if *asJSON {
			if err := enc.Encode(res); err != nil {
				return exitError
			}
		} else {
			printSearch(out, res)
		}
		if errors.Is(err, io.EOF) {
			return exitOK
		}
	}
}

// readLine reads one line without its newline; a line past maxLine is
// consumed and reported as too long.
func readLine(r *bufio.Reader) (string, bool, error) {
	var b strings.Builder
	tooLong := false
	for {
		chunk, isPrefix, err := r.ReadLine()
		if !tooLong {
			b.Write(chunk)
			if b.Len() > maxLine {
				tooLong = true
				b.Reset()
			}
		}
		if err != nil || !isPrefix {
			return b.String(), tooLong, err
		}
	}
}

func searchOne(ctx context.Context, idx *knowledge.Index, q string, top int) searchLine {
	line := searchLine{Query: q, Results: []searchResult{}}
	a, err := idx.Answer(ctx, q)
	if err != nil {
		line.Error = err.Error()
		return line
	}
	results := a.Results
	if top > len(results) {
		results, _ = idx.Search(ctx, q, top)
	}
	line.Answered = a.Answered
	for _, r := range results[:min(top, len(results))] {
		line.Results = append(line.Results, searchResult{ID: r.Card.ID, Title: r.Card.Title, Score: math.Round(r.Score*1000) / 1000})
	}
	return line
}

func printSearch(w io.Writer, l searchLine) {
	status := "answered"
	if !l.Answered {
		status = "no good answer"
	}
	if l.Error != "" {
		status = "error: " + l.Error
	}
	fmt.Fprintf(w, "%s  [%s]\n", l.Query, status)
	for i, r := range l.Results {
		fmt.Fprintf(w, "  %d. %-40s %6.3f  %s\n", i+1, r.ID, r.Score, r.Title)
	}
}
