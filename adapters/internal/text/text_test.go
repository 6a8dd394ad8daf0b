package text

import (
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		m    Measure
		want string
	}{
		{"short", 10, Runes, "short"},
		{"hello wonderful world", 12, Runes, "hello wonde…"},
		{"hello wonderful world", 18, Runes, "hello wonderful…"},
		{"abcdefghij", 5, Runes, "abcd…"},
		{"😀😀😀", 4, UTF16, "😀…"},
		{"😀😀😀😀", 3, Runes, "😀😀…"},
		{"x", 0, Runes, ""},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			got := Clip(tt.s, tt.n, tt.m)
			if got != tt.want || Len(got, tt.m) > tt.n {
				t.Errorf("Clip(%q, %d) = %q; want %q", tt.s, tt.n, got, tt.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want []string
	}{
		{"one line", 20, []string{"one line"}},
		{"first line\nsecond line", 12, []string{"first line", "second line"}},
		{"many small words here", 11, []string{"many small", "words here"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"  ", 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			got := Split(tt.s, tt.n, Runes)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Split(%q, %d) = %q; want %q", tt.s, tt.n, got, tt.want)
			}
		})
	}
}
