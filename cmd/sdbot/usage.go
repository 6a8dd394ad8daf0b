package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// cliCommand is one line of the command-line usage; the same entry gives
// the command's own -h.
type cliCommand struct {
	name    string // "ask", or "cards validate" for a command group
	args    string // what follows the name in the synopsis
	summary string
}

// cliCommands returns the command line's commands, in usage order.
func cliCommands() []cliCommand {
	return []cliCommand{
		{"ask", "[--json] QUESTION...", "answer a question from the topic cards"},
		{"topic", "[--json] ID", "show one topic card, by id or name"},
		{"list", "[--json] [CATEGORY]", "list the categories, or the topics in one"},
		{"random", "[--json] [CATEGORY]", "show a random topic"},
		{"search", "[--json] [--top N]", "answer questions from stdin, one per line"},
		{"cards validate", "[DIR...]", "validate the built-in cards and packs"},
		{"serve", "[--config FILE]", "run the bot: Slack, Discord, daily topics"},
		{"report", "[--since 7d] [--json] [--config FILE]", "unanswered questions and most-👎 cards"},
		{"config check", "[--config FILE]", "validate the config; show which secrets are set"},
		{"slack manifest", "[--config FILE] [--url URL] [--name NAME]", "print a Slack app manifest for this bot"},
		{"discord register", "[--config FILE] [--guild ID]", "register the /sd command with Discord"},
		{"healthcheck", "[--ready] [--addr HOST:PORT]", "probe a running server (for containers)"},
		{"version", "", "print the version"},
		{"help", "[COMMAND]", "show this help, or one command's"},
	}
}

func findCommand(name string) (cliCommand, bool) {
	for _, c := range cliCommands() {
		if c.name == name {
			return c, true
		}
	}
	return cliCommand{}, false
}

// usageText is the whole command line's help, within 80 columns.
func usageText() string {
	var b strings.Builder
	b.WriteString("sdbot answers system-design questions.\n\nUsage:\n")
	const col = 36 // where summaries start
	indent := strings.Repeat(" ", col)
	for _, c := range cliCommands() {
		syn := "  " + strings.TrimSpace("sdbot "+c.name+" "+c.args)
		if len(syn) < col {
			syn += strings.Repeat(" ", col-len(syn))
		} else {
			syn += "\n" + indent
		}
		b.WriteString(syn + wrap(c.summary, col, indent) + "\n")
	}
	b.WriteString("\n" + wrap("Packs named in the config (knowledge.packs) are loaded by ask, topic, list, random and search too; set SDBOT_CONFIG to use a config file. Run sdbot COMMAND -h for a command's flags.", 0, "") + "\n")
	return b.String()
}

// commandUsage writes one command's help: synopsis, summary and flags.
func commandUsage(w io.Writer, c cliCommand, fs *flag.FlagSet) {
	fmt.Fprintln(w, wrap("Usage: "+strings.TrimSpace("sdbot "+c.name+" "+c.args), 0, "         "))
	fmt.Fprintln(w)
	fmt.Fprintln(w, wrap(strings.ToUpper(c.summary[:1])+c.summary[1:]+".", 0, ""))
	if fs == nil {
		return
	}
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(w, "\nFlags:")
			first = false
		}
		name := "--" + f.Name
		arg, help := flag.UnquoteUsage(f)
		if arg != "" {
			name += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			help += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "  %s\n      %s\n", name, wrap(help, 6, "      "))
	})
}

// errHelpShown and errUsageShown end a command after parse has printed
// its help (exit 0) or a usage error (exit 2).
var (
	errHelpShown  = errors.New("help shown")
	errUsageShown = errors.New("usage error shown")
)

// newFlags returns a flag set for the named command that prints nothing
// itself: parse reports help and mistakes.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("sdbot "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse reads flags wherever they stand among the arguments, so
// `sdbot ask how does kafka work --json` asks "how does kafka work" as
// JSON instead of asking about "--json"; everything after "--" is an
// argument. -h prints the command's help on stdout.
func (e env) parse(name string, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			c, _ := findCommand(name)
			fs.SetOutput(e.stdout)
			commandUsage(e.stdout, c, fs)
			fs.SetOutput(io.Discard)
			return nil, errHelpShown
		}
		if err != nil {
			hint := ""
			if strings.HasPrefix(err.Error(), "flag provided but not defined") {
				hint = " (an argument that starts with - goes after --, as in: sdbot " + name + " -- -1)"
			}
			fmt.Fprintln(e.stderr, wrap("sdbot "+name+": "+err.Error()+hint, 0, "  "))
			fmt.Fprintf(e.stderr, "Run sdbot %s -h for its usage.\n", name)
			return nil, errUsageShown
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// exitFor turns parse's error into the exit code.
func exitFor(err error) int {
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	return exitUsage
}

// unknownCommand says a command does not exist and offers the nearest.
func (e env) unknownCommand(group, name string) int {
	full := strings.TrimSpace(group + " " + name)
	var names []string
	seen := map[string]bool{}
	for _, c := range cliCommands() {
		n := c.name
		if group != "" {
			g, sub, ok := strings.Cut(c.name, " ")
			if !ok || g != group {
				continue
			}
			n = sub
		} else {
			n, _, _ = strings.Cut(n, " ")
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	msg := fmt.Sprintf("sdbot: unknown command %q.", full)
	if near := closest(name, names); len(near) > 0 {
		for i, n := range near {
			near[i] = strings.TrimSpace("sdbot " + group + " " + n)
		}
		msg += " Did you mean " + orList(near) + "?"
	}
	fmt.Fprintln(e.stderr, wrap(msg, 0, "  "))
	fmt.Fprintln(e.stderr, "Run sdbot help for the list of commands.")
	return exitUsage
}

// parseNone parses the flags of a command that takes no other arguments;
// ok is false when the command should stop with code.
func (e env) parseNone(name string, fs *flag.FlagSet, args []string) (int, bool) {
	extra, err := e.parse(name, fs, args)
	if err != nil {
		return exitFor(err), false
	}
	if len(extra) > 0 {
		fmt.Fprintf(e.stderr, "sdbot %s: unexpected argument %q; it takes only flags.\n", name, extra[0])
		fmt.Fprintf(e.stderr, "Run sdbot %s -h for its usage.\n", name)
		return exitUsage, false
	}
	return exitOK, true
}

// isGroup reports whether name is a command group such as "cards".
func isGroup(name string) bool {
	for _, c := range cliCommands() {
		if g, _, ok := strings.Cut(c.name, " "); ok && g == name {
			return true
		}
	}
	return false
}

// groupUsage lists a group's commands.
func (e env) groupUsage(w io.Writer, group string) {
	fmt.Fprintln(w, "Usage:")
	for _, c := range cliCommands() {
		if g, _, _ := strings.Cut(c.name, " "); g == group {
			fmt.Fprintln(w, "  "+wrap(strings.TrimSpace("sdbot "+c.name+" "+c.args), 2, "    "))
			fmt.Fprintln(w, "      "+wrap(c.summary, 6, "      "))
		}
	}
}

// subcommand picks a group's command ("cards validate") from args and
// returns the arguments after it; ok is false when the group's usage or
// an unknown-command message was shown instead, with the exit code.
func (e env) subcommand(group string, args []string) ([]string, int, bool) {
	if len(args) == 0 {
		e.groupUsage(e.stderr, group)
		return nil, exitUsage, false
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		e.groupUsage(e.stdout, group)
		return nil, exitOK, false
	}
	if _, ok := findCommand(group + " " + args[0]); !ok {
		return nil, e.unknownCommand(group, args[0]), false
	}
	return args[1:], exitOK, true
}
