-- What the platform said a subscription's channel is (public channel,
-- private channel, DM), so lists show only what the asker may see; and the
-- run of daily posts that failed because the bot lost access, which pauses
-- the subscription after a few days until someone subscribes again.
ALTER TABLE subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN paused {{bool}} NOT NULL DEFAULT FALSE;
