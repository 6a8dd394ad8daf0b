package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sdbot/sdbot/bot"
)

// commandName is the one top-level command; the bot's commands are its
// subcommands.
const commandName = "sd"

// Discord's limits on command registration.
const (
	maxSubcommands   = 25
	maxOptions       = 25
	maxChoices       = 25
	maxDescriptionCm = 100 // command, option and choice descriptions and names of choices
	maxChoiceValue   = 100
)

// applicationCommand builds /sd from the bot's command table, so a command
// added to the bot appears on Discord at the next registration.
func (a *Adapter) applicationCommand() *discordgo.ApplicationCommand {
	cmd := &discordgo.ApplicationCommand{
		Type:        discordgo.ChatApplicationCommand,
		Name:        commandName,
		Description: "System-design answers and study topics",
		// Offered only in servers that installed the bot: most
		// subcommands are about a channel, and a user install has no bot
		// in the server to post with.
		IntegrationTypes: &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall},
		Contexts:         &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild},
	}
	commands := a.bot.Commands()
	if len(commands) > maxSubcommands {
		a.log.Warn("discord allows 25 subcommands; the rest are not registered", "commands", len(commands))
		commands = commands[:maxSubcommands]
	}
	allManaged := len(commands) > 0
	for _, c := range commands {
		cmd.Options = append(cmd.Options, subcommand(c))
		allManaged = allManaged && c.Manage
	}
	// default_member_permissions applies to the whole of /sd, not to one
	// subcommand, so it can only require Manage Channels when every
	// subcommand does; otherwise it would hide /sd ask from everyone else.
	// The per-subcommand check runs on each interaction instead.
	if allManaged {
		perm := int64(discordgo.PermissionManageChannels)
		cmd.DefaultMemberPermissions = &perm
	}
	return cmd
}

func subcommand(c bot.Command) *discordgo.ApplicationCommandOption {
	sub := &discordgo.ApplicationCommandOption{
		Type:        discordgo.ApplicationCommandOptionSubCommand,
		Name:        strings.ToLower(c.Name),
		Description: describe(c.Description, c.Name),
	}
	// Discord refuses a required option after an optional one.
	var required, optional []*discordgo.ApplicationCommandOption
	for _, o := range c.Options[:min(len(c.Options), maxOptions)] {
		opt := &discordgo.ApplicationCommandOption{
			Type:         discordgo.ApplicationCommandOptionString,
			Name:         strings.ToLower(o.Name),
			Description:  describe(o.Description, o.Name),
			Required:     o.Required,
			Autocomplete: o.Autocomplete,
			MaxLength:    bot.MaxText,
		}
		switch {
		case len(o.Choices) > maxChoices:
			// Too many for a menu: offer them by autocomplete instead.
			opt.Autocomplete = true
		case len(o.Choices) > 0 && !o.Autocomplete:
			for _, ch := range o.Choices {
				if len(ch) == 0 || len(ch) > maxChoiceValue {
					continue
				}
				opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(ch, maxDescriptionCm), Value: ch})
			}
		}
		if o.Required {
			required = append(required, opt)
		} else {
			optional = append(optional, opt)
		}
	}
	sub.Options = append(required, optional...)
	return sub
}

// describe returns a description Discord accepts: 1 to 100 characters.
func describe(s, fallback string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		s = fallback
	}
	return truncate(s, maxDescriptionCm)
}

// Register replaces the application's commands with /sd in one bulk
// overwrite: in guildID when given (visible at once, for trying changes),
// else globally. It is what `sdbot discord register [--guild ID]` runs.
func (a *Adapter) Register(ctx context.Context, guildID string) error {
	if a.cfg.ApplicationID == "" {
		return errors.New("register discord commands: no application id")
	}
	if a.session.Token == "" {
		return errors.New("register discord commands: no bot token")
	}
	if guildID != "" && !isSnowflake(guildID) {
		return fmt.Errorf("register discord commands: guild id %q is not a Discord id", guildID)
	}
	cmds := []*discordgo.ApplicationCommand{a.applicationCommand(), askCommand()}
	// A bulk overwrite is a PUT of the whole set: safe to repeat.
	err := a.withRetry(ctx, true, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ApplicationCommandBulkOverwrite(a.cfg.ApplicationID, guildID, cmds, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("register discord commands: %w", err)
	}
	return nil
}

// isSnowflake reports whether s looks like a Discord id, so ids from
// configuration or storage cannot reshape a REST path.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
