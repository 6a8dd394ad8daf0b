package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the SQLite database's file name inside the data directory.
const FileName = "sdbot.db"

// sqliteDialect stores times as Unix milliseconds and booleans as 0 or 1,
// in INTEGER columns, as the first SQLite store did.
func sqliteDialect() dialect {
	return dialect{
		name: "SQLite",
		sql: strings.NewReplacer(
			"{{time}}", "INTEGER",
			"{{bool}}", "INTEGER",
			"{{smallint}}", "INTEGER",
			"{{now}}", "CAST(strftime('%s', 'now') AS INTEGER)",
		),
		busyAtStart: walSwitchBusy,
		timeArg:     func(t time.Time) any { return t.UnixMilli() },
	}
}

// walSwitchBusy reports SQLITE_BUSY. A new file is turned to WAL mode under
// an exclusive lock that SQLite does not wait for, so when two processes
// create the file at once, one may fail at once, busy_timeout or not.
func walSwitchBusy(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

// OpenSQLite opens the SQLite database file at path, creating it and its
// directory if needed, and migrates it. Several processes may share the
// file: WAL mode lets readers run beside the one writer, a writer waits up
// to 10 s for the lock instead of failing, and every transaction begins
// IMMEDIATE, so two migrators never interleave.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	return open(ctx, db, sqliteDialect())
}
