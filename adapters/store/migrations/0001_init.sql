-- Subscriptions and the record of daily posts. {{time}}, {{bool}} and
-- {{smallint}} are column types the dialect fills in (dialect.go).
CREATE TABLE subscriptions (
	id TEXT PRIMARY KEY,
	platform TEXT NOT NULL,
	workspace TEXT NOT NULL,
	channel TEXT NOT NULL,
	local_time TEXT NOT NULL,
	tz TEXT NOT NULL,
	days {{smallint}} NOT NULL,
	track TEXT NOT NULL,
	thread {{bool}} NOT NULL,
	created_by TEXT NOT NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);

CREATE TABLE posts (
	subscription_id TEXT NOT NULL,
	local_date TEXT NOT NULL,
	card_id TEXT NOT NULL,
	cycle INTEGER NOT NULL,
	claimed_by TEXT NOT NULL,
	claimed_at {{time}} NOT NULL,
	message_id TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (subscription_id, local_date)
);
