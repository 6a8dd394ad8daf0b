package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// migrationFiles are the schema's steps, NNNN_name.sql, applied in order and
// each once; never edit a released one. Their versions are the ones the
// first SQLite and PostgreSQL stores recorded in schema_migrations, so
// databases they made carry on from where they were.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one step of the schema.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations reads the embedded steps, checking they are numbered 1, 2, ...
// without gaps.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []migration
	for i, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want its name to start with %04d_", e.Name(), i+1)
		}
		b, err := fs.ReadFile(migrationFiles, "migrations/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	return out, nil
}

// migrateAtStart migrates, trying again a few times, shortly after, when
// the dialect says another process starting at the same moment got in the
// way.
func (s *Store) migrateAtStart(ctx context.Context) error {
	err := s.migrate(ctx)
	for try := 1; err != nil && s.d.busyAtStart != nil && s.d.busyAtStart(err) && try < 10; try++ {
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(try) * 20 * time.Millisecond):
		}
		err = s.migrate(ctx)
	}
	return err
}

// migrate brings the schema up to date in one transaction, under the
// dialect's lock, so replicas starting together apply each step once.
func (s *Store) migrate(ctx context.Context) error {
	steps, err := migrations()
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if s.d.lock != "" {
		if _, err := tx.ExecContext(ctx, s.d.lock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.d.sql.Replace(`CREATE TABLE IF NOT EXISTS schema_migrations
		(version INTEGER PRIMARY KEY, applied_at {{time}} NOT NULL)`)); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if have > len(steps) {
		return fmt.Errorf("migrate: the database is at version %d, newer than this sdbot (%d)", have, len(steps))
	}
	record := s.d.sql.Replace(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, {{now}})`)
	for _, m := range steps[have:] {
		if _, err := tx.ExecContext(ctx, s.d.sql.Replace(m.sql)); err != nil {
			return fmt.Errorf("migration %s on %s: %w", m.name, s.d.name, err)
		}
		if _, err := tx.ExecContext(ctx, record, m.version); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
