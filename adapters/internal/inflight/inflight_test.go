package inflight

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestWait(t *testing.T) {
	t.Run("waits for work, even work started while waiting", func(t *testing.T) {
		var tr Tracker
		release := make(chan struct{})
		tr.Go(func() {
			<-release
			tr.Go(func() { time.Sleep(20 * time.Millisecond) })
		})
		done := make(chan error)
		go func() { done <- tr.Wait(context.Background()) }()
		close(release)
		start := time.Now()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if time.Since(start) < 15*time.Millisecond {
			t.Error("Wait returned before the work it started had finished")
		}
	})
	t.Run("gives up at the deadline", func(t *testing.T) {
		var tr Tracker
		block := make(chan struct{})
		defer close(block)
		tr.Go(func() { <-block })
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := tr.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Wait = %v; want the deadline", err)
		}
	})
	t.Run("nothing running", func(t *testing.T) {
		var tr Tracker
		if err := tr.Wait(context.Background()); err != nil {
			t.Error(err)
		}
	})
}
