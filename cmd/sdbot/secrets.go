package main

import (
	"slices"
	"strings"
)

// trimSecrets returns getenv with spaces and line breaks removed from
// around the secret variables' values, and the names of the variables that
// had some. A secret pasted with a trailing newline (echo, a file, a
// Kubernetes secret made from one) would otherwise refuse every real
// request, and one that is only whitespace would count as set.
func trimSecrets(getenv func(string) string) (trimmed func(string) string, padded []string) {
	for _, name := range secretEnv {
		if v := getenv(name); v != strings.TrimSpace(v) {
			padded = append(padded, name)
		}
	}
	return func(name string) string {
		v := getenv(name)
		if slices.Contains(secretEnv, name) {
			return strings.TrimSpace(v)
		}
		return v
	}, padded
}
