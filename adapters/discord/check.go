package discord

import "errors"

// The checks below are the one place Discord settings are validated: New
// refuses what they refuse, and `sdbot config check` runs them too, so the
// two never disagree. Their errors never contain the value: a token pasted
// into the wrong setting must not reach a terminal or a log.

// CheckApplicationID reports whether id can be the application's id, a
// Discord snowflake (digits only).
func CheckApplicationID(id string) error {
	if !isSnowflake(id) {
		return errors.New("must be a Discord id: up to 20 digits")
	}
	return nil
}

// CheckPublicKey reports whether key can be the application's Ed25519
// public key as the developer portal shows it: 64 hex characters.
func CheckPublicKey(key string) error {
	_, err := parsePublicKey(key)
	return err
}
