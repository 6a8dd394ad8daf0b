package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// autocompleteResponse is the type 8 response. discordgo's own type drops
// an empty choices list, which Discord reads as a failed lookup; an empty
// list shows the user "no options" instead.
type autocompleteResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []choice `json:"choices"`
	} `json:"data"`
}

type choice struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// autocomplete completes the focused option: from its declared choices
// when it has some, else from the bot's topic suggestions.
func (a *Adapter) autocomplete(i *discordgo.Interaction) autocompleteResponse {
	resp := autocompleteResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	resp.Data.Choices = []choice{}
	sub, ok := subcommandData(i)
	if !ok {
		return resp
	}
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range sub.Options {
		if o != nil && o.Focused {
			focused = o
			break
		}
	}
	if focused == nil {
		return resp
	}
	typed := ""
	if focused.Value != nil {
		typed = strings.TrimSpace(fmt.Sprint(focused.Value))
	}
	if declared := a.declaredChoices(sub.Name, focused.Name); len(declared) > 0 {
		p := strings.ToLower(typed)
		for _, c := range declared {
			if len(resp.Data.Choices) == maxChoices {
				break
			}
			if strings.HasPrefix(strings.ToLower(c), p) && len(c) <= maxChoiceValue {
				resp.Data.Choices = append(resp.Data.Choices, choice{Name: truncate(c, maxDescriptionCm), Value: c})
			}
		}
		return resp
	}
	for _, s := range a.bot.Suggest(typed, maxChoices) {
		if len(resp.Data.Choices) == maxChoices {
			break
		}
		if s.Value == "" || len(s.Value) > maxChoiceValue {
			continue
		}
		name := s.Label
		if strings.TrimSpace(name) == "" {
			name = s.Value
		}
		resp.Data.Choices = append(resp.Data.Choices, choice{Name: truncate(name, maxDescriptionCm), Value: s.Value})
	}
	return resp
}

func (a *Adapter) declaredChoices(command, option string) []string {
	for _, c := range a.bot.Commands() {
		if c.Name != command {
			continue
		}
		for _, o := range c.Options {
			if o.Name == option {
				return o.Choices
			}
		}
	}
	return nil
}
