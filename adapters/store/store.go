// Package store is the bot.Store on database/sql: one implementation for
// the embedded SQLite file (modernc.org/sqlite, no cgo) and for PostgreSQL
// (pgx v5 through its database/sql driver) when several replicas share
// state. What differs between the two is a small dialect; the queries and
// the migrations, embedded .sql files, are written once. A claim is a row
// under a primary key, so exactly one claimer wins each (subscription, day)
// across goroutines, processes and replicas.
package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sdbot/sdbot/bot"
)

var _ bot.Store = (*Store)(nil)

// Store is a bot.Store in a SQLite file or a PostgreSQL database.
type Store struct {
	db *sql.DB
	d  dialect
}

// open migrates db and wraps it; it closes db when it fails.
func open(ctx context.Context, db *sql.DB, d dialect) (*Store, error) {
	s := &Store{db: db, d: d}
	if err := s.migrateAtStart(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// exec runs a statement with its text arguments cleaned.
func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, q, cleanArgs(args)...)
}

// count runs a statement and returns how many rows it changed: an insert
// that does nothing on conflict changes one row for exactly one caller,
// which is how claims are made. what names the statement in errors.
func (s *Store) count(ctx context.Context, what, q string, args ...any) (int64, error) {
	res, err := s.exec(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return n, nil
}

// queryRow runs a one-row query with its text arguments cleaned.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, q, cleanArgs(args)...)
}

// scanner is what *sql.Row and *sql.Rows share for reading a row.
type scanner interface{ Scan(dest ...any) error }

// list runs a query and reads every row with scan; what names the list in
// errors.
func list[T any](ctx context.Context, s *Store, what string, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, q, cleanArgs(args)...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	return out, nil
}
