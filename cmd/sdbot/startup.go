package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"syscall"
)

// setupError is a failed start that the operator fixes by changing a
// setting, so it names the setting as well as the problem.
type setupError struct {
	Problem string // in plain words: "127.0.0.1:8080 is in use by another program"
	Fix     string // which key or variable to change
	Err     error
}

func (e *setupError) Error() string { return e.Problem + ": " + e.Fix }
func (e *setupError) Unwrap() error { return e.Err }

// listenError explains why serve cannot listen on addr.
func listenError(addr string, err error) error {
	problem := "cannot listen on " + addr
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		problem = addr + " is in use by another program"
	case errors.Is(err, syscall.EACCES):
		problem = "this user may not listen on " + addr + " (ports below 1024 need privileges)"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		problem = "cannot listen on " + addr + ": no interface of this machine has that address"
	}
	return &setupError{
		Problem: problem,
		Fix:     "change http.addr in the config file or set SDBOT_HTTP_ADDR to a free host:port, such as 127.0.0.1:8081",
		Err:     err,
	}
}

// badConfig reports serve's config problems: a list a person can act on
// at a terminal, one JSON log line per key otherwise.
func (e env) badConfig(log *slog.Logger, path string, errs []error) {
	if e.terminal {
		e.configProblems(path, errs)
		fmt.Fprintln(e.stderr, "sdbot: serve did not start; fix the keys above and run it again.")
		return
	}
	for _, err := range errs {
		var ce *ConfigError
		if errors.As(err, &ce) {
			log.Error("bad configuration", "key", ce.Key, "problem", ce.Reason, "line", ce.Line, "file", path)
			continue
		}
		log.Error("bad configuration", "error", err.Error(), "file", path)
	}
}

// failedStart reports why serve stopped or could not start.
func (e env) failedStart(log *slog.Logger, err error) {
	var se *setupError
	switch {
	case errors.As(err, &se) && e.terminal:
		fmt.Fprintln(e.stderr, wrap("sdbot: serve did not start: "+se.Problem+".", 0, "  "))
		fmt.Fprintln(e.stderr, "  "+wrap("To fix it, "+se.Fix+".", 2, "  "))
	case errors.As(err, &se):
		log.Error("serve did not start", "problem", se.Problem, "fix", se.Fix, "error", se.Err.Error())
	default:
		log.Error("server stopped", "error", err.Error())
	}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
