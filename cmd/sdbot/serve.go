package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/sdbot/sdbot/knowledge"
)

// shutdownGrace is how long in-flight requests get to finish on SIGTERM.
const shutdownGrace = 10 * time.Second

func (e env) serve(ctx context.Context, args []string) int {
	fs := e.flags("serve")
	file := fs.String("config", "", "config file (default $SDBOT_CONFIG)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	cfg, errs := loadConfig(e.configPath(*file), e.getenv)
	if len(errs) > 0 {
		for _, err := range errs {
			log.Error("bad configuration", "error", err.Error())
		}
		return exitError
	}
	if err := runServer(ctx, cfg, log); err != nil {
		log.Error("server stopped", "error", err.Error())
		return exitError
	}
	return exitOK
}

// server holds what the HTTP handlers share.
type server struct {
	log   *slog.Logger
	index atomic.Pointer[knowledge.Index]
}

func runServer(ctx context.Context, cfg Config, log *slog.Logger) error {
	s := &server{log: log}
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTP.Addr, err)
	}
	srv := &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	log.Info("listening", "addr", ln.Addr().String())

	built := make(chan error, 1)
	go func() {
		start := time.Now()
		set, problems := knowledge.Load(cfg.Knowledge.Packs...)
		for _, p := range problems {
			log.Warn("card problem", "error", p.Error())
		}
		idx, err := knowledge.NewIndex(set)
		if err != nil {
			built <- err
			return
		}
		s.index.Store(idx)
		log.Info("index ready", "cards", set.Len(), "took", time.Since(start).String())
		built <- nil
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-served:
		runErr = err
	case err := <-built:
		if err != nil {
			runErr = fmt.Errorf("build index: %w", err)
		} else {
			select {
			case <-ctx.Done():
			case err := <-served:
				runErr = err
			}
		}
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && runErr == nil {
		runErr = fmt.Errorf("shutdown: %w", err)
	}
	if idx := s.index.Load(); idx != nil {
		idx.Close()
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return runErr
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if s.index.Load() == nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "starting: building the index")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}
