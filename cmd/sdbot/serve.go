package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sdbot/sdbot/adapters/store"
	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/knowledge"
)

// shutdownGrace is how long in-flight requests get to finish on SIGTERM.
const shutdownGrace = 10 * time.Second

func (e env) serve(ctx context.Context, args []string) int {
	fs := newFlags("serve")
	file := fs.String("config", "", "config `file` (default $SDBOT_CONFIG)")
	if code, ok := e.parseNone("serve", fs, args); !ok {
		return code
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	for _, name := range e.padded {
		log.Warn("ignoring spaces or line breaks around a secret", "variable", name)
	}
	path := e.configPath(*file)
	cfg, errs := loadConfig(path, e.getenv)
	if len(errs) > 0 {
		e.badConfig(log, path, errs)
		return exitError
	}
	if err := runServer(ctx, cfg, e.getenv, log); err != nil {
		e.failedStart(log, err)
		return exitError
	}
	return exitOK
}

// server holds what the HTTP handlers share. It listens at once, so
// /healthz answers while the index is built; /readyz turns 200 when the bot
// is ready and its store answers.
type server struct {
	cfg     Config
	getenv  func(string) string
	log     *slog.Logger
	metrics *metrics

	ready    atomic.Bool
	store    atomic.Pointer[storeBox]
	index    atomic.Pointer[knowledge.Index]
	platform atomic.Pointer[http.ServeMux] // platform endpoints, once ready
}

type storeBox struct{ bot.Store }

func runServer(ctx context.Context, cfg Config, getenv func(string) string, log *slog.Logger) error {
	s := &server{cfg: cfg, getenv: getenv, log: log, metrics: newMetrics()}
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return listenError(cfg.HTTP.Addr, err)
	}
	srv := &http.Server{
		Handler:           s.observe(s.routes()),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	log.Info("listening", "addr", ln.Addr().String())
	metricsSrv, err := s.listenMetrics()
	if err != nil {
		ln.Close()
		return err
	}

	// Background work (scheduler, socket and gateway connections) stops
	// when bg is cancelled, after the HTTP server has drained.
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBG()
	var workers sync.WaitGroup
	started := make(chan error, 1)
	go func() { started <- s.start(bg, &workers) }()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-served:
		runErr = err
	case err := <-started:
		if err != nil {
			runErr = err
			break
		}
		select {
		case <-ctx.Done():
		case err := <-served:
			runErr = err
		}
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && runErr == nil {
		runErr = fmt.Errorf("shutdown: %w", err)
	}
	if metricsSrv != nil {
		metricsSrv.Shutdown(sctx)
	}
	stopBG()
	workers.Wait()
	if st := s.store.Load(); st != nil {
		st.Close()
	}
	if idx := s.index.Load(); idx != nil {
		idx.Close()
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return runErr
}

// start loads the cards, opens the store, builds the bot and its platform
// adapters and starts the scheduler.
func (s *server) start(ctx context.Context, workers *sync.WaitGroup) error {
	began := time.Now()
	set, problems := knowledge.Load(s.cfg.Knowledge.Packs...)
	for _, p := range problems {
		s.log.Warn("card problem", "error", p.Error())
	}
	idx, err := knowledge.NewIndex(set)
	if err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	s.index.Store(idx)
	s.log.Info("index ready", "cards", set.Len(), "took", time.Since(began).String())

	st, err := openStore(ctx, s.cfg)
	if err != nil {
		return err
	}
	st = meteredStore{Store: st, m: s.metrics}
	s.store.Store(&storeBox{st})
	b := bot.New(idx, bot.WithStore(st), bot.WithLimits(bot.Limits{
		UserPerMinute:    s.cfg.Limits.UserPerMinute,
		ChannelPerMinute: s.cfg.Limits.ChannelPerMinute,
		Concurrent:       s.cfg.Limits.Concurrent,
	}), bot.WithKeepDays(s.cfg.Feedback.KeepDays))
	workers.Add(1)
	go func() {
		defer workers.Done()
		s.purgeQuestions(ctx, b)
	}()

	mux := http.NewServeMux()
	posters, runners, err := s.platforms(meteredBot{Bot: b, m: s.metrics}, mux)
	if err != nil {
		return err
	}
	s.platform.Store(mux)
	for name, run := range runners {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if err := run(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("platform connection stopped", "platform", name, "error", err.Error())
			}
		}()
	}
	if len(posters) > 0 {
		sched := bot.NewScheduler(b, posters, bot.SchedulerConfig{
			Grace: time.Duration(s.cfg.Schedule.Grace), Reload: time.Duration(s.cfg.Schedule.Reload), Log: s.log,
			OnPost: func(result string) { s.metrics.posts.WithLabelValues(result).Inc() },
		})
		workers.Add(1)
		go func() {
			defer workers.Done()
			if err := sched.Run(ctx); err != nil {
				s.log.Error("scheduler stopped", "error", err.Error())
			}
		}()
	}
	s.ready.Store(true)
	s.log.Info("ready", "took", time.Since(began).String(), "platforms", len(posters))
	return nil
}

// purgeEvery is how often serve deletes question text older than
// feedback.keep_days.
const purgeEvery = time.Hour

// purgeQuestions deletes old question text now and then every purgeEvery
// until ctx ends. Every replica runs it; deleting twice deletes nothing
// more.
func (s *server) purgeQuestions(ctx context.Context, b *bot.Bot) {
	tick := time.NewTicker(purgeEvery)
	defer tick.Stop()
	for {
		n, err := b.PurgeQuestions(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Error("purge question text", "error", err.Error())
		case n > 0:
			s.log.Info("purged question text", "questions", n, "keep_days", s.cfg.Feedback.KeepDays)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// openStore opens PostgreSQL when a database URL is set, else the embedded
// SQLite file under data_dir.
func openStore(ctx context.Context, cfg Config) (bot.Store, error) {
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if cfg.DatabaseURL != "" {
		st, err := store.OpenPostgres(octx, cfg.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		return st, nil
	}
	st, err := store.OpenSQLite(octx, filepath.Join(cfg.DataDir, store.FileName))
	if err != nil {
		return nil, fmt.Errorf("open SQLite store in %s: %w", cfg.DataDir, err)
	}
	return st, nil
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !s.ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "starting")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.store.Load().Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "degraded: the store is unreachable")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	if s.cfg.Metrics.Addr == "" {
		mux.Handle("GET /metrics", s.metrics.handler())
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p := s.platform.Load()
		if p == nil {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		p.ServeHTTP(w, r)
	})
	return mux
}

// observe gives every request an id (X-Request-Id), counts it by route and
// status, and logs it, except the probes and metrics scrapes. It logs the
// route pattern, never the query or body, which may hold secrets.
func (s *server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var raw [8]byte
		rand.Read(raw[:])
		id := hex.EncodeToString(raw[:])
		w.Header().Set("X-Request-Id", id)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" || route == "/" {
			route = "unmatched"
		}
		if rec.code == 0 {
			rec.code = http.StatusOK
		}
		s.metrics.httpReqs.WithLabelValues(route, strconv.Itoa(rec.code)).Inc()
		switch route {
		case "GET /healthz", "GET /readyz", "GET /metrics":
			return
		}
		s.log.Info("http request", "request_id", id, "method", r.Method, "route", route,
			"status", rec.code, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}
