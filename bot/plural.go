package bot

import (
	"fmt"
	"strings"
)

// Plural counts things in words, "1 topic" and "2 topics", so no reply
// or command-line message says "1 subscriptions". A word ending in a
// consonant and y takes -ies.
func Plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	if stem, ok := strings.CutSuffix(one, "y"); ok && stem != "" && !strings.ContainsAny(stem[len(stem)-1:], "aeiou") {
		return fmt.Sprintf("%d %sies", n, stem) // category, categories; but day, days
	}
	return fmt.Sprintf("%d %ss", n, one)
}
