package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadClients is how many clients run at once.
const loadClients = 32

var loadQuestions = []string{
	"how does consistent hashing work", "what is a bloom filter", "redis vs memcached",
	"design a url shortener", "why is kafka fast", "what is the cap theorem",
	"how do rate limiters work", "what is a write-ahead log",
}

func discordAsk(q string) string {
	b, _ := json.Marshal(map[string]any{
		"type": 2, "id": "1", "application_id": "123456789012345678", "token": "tok", "channel_id": "222",
		"guild_id": "333", "member": map[string]any{"permissions": "0", "user": map[string]any{"id": "444", "username": "ann"}},
		"data": map[string]any{"id": "9", "name": "sd", "type": 1, "options": []any{
			map[string]any{"name": "ask", "type": 1, "options": []any{map[string]any{"name": "question", "type": 3, "value": q}}},
		}},
	})
	return string(b)
}

// runLoad sends n requests from loadClients clients through send and
// returns the latencies and the number of failures.
func runLoad(n int, send func(i int) error) ([]time.Duration, int64, time.Duration) {
	var next atomic.Int64
	var fails atomic.Int64
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	start := time.Now()
	for range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t0 := time.Now()
				if err := send(i); err != nil {
					fails.Add(1)
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	return lat, fails.Load(), time.Since(start)
}

func report(b *testing.B, lat []time.Duration, fails int64, took time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(len(lat))/took.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(fails), "errors")
}

// rssMB reads this process's resident memory (server and clients both).
func rssMB(field string) float64 {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, field+":") {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, field+":"), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}

func loadClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: loadClients, MaxConnsPerHost: loadClients}}
}

// BenchmarkLoadSdbot drives signed Slack commands and Discord interactions
// (alternately) from 32 clients against `sdbot serve` on loopback; one
// iteration is one request. Run a bounded count:
//
//	go test -bench LoadSdbot -run '^$' -benchtime 20000x ./cmd/sdbot
func BenchmarkLoadSdbot(b *testing.B) { loadSdbot(b, false) }

// BenchmarkLoadSdbotUncached is the same with every question made unique,
// so the answer cache never hits and every request searches the index.
func BenchmarkLoadSdbotUncached(b *testing.B) { loadSdbot(b, true) }

// loadRequest is request i: Slack commands and Discord interactions
// alternately, each signed as the platform signs it.
func loadRequest(addr string, i int, unique bool) *http.Request {
	q := loadQuestions[i%len(loadQuestions)]
	if unique {
		q = fmt.Sprintf("%s v%d", q, i)
	}
	if i%2 == 0 {
		return signSlack(addr, "/slack/commands", slackCommandForm("ask "+q)).request()
	}
	return signDiscord(addr, discordAsk(q)).request()
}

func loadSdbot(b *testing.B, unique bool) {
	addr, _, _ := liveServer(b, io.Discard)
	bare := bareServer(b)
	client := loadClient()
	var peak atomic.Int64
	stopWatch := make(chan struct{})
	go func() {
		for {
			select {
			case <-stopWatch:
				return
			case <-time.After(50 * time.Millisecond):
				if v := int64(rssMB("VmRSS")); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	b.ResetTimer()
	lat, fails, took := runLoad(b.N, func(i int) error { return send(client, loadRequest(addr, i, unique)) })
	b.StopTimer()
	close(stopWatch)
	report(b, lat, fails, took)
	b.ReportMetric(float64(peak.Load()), "peak-rss-MB")
	// The ceiling is measured right after, with the same requests, so
	// that the share is taken under the same load on the machine.
	blat, _, btook := runLoad(b.N, func(i int) error { return send(client, loadRequest(bare, i, unique)) })
	b.ReportMetric(100*float64(len(lat))/took.Seconds()/(float64(len(blat))/btook.Seconds()), "%-of-bare")
}

// send sends one request and reads the whole answer.
func send(client *http.Client, req *http.Request) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return err
}

// bareServer is the ceiling: a bare net/http handler that only reads the
// body and answers.
func bareServer(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"type":4,"data":{"content":"ok"}}`)
	})}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// BenchmarkLoadBare is the ceiling alone: the same clients and signed
// requests against the bare handler.
func BenchmarkLoadBare(b *testing.B) {
	addr := bareServer(b)
	client := loadClient()
	b.ResetTimer()
	lat, fails, took := runLoad(b.N, func(i int) error { return send(client, loadRequest(addr, i, true)) })
	b.StopTimer()
	report(b, lat, fails, took)
}
