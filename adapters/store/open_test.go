package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenSQLiteMakesDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "nested", FileName)
	s, err := OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatalf("OpenSQLite(%q): %v", path, err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file: %v", err)
	}
}

func TestOpenPostgresHidesSecret(t *testing.T) {
	tests := []struct {
		url, secret string
		mayConnect  bool
	}{
		{"postgres://user:hunter2@127.0.0.1:1/db?sslmode=disable&connect_timeout=1", "hunter2", true},
		{"::not a url::", "::not", false},
		{"postgres://user:hunter2@127.0.0.1:1/db?sslmode=bogus", "hunter2", false},
	}
	for _, tt := range tests {
		_, err := OpenPostgres(context.Background(), tt.url)
		if err == nil {
			if tt.mayConnect {
				t.Logf("OpenPostgres(%q): something answers on port 1", tt.url)
				continue
			}
			t.Errorf("OpenPostgres(%q) = nil; want an error", tt.url)
			continue
		}
		if strings.Contains(err.Error(), tt.secret) {
			t.Errorf("OpenPostgres(%q) = %v; the error shows %q", tt.url, err, tt.secret)
		}
	}
}
