package store

import (
	"fmt"
	"strings"
	"time"
)

// dialect holds what really differs between SQLite and PostgreSQL; the
// queries themselves are written once. Two things one might expect here are
// not: both drivers bind $1-style placeholders (modernc.org/sqlite reads $N
// as the Nth argument), and both databases take the same ON CONFLICT upserts
// and inserts that ignore a duplicate.
type dialect struct {
	// name is the database's name, for error messages.
	name string
	// sql replaces the dialect's tokens in migrations and in the queries
	// that record them: {{time}}, {{bool}} and {{smallint}} are column
	// types, {{now}} is the current time as schema_migrations stores it.
	sql *strings.Replacer
	// lock, if set, runs first in the migration transaction and holds other
	// processes off until it ends. SQLite needs none: its transactions begin
	// IMMEDIATE, which takes the write lock at once.
	lock string
	// busyAtStart, if set, reports an error that another process opening
	// the same new database at the same moment can cause, and that trying
	// again clears.
	busyAtStart func(error) bool
	// timeArg encodes a time as a query argument for a {{time}} column.
	timeArg func(time.Time) any
}

// timeCol reads a {{time}} column: Unix milliseconds from SQLite, a
// timestamp from PostgreSQL. Either way the time comes back in UTC.
type timeCol time.Time

// Scan implements sql.Scanner.
func (c *timeCol) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*c = timeCol(time.UnixMilli(v).UTC())
	case time.Time:
		*c = timeCol(v.UTC())
	default:
		return fmt.Errorf("read a time from %T", src)
	}
	return nil
}

// timeDest lets rows.Scan fill t from a {{time}} column.
func timeDest(t *time.Time) *timeCol { return (*timeCol)(t) }
