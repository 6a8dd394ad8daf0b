package main

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sdbot/sdbot/bot"
)

// metrics is what `sdbot serve` exposes on GET /metrics.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	posts     *prometheus.CounterVec
	api       *prometheus.CounterVec
	storeErrs *prometheus.CounterVec
	storeUp   prometheus.Gauge
	paused    prometheus.Gauge
	httpReqs  *prometheus.CounterVec
	// feedback counts votes cast or changed, by the vote now given.
	feedback   *prometheus.CounterVec
	unanswered prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sdbot_requests_total", Help: "Commands handled, by platform, command and outcome.",
		}, []string{"platform", "command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "sdbot_request_duration_seconds", Help: "Time to handle a command, by platform and command.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"platform", "command"}),
		posts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sdbot_daily_posts_total", Help: "Topic-of-the-day post attempts by result (posted, failed, taken, error).",
		}, []string{"result"}),
		api: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sdbot_platform_api_responses_total", Help: "Outbound platform API calls by platform and result (2xx, 4xx, 429, 5xx, error).",
		}, []string{"platform", "result"}),
		storeErrs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sdbot_store_errors_total", Help: "Store operations that failed, by operation.",
		}, []string{"op"}),
		storeUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sdbot_store_up", Help: "1 when the store is open and answered its last check, else 0 (store commands are degraded).",
		}),
		paused: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sdbot_subscriptions_paused", Help: "Subscriptions paused because the bot could not post in their channel for days in a row; a new subscribe there resumes one.",
		}),
		httpReqs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sdbot_http_requests_total", Help: "HTTP requests served, by route and status code.",
		}, []string{"route", "code"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sdbot_feedback_total", Help: "Votes on answers cast or changed, by the vote given (up, down).",
		}, []string{"vote"}),
		unanswered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sdbot_unanswered_total", Help: "Questions asked that had no good answer.",
		}),
	}
	for _, v := range []string{bot.VoteUp, bot.VoteDown} {
		m.feedback.WithLabelValues(v) // both series from the start, at 0
	}
	m.reg.MustRegister(m.requests, m.latency, m.posts, m.api, m.storeErrs, m.storeUp, m.paused, m.httpReqs, m.feedback, m.unanswered,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// meteredBot counts and times every command the adapters hand the bot.
type meteredBot struct {
	*bot.Bot
	m *metrics
}

// Handle runs the command and records it.
func (b meteredBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	start := time.Now()
	r := b.Bot.Handle(ctx, req)
	cmd := req.Command
	if _, ok := b.Command(cmd); !ok {
		cmd = "unknown" // keep label values bounded
	}
	platform := req.Platform
	if platform != "slack" && platform != "discord" {
		platform = "other"
	}
	b.m.requests.WithLabelValues(platform, cmd, string(r.Kind)).Inc()
	b.m.latency.WithLabelValues(platform, cmd).Observe(time.Since(start).Seconds())
	return r
}

// apiCounter counts a platform's outbound API responses by class.
type apiCounter struct {
	platform string
	next     http.RoundTripper
	m        *metrics
}

func (c apiCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	result := "error"
	if err == nil {
		switch code := resp.StatusCode; {
		case code == http.StatusTooManyRequests:
			result = "429"
		default:
			result = strconv.Itoa(code/100) + "xx"
		}
	}
	c.m.api.WithLabelValues(c.platform, result).Inc()
	return resp, err
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// Flush lets streaming handlers flush through the recorder.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
