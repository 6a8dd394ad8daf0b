package main

import (
	"fmt"
	"strings"
)

// plural counts things in words: "1 problem", "2 problems". Every count
// the command line prints goes through it.
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	if strings.HasSuffix(one, "y") { // category, categories
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(one, "y"))
	}
	return fmt.Sprintf("%d %ss", n, one)
}
