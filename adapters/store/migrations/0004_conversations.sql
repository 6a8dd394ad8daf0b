-- Conversations: the platform events already answered (Slack re-sends an
-- event it thinks failed; one id gets one answer across replicas), and the
-- card the bot answered in each thread, so "more" and "quiz" said there are
-- about it. Both are forgotten after a week.
CREATE TABLE events_seen (
	platform TEXT NOT NULL,
	event_id TEXT NOT NULL,
	seen_at {{time}} NOT NULL,
	PRIMARY KEY (platform, event_id)
);

CREATE INDEX events_seen_time ON events_seen (seen_at);

CREATE TABLE threads (
	platform TEXT NOT NULL,
	workspace TEXT NOT NULL,
	channel TEXT NOT NULL,
	thread_id TEXT NOT NULL,
	card_id TEXT NOT NULL,
	answered_at {{time}} NOT NULL,
	PRIMARY KEY (platform, workspace, channel, thread_id)
);

CREATE INDEX threads_time ON threads (answered_at);
