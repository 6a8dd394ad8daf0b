package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
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
