package main

import (
	"errors"
	"net"
	"net/http"
	"time"
)

// listenMetrics serves GET /metrics on metrics.addr, when it is set, so
// the metrics can stay on a private interface while http.addr faces the
// platforms. It returns nil when metrics share http.addr.
func (s *server) listenMetrics() (*http.Server, error) {
	if s.cfg.Metrics.Addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", s.cfg.Metrics.Addr)
	if err != nil {
		le := listenError(s.cfg.Metrics.Addr, err).(*setupError)
		le.Fix = "change metrics.addr in the config file or set SDBOT_METRICS_ADDR to a free host:port, or leave it empty to serve /metrics on http.addr"
		return nil, le
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.handler())
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	s.log.Info("metrics listening", "addr", ln.Addr().String())
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("metrics listener stopped", "error", err.Error())
		}
	}()
	return srv, nil
}
