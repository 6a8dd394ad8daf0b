package store

import (
	"context"
	"fmt"
	"time"

	"github.com/sdbot/sdbot/bot"
)

// RecordVote inserts a user's vote on an answer, or changes it. Insert
// first, then change: each statement is atomic, so of two clicks racing,
// exactly one sees the row as new, and the previous vote reported is
// right with only two values to choose from.
func (s *Store) RecordVote(ctx context.Context, v bot.Vote) (string, error) {
	n, err := s.count(ctx, "record vote", `INSERT INTO votes
		(platform, workspace, user_id, card_id, question_key, channel, vote, voted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
		v.Platform, v.Workspace, v.UserID, v.CardID, v.QuestionKey, v.Channel, v.Value, s.d.timeArg(v.At))
	if err != nil || n == 1 {
		return "", err
	}
	n, err = s.count(ctx, "change vote", `UPDATE votes SET vote = $1, voted_at = $2, channel = $3
		WHERE platform = $4 AND workspace = $5 AND user_id = $6 AND card_id = $7 AND question_key = $8 AND vote <> $1`,
		v.Value, s.d.timeArg(v.At), v.Channel, v.Platform, v.Workspace, v.UserID, v.CardID, v.QuestionKey)
	if err != nil {
		return "", err
	}
	if n == 0 {
		return v.Value, nil // the same vote again: it stands as it was
	}
	if v.Value == bot.VoteUp {
		return bot.VoteDown, nil
	}
	return bot.VoteUp, nil
}

func scanVote(row scanner) (bot.Vote, error) {
	var v bot.Vote
	err := row.Scan(&v.Platform, &v.Workspace, &v.UserID, &v.CardID, &v.QuestionKey, &v.Channel, &v.Value, timeDest(&v.At))
	return v, err
}

// Votes returns the votes cast or changed since a time.
func (s *Store) Votes(ctx context.Context, since time.Time) ([]bot.Vote, error) {
	return list(ctx, s, "votes", scanVote, `SELECT platform, workspace, user_id, card_id, question_key, channel, vote, voted_at
		FROM votes WHERE voted_at >= $1 ORDER BY voted_at, platform, workspace, user_id, card_id, question_key`, s.d.timeArg(since))
}

// RecordUnanswered stores a question the bot could not answer.
func (s *Store) RecordUnanswered(ctx context.Context, u bot.Unanswered) error {
	_, err := s.exec(ctx, `INSERT INTO unanswered (question, closest_card, platform, workspace, channel, asked_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, u.Question, u.ClosestCard, u.Platform, u.Workspace, u.Channel, s.d.timeArg(u.At))
	if err != nil {
		return fmt.Errorf("record unanswered question: %w", err)
	}
	return nil
}

func scanUnanswered(row scanner) (bot.Unanswered, error) {
	var u bot.Unanswered
	err := row.Scan(&u.Question, &u.ClosestCard, &u.Platform, &u.Workspace, &u.Channel, timeDest(&u.At))
	return u, err
}

// UnansweredSince returns the questions asked since a time.
func (s *Store) UnansweredSince(ctx context.Context, since time.Time) ([]bot.Unanswered, error) {
	return list(ctx, s, "unanswered questions", scanUnanswered, `SELECT question, closest_card, platform, workspace, channel, asked_at
		FROM unanswered WHERE asked_at >= $1 ORDER BY asked_at, question`, s.d.timeArg(since))
}

// PurgeQuestions blanks the text of questions asked before a time.
func (s *Store) PurgeQuestions(ctx context.Context, before time.Time) (int, error) {
	n, err := s.count(ctx, "purge question text", `UPDATE unanswered SET question = '' WHERE asked_at < $1 AND question <> ''`, s.d.timeArg(before))
	return int(n), err
}
