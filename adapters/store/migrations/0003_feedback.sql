-- Feedback for curators: one vote per person per answer (a card shown for
-- a question, the question kept only as a hash of its words), and the
-- questions asked with no good answer. Their text is blanked after
-- feedback.keep_days; the rest of the row stays for the counts.
CREATE TABLE votes (
	platform TEXT NOT NULL,
	workspace TEXT NOT NULL,
	user_id TEXT NOT NULL,
	card_id TEXT NOT NULL,
	question_key TEXT NOT NULL,
	channel TEXT NOT NULL,
	vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
	voted_at {{time}} NOT NULL,
	PRIMARY KEY (platform, workspace, user_id, card_id, question_key)
);

CREATE INDEX votes_time ON votes (voted_at);

CREATE TABLE unanswered (
	question TEXT NOT NULL,
	closest_card TEXT NOT NULL,
	platform TEXT NOT NULL,
	workspace TEXT NOT NULL,
	channel TEXT NOT NULL,
	asked_at {{time}} NOT NULL
);

CREATE INDEX unanswered_time ON unanswered (asked_at);
