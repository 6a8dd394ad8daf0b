package bot

import (
	"sync"
	"time"
)

// Limits protect the bot from floods: a token bucket per user and per
// channel, and a cap on commands running at once. Zero values turn a limit
// off.
type Limits struct {
	// UserPerMinute and ChannelPerMinute are sustained command rates; each
	// may burst to a quarter of a minute's worth at once (at least 3).
	UserPerMinute    int
	ChannelPerMinute int
	// Concurrent caps commands in progress; more get "busy, try again".
	// Commands that need the Store have a separate cap of a quarter of it
	// (at least 1), so a slow database never blocks questions.
	Concurrent int
}

// WithLimits applies rate and concurrency limits to Handle.
func WithLimits(l Limits) BotOption {
	return func(b *Bot) {
		if l.Concurrent > 0 {
			b.slots = make(chan struct{}, l.Concurrent)
			b.storeSlots = make(chan struct{}, max(1, l.Concurrent/4))
		}
		if l.UserPerMinute > 0 {
			b.users = newBuckets(l.UserPerMinute)
		}
		if l.ChannelPerMinute > 0 {
			b.channels = newBuckets(l.ChannelPerMinute)
		}
	}
}

// buckets is a set of token buckets by key.
type buckets struct {
	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  float64
	bucket map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds memory: past it, buckets that have refilled (idle
// users) are dropped.
const maxBuckets = 50000

func newBuckets(perMinute int) *buckets {
	return &buckets{
		rate:   float64(perMinute) / 60,
		burst:  float64(max(3, perMinute/4)),
		bucket: map[string]*bucket{},
	}
}

// allow takes a token for key at time now, or reports that there is none
// and how long until there is.
func (bs *buckets) allow(key string, now time.Time) (bool, time.Duration) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	b, ok := bs.bucket[key]
	if !ok {
		if len(bs.bucket) >= maxBuckets {
			bs.prune(now)
		}
		b = &bucket{tokens: bs.burst, last: now}
		bs.bucket[key] = b
	}
	b.tokens = min(bs.burst, b.tokens+now.Sub(b.last).Seconds()*bs.rate)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / bs.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

func (bs *buckets) prune(now time.Time) {
	for k, b := range bs.bucket {
		if b.tokens+now.Sub(b.last).Seconds()*bs.rate >= bs.burst {
			delete(bs.bucket, k)
		}
	}
}
