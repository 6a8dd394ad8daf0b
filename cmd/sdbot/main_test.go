package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sdbot/sdbot/bot"
)

var update = flag.Bool("update", false, "rewrite golden files")

// cli runs sdbot in-process and returns its exit code and output.
func cli(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestSearchJSONGolden(t *testing.T) {
	in := "how does consistent hashing work\n" +
		"2PC\n" +
		"what is the capital of australia\n" +
		"\n" +
		"redis vs memcached\n"
	code, out, errs := cli(t, in, nil, "search", "--json", "--top", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d output lines; want one per input line (5):\n%s", len(lines), out)
	}
	for i, l := range lines {
		var v struct {
			Query    string           `json:"query"`
			Answered *bool            `json:"answered"`
			Results  []map[string]any `json:"results"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil || v.Answered == nil || v.Results == nil {
			t.Errorf("line %d is not the contract's shape: %s (%v)", i+1, l, err)
		}
	}
	golden := filepath.Join("testdata", "search.golden.jsonl")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create): %v", err)
	}
	// Scores move whenever a card is edited; the contract is the shape, the
	// ids, their order and answered, so scores are compared as numbers that
	// fall from one result to the next.
	if normScores(out) != normScores(string(want)) {
		t.Errorf("search --json output differs from %s (go test ./cmd/sdbot -run Golden -update after an intended change)\ngot:\n%s\nwant:\n%s", golden, out, want)
	}
}

var scoreField = regexp.MustCompile(`"score":[0-9.e+-]+`)

func normScores(s string) string { return scoreField.ReplaceAllString(s, `"score":0`) }

func TestSearchScoresFall(t *testing.T) {
	_, out, _ := cli(t, "consistent hashing\nbloom filter false positives\n", nil, "search", "--json", "--top", "5")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var v searchLine
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatal(err)
		}
		for i, r := range v.Results {
			if r.Score <= 0 || (i > 0 && r.Score > v.Results[i-1].Score) {
				t.Errorf("%q: scores not positive and falling: %+v", v.Query, v.Results)
			}
		}
	}
}

func TestAskJSON(t *testing.T) {
	code, out, _ := cli(t, "", nil, "ask", "--json", "what", "is", "a", "bloom", "filter")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var r bot.Reply
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("ask --json is not a reply: %v\n%s", err, out)
	}
	if r.Title != "Bloom filters" || r.Kind != bot.KindAnswer {
		t.Errorf("reply = %+v", r)
	}
}

func TestCLICommands(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stdout, or stderr when the code is not 0
	}{
		{[]string{"ask", "how", "does", "consistent", "hashing", "work"}, 0, "Consistent hashing"},
		{[]string{"ask"}, 2, "ask needs a question"},
		{[]string{"ask", "   "}, 2, "ask needs a question"},
		{[]string{"topic", "bloom-filter"}, 0, "Bloom filters"},
		{[]string{"topic", "no-such-topic-at-all"}, 1, "There is no topic"},
		{[]string{"topic"}, 2, "topic needs an id"},
		{[]string{"list"}, 0, "categories"},
		{[]string{"list", "caching"}, 0, "redis-vs-memcached"},
		{[]string{"random", "payments"}, 0, "payments"},
		{[]string{"random", "cooking"}, 1, "no category"},
		{[]string{"version"}, 0, "sdbot"},
		{[]string{"cards", "validate"}, 0, "ok:"},
		{[]string{"cards", "validate", "../../knowledge/testdata/brokenpack"}, 1, "broken-card.md"},
		{[]string{"cards"}, 2, "Usage"},
		{[]string{"search", "extra"}, 2, "stdin"},
		{[]string{"search", "--top", "0"}, 2, "--top"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{nil, 2, "Usage"},
	}
	for _, tt := range tests {
		code, out, errs := cli(t, "", nil, tt.args...)
		where := out
		if tt.code != 0 && !strings.Contains(out, tt.want) {
			where = errs
		}
		if code != tt.code || !strings.Contains(where, tt.want) {
			t.Errorf("sdbot %v = exit %d, out %.200q, err %.200q; want exit %d with %q", tt.args, code, out, errs, tt.code, tt.want)
		}
	}
}

// TestLongQuestionAskAndSearch: a question longer than knowledge.MaxQuery
// is answered from its start by ask, which says so, and search --json
// answers it the same way (the contract: answered false exactly where ask
// has no good answer).
func TestLongQuestionAskAndSearch(t *testing.T) {
	q := "what is a bloom filter and how many bits per key do we need for a one percent false positive rate? " +
		strings.Repeat("Our service checks a few billion usernames a day against a set that only grows. ", 10)
	code, out, _ := cli(t, "", nil, "ask", "--json", q)
	var r bot.Reply
	if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil {
		t.Fatalf("ask: exit %d, %v: %s", code, err, out)
	}
	if r.Kind != bot.KindAnswer || r.TopicID != "bloom-filter" || !strings.Contains(r.Footer, "first 500 characters") {
		t.Errorf("ask = kind %s, topic %q, footer %q; want the Bloom filter card, saying only the start was read", r.Kind, r.TopicID, r.Footer)
	}
	code, out, _ = cli(t, q+"\n", nil, "search", "--json", "--top", "1")
	var line struct {
		Answered bool                  `json:"answered"`
		Results  []struct{ ID string } `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &line); code != 0 || err != nil || !line.Answered || len(line.Results) != 1 || line.Results[0].ID != "bloom-filter" {
		t.Errorf("search --json = exit %d, %v: %s; want it answered with bloom-filter", code, err, out)
	}
}

func TestSearchLongLine(t *testing.T) {
	in := strings.Repeat("x", maxLine+10) + "\nbloom filter\n"
	code, out, _ := cli(t, in, nil, "search", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], `"error"`) || !strings.Contains(lines[1], "bloom-filter") {
		t.Errorf("exit %d, lines %d: %.300s", code, len(lines), out)
	}
}

// TestCLIHelp: every command's -h (and `sdbot help COMMAND`) exits 0 and
// shows its synopsis on stdout, within 80 columns.
func TestCLIHelp(t *testing.T) {
	for _, c := range cliCommands() {
		for _, args := range [][]string{append(strings.Fields(c.name), "-h"), append(strings.Fields(c.name), "--help"), {"help", c.name}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, out, errs := cli(t, "", nil, args...)
				if code != 0 || !strings.Contains(out, strings.TrimSpace("sdbot "+c.name+" "+c.args)) || errs != "" {
					t.Errorf("sdbot %v = exit %d, out %q, err %q; want 0 with the synopsis", args, code, out, errs)
				}
				fits80(t, out)
			})
		}
	}
	for _, group := range []string{"cards", "config", "slack", "discord"} {
		if code, out, _ := cli(t, "", nil, group, "-h"); code != 0 || !strings.Contains(out, "sdbot "+group+" ") {
			t.Errorf("sdbot %s -h = exit %d, %q; want 0 with its commands", group, code, out)
		}
	}
	code, out, _ := cli(t, "", nil, "help")
	if code != 0 || !strings.Contains(out, "sdbot healthcheck") {
		t.Errorf("sdbot help = %d %q", code, out)
	}
	fits80(t, out)
	if code, _, errs := cli(t, "", nil, "cards", "validate", "-h"); code != 0 || strings.Contains(errs, "-h") {
		t.Errorf("cards validate -h = exit %d, err %q; want help, not -h read as a directory", code, errs)
	}
}

func fits80(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > 80 && !strings.Contains(line, "://") {
			t.Errorf("line wider than 80 columns: %q", line)
		}
	}
}

func TestCLIMistakes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"aks", "what", "is", "raft"}, 2, `unknown command "aks". Did you mean sdbot ask?`},
		{[]string{"serv"}, 2, "Did you mean sdbot serve?"},
		{[]string{"confg", "check"}, 2, "Did you mean sdbot config?"},
		{[]string{"cards", "valdate"}, 2, "Did you mean sdbot cards validate?"},
		{[]string{"frobnicate"}, 2, "Run sdbot help"},
		{[]string{"ask", "what", "is", "-1"}, 2, "sdbot ask -- -1"},
		{[]string{"ask", "bloom", "filter", "--jsn"}, 2, "-jsn"},
		{[]string{"serve", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"version", "now"}, 2, `unexpected argument "now"`},
		{[]string{"help", "nope"}, 2, `unknown command "nope"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errs := cli(t, "", nil, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) || out != "" {
				t.Errorf("sdbot %v = exit %d, out %.100q, err %q; want exit %d with %q", tt.args, code, out, errs, tt.code, tt.want)
			}
			fits80(t, errs)
		})
	}
}

// TestFlagsAfterArguments: a flag after the question is honoured, not
// asked about; after -- it is part of the question.
func TestFlagsAfterArguments(t *testing.T) {
	for _, args := range [][]string{
		{"ask", "what", "is", "a", "bloom", "filter", "--json"},
		{"ask", "what", "is", "a", "--json", "bloom", "filter"},
		{"topic", "bloom-filter", "--json"},
	} {
		code, out, errs := cli(t, "", nil, args...)
		var r bot.Reply
		if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil || r.Title != "Bloom filters" {
			t.Errorf("sdbot %v = exit %d, err %q, out %.200q; want the Bloom filters card as JSON", args, code, errs, out)
		}
	}
	code, out, _ := cli(t, "", nil, "ask", "--", "--json", "bloom", "filter")
	if code != 0 || strings.HasPrefix(out, "{") {
		t.Errorf("ask -- --json bloom filter = exit %d, %.100q; want a text answer", code, out)
	}
}

func TestAnswerFits80Columns(t *testing.T) {
	code, out, _ := cli(t, "", nil, "ask", "how", "does", "kafka", "work")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	fits80(t, out)
}

func TestPlural(t *testing.T) {
	// The test pack's card with one thing wrong: its level.
	card, err := os.ReadFile(filepath.Join("..", "..", "knowledge", "testdata", "pack", "case-studies", "team-incident-review.md"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "case-studies"), 0o755); err != nil {
		t.Fatal(err)
	}
	card = bytes.Replace(card, []byte("level: beginner"), []byte("level: expert"), 1)
	if err := os.WriteFile(filepath.Join(dir, "case-studies", "team-incident-review.md"), card, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := cli(t, "", nil, "cards", "validate", dir)
	if code != 1 || !strings.Contains(out, "\n1 problem; ") {
		t.Errorf("cards validate with one problem = exit %d, %q; want 1 problem", code, out)
	}
}
