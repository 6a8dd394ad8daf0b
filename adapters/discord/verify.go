package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"net/http"
)

// maxTimestamp bounds the X-Signature-Timestamp header (Unix seconds).
const maxTimestamp = 32

func parsePublicKey(s string) (ed25519.PublicKey, error) {
	key, err := hex.DecodeString(s)
	if err != nil || len(key) != ed25519.PublicKeySize {
		// The key is not secret, but it is not echoed either: a pasted
		// bot token in the wrong variable must not reach the log.
		return nil, errors.New("must be 64 hex characters")
	}
	return ed25519.PublicKey(key), nil
}

// signature returns the decoded signature and the timestamp from the
// request headers, or ok false when either is missing or malformed. It
// reads no body, so unsigned requests are refused before any real work.
func signature(r *http.Request) (sig []byte, timestamp string, ok bool) {
	h := r.Header.Get("X-Signature-Ed25519")
	timestamp = r.Header.Get("X-Signature-Timestamp")
	if len(h) != 2*ed25519.SignatureSize || timestamp == "" || len(timestamp) > maxTimestamp {
		return nil, "", false
	}
	sig, err := hex.DecodeString(h)
	if err != nil {
		return nil, "", false
	}
	return sig, timestamp, true
}

// verify reports whether sig is the key's signature of msg
// (timestamp + body).
func verify(key ed25519.PublicKey, msg, sig []byte) bool {
	return key != nil && ed25519.Verify(key, msg, sig)
}
