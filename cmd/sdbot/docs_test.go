package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestREADMEListsEveryCommand keeps the README's command table in step
// with the command line.
func TestREADMEListsEveryCommand(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	for _, c := range cliCommands() {
		if !strings.Contains(readme, "| `sdbot "+c.name) {
			t.Errorf("README.md's command table lacks sdbot %s", c.name)
		}
	}
	for _, want := range []string{"thread:true", "SDBOT_DATABASE_URL` instead", "per replica", "metrics.addr", "SDBOT_TEST_DATABASE_URL", "feedback.keep_days", "sdbot_feedback_total{vote}", "sdbot_unanswered_total"} {
		if !strings.Contains(strings.Join(strings.Fields(readme), " "), want) {
			t.Errorf("README.md does not mention %q", want)
		}
	}
}

// TestExampleConfigDocumentsEveryKey: config.example.yaml shows every key
// the config accepts.
func TestExampleConfigDocumentsEveryKey(t *testing.T) {
	example := readRepoFile(t, "config.example.yaml")
	for _, key := range configKeys(reflect.TypeOf(Config{}), "") {
		leaf := key[strings.LastIndex(key, ".")+1:]
		if !strings.Contains(example, "\n"+leaf+":") && !strings.Contains(example, " "+leaf+":") {
			t.Errorf("config.example.yaml does not document %s", key)
		}
	}
}
