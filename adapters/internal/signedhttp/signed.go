// Package signedhttp holds what the platforms' signed HTTP requests share: the
// replay window around the signed timestamp and the cap on the body read
// before the signature is checked.
package signedhttp

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Window is how far a request's signed timestamp may be from our clock,
// either way, so a captured request cannot be replayed later.
const Window = 5 * time.Minute

// MaxBody is the largest request body read. The platforms' own are a few
// kilobytes; anything near this is not from them.
const MaxBody = 1 << 20

// ErrTooLarge is returned by ReadBody for a body over MaxBody.
var ErrTooLarge = errors.New("request body too large")

// Fresh reports whether timestamp, in Unix seconds, is inside the replay
// window around now.
func Fresh(timestamp string, now time.Time) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || sec <= 0 {
		return false
	}
	d := now.Sub(time.Unix(sec, 0))
	return d <= Window && d >= -Window
}

// ReadBody reads the body, at most MaxBody bytes, into one buffer that
// starts with prefix: the platform signs prefix and body together, so the
// signature can be checked without a second copy.
func ReadBody(w http.ResponseWriter, r *http.Request, prefix string) ([]byte, error) {
	if r.ContentLength > MaxBody {
		return nil, ErrTooLarge
	}
	size := 4 << 10
	if r.ContentLength > 0 {
		size = int(r.ContentLength)
	}
	// ReadFrom keeps bytes.MinRead free before each read, so room for it
	// avoids a copy at the end of the body.
	buf := bytes.NewBuffer(make([]byte, 0, len(prefix)+size+bytes.MinRead))
	buf.WriteString(prefix)
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, MaxBody))
	if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
		return nil, ErrTooLarge
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf.Bytes(), nil
}
