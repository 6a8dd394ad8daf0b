package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestMetricsAddr: with metrics.addr set, /metrics is served there and
// not on the public listener.
func TestMetricsAddr(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := defaultConfig()
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Metrics.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	done := make(chan error, 1)
	go func() {
		done <- runServer(ctx, cfg, func(string) string { return "" }, slog.New(slog.NewJSONHandler(pw, nil)))
		pw.Close()
	}()
	lines := make(chan string, 100)
	public := "http://" + logAddr(t, pr, lines)
	var private string
	for l := range lines {
		var rec struct{ Msg, Addr string }
		if json.Unmarshal([]byte(l), &rec) == nil && rec.Msg == "metrics listening" {
			private = "http://" + rec.Addr
			break
		}
	}
	go func() {
		for range lines {
		}
	}()
	if private == "" {
		t.Fatal("no metrics listener logged")
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if code, _ := get(t, public+"/readyz"); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := get(t, private+"/metrics"); code != 200 || !strings.Contains(body, "sdbot_http_requests_total") {
		t.Errorf("GET /metrics on metrics.addr = %d; want 200 with sdbot metrics", code)
	}
	if code, body := get(t, public+"/metrics"); code == 200 || strings.Contains(body, "sdbot_") {
		t.Errorf("GET /metrics on http.addr = %d %.100q; want it not served there", code, body)
	}
	if code, _ := get(t, private+"/healthz"); code != http.StatusNotFound {
		t.Errorf("GET /healthz on metrics.addr = %d; want only /metrics there", code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("runServer = %v; want a clean stop", err)
	}
	if _, err := http.Get(private + "/metrics"); err == nil {
		t.Error("metrics listener still answers after shutdown")
	}
}

func TestMetricsAddrConfig(t *testing.T) {
	tests := []struct {
		yaml string
		env  map[string]string
		want string // "" for valid
	}{
		{"metrics: {addr: \"127.0.0.1:9090\"}\n", nil, ""},
		{"", map[string]string{"SDBOT_METRICS_ADDR": "127.0.0.1:9090"}, ""},
		{"metrics: {addr: nowhere}\n", nil, "metrics.addr: must be host:port"},
		{"http: {addr: \"0.0.0.0:8080\"}\nmetrics: {addr: \"0.0.0.0:8080\"}\n", nil, "metrics.addr: must differ from http.addr"},
		{"metrics: {adr: x}\n", nil, "metrics.adr: unknown key; did you mean metrics.addr?"},
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			cfg, errs := loadConfig(writeConfig(t, tt.yaml), func(k string) string { return tt.env[k] })
			got := ""
			for _, err := range errs {
				got += err.Error() + "\n"
			}
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("loadConfig(%q) = %q; want %q", tt.yaml, got, tt.want)
			}
			if tt.want == "" && cfg.Metrics.Addr != "127.0.0.1:9090" {
				t.Errorf("metrics.addr = %q", cfg.Metrics.Addr)
			}
		})
	}
}
