package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchSigned measures the whole signed HTTP path: header checks, body
// read, Ed25519 verification, decoding, the bot, rendering and encoding.
func benchSigned(b *testing.B, h handler, body string, want int) {
	a := newAdapter(b, h, nil, nil, nil)
	mux := http.NewServeMux()
	a.Routes(mux)
	const ts = "1700000000"
	raw := []byte(body)
	sig := hex.EncodeToString(ed25519.Sign(rfcKey(b), append([]byte(ts), raw...)))
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, InteractionsPath, bytes.NewReader(raw))
		r.Header.Set("X-Signature-Timestamp", ts)
		r.Header.Set("X-Signature-Ed25519", sig)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != want {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

func BenchmarkSignedPing(b *testing.B) {
	benchSigned(b, &fakeBot{}, `{"id":"1","application_id":"111111111111111111","type":1,"token":"t","version":1}`, 200)
}

func BenchmarkSignedTopic(b *testing.B) {
	benchSigned(b, realBot(b), command("topic", map[string]string{"name": "consistent-hashing"}, "0"), 200)
}

func BenchmarkSignedAsk(b *testing.B) {
	benchSigned(b, realBot(b), command("ask", map[string]string{"question": "how does consistent hashing work"}, "0"), 200)
}

func BenchmarkSignedAutocomplete(b *testing.B) {
	benchSigned(b, realBot(b), autocompleteBody("topic", "name", "consist"), 200)
}

// BenchmarkBadSignature is the cost of refusing a forged request.
func BenchmarkBadSignature(b *testing.B) {
	a := newAdapter(b, &fakeBot{}, nil, nil, nil)
	raw := []byte(command("topic", map[string]string{"name": "cdn"}, "0"))
	sig := hex.EncodeToString(make([]byte, ed25519.SignatureSize))
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, InteractionsPath, bytes.NewReader(raw))
		r.Header.Set("X-Signature-Timestamp", "1700000000")
		r.Header.Set("X-Signature-Ed25519", sig)
		w := httptest.NewRecorder()
		a.serveInteraction(w, r)
		if w.Code != http.StatusUnauthorized {
			b.Fatalf("status %d", w.Code)
		}
	}
}
