package bot

import "testing"

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		one  string
		want string
	}{
		{0, "topic", "0 topics"},
		{1, "topic", "1 topic"},
		{1, "pt", "1 pt"},
		{3, "pt", "3 pts"},
		{1, "category", "1 category"},
		{11, "category", "11 categories"},
		{1, "second", "1 second"},
		{7, "day", "7 days"},
		{2, "key", "2 keys"},
	}
	for _, tt := range tests {
		if got := Plural(tt.n, tt.one); got != tt.want {
			t.Errorf("Plural(%d, %q) = %q; want %q", tt.n, tt.one, got, tt.want)
		}
	}
}
