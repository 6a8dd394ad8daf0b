package knowledge

import (
	"container/list"
	"strings"
	"sync"
)

// answerCache remembers recent answers by normalised question. Chat
// traffic repeats itself (a study group asks the same thing, a quiz sends
// everyone to one topic), and the index never changes while the process
// runs, so a hit is always right.
type answerCache struct {
	mu    sync.Mutex
	cap   int
	order *list.List // front: most recent; values are *cacheEntry
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key    string
	answer Answer
}

// answerCacheSize bounds the cache: a few MB at most.
const answerCacheSize = 4096

func newAnswerCache(size int) *answerCache {
	return &answerCache{cap: size, order: list.New(), byKey: map[string]*list.Element{}}
}

func cacheKey(cleaned string) string { return strings.ToLower(cleaned) }

func (c *answerCache) get(key string) (Answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return Answer{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).answer, true
}

func (c *answerCache) put(key string, a Answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*cacheEntry).answer = a
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, answer: a})
	if c.order.Len() > c.cap {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}
