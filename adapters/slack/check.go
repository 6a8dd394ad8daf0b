package slack

import (
	"errors"
	"strings"
)

// The checks below are the one place Slack credentials are validated:
// New refuses what they refuse, and `sdbot config check` runs them too, so
// the two never disagree. Their errors describe the problem and never
// contain the value.

// CheckSigningSecret reports whether s can be the app's signing secret. A
// blank secret would let anyone who guesses it sign requests, and one with
// a stray newline would refuse every real request.
func CheckSigningSecret(s string) error {
	return checkSecret(s, "")
}

// CheckBotToken reports whether s can be a bot token (xoxb-...).
func CheckBotToken(s string) error {
	return checkSecret(s, "")
}

// CheckAppToken reports whether s can be an app-level token for Socket
// Mode, which always starts with xapp-.
func CheckAppToken(s string) error {
	return checkSecret(s, "xapp-")
}

func checkSecret(s, prefix string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New("is empty or only whitespace")
	case strings.TrimSpace(s) != s:
		return errors.New("has spaces or line breaks around it")
	case strings.ContainsFunc(s, isSpace):
		return errors.New("contains spaces or line breaks")
	case !strings.HasPrefix(s, prefix):
		return errors.New("must start with " + prefix)
	}
	return nil
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }
