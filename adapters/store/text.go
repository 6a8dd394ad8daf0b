package store

import "strings"

// clean makes platform text storable the same way in both databases:
// PostgreSQL refuses a NUL byte or invalid UTF-8 in TEXT, where SQLite
// would keep it, so NUL bytes are dropped and invalid bytes become U+FFFD.
// Every query argument passes here, lookups included, so a key is found
// by the same text it was stored under.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	return strings.ToValidUTF8(s, "\uFFFD")
}

// cleanArgs returns args with every string cleaned.
func cleanArgs(args []any) []any {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = clean(s)
		}
	}
	return args
}
