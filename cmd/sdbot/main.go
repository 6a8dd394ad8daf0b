// Command sdbot answers system-design questions from a curated knowledge
// base, on the command line and, with `serve`, in Slack and Discord.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones for subscriptions, even in a scratch image

	"github.com/sdbot/sdbot/adapters/console"
	"github.com/sdbot/sdbot/bot"
	"github.com/sdbot/sdbot/knowledge"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exit codes
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// env is what a command needs from the outside world, so tests can run
// commands in-process.
type env struct {
	// getenv reads the environment, secrets trimmed (see trimSecrets).
	getenv func(string) string
	// padded names the secret variables that had whitespace around them.
	padded []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// terminal: a person reads stderr, so serve explains a failed start
	// in sentences instead of JSON log lines.
	terminal bool
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	getenv, padded := trimSecrets(getenv)
	e := env{getenv: getenv, padded: padded, stdin: stdin, stdout: stdout, stderr: stderr, terminal: isTerminal(stderr)}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "ask":
		return e.ask(ctx, rest)
	case "topic", "list", "random":
		return e.simple(ctx, cmd, rest)
	case "search":
		return e.search(ctx, rest)
	case "cards":
		return e.cards(rest)
	case "serve":
		return e.serve(ctx, rest)
	case "report":
		return e.report(ctx, rest)
	case "config":
		return e.configCmd(rest)
	case "slack":
		return e.slackCmd(ctx, rest)
	case "discord":
		return e.discordCmd(ctx, rest)
	case "healthcheck":
		return e.healthcheck(ctx, rest)
	case "version", "--version":
		if code, ok := e.parseNone("version", newFlags("version"), rest); !ok {
			return code
		}
		fmt.Fprintln(stdout, "sdbot", buildVersion())
		return exitOK
	case "help", "-h", "-help", "--help":
		return e.help(rest)
	}
	return e.unknownCommand("", cmd)
}

// help prints the usage, or one command's: `sdbot help ask`.
func (e env) help(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprint(e.stdout, usageText())
		return exitOK
	}
	name := strings.Join(args, " ")
	c, ok := findCommand(name)
	if !ok {
		group, sub, _ := strings.Cut(name, " ")
		if isGroup(group) && sub == "" {
			e.groupUsage(e.stdout, group)
			return exitOK
		}
		if isGroup(group) {
			return e.unknownCommand(group, sub)
		}
		return e.unknownCommand("", name)
	}
	// A command's help shows its flags: run it with -h.
	return run(context.Background(), append(strings.Fields(c.name), "-h"), e.getenv, e.stdin, e.stdout, e.stderr)
}

// configPath is the --config flag's value, else SDBOT_CONFIG.
func (e env) configPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	return e.getenv("SDBOT_CONFIG")
}

// openIndex loads the cards (embedded plus the config's packs) and builds
// the index. Pack problems are reported on stderr and do not stop it. It
// reads the config without asking for platform secrets: answering from
// the cards needs none.
func (e env) openIndex(configFile string) (*knowledge.Index, error) {
	var packs []string
	if path := e.configPath(configFile); path != "" {
		cfg, errs := readConfig(path, e.getenv)
		if e.configProblems(path, errs) {
			return nil, errConfig
		}
		packs = cfg.Knowledge.Packs
	}
	return e.indexFor(packs)
}

// errConfig says the config's problems were already reported.
var errConfig = errors.New("configuration problems")

func (e env) indexFor(packs []string) (*knowledge.Index, error) {
	set, problems := knowledge.Load(packs...)
	for _, p := range problems {
		fmt.Fprintln(e.stderr, "sdbot: warning:", p)
	}
	return knowledge.NewIndex(set)
}

// configProblems writes every config problem under one heading that names
// the file, and reports whether there were any.
func (e env) configProblems(path string, errs []error) bool {
	if len(errs) == 0 {
		return false
	}
	where := path
	if where == "" {
		where = "configuration (defaults and environment)"
	}
	fmt.Fprintf(e.stderr, "sdbot: %s: %s\n", where, bot.Plural(len(errs), "problem"))
	for _, err := range errs {
		fmt.Fprintln(e.stderr, "  "+err.Error()) // one line each, whole, for grep
	}
	return true
}

func (e env) ask(ctx context.Context, args []string) int {
	fs := newFlags("ask")
	asJSON := fs.Bool("json", false, "print the reply as JSON")
	words, err := e.parse("ask", fs, args)
	if err != nil {
		return exitFor(err)
	}
	q := strings.Join(words, " ")
	if strings.TrimSpace(q) == "" {
		fmt.Fprintln(e.stderr, `sdbot: ask needs a question, for example: sdbot ask "how does consistent hashing work"`)
		return exitUsage
	}
	return e.handle(ctx, bot.Request{Command: "ask", Text: q}, *asJSON)
}

func (e env) simple(ctx context.Context, name string, args []string) int {
	fs := newFlags(name)
	asJSON := fs.Bool("json", false, "print the reply as JSON")
	words, err := e.parse(name, fs, args)
	if err != nil {
		return exitFor(err)
	}
	if name == "topic" && len(words) == 0 {
		fmt.Fprintln(e.stderr, "sdbot: topic needs an id, for example: sdbot topic consistent-hashing")
		return exitUsage
	}
	return e.handle(ctx, bot.Request{Command: name, Text: strings.Join(words, " ")}, *asJSON)
}

// handle runs one request through the bot, exactly as a chat adapter
// would, and prints the reply.
func (e env) handle(ctx context.Context, req bot.Request, asJSON bool) int {
	idx, err := e.openIndex("")
	if err != nil {
		if !errors.Is(err, errConfig) {
			fmt.Fprintln(e.stderr, "sdbot:", err)
		}
		return exitError
	}
	defer idx.Close()
	req.Platform = "console"
	req.User = bot.User{ID: "console", Name: e.getenv("USER")}
	reply := bot.New(idx).Handle(ctx, req)
	if asJSON {
		err = console.RenderJSON(e.stdout, reply)
	} else {
		err = console.Render(e.stdout, reply)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot:", err)
		return exitError
	}
	if reply.Kind == bot.KindError {
		return exitError
	}
	return exitOK
}

func (e env) cards(args []string) int {
	rest, code, ok := e.subcommand("cards", args)
	if !ok {
		return code
	}
	dirs, err := e.parse("cards validate", newFlags("cards validate"), rest)
	if err != nil {
		return exitFor(err)
	}
	set, problems := knowledge.Load(dirs...)
	for _, p := range problems {
		fmt.Fprintln(e.stdout, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(e.stdout, "%s; %s valid\n", bot.Plural(len(problems), "problem"), bot.Plural(set.Len(), "card"))
		return exitError
	}
	fmt.Fprintf(e.stdout, "ok: %s valid\n", bot.Plural(set.Len(), "card"))
	return exitOK
}

func (e env) configCmd(args []string) int {
	rest, code, ok := e.subcommand("config", args)
	if !ok {
		return code
	}
	fs := newFlags("config check")
	file := fs.String("config", "", "config `file` (default $SDBOT_CONFIG)")
	if code, ok := e.parseNone("config check", fs, rest); !ok {
		return code
	}
	path := e.configPath(*file)
	if _, errs := loadConfig(path, e.getenv); e.configProblems(path, errs) {
		return exitError
	}
	if path == "" {
		path = "defaults (no config file)"
	}
	fmt.Fprintln(e.stdout, "ok:", path)
	for _, name := range secretEnv {
		state := "not set"
		if e.getenv(name) != "" {
			state = "set"
		}
		if slices.Contains(e.padded, name) {
			state += " (spaces or line breaks around the value are ignored)"
		}
		fmt.Fprintf(e.stdout, "  %s: %s\n", name, state)
	}
	return exitOK
}

// healthcheck probes a running `sdbot serve`: /healthz, or /readyz with
// --ready. Container images without a shell or curl use it as their
// health check.
func (e env) healthcheck(ctx context.Context, args []string) int {
	fs := newFlags("healthcheck")
	ready := fs.Bool("ready", false, "check /readyz instead of /healthz")
	addr := fs.String("addr", "", "server `host:port` (default $SDBOT_HTTP_ADDR or 127.0.0.1:8080)")
	if code, ok := e.parseNone("healthcheck", fs, args); !ok {
		return code
	}
	if *addr == "" {
		*addr = e.getenv("SDBOT_HTTP_ADDR")
	}
	if *addr == "" {
		*addr = "127.0.0.1:8080"
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot: --addr must be host:port")
		return exitUsage
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(e.stderr, "sdbot: unhealthy:", err)
		return exitError
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	fmt.Fprint(e.stdout, string(body))
	if resp.StatusCode != http.StatusOK {
		return exitError
	}
	return exitOK
}
