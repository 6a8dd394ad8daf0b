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
// /healthz answers while the index is built; /readyz turns 200 once the
// index is built and every enabled platform is serving or connected. The
// store is not part of readiness: questions work without it, so an
// outage must not take replicas out of the load balancer. /healthz and
// the sdbot_store_up metric show the store's state instead.
type server struct {
	cfg     Config
	getenv  func(string) string
	log     *slog.Logger
	metrics *metrics

	ready     atomic.Bool
	store     atomic.Pointer[storeBox]
	index     atomic.Pointer[knowledge.Index]
	platform  atomic.Pointer[http.ServeMux] // platform endpoints, once ready
	adapters  atomic.Pointer[[]namedPlatform]
	openStore func(ctx context.Context) (bot.Store, error)
}

// job is background work that runs until its context ends.
type job func(ctx context.Context)

func runServer(ctx context.Context, cfg Config, getenv func(string) string, log *slog.Logger) error {
	s := &server{cfg: cfg, getenv: getenv, log: log, metrics: newMetrics()}
	s.openStore = func(ctx context.Context) (bot.Store, error) { return openStore(ctx, cfg) }
	return s.run(ctx)
}

func (s *server) run(ctx context.Context) error {
	cfg, log := s.cfg, s.log
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

	// Background work (store, scheduler, socket and gateway connections)
	// stops when bg is cancelled. Only this goroutine starts it, so a
	// shutdown during the index build cannot race the wait below.
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBG()
	var workers sync.WaitGroup
	type startResult struct {
		jobs []job
		err  error
	}
	started := make(chan startResult, 1)
	go func() {
		jobs, err := s.start()
		started <- startResult{jobs, err}
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var runErr error
	startDone := false
	select {
	case <-ctx.Done():
	case err := <-served:
		runErr = err
	case res := <-started:
		startDone = true
		if res.err != nil {
			runErr = res.err
			break
		}
		for _, j := range res.jobs {
			workers.Add(1)
			go func() {
				defer workers.Done()
				j(bg)
			}()
		}
		s.ready.Store(true)
		select {
		case <-ctx.Done():
		case err := <-served:
			runErr = err
		}
	}
	// One deadline for the whole shutdown: the HTTP server and the
	// platforms drain side by side.
	drain := time.Duration(cfg.Shutdown.Drain)
	log.Info("shutting down", "drain", drain.String())
	s.ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	stopBG()
	if err := srv.Shutdown(sctx); err != nil && runErr == nil && !errors.Is(err, context.DeadlineExceeded) {
		runErr = fmt.Errorf("shutdown: %w", err)
	}
	if metricsSrv != nil {
		metricsSrv.Shutdown(sctx)
	}
	if !startDone {
		<-started // the index build cannot be cut short; its jobs never start
	}
	waited := make(chan struct{})
	go func() {
		workers.Wait()
		close(waited)
	}()
	select {
	case <-waited:
	case <-sctx.Done():
		log.Warn("shutdown deadline passed with work still running", "drain", drain.String())
	}
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

// start loads the cards and builds the bot and its platform adapters. It
// returns the background jobs: opening the store (retried until it
// answers), the platform connections and the scheduler.
func (s *server) start() ([]job, error) {
	began := time.Now()
	set, problems := knowledge.Load(s.cfg.Knowledge.Packs...)
	for _, p := range problems {
		s.log.Warn("card problem", "error", p.Error())
	}
	idx, err := knowledge.NewIndex(set)
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	s.index.Store(idx)
	s.log.Info("index ready", "cards", set.Len(), "took", time.Since(began).String())

	st := meteredStore{box: &s.store, m: s.metrics}
	b := bot.New(idx, bot.WithStore(st), bot.WithLogger(s.log), bot.WithLimits(bot.Limits{
		UserPerMinute:    s.cfg.Limits.UserPerMinute,
		ChannelPerMinute: s.cfg.Limits.ChannelPerMinute,
		Concurrent:       s.cfg.Limits.Concurrent,
	}), bot.WithKeepDays(s.cfg.Feedback.KeepDays), bot.WithConversations(meteredConversations{st}))

	mux := http.NewServeMux()
	adapters, err := s.platforms(meteredBot{Bot: b, m: s.metrics}, mux)
	if err != nil {
		return nil, err
	}
	s.platform.Store(mux)
	s.adapters.Store(&adapters)
	jobs := []job{s.keepOpeningStore, func(ctx context.Context) { s.purgeQuestions(ctx, b) }}
	posters := map[string]bot.Poster{}
	for _, p := range adapters {
		posters[p.name] = p
		jobs = append(jobs, func(ctx context.Context) {
			if err := p.Run(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("platform connection stopped", "platform", p.name, "error", err.Error())
			}
		})
	}
	if len(posters) > 0 {
		sched := bot.NewScheduler(b, posters, bot.SchedulerConfig{
			Grace: time.Duration(s.cfg.Schedule.Grace), Reload: time.Duration(s.cfg.Schedule.Reload), Log: s.log,
			OnPost:   func(result string) { s.metrics.posts.WithLabelValues(result).Inc() },
			OnPaused: func(n int) { s.metrics.paused.Set(float64(n)) },
		})
		jobs = append(jobs, func(ctx context.Context) {
			if err := sched.Run(ctx); err != nil {
				s.log.Error("scheduler stopped", "error", err.Error())
			}
		})
	}
	s.log.Info("ready", "took", time.Since(began).String(), "platforms", len(posters))
	return jobs, nil
}

// maxStoreRetry caps the pause between attempts to open the store.
const maxStoreRetry = 30 * time.Second

// keepOpeningStore opens the store (and applies its migrations), trying
// again with backoff until it succeeds or ctx ends. Until then store
// commands answer that the bot is degraded, and everything else works.
func (s *server) keepOpeningStore(ctx context.Context) {
	wait := time.Second
	for {
		st, err := s.openStore(ctx)
		if err == nil {
			s.store.Store(&storeBox{st})
			s.metrics.storeUp.Set(1)
			s.log.Info("store open")
			return
		}
		if ctx.Err() != nil {
			return
		}
		s.log.Error("store unavailable; retrying", "error", err.Error(), "retry_in", wait.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, maxStoreRetry)
	}
}

// purgeEvery is how often serve deletes question text older than
// feedback.keep_days.
const purgeEvery = time.Hour

// purgeQuestions deletes old question text as soon as the store is open,
// then every purgeEvery until ctx ends. Every replica runs it; deleting
// twice deletes nothing more.
func (s *server) purgeQuestions(ctx context.Context, b *bot.Bot) {
	for s.store.Load() == nil { // serve may start before the store opens
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
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
		if n, err := b.PurgeConversations(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("purge answered events and threads", "error", err.Error())
		} else if n > 0 {
			s.log.Info("purged answered events and threads", "records", n)
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

// notReady names what /readyz is waiting for, or "" when ready.
func (s *server) notReady() string {
	if !s.ready.Load() {
		return "starting"
	}
	if ps := s.adapters.Load(); ps != nil {
		for _, p := range *ps {
			if !p.Ready() {
				return "waiting for " + p.name
			}
		}
	}
	return ""
}

// storeState is the store's state for /healthz.
func (s *server) storeState(ctx context.Context) string {
	st := s.store.Load()
	if st == nil {
		return "connecting"
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := st.Ping(ctx); err != nil {
		s.metrics.storeUp.Set(0)
		return "unreachable"
	}
	s.metrics.storeUp.Set(1)
	return "ok"
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
		fmt.Fprintln(w, "store:", s.storeState(r.Context()))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if why := s.notReady(); why != "" {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, why)
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
