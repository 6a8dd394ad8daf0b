package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sdbot/sdbot/adapters/internal/signedhttp"
)

// Slack's request signing (v0): HMAC-SHA256 keyed with the app's signing
// secret over "v0:<timestamp>:<raw body>", sent hex-encoded as
// "X-Slack-Signature: v0=<hex>" next to X-Slack-Request-Timestamp.
const (
	headerSignature = "X-Slack-Signature"
	headerTimestamp = "X-Slack-Request-Timestamp"
	signaturePrefix = "v0="
)

// Reasons a request is refused. They name the check, never the secret or
// the signature.
var (
	errMissingHeaders = errors.New("missing signature headers")
	errBadTimestamp   = errors.New("malformed timestamp")
	errStale          = errors.New("timestamp outside the 5-minute window")
	errBadSignature   = errors.New("signature mismatch")
)

// checkHeaders validates the signature headers and the timestamp window.
// It runs before the body is read, so unsigned and replayed requests cost
// nothing.
func checkHeaders(h http.Header, now time.Time) (timestamp, signature string, err error) {
	timestamp, signature = h.Get(headerTimestamp), h.Get(headerSignature)
	if timestamp == "" || signature == "" {
		return "", "", errMissingHeaders
	}
	if sec, err := strconv.ParseInt(timestamp, 10, 64); err != nil || sec <= 0 {
		return "", "", errBadTimestamp
	}
	if !signedhttp.Fresh(timestamp, now) {
		return "", "", errStale
	}
	return timestamp, signature, nil
}

// checkSignature compares the signature with our own in constant time.
func checkSignature(secret, timestamp, signature string, body []byte) error {
	hexSig, ok := strings.CutPrefix(signature, signaturePrefix)
	if !ok {
		return errBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return errBadSignature
	}
	if !hmac.Equal(got, mac(secret, timestamp, body)) {
		return errBadSignature
	}
	return nil
}

func mac(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + timestamp + ":"))
	m.Write(body)
	return m.Sum(nil)
}
