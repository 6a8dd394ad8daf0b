package knowledge

import (
	"strings"
	"testing"
)

// rejects checks that load refuses each of the cases (name -> file
// content) with an error that mentions what.
func rejects(t *testing.T, cases map[string]string, what string, load func([]byte) error) {
	t.Helper()
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if err := load([]byte(data)); err == nil || !strings.Contains(err.Error(), what) {
				t.Fatalf("err = %v, want an error about %s", err, what)
			}
		})
	}
}
