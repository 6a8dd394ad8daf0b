package signedhttp

import (
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFresh(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		ts   string
		want bool
	}{
		{strconv.FormatInt(now.Unix(), 10), true},
		{strconv.FormatInt(now.Add(-4*time.Minute).Unix(), 10), true},
		{strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10), false},
		{strconv.FormatInt(now.Add(6*time.Minute).Unix(), 10), false},
		{"soon", false},
		{"-5", false},
	}
	for _, tt := range tests {
		t.Run(tt.ts, func(t *testing.T) {
			if got := Fresh(tt.ts, now); got != tt.want {
				t.Errorf("Fresh(%q) = %v; want %v", tt.ts, got, tt.want)
			}
		})
	}
}

func TestReadBody(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader("body"))
	got, err := ReadBody(httptest.NewRecorder(), r, "123")
	if err != nil || string(got) != "123body" {
		t.Errorf("ReadBody = %q, %v; want 123body", got, err)
	}
	big := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", MaxBody+1)))
	big.ContentLength = -1
	if _, err := ReadBody(httptest.NewRecorder(), big, ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadBody of a large body = %v; want ErrTooLarge", err)
	}
}
