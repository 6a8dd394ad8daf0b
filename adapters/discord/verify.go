package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
)

// maxBody is the largest interaction body accepted. Discord's own are a
// few kilobytes; anything near this is not from Discord.
const maxBody = 1 << 20

// maxTimestamp bounds the X-Signature-Timestamp header (Unix seconds).
const maxTimestamp = 32

var errTooLarge = errors.New("body too large")

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

// readSigned reads the body after the timestamp into one buffer, which is
// exactly the message Discord signed, so verifying needs no second copy.
// It returns errTooLarge when the body passes maxBody.
func readSigned(w http.ResponseWriter, r *http.Request, timestamp string) ([]byte, error) {
	if r.ContentLength > maxBody {
		return nil, errTooLarge
	}
	size := 4 << 10
	if r.ContentLength > 0 {
		size = int(r.ContentLength)
	}
	// ReadFrom keeps bytes.MinRead free before each read, so room for it
	// avoids a copy at the end of the body.
	buf := bytes.NewBuffer(make([]byte, 0, len(timestamp)+size+bytes.MinRead))
	buf.WriteString(timestamp)
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errTooLarge
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf.Bytes(), nil
}

// verify reports whether sig is the key's signature of msg
// (timestamp + body).
func verify(key ed25519.PublicKey, msg, sig []byte) bool {
	return key != nil && ed25519.Verify(key, msg, sig)
}
