-- Quiz answers, one per user and round, and spaced-repetition reviews.
CREATE TABLE quiz_answers (
	scope TEXT NOT NULL,
	quiz_id TEXT NOT NULL,
	round TEXT NOT NULL,
	user_id TEXT NOT NULL,
	user_name TEXT NOT NULL,
	choice INTEGER NOT NULL,
	correct {{bool}} NOT NULL,
	answered_at {{time}} NOT NULL,
	local_date TEXT NOT NULL,
	PRIMARY KEY (scope, quiz_id, round, user_id)
);

CREATE INDEX quiz_answers_scope_time ON quiz_answers (scope, answered_at);

CREATE TABLE reviews (
	user_key TEXT NOT NULL,
	quiz_id TEXT NOT NULL,
	step INTEGER NOT NULL,
	due_at {{time}} NOT NULL,
	PRIMARY KEY (user_key, quiz_id)
);
