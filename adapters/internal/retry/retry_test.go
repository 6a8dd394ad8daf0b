package retry

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestNotSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = http.Get("http://" + addr + "/")
	if !notSent(err) {
		t.Errorf("notSent(%v) = false for a refused connection", err)
	}
	for _, err := range []error{nil, context.DeadlineExceeded, errors.New("500 Internal Server Error"),
		fmt.Errorf("post: %w", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")})} {
		if notSent(err) {
			t.Errorf("notSent(%v) = true; the request may have been sent", err)
		}
	}
}

func TestBackoffAndSleep(t *testing.T) {
	for attempt, want := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second} {
		if got := Backoff(attempt); got < want || got > want+want/10+50*time.Millisecond {
			t.Errorf("Backoff(%d) = %s; want %s plus at most a tenth and 50 ms", attempt, got, want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := Sleep(ctx, time.Minute); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("Sleep on an ended context = %v after %s", err, time.Since(start))
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep = %v", err)
	}
}

func TestLimited(t *testing.T) {
	for _, tt := range []struct{ in, want int }{{0, defaultLimited}, {-1, 0}, {5, 5}} {
		if got := Limited(tt.in); got != tt.want {
			t.Errorf("Limited(%d) = %d; want %d", tt.in, got, tt.want)
		}
	}
}
