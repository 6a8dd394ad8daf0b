package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sdbot/sdbot/adapters/store"
	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/knowledge"
)

// Text report limits: the JSON lists everything.
const (
	reportGroups = 15
	reportCards  = 10
)

// report prints the feedback curators act on: unanswered questions
// grouped by likeness and the cards voted down. It reads the store serve
// writes, configured the same way.
func (e env) report(ctx context.Context, args []string) int {
	fs := newFlags("report")
	file := fs.String("config", "", "config `file` (default $SDBOT_CONFIG)")
	sinceFlag := fs.String("since", "7d", "how far back to look: `AGE` in days (7d), weeks (2w) or hours (36h)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if code, ok := e.parseNone("report", fs, args); !ok {
		return code
	}
	age, err := parseAge(*sinceFlag)
	if err != nil {
		fmt.Fprintf(e.stderr, "sdbot report: --since %s\n", err)
		return exitUsage
	}
	path := e.configPath(*file)
	cfg, errs := readConfig(path, e.getenv)
	if e.configProblems(path, errs) {
		return exitError
	}
	st, err := openReportStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(e.stderr, wrap("sdbot report: "+err.Error(), 0, "  "))
		return exitError
	}
	defer st.Close()
	set, problems := knowledge.Load(cfg.Knowledge.Packs...)
	for _, p := range problems {
		fmt.Fprintln(e.stderr, "sdbot: warning:", p)
	}
	until := time.Now().UTC().Truncate(time.Second)
	r, err := bot.BuildReport(ctx, st, set, until.Add(-age), until)
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot report:", err)
		return exitError
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		err = renderReport(e.stdout, r)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot report:", err)
		return exitError
	}
	return exitOK
}

// openReportStore opens the store serve uses. It never creates one: a
// report on a data directory serve has not used is a mistake to name.
func openReportStore(ctx context.Context, cfg Config) (bot.Store, error) {
	if cfg.DatabaseURL == "" {
		file := filepath.Join(cfg.DataDir, store.FileName)
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no database at %s yet: point data_dir (or SDBOT_DATA_DIR) at the directory sdbot serve uses, or set SDBOT_DATABASE_URL", file)
		}
	}
	return openStore(ctx, cfg)
}

// parseAge reads "7d", "2w" or a Go duration such as "36h".
func parseAge(s string) (time.Duration, error) {
	const maxDays = 3650
	s = strings.TrimSpace(strings.ToLower(s))
	bad := fmt.Errorf("%q is not an age such as 7d, 2w or 36h", s)
	if n, unit := strings.TrimRight(s, "dw"), strings.TrimLeft(s, "0123456789"); len(s) > 1 && (unit == "d" || unit == "w") && n != "" {
		v, err := strconv.Atoi(n)
		if err != nil || v <= 0 {
			return 0, bad
		}
		if unit == "w" {
			v *= 7
		}
		if v > maxDays {
			return 0, fmt.Errorf("%q is over %d days", s, maxDays)
		}
		return time.Duration(v) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, bad
	}
	return d, nil
}

// renderReport writes the report for a person, within 80 columns.
func renderReport(w io.Writer, r bot.Report) error {
	var b strings.Builder
	days := r.Until.Sub(r.Since).Hours() / 24
	span := bot.Plural(int(days+0.5), "day")
	if days < 1 {
		span = bot.Plural(int(r.Until.Sub(r.Since).Hours()+0.5), "hour")
	}
	fmt.Fprintf(&b, "sdbot report: %s to %s UTC (%s)\n\n", r.Since.UTC().Format("2006-01-02 15:04"), r.Until.UTC().Format("2006-01-02 15:04"), span)

	if r.Unanswered == 0 {
		b.WriteString("Unanswered questions: none.\n")
	} else {
		fmt.Fprintf(&b, "Unanswered questions: %d, in %s\n", r.Unanswered, bot.Plural(len(r.Groups), "group"))
		for i, g := range r.Groups {
			if i == reportGroups {
				fmt.Fprintf(&b, "  ... and %s more (--json lists them all)\n", bot.Plural(len(r.Groups)-i, "group"))
				break
			}
			lines := []string{}
			for _, ex := range g.Examples {
				line := strconv.Quote(ex.Text)
				if ex.Count > 1 {
					line += fmt.Sprintf(" (%d times)", ex.Count)
				}
				lines = append(lines, line)
			}
			if len(lines) == 0 {
				lines = append(lines, "(question text no longer kept)")
			}
			if g.ClosestCard != "" {
				lines = append(lines, "closest card: "+g.ClosestCard)
			}
			fmt.Fprintf(&b, "  %4d  %s\n", g.Count, wrap(lines[0], 8, "        "))
			for _, l := range lines[1:] {
				fmt.Fprintf(&b, "        %s\n", wrap(l, 8, "        "))
			}
		}
	}

	b.WriteString("\n")
	if len(r.Cards) == 0 {
		fmt.Fprintf(&b, "Cards with 👎: none (%s in all).\n", bot.Plural(r.Votes, "vote"))
	} else {
		fmt.Fprintf(&b, "Cards with the most 👎 (%s in all):\n", bot.Plural(r.Votes, "vote"))
		for i, c := range r.Cards {
			if i == reportCards {
				fmt.Fprintf(&b, "  ... and %s more (--json lists them all)\n", bot.Plural(len(r.Cards)-i, "card"))
				break
			}
			line := c.CardID
			if c.Title != "" {
				line += " (" + c.Title + ")"
			} else {
				line += " (no longer a card)"
			}
			fmt.Fprintf(&b, "  👎 %3d  👍 %3d  %s\n", c.Down, c.Up, wrap(line, 18, strings.Repeat(" ", 18)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
