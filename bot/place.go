package bot

// Place is what the platform says about the conversation a request came
// from. Adapters fill in what the platform tells them; the bot decides
// what follows from it (who may see a subscription, whether a channel can
// be subscribed). The zero value means the platform said nothing.
type Place struct {
	Kind PlaceKind `json:"kind,omitempty"`
	// Access says whether the bot itself can post here, as far as the
	// platform told the adapter.
	Access Access `json:"access,omitempty"`
}

// PlaceKind tells a channel everyone in the workspace may find from a
// private conversation.
type PlaceKind string

// Kinds of place.
const (
	PlaceUnknown PlaceKind = ""
	// PlaceChannel is a channel of the workspace or guild.
	PlaceChannel PlaceKind = "channel"
	// PlacePrivate is a private channel: only its members know it.
	PlacePrivate PlaceKind = "private"
	// PlaceDM is a direct message between two people (or a person and the
	// bot).
	PlaceDM PlaceKind = "dm"
	// PlaceGroupDM is a direct message among several people.
	PlaceGroupDM PlaceKind = "group_dm"
)

// Direct reports whether the place is a DM or group DM: no channel to
// subscribe, no channel leaderboard.
func (k PlaceKind) Direct() bool { return k == PlaceDM || k == PlaceGroupDM }

// Access is whether the bot can post in a place.
type Access string

// What the platform may say about the bot's access.
const (
	// AccessUnknown: the platform did not say; the bot assumes it can.
	AccessUnknown Access = ""
	// AccessOK: the bot can read and post here.
	AccessOK Access = "ok"
	// AccessNotMember: the bot is not in the conversation (Slack), so it
	// can post only once someone invites it.
	AccessNotMember Access = "not_member"
	// AccessNoPermission: the bot is in the server but lacks View Channel
	// or Send Messages here (Discord).
	AccessNoPermission Access = "no_permission"
	// AccessUserInstall: the app is installed for the user only, not in
	// this server, so it has no bot there to post with (Discord).
	AccessUserInstall Access = "user_install"
)
