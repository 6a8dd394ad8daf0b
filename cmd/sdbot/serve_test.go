package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// logAddr reads JSON log lines until the "listening" one and returns its
// address; later lines are passed to lines.
func logAddr(t testing.TB, r io.Reader, lines chan<- string) string {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var rec map[string]any
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec["msg"] == "listening" {
			go func() {
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			return rec["addr"].(string)
		}
	}
	t.Fatal("server never logged its address")
	return ""
}

func TestServeReadyAndGracefulShutdown(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := defaultConfig()
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	done := make(chan error, 1)
	go func() {
		done <- runServer(ctx, cfg, func(string) string { return "" }, slog.New(slog.NewJSONHandler(pw, nil)))
		pw.Close()
	}()
	lines := make(chan string, 100)
	addr := logAddr(t, pr, lines)
	base := "http://" + addr

	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, resp)
	}
	resp.Body.Close()

	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 200 {
			break
		}
		if resp.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("readyz = %d; want 503 then 200", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}

	if code, out, _ := cli(t, "", nil, "healthcheck", "--ready", "--addr", addr); code != 0 || !strings.Contains(out, "ready") {
		t.Errorf("healthcheck --ready = %d %q", code, out)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("runServer returned %v; want a clean shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
	var sawShutdown bool
	for l := range lines {
		if strings.Contains(l, "shutting down") {
			sawShutdown = true
		}
	}
	if !sawShutdown {
		t.Error("no shutdown log line")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
	if code, _, _ := cli(t, "", nil, "healthcheck", "--addr", addr); code != 1 {
		t.Errorf("healthcheck on a stopped server = %d; want 1", code)
	}
}

func TestServeBadAddress(t *testing.T) {
	cfg := defaultConfig()
	cfg.HTTP.Addr = "256.0.0.1:99999"
	err := runServer(context.Background(), cfg, func(string) string { return "" }, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("runServer = %v; want a listen error", err)
	}
}

// TestServeSecrets runs serve as an operator would: a signing secret with a
// trailing newline is used without it (and says so, without the value), so
// real requests work; one that is only whitespace stops serve at start.
func TestServeSecrets(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}))
	defer api.Close()
	config := writeConfig(t, "http: {addr: \"127.0.0.1:0\"}\ndata_dir: \""+t.TempDir()+"\"\n"+
		"slack: {enabled: true, mode: http, api_url: \""+api.URL+"/api/\"}\n")
	const secret = "the-real-signing-secret"
	env := map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-1", "SDBOT_SLACK_SIGNING_SECRET": secret + "\n"}

	t.Run("trailing newline", func(t *testing.T) {
		pr, pw := io.Pipe()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--config", config}, func(k string) string { return env[k] }, nil, io.Discard, pw)
			pw.Close()
		}()
		defer func() { cancel(); <-done }()
		var head bytes.Buffer
		lines := make(chan string, 100)
		addr := logAddr(t, io.TeeReader(pr, &head), lines)
		go func() {
			for range lines {
			}
		}()
		if !strings.Contains(head.String(), `"variable":"SDBOT_SLACK_SIGNING_SECRET"`) || strings.Contains(head.String(), secret) {
			t.Errorf("start-up log = %s; want a warning naming the variable, without its value", head.String())
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			resp, err := http.DefaultClient.Do(signSlackWith(secret, addr, "/slack/commands", slackCommandForm("help")).request())
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(body), "sdbot commands") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("signed help = %d %.200s; want the help text", resp.StatusCode, body)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	t.Run("only whitespace", func(t *testing.T) {
		blank := map[string]string{"SDBOT_SLACK_BOT_TOKEN": "xoxb-1", "SDBOT_SLACK_SIGNING_SECRET": " \r\n"}
		var errb bytes.Buffer
		code := run(context.Background(), []string{"serve", "--config", config}, func(k string) string { return blank[k] }, nil, io.Discard, &errb)
		if code != 1 || !strings.Contains(errb.String(), "SDBOT_SLACK_SIGNING_SECRET") {
			t.Errorf("serve = exit %d, log %s; want a refusal naming the secret", code, errb.String())
		}
	})
}
