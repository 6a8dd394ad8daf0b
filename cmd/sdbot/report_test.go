package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sdbot/sdbot/adapters/store"
	"github.com/sdbot/sdbot/bot"
)

// feedbackDir is a data directory whose SQLite store holds a week and a
// bit of feedback, as serve would have written it.
func feedbackDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	ago := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	for _, u := range []bot.Unanswered{
		{Question: "how do I tune the jvm garbage collector", ClosestCard: "sql-query-tuning", At: ago(24 * 10)},
		{Question: "how do I shard postgres", ClosestCard: "database-sharding", At: ago(50)},
		{Question: "what is the best pizza topping", ClosestCard: "owasp-top-risks", At: ago(40)},
		{Question: "How do I shard Postgres", ClosestCard: "database-sharding", At: ago(30)},
		{Question: "postgres sharding strategies", ClosestCard: "database-sharding", At: ago(20)},
		{Question: "", ClosestCard: "caching", At: ago(10)},
	} {
		u.Platform, u.Workspace, u.Channel = "slack", "T1", "C1"
		if err := st.RecordUnanswered(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	for i, v := range []bot.Vote{
		{CardID: "consistent-hashing", UserID: "U1", Value: bot.VoteDown},
		{CardID: "consistent-hashing", UserID: "U2", Value: bot.VoteDown},
		{CardID: "consistent-hashing", UserID: "U3", Value: bot.VoteUp},
		{CardID: "bloom-filter", UserID: "U1", Value: bot.VoteDown},
		{CardID: "raft", UserID: "U1", Value: bot.VoteUp},
	} {
		v.Platform, v.Workspace, v.Channel, v.QuestionKey, v.At = "discord", "G1", "C1", "0123456789ab", ago(6-i)
		if _, err := st.RecordVote(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReportText(t *testing.T) {
	dir := feedbackDir(t)
	code, out, errs := cli(t, "", map[string]string{"SDBOT_DATA_DIR": dir}, "report")
	if code != 0 || errs != "" {
		t.Fatalf("sdbot report = exit %d, err %q", code, errs)
	}
	for _, want := range []string{
		"(7 days)",
		"Unanswered questions: 5, in 3 groups",
		`     3  "how do I shard postgres" (2 times)`,
		`        "postgres sharding strategies"`,
		"        closest card: database-sharding",
		`     1  "what is the best pizza topping"`,
		"     1  (question text no longer kept)\n        closest card: caching",
		"Cards with the most 👎 (5 votes in all):\n" +
			"  👎   2  👍   1  consistent-hashing (Consistent hashing)\n" +
			"  👎   1  👍   0  bloom-filter (Bloom filters)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	for _, not := range []string{"jvm", "raft"} {
		if strings.Contains(out, not) {
			t.Errorf("report shows %q (too old, or never voted down):\n%s", not, out)
		}
	}
	fits80(t, out)

	code, out, _ = cli(t, "", map[string]string{"SDBOT_DATA_DIR": dir}, "report", "--since", "2w")
	if code != 0 || !strings.Contains(out, "Unanswered questions: 6, in 4 groups") || !strings.Contains(out, "jvm") {
		t.Errorf("report --since 2w = exit %d:\n%s\nwant the older question too", code, out)
	}
}

func TestReportJSON(t *testing.T) {
	dir := feedbackDir(t)
	code, out, errs := cli(t, "", map[string]string{"SDBOT_DATA_DIR": dir}, "report", "--json", "--since", "36h")
	if code != 0 || errs != "" {
		t.Fatalf("sdbot report --json = exit %d, err %q", code, errs)
	}
	var r bot.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report --json is not JSON: %v\n%s", err, out)
	}
	if r.Unanswered != 3 || len(r.Groups) != 2 || r.Groups[0].Count != 2 || r.Groups[0].ClosestCard != "database-sharding" ||
		len(r.Groups[0].Examples) != 2 || r.Groups[1].ClosestCard != "caching" {
		t.Errorf("groups = %+v (%d unanswered); want 2 sharding questions and 1 without text", r.Groups, r.Unanswered)
	}
	if r.Votes != 5 || len(r.Cards) != 2 || r.Cards[0] != (bot.CardVotes{CardID: "consistent-hashing", Title: "Consistent hashing", Down: 2, Up: 1}) {
		t.Errorf("cards = %+v (%d votes); want consistent-hashing first", r.Cards, r.Votes)
	}
	if got := r.Until.Sub(r.Since); got != 36*time.Hour {
		t.Errorf("window = %v; want 36h", got)
	}
	for _, key := range []string{`"groups"`, `"closest_card"`, `"examples"`, `"cards"`, `"down"`, `"up"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestReportMistakes(t *testing.T) {
	dir := feedbackDir(t)
	empty := filepath.Join(t.TempDir(), "never-served")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"bad age", map[string]string{"SDBOT_DATA_DIR": dir}, []string{"--since", "fortnight"}, 2, `--since "fortnight" is not an age such as 7d`},
		{"zero age", map[string]string{"SDBOT_DATA_DIR": dir}, []string{"--since", "0d"}, 2, "is not an age"},
		{"negative age", map[string]string{"SDBOT_DATA_DIR": dir}, []string{"--since", "-3h"}, 2, "is not an age"},
		{"huge age", map[string]string{"SDBOT_DATA_DIR": dir}, []string{"--since", "99999999999999d"}, 2, "over 3650 days"},
		{"too old", map[string]string{"SDBOT_DATA_DIR": dir}, []string{"--since", "600w"}, 2, "over 3650 days"},
		{"argument", map[string]string{"SDBOT_DATA_DIR": dir}, []string{"kafka"}, 2, `unexpected argument "kafka"`},
		{"no database", map[string]string{"SDBOT_DATA_DIR": empty}, nil, 1, "there is no database at " + filepath.Join(empty, "sdbot.db")},
		{"bad url", map[string]string{"SDBOT_DATABASE_URL": "postgres://u:hunter2@[::1"}, nil, 1, "not a valid PostgreSQL URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := cli(t, "", tt.env, append([]string{"report"}, tt.args...)...)
			if code != tt.code || !strings.Contains(strings.Join(strings.Fields(errs), " "), tt.want) || out != "" {
				t.Errorf("report %v = exit %d, out %q, err %q; want exit %d naming %q", tt.args, code, out, errs, tt.code, tt.want)
			}
			if strings.Contains(errs, "hunter2") {
				t.Errorf("error shows the database password: %q", errs)
			}
		})
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("report created %s: %v", empty, err)
	}
}
