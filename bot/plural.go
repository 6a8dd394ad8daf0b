package bot

import (
	"fmt"
	"strings"
)

// Plural counts things in words, "1 topic" and "2 topics", so no reply
// or command-line message says "1 subscriptions". A word ending in y
// takes -ies.
func Plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	if strings.HasSuffix(one, "y") { // category, categories
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(one, "y"))
	}
	return fmt.Sprintf("%d %ss", n, one)
}
