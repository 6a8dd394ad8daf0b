package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sdbot/sdbot/adapters/internal/signedhttp"
)

// TestRFC8032Key pins the test key pair the other tests sign with.
func TestRFC8032Key(t *testing.T) {
	key := rfcKey(t)
	if got := hex.EncodeToString(key.Public().(ed25519.PublicKey)); got != rfcPublicKey {
		t.Errorf("public key = %s; want %s", got, rfcPublicKey)
	}
	if got := hex.EncodeToString(ed25519.Sign(key, nil)); got != rfcSignature {
		t.Errorf("signature of the empty message = %s; want %s", got, rfcSignature)
	}
}

func TestSignature(t *testing.T) {
	const ping = `{"id":"1","application_id":"111111111111111111","type":1,"token":"t","version":1}`
	key := rfcKey(t)
	_, otherKey, _ := ed25519.GenerateKey(nil)
	big := append([]byte(`{"type":1,"pad":"`), bytes.Repeat([]byte("x"), signedhttp.MaxBody)...)
	big = append(big, `"}`...)

	tests := []struct {
		name string
		req  func() *http.Request
		key  string // public key configured; "" for none
		want int
	}{
		{"valid", func() *http.Request { return signed(t, key, "1700000000", []byte(ping)) }, rfcPublicKey, 200},
		{"other key", func() *http.Request { return signed(t, otherKey, "1700000000", []byte(ping)) }, rfcPublicKey, 401},
		{"no public key configured", func() *http.Request { return signed(t, key, "1700000000", []byte(ping)) }, "", 401},
		{"body changed", func() *http.Request {
			r := signed(t, key, "1700000000", []byte(ping))
			r.Body = httptest.NewRequest("POST", "/", strings.NewReader(strings.Replace(ping, `"type":1`, `"type":2`, 1))).Body
			return r
		}, rfcPublicKey, 401},
		{"timestamp changed", func() *http.Request {
			r := signed(t, key, "1700000000", []byte(ping))
			r.Header.Set("X-Signature-Timestamp", "1700000001")
			return r
		}, rfcPublicKey, 401},
		{"no signature", func() *http.Request {
			r := signed(t, key, "1700000000", []byte(ping))
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, rfcPublicKey, 401},
		{"no timestamp", func() *http.Request {
			r := signed(t, key, "1700000000", []byte(ping))
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, rfcPublicKey, 401},
		{"signature not hex", func() *http.Request {
			r := signed(t, key, "1700000000", []byte(ping))
			r.Header.Set("X-Signature-Ed25519", strings.Repeat("zz", ed25519.SignatureSize))
			return r
		}, rfcPublicKey, 401},
		{"signature short", func() *http.Request {
			r := signed(t, key, "1700000000", []byte(ping))
			r.Header.Set("X-Signature-Ed25519", r.Header.Get("X-Signature-Ed25519")[:100])
			return r
		}, rfcPublicKey, 401},
		{"signed but over 1 MiB", func() *http.Request { return signed(t, key, "1700000000", big) }, rfcPublicKey, 413},
		{"over 1 MiB, length unknown", func() *http.Request {
			r := signed(t, key, "1700000000", big)
			r.ContentLength = -1
			return r
		}, rfcPublicKey, 413},
		{"unsigned and over 1 MiB", func() *http.Request {
			r := httptest.NewRequest("POST", InteractionsPath, bytes.NewReader(big))
			return r
		}, rfcPublicKey, 401},
		{"signed, not JSON", func() *http.Request { return signed(t, key, "1700000000", []byte("not json")) }, rfcPublicKey, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBot{}
			a := newAdapter(t, fb, nil, nil, func(c *Config) { c.PublicKey = tt.key })
			mux := http.NewServeMux()
			a.Routes(mux)
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, tt.req())
			if w.Code != tt.want {
				t.Fatalf("status = %d (%s); want %d", w.Code, w.Body, tt.want)
			}
			if tt.want == 200 && w.Body.String() != `{"type":1}` {
				t.Errorf("PING answer = %s; want {\"type\":1}", w.Body)
			}
			if tt.want != 200 && len(fb.Requests()) > 0 {
				t.Errorf("bot ran for a refused request")
			}
		})
	}
}

// TestUnauthorizedFirst checks a bad signature is refused before the body
// is read: the body here would fail if anything touched it.
func TestUnauthorizedFirst(t *testing.T) {
	a := newAdapter(t, &fakeBot{}, nil, nil, nil)
	r := httptest.NewRequest("POST", InteractionsPath, failingReader{t})
	r.Header.Set("X-Signature-Timestamp", "1700000000")
	r.Header.Set("X-Signature-Ed25519", "00")
	w := httptest.NewRecorder()
	a.serveInteraction(w, r)
	if w.Code != http.StatusUnauthorized {
		t.Errorf("status = %d; want 401", w.Code)
	}
}

type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("body read before the signature was checked")
	return 0, io.EOF
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"public key not hex", Config{PublicKey: "not-hex"}},
		{"public key short", Config{PublicKey: rfcPublicKey[:62]}},
		{"api url relative", Config{APIURL: "/api"}},
		{"api url scheme", Config{APIURL: "ftp://example.test/api"}},
		{"api url with credentials", Config{APIURL: "ftp://user:hunter2@example.test/api"}},
		{"application id", Config{ApplicationID: "../../x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.BotToken = "secret-token-value"
			_, err := New(tt.cfg, &fakeBot{})
			if err == nil {
				t.Fatalf("New(%+v) = nil error", tt.cfg)
			}
			if strings.Contains(err.Error(), "secret-token-value") || strings.Contains(err.Error(), "hunter2") ||
				(tt.cfg.PublicKey != "" && strings.Contains(err.Error(), tt.cfg.PublicKey)) {
				t.Errorf("error leaks configuration: %v", err)
			}
		})
	}
}

func TestReplayWindow(t *testing.T) {
	a := newAdapter(t, realBot(t), nil, nil, nil)
	for _, tt := range []struct {
		ts   string
		want int
	}{
		{"1700000000", 200},
		{"1700000299", 200},
		{"1699999701", 200},
		{"1700000301", 401}, // from the future
		{"1699999699", 401}, // replayed after five minutes
		{"soon", 401},
	} {
		w := httptest.NewRecorder()
		mux := http.NewServeMux()
		a.Routes(mux)
		mux.ServeHTTP(w, signed(t, rfcKey(t), tt.ts, []byte(`{"type":1}`)))
		if w.Code != tt.want {
			t.Errorf("timestamp %s: status %d; want %d", tt.ts, w.Code, tt.want)
		}
	}
}
