package main

import "fmt"

// plural counts things in words: "1 problem", "2 problems". Every count
// the command line prints goes through it.
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}
