package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// TestServeWithoutStoreAtStart: a database that is down when serve starts
// does not stop it. It becomes ready (questions need no store), /healthz
// says the store is not open yet, and the store is opened once it answers.
func TestServeWithoutStoreAtStart(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := defaultConfig()
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	var up atomic.Bool
	var tries, failed atomic.Int32
	s := &server{cfg: cfg, getenv: func(string) string { return "" }, log: slog.New(slog.NewJSONHandler(pw, nil)), metrics: newMetrics()}
	s.openStore = func(ctx context.Context) (bot.Store, error) {
		tries.Add(1)
		if !up.Load() {
			failed.Add(1)
			return nil, errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
		}
		return openStore(ctx, cfg)
	}
	done := make(chan error, 1)
	go func() {
		done <- s.run(ctx)
		pw.Close()
	}()
	lines := make(chan string, 1000)
	base := "http://" + logAddr(t, pr, lines)
	go func() {
		for range lines {
		}
	}()

	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("ready", func() bool { code, _ := get("/readyz"); return code == 200 })
	if _, body := get("/healthz"); !strings.Contains(body, "store: connecting") {
		t.Errorf("healthz = %q; want the store shown as connecting", body)
	}
	select {
	case err := <-done:
		t.Fatalf("serve stopped while the store was down: %v", err)
	default:
	}
	// serve is ready before its first attempt to open the store ends; the
	// database comes up only once an attempt has failed, or the first
	// attempt could find it up and nothing would be retried
	waitFor("a failed attempt to open the store", func() bool { return failed.Load() > 0 })
	up.Store(true)
	waitFor("the store to open", func() bool { _, body := get("/healthz"); return strings.Contains(body, "store: ok") })
	if tries.Load() < 2 {
		t.Errorf("%d attempts to open the store; want retries", tries.Load())
	}
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("readyz = %d after the store opened", code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve = %v; want a clean shutdown", err)
	}
}

// fakePlatform is a platform adapter whose connection the test controls.
type fakePlatform struct {
	ready atomic.Bool
}

func (f *fakePlatform) Post(context.Context, string, bot.Reply) (string, error) { return "1", nil }
func (f *fakePlatform) Routes(*http.ServeMux)                                   {}
func (f *fakePlatform) Run(ctx context.Context) error                           { <-ctx.Done(); return nil }
func (f *fakePlatform) Ready() bool                                             { return f.ready.Load() }

// TestReadinessFollowsPlatforms: /readyz is 200 only while every enabled
// platform is connected, whatever the store does.
func TestReadinessFollowsPlatforms(t *testing.T) {
	s := &server{metrics: newMetrics()}
	fp := &fakePlatform{}
	s.adapters.Store(&[]namedPlatform{{"discord", fp}})
	s.ready.Store(true)
	if why := s.notReady(); why != "waiting for discord" {
		t.Errorf("notReady = %q; want waiting for discord", why)
	}
	fp.ready.Store(true)
	if why := s.notReady(); why != "" {
		t.Errorf("notReady = %q; want ready", why)
	}
}
