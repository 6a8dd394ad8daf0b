package slack

import (
	"encoding/hex"
	"errors"
	"net/http"
	"testing"
	"time"
)

// Slack's worked example from "Verifying requests from Slack"
// (docs.slack.dev/authentication/verifying-requests-from-slack).
const (
	exampleTimestamp = "1531420618"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)

var exampleTime = time.Unix(1531420618, 0)

// sign returns the X-Slack-Signature value Slack would send.
func sign(secret, timestamp string, body []byte) string {
	return signaturePrefix + hex.EncodeToString(mac(secret, timestamp, body))
}

func TestSignPublishedExample(t *testing.T) {
	if got := sign(testSecret, exampleTimestamp, []byte(exampleBody)); got != exampleSignature {
		t.Errorf("sign(example) = %s; want %s", got, exampleSignature)
	}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name      string
		secret    string
		timestamp string
		signature string
		body      string
		now       time.Time
		want      error
	}{
		{"published example", testSecret, exampleTimestamp, exampleSignature, exampleBody, exampleTime, nil},
		{"5 minutes old", testSecret, exampleTimestamp, exampleSignature, exampleBody, exampleTime.Add(5 * time.Minute), nil},
		{"5 minutes ahead", testSecret, exampleTimestamp, exampleSignature, exampleBody, exampleTime.Add(-5 * time.Minute), nil},
		{"wrong secret", "8f742231b10e8888abcd99yyyzzz85a6", exampleTimestamp, exampleSignature, exampleBody, exampleTime, errBadSignature},
		{"stale", testSecret, exampleTimestamp, exampleSignature, exampleBody, exampleTime.Add(5*time.Minute + time.Second), errStale},
		{"future", testSecret, exampleTimestamp, exampleSignature, exampleBody, exampleTime.Add(-5*time.Minute - time.Second), errStale},
		{"missing timestamp", testSecret, "", exampleSignature, exampleBody, exampleTime, errMissingHeaders},
		{"missing signature", testSecret, exampleTimestamp, "", exampleBody, exampleTime, errMissingHeaders},
		{"tampered body", testSecret, exampleTimestamp, exampleSignature, exampleBody + "&text=hi", exampleTime, errBadSignature},
		{"empty body", testSecret, exampleTimestamp, exampleSignature, "", exampleTime, errBadSignature},
		{"timestamp moved", testSecret, "1531420619", exampleSignature, exampleBody, exampleTime, errBadSignature},
		{"timestamp not a number", testSecret, "1531420618.5", exampleSignature, exampleBody, exampleTime, errBadTimestamp},
		{"timestamp negative", testSecret, "-1", exampleSignature, exampleBody, exampleTime, errBadTimestamp},
		{"no v0 prefix", testSecret, exampleTimestamp, exampleSignature[3:], exampleBody, exampleTime, errBadSignature},
		{"v1 scheme", testSecret, exampleTimestamp, "v1=" + exampleSignature[3:], exampleBody, exampleTime, errBadSignature},
		{"not hex", testSecret, exampleTimestamp, "v0=zz" + exampleSignature[5:], exampleBody, exampleTime, errBadSignature},
		{"truncated", testSecret, exampleTimestamp, exampleSignature[:40], exampleBody, exampleTime, errBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.timestamp != "" {
				h.Set(headerTimestamp, tt.timestamp)
			}
			if tt.signature != "" {
				h.Set(headerSignature, tt.signature)
			}
			ts, sig, err := checkHeaders(h, tt.now)
			if err == nil {
				err = checkSignature(tt.secret, ts, sig, []byte(tt.body))
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("verify = %v; want %v", err, tt.want)
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	h := http.Header{}
	h.Set(headerTimestamp, exampleTimestamp)
	h.Set(headerSignature, exampleSignature)
	body := []byte(exampleBody)
	for b.Loop() {
		ts, sig, err := checkHeaders(h, exampleTime)
		if err == nil {
			err = checkSignature(testSecret, ts, sig, body)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
