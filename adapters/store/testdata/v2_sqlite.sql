-- A database as the first SQLite store (adapters/sqlite) left it at schema
-- version 2: its DDL verbatim, its schema_migrations rows, and some data.
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
CREATE TABLE subscriptions (
		id TEXT PRIMARY KEY,
		platform TEXT NOT NULL,
		workspace TEXT NOT NULL,
		channel TEXT NOT NULL,
		local_time TEXT NOT NULL,
		tz TEXT NOT NULL,
		days INTEGER NOT NULL,
		track TEXT NOT NULL,
		thread INTEGER NOT NULL,
		created_by TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE posts (
		subscription_id TEXT NOT NULL,
		local_date TEXT NOT NULL,
		card_id TEXT NOT NULL,
		cycle INTEGER NOT NULL,
		claimed_by TEXT NOT NULL,
		claimed_at INTEGER NOT NULL,
		message_id TEXT NOT NULL DEFAULT '',
		error TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (subscription_id, local_date)
	);
INSERT INTO schema_migrations VALUES (1, 1772352000);
CREATE TABLE quiz_answers (
		scope TEXT NOT NULL,
		quiz_id TEXT NOT NULL,
		round TEXT NOT NULL,
		user_id TEXT NOT NULL,
		user_name TEXT NOT NULL,
		choice INTEGER NOT NULL,
		correct INTEGER NOT NULL,
		answered_at INTEGER NOT NULL,
		local_date TEXT NOT NULL,
		PRIMARY KEY (scope, quiz_id, round, user_id)
	);
	CREATE INDEX quiz_answers_scope_time ON quiz_answers (scope, answered_at);
	CREATE TABLE reviews (
		user_key TEXT NOT NULL,
		quiz_id TEXT NOT NULL,
		step INTEGER NOT NULL,
		due_at INTEGER NOT NULL,
		PRIMARY KEY (user_key, quiz_id)
	);
INSERT INTO schema_migrations VALUES (2, 1772355600);

INSERT INTO subscriptions VALUES ('slack:T1:C1', 'slack', 'T1', 'C1', '09:30', 'Europe/Berlin', 62, 'databases', 1, 'U1', 1772352000000, 1772355600000);
INSERT INTO posts VALUES ('slack:T1:C1', '2026-03-02', 'lsm-tree', 0, 'host-a', 1772436600000, 'msg-1', '');
INSERT INTO quiz_answers VALUES ('slack:T1:C1', 'bloom-filter.0.abcd', '20260302', 'U2', 'ann', 2, 1, 1772445600000, '2026-03-02');
INSERT INTO reviews VALUES ('slack:U2', 'bloom-filter.0.abcd', 1, 1772704800000);
