package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"
)

// serveOnce runs `sdbot serve` in-process as if stderr were (or were not)
// a terminal.
func serveOnce(t *testing.T, terminal bool, vars map[string]string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: &out, stderr: &errb, terminal: terminal}
	code := e.serve(context.Background(), args)
	return code, errb.String()
}

// TestServePortInUse: the address is taken, and serve says so and names
// both ways to change it, in sentences on a terminal and as fields of a
// JSON log line otherwise.
func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	env := map[string]string{"SDBOT_HTTP_ADDR": addr, "SDBOT_DATA_DIR": t.TempDir()}

	code, text := serveOnce(t, true, env)
	if code != 1 || !strings.Contains(text, addr+" is in use by another program") ||
		!strings.Contains(text, "http.addr") || !strings.Contains(text, "SDBOT_HTTP_ADDR") || strings.HasPrefix(text, "{") {
		t.Errorf("serve on a terminal, address in use = exit %d:\n%s\nwant 1, in sentences, naming http.addr and SDBOT_HTTP_ADDR", code, text)
	}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if len(line) > termWidth {
			t.Errorf("line wider than %d columns: %q", termWidth, line)
		}
	}

	code, logs := serveOnce(t, false, env)
	var rec struct{ Msg, Problem, Fix string }
	last := logs[strings.LastIndex(strings.TrimSpace(logs), "\n")+1:]
	if err := json.Unmarshal([]byte(last), &rec); code != 1 || err != nil || !strings.Contains(rec.Problem, "in use") || !strings.Contains(rec.Fix, "SDBOT_HTTP_ADDR") {
		t.Errorf("serve in a container, address in use = exit %d, last log line %q (%v); want a JSON line with problem and fix", code, last, err)
	}
}

func TestServeBadConfigNamesKeys(t *testing.T) {
	path := writeConfig(t, "slack: {enable: true}\nschedule: {grace: soon}\n")
	env := map[string]string{"SDBOT_CONFIG": path}
	code, text := serveOnce(t, true, env)
	for _, want := range []string{"2 problems", "slack.enable: unknown key; did you mean slack.enabled?", "schedule.grace: must be a duration", "serve did not start"} {
		if code != 1 || !strings.Contains(text, want) {
			t.Errorf("serve with a bad config on a terminal = exit %d:\n%s\nwant 1 with %q", code, text, want)
		}
	}
	code, logs := serveOnce(t, false, env)
	var keys []string
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec struct{ Key string }
		if json.Unmarshal([]byte(l), &rec) != nil {
			t.Fatalf("not a JSON log line: %q", l)
		}
		keys = append(keys, rec.Key)
	}
	if code != 1 || strings.Join(keys, " ") != "slack.enable schedule.grace" {
		t.Errorf("serve with a bad config = exit %d, keys %q; want 1 with one log line per key", code, keys)
	}
}

func TestIsTerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
}
