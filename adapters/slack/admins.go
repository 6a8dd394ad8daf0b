package slack

import (
	"context"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// adminTTL is how long a users.info answer is trusted.
const adminTTL = 10 * time.Minute

// adminLookup bounds one users.info call, well inside Slack's 3 seconds.
const adminLookup = time.Second

// adminCache remembers which users are workspace admins or owners.
type adminCache struct {
	mu    sync.Mutex
	users map[string]adminEntry
}

type adminEntry struct {
	admin bool
	until time.Time
}

func newAdminCache() *adminCache { return &adminCache{users: map[string]adminEntry{}} }

// canManage says whether a user may run a channel-manager command: listed
// in slack.managers, or (with AdminsManage) a workspace admin or owner.
// Only manager commands pay for the users.info lookup.
func (a *Adapter) canManage(ctx context.Context, user, command string) bool {
	if a.managers[user] {
		return true
	}
	if a.admins == nil || !a.manageCmds[command] || user == "" {
		return false
	}
	now := a.now()
	a.admins.mu.Lock()
	e, ok := a.admins.users[user]
	a.admins.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.admin
	}
	lctx, cancel := context.WithTimeout(ctx, adminLookup)
	defer cancel()
	var u *slack.User
	err := a.withRetry(lctx, "users.info", true, func() error {
		var err error
		u, err = a.api.GetUserInfoContext(lctx, user)
		return err
	})
	if err != nil {
		a.log.Warn("slack users.info failed; treating the user as not an admin", "error", err.Error())
		return false
	}
	admin := u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
	a.admins.mu.Lock()
	if len(a.admins.users) > 10000 {
		clear(a.admins.users)
	}
	a.admins.users[user] = adminEntry{admin: admin, until: now.Add(adminTTL)}
	a.admins.mu.Unlock()
	return admin
}
