package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// migrationLock is the advisory lock id that serialises migrations when
// several replicas start at once. It is the id the first PostgreSQL store
// used, so old and new replicas exclude each other too.
const migrationLock = 0x5d_b0_7001

// postgresDialect uses PostgreSQL's own types and an advisory lock held
// for the migration transaction.
func postgresDialect() dialect {
	return dialect{
		name: "PostgreSQL",
		sql: strings.NewReplacer(
			"{{time}}", "TIMESTAMPTZ",
			"{{bool}}", "BOOLEAN",
			"{{smallint}}", "SMALLINT",
			"{{now}}", "now()",
		),
		lock:    fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", migrationLock),
		timeArg: func(t time.Time) any { return t },
	}
}

// OpenPostgres connects to url (postgres://...) and migrates the schema.
// The URL is read as pgxpool reads it, so pool_* parameters that worked
// before are still accepted; the pool is database/sql's, with pgxpool's
// connection lifetimes. Errors never include the URL, which may hold a
// password.
func OpenPostgres(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, errors.New("database_url is not a valid PostgreSQL URL")
	}
	db := stdlib.OpenDB(*cfg.ConnConfig)
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxLifetime(cfg.MaxConnLifetime)
	db.SetConnMaxIdleTime(cfg.MaxConnIdleTime)
	return open(ctx, db, postgresDialect())
}
