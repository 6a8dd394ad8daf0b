package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// The RFC 8032 test 1 key pair signs Discord interactions in these tests.
const (
	rfcSeed   = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	rfcPublic = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
)

var testSecrets = map[string]string{
	"SDBOT_SLACK_BOT_TOKEN":      "xoxb-very-secret-bot-token",
	"SDBOT_SLACK_SIGNING_SECRET": "very-secret-signing-secret",
	"SDBOT_DISCORD_BOT_TOKEN":    "very-secret-discord-token",
	"SDBOT_DISCORD_PUBLIC_KEY":   rfcPublic,
}

// fakeAPIs stands in for Slack's Web API, Slack's response_url hooks and
// Discord's REST API, recording what it receives.
type fakeAPIs struct {
	*httptest.Server
	mu    sync.Mutex
	calls []string // "METHOD path body"
}

func (f *fakeAPIs) recorded() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// waitFor polls until n calls whose text contains want have arrived.
func (f *fakeAPIs) waitFor(t testing.TB, want string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got []string
		for _, c := range f.recorded() {
			if strings.Contains(c, want) {
				got = append(got, c)
			}
		}
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d calls containing %q; have %v", n, want, f.recorded())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// liveServer runs `sdbot serve` in-process with Slack and Discord in HTTP
// mode against fake platform APIs, and returns its address.
func liveServer(t testing.TB, logs io.Writer) (addr string, stop func() error, api *fakeAPIs) {
	t.Helper()
	return liveServerWith(t, logs, nil)
}

// liveServerWith is liveServer with edit applied to the configuration
// (and the data directory prepared) before the server starts.
func liveServerWith(t testing.TB, logs io.Writer, edit func(*Config)) (addr string, stop func() error, api *fakeAPIs) {
	t.Helper()
	api = &fakeAPIs{}
	api.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		api.mu.Lock()
		api.calls = append(api.calls, r.Method+" "+r.URL.Path+" "+string(body))
		api.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true,"ts":"1.1","id":"999"}`)
	}))
	t.Cleanup(api.Close)
	cfg := defaultConfig()
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.Slack.Enabled, cfg.Slack.APIURL = true, api.URL+"/api/"
	cfg.Discord.Enabled, cfg.Discord.ApplicationID = true, "123456789012345678"
	cfg.Discord.APIURL = api.URL + "/api/v9"
	cfg.Limits.UserPerMinute, cfg.Limits.ChannelPerMinute = 0, 0
	if edit != nil {
		edit(&cfg)
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runServer(ctx, cfg, func(k string) string { return testSecrets[k] }, slog.New(slog.NewJSONHandler(io.MultiWriter(pw, logs), nil)))
		pw.Close()
	}()
	lines := make(chan string, 1000)
	go func() {
		for range lines {
		}
	}()
	addr = logAddr(t, pr, lines)
	waitReady(t, addr)
	waitStore(t, addr)
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			err = <-done
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return addr, stop, api
}

// waitReady waits until the server is ready and its store is open: ready
// means the index is built and the platforms serve, while the store may
// still be opening in the background, and these tests use it.
func waitReady(t testing.TB, addr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if code, _ := getBody("http://" + addr + "/readyz"); code == 200 {
			if _, body := getBody("http://" + addr + "/healthz"); strings.Contains(body, "store: ok") {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("server never ready with its store open")
}

func getBody(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitStore waits until the store, opened in the background, is up:
// store commands (a quiz) refuse until then.
func waitStore(t testing.TB, addr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), "\nsdbot_store_up 1\n") {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("store never up")
}

func slackCommand(t testing.TB, client *http.Client, addr, text string) (*http.Response, error) {
	return signedSlackFormWith(client, addr, "/slack/commands", slackCommandForm(text))
}

func slackCommandForm(text string) url.Values {
	return url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "user_name": {"ann"},
		"command": {"/sd"}, "text": {text}, "response_url": {"http://127.0.0.1:1/unused"}}
}

func signedSlackForm(t testing.TB, addr, path string, form url.Values) (*http.Response, error) {
	return signedSlackFormWith(http.DefaultClient, addr, path, form)
}

func signedSlackFormWith(client *http.Client, addr, path string, form url.Values) (*http.Response, error) {
	return client.Do(signSlack(addr, path, form).request())
}

func discordInteraction(t testing.TB, client *http.Client, addr, body string) (*http.Response, error) {
	return client.Do(signDiscord(addr, body).request())
}

// signedRequest is a platform request signed as the platform signs it.
type signedRequest struct {
	url, contentType, body string
	headers                [][2]string
}

func (s signedRequest) request() *http.Request {
	req, _ := http.NewRequest("POST", s.url, strings.NewReader(s.body))
	req.Header.Set("Content-Type", s.contentType)
	for _, h := range s.headers {
		req.Header.Set(h[0], h[1])
	}
	return req
}

func signSlack(addr, path string, form url.Values) signedRequest {
	return signSlackWith(testSecrets["SDBOT_SLACK_SIGNING_SECRET"], addr, path, form)
}

func signSlackWith(secret, addr, path string, form url.Values) signedRequest {
	return signSlackBody(secret, addr, path, "application/x-www-form-urlencoded", form.Encode())
}

// signSlackBody signs a body of any type (a form for commands and
// interactions, JSON for the Events API) as Slack signs it.
func signSlackBody(secret, addr, path, contentType, body string) signedRequest {
	ts := fmt.Sprint(time.Now().Unix())
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":" + body))
	return signedRequest{url: "http://" + addr + path, contentType: contentType, body: body,
		headers: [][2]string{{"X-Slack-Request-Timestamp", ts}, {"X-Slack-Signature", "v0=" + hex.EncodeToString(m.Sum(nil))}}}
}

// discordKey is the RFC 8032 test key the fake Discord signs with.
var discordKey = func() ed25519.PrivateKey {
	seed, _ := hex.DecodeString(rfcSeed)
	return ed25519.NewKeyFromSeed(seed)
}()

func signDiscord(addr, body string) signedRequest {
	ts := fmt.Sprint(time.Now().Unix())
	return signedRequest{url: "http://" + addr + "/discord/interactions", contentType: "application/json", body: body,
		headers: [][2]string{{"X-Signature-Timestamp", ts}, {"X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(discordKey, []byte(ts+body)))}}}
}

func TestMetricsLogsAndSecrets(t *testing.T) {
	logs := &syncBuffer{}
	addr, stop, _ := liveServer(t, logs)
	resp, err := slackCommand(t, http.DefaultClient, addr, "ask how does consistent hashing work")
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("X-Request-Id") == "" {
		t.Fatalf("slack ask = %v, %v", resp, err)
	}
	resp.Body.Close()
	bad, _ := http.NewRequest("POST", "http://"+addr+"/slack/commands", strings.NewReader("text=ask"))
	bad.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(time.Now().Unix()))
	bad.Header.Set("X-Slack-Signature", "v0=00")
	if resp, err := http.DefaultClient.Do(bad); err != nil || resp.StatusCode != 401 {
		t.Fatalf("forged slack request = %v, %v; want 401", resp, err)
	}
	resp, err = discordInteraction(t, http.DefaultClient, addr, `{"type":1,"id":"1","application_id":"123456789012345678","token":"tok"}`)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("discord ping = %v, %v", resp, err)
	}
	pong, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.TrimSpace(string(pong)) != `{"type":1}` {
		t.Errorf("ping answer = %s", pong)
	}

	resp, err = http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metricsText, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`sdbot_requests_total{command="ask",outcome="answer",platform="slack"} 1`,
		`sdbot_http_requests_total{code="401",route="POST /slack/commands"} 1`,
		`sdbot_http_requests_total{code="200",route="POST /discord/interactions"} 1`,
		`sdbot_request_duration_seconds_bucket{command="ask",platform="slack"`,
		`go_goroutines`,
	} {
		if !strings.Contains(string(metricsText), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, `"msg":"http request"`) || !strings.Contains(out, `"request_id"`) {
		t.Errorf("no access log with request ids:\n%.500s", out)
	}
	for name, secret := range testSecrets {
		if name != "SDBOT_DISCORD_PUBLIC_KEY" && strings.Contains(out, secret) {
			t.Errorf("logs contain %s", name)
		}
	}
}

// TestShutdownUnderLoad sends a steady stream of signed commands from 16
// clients and shuts the server down in the middle: every request the
// server accepted gets a complete 200. Connections still waiting in the
// kernel's accept queue when the listener closes are reset before any
// request is read; clients see that as a refused, reset or EOF connection
// with no response, or as a broken pipe when the reset comes while they
// are still writing the request, which is not a dropped request.
func TestShutdownUnderLoad(t *testing.T) {
	addr, stop, _ := liveServer(t, io.Discard)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 20 * time.Second}
	var ok, refused atomic.Int64
	var mu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	done := make(chan struct{})
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				resp, err := slackCommand(t, client, addr, "ask what is a bloom filter")
				switch {
				case err != nil && (errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF)):
					refused.Add(1)
					return
				case err != nil:
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					return
				}
				body, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || rerr != nil || !bytes.Contains(body, []byte("Bloom")) {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("status %d, read %v", resp.StatusCode, rerr))
					mu.Unlock()
					return
				}
				ok.Add(1)
			}
		}()
	}
	time.Sleep(400 * time.Millisecond)
	if err := stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	close(done)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d accepted requests failed during shutdown: %v", len(failures), failures[:min(5, len(failures))])
	}
	if ok.Load() == 0 {
		t.Error("no request succeeded before shutdown")
	}
	t.Logf("%d answered, %d refused at the door", ok.Load(), refused.Load())
}
