package slack

import "sync"

// tasks counts goroutines that outlive the request that started them
// (replies posted to response_url), so Run can wait for them at shutdown.
// Unlike sync.WaitGroup it allows new work to start while someone waits.
type tasks struct {
	mu   sync.Mutex
	n    int
	idle *sync.Cond
}

// goRun runs f in a new goroutine that wait waits for.
func (t *tasks) goRun(f func()) {
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
	go func() {
		defer t.done()
		f()
	}()
}

func (t *tasks) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n--
	if t.n == 0 && t.idle != nil {
		t.idle.Broadcast()
	}
}

// wait returns when no goroutine started by goRun is running.
func (t *tasks) wait() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.idle == nil {
		t.idle = sync.NewCond(&t.mu)
	}
	for t.n > 0 {
		t.idle.Wait()
	}
}
