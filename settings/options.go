package settings

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cfytop/cfytop/humantime"
)

// kind is the type of an option's value.
type kind int

const (
	kindString kind = iota
	kindBool
	kindInt
	kindDuration
	kindList // repeatable, comma-separated
)

func (k kind) typeName() string {
	switch k {
	case kindBool:
		return "bool"
	case kindInt:
		return "int"
	case kindDuration:
		return "duration"
	case kindList:
		return "strings"
	}
	return "string"
}

// envVar is an environment variable that sets an option. conv, when set,
// turns the variable's value into the option's (cfy's CLOUDIFY_SSL_TRUST_ALL
// and NO_COLOR mean "true" for any non-empty value).
type envVar struct {
	name string
	conv func(string) string
}

func anyValueIsTrue(string) string { return "true" }

// option is one setting reachable as a flag, an environment variable and a
// config file key.
type option struct {
	name     string // flag name; the config key is the same with _ for -
	short    string
	kind     kind
	def      string // default value as text ("" = zero)
	defNote  string // default as shown in --help, when not def itself
	envNote  string // more about the environment, for --help
	metavar  string
	usage    string
	group    string
	envs     []envVar // the CFYTOP_* twin first
	noConfig bool     // not settable from the config file
}

func (o *option) configKey() string { return strings.ReplaceAll(o.name, "-", "_") }

// envTwin is the CFYTOP_* variable of a flag name.
func envTwin(name string) string {
	return "CFYTOP_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

const (
	groupConnection = "Connection"
	groupShow       = "What to show"
	groupDisplay    = "Display"
	groupOther      = "Output and other"
)

// options is every setting, in --help order.
var options = buildOptions()

func buildOptions() []*option {
	o := func(name string, k kind, def, metavar, group, usage string, extra ...envVar) *option {
		return &option{name: name, kind: k, def: def, metavar: metavar, group: group, usage: usage,
			envs: append([]envVar{{name: envTwin(name)}}, extra...)}
	}
	list := []*option{
		o("manager", kindString, "", "URL", groupConnection,
			"manager address: https://HOST[:PORT] or http://HOST[:PORT] (a bare HOST means https)"),
		o("tenant", kindString, "default_tenant", "NAME", groupConnection, "tenant to work in",
			envVar{name: "CLOUDIFY_TENANT"}),
		o("username", kindString, "", "USER", groupConnection, "manager user (HTTP Basic auth)",
			envVar{name: "CLOUDIFY_USERNAME"}),
		o("password-file", kindString, "", "FILE", groupConnection,
			"read the password from FILE (or set CLOUDIFY_PASSWORD; never on the command line)"),
		o("token-file", kindString, "", "FILE", groupConnection,
			"read an Authentication-Token from FILE (or set CLOUDIFY_TOKEN); a token wins over a password"),
		o("ca-cert", kindString, "", "FILE", groupConnection,
			"CA certificate (PEM) to trust for the manager, on top of the system's",
			envVar{name: "LOCAL_REST_CERT_FILE"}),
		o("insecure", kindBool, "false", "", groupConnection,
			"skip TLS certificate verification (last resort; prefer --ca-cert)",
			envVar{name: "CLOUDIFY_SSL_TRUST_ALL", conv: anyValueIsTrue}),
		o("profile", kindString, "", "NAME", groupConnection,
			"cfy profile to read (~/.cloudify or $CFY_WORKDIR/.cloudify)"),

		o("refresh", kindDuration, DefaultRefresh.String(), "DURATION", groupShow, "time between refreshes (at least 1s)"),
		o("resync", kindDuration, DefaultResync.String(), "DURATION", groupShow,
			"how often the whole window is read again, to see deletions and edits the live polls cannot (0 = only on r)"),
		o("limit", kindInt, strconv.Itoa(DefaultLimit), "N", groupShow, "newest executions to fetch (active ones are always shown)"),
		o("deployment", kindList, "", "ID,...", groupShow, "only these deployments (repeatable)"),
		o("status", kindList, "", "STATUS,...", groupShow,
			"only these statuses (repeatable), e.g. failed,started,queued; completed = terminated"),
		o("workflow", kindList, "", "ID,...", groupShow, "only these workflows (repeatable)"),
		o("blueprint", kindList, "", "ID,...", groupShow, "only these blueprints (repeatable)"),
		o("all-tenants", kindBool, "false", "", groupShow, "executions of every tenant the user can see"),
		o("system", kindBool, "false", "", groupShow, "show system workflows (snapshots and the like) at start"),
		o("filter", kindString, "", "TEXT", groupShow,
			"starting filter, e.g. 'status:failed dep:web !wf:install' (see README)"),
		o("execution", kindString, "", "ID", groupShow, "open straight on this execution"),

		o("readonly", kindBool, "false", "", groupDisplay, "disable every action (start, cancel, kill, resume, patch)"),
		o("theme", kindString, "default", "NAME", groupDisplay, "colour theme: "+themeNames()),
		o("no-color", kindBool, "false", "", groupDisplay, "no colours (NO_COLOR=1 does the same)",
			envVar{name: "NO_COLOR", conv: anyValueIsTrue}),
		o("time", kindString, "relative", "MODE", groupDisplay,
			"times in the list as relative ages, or as local or UTC clock times: "+strings.Join(humantime.ModeNames(), ", ")+" (T cycles them)"),
		o("mouse", kindBool, "false", "", groupDisplay, "enable the mouse (disables the terminal's own text selection)"),

		o("once", kindBool, "false", "", groupOther, "print the executions and exit, without a terminal UI"),
		o("output", kindString, "table", "FORMAT", groupOther, "--once format: table, json or csv"),
		o("config", kindString, "", "FILE", groupOther, "config file"),
		o("demo", kindBool, "false", "", groupOther, "use an embedded simulated manager (nothing real is touched)"),
	}
	for _, op := range list {
		switch op.name {
		case "output":
			op.short = "o"
		case "config":
			op.defNote = "$XDG_CONFIG_HOME/cfytop/config.yaml or ~/.config/cfytop/config.yaml"
			op.noConfig = true
		case "manager":
			op.defNote = "the cfy profile's manager"
		case "username":
			op.defNote = "the cfy profile's user"
		case "ca-cert":
			op.defNote = "the cfy profile's rest_certificate"
		case "profile":
			op.defNote = "the active cfy profile"
		case "once":
			op.noConfig = true
		case "password-file":
			op.envNote = "or $CLOUDIFY_PASSWORD with the password itself"
			op.defNote = "the cfy profile's password"
		case "token-file":
			op.envNote = "or $CLOUDIFY_TOKEN with the token itself"
			op.defNote = "the cfy profile's token"
		}
	}
	return list
}

// lookupOption finds an option by flag name.
func lookupOption(name string) *option {
	for _, o := range options {
		if o.name == name {
			return o
		}
	}
	return nil
}

// flagValue is the pflag.Value of every option: it keeps the raw text, so
// that flags, environment and config file go through one parser with one set
// of messages.
type flagValue struct {
	kind  kind
	val   string
	items []string
}

func (v *flagValue) String() string {
	if v.kind == kindList {
		return strings.Join(v.items, ",")
	}
	return v.val
}

func (v *flagValue) Set(s string) error {
	if v.kind == kindList {
		v.items = append(v.items, splitList(s)...)
		return nil
	}
	v.val = s
	return nil
}

func (v *flagValue) Type() string { return v.kind.typeName() }

// splitList splits a comma-separated list, dropping empty items and spaces.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// flagSet builds the command line parser; values holds each option's value.
func flagSet(values map[string]*flagValue) *pflag.FlagSet {
	fs := pflag.NewFlagSet("cfytop", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {}
	for _, o := range options {
		v := &flagValue{kind: o.kind}
		values[o.name] = v
		f := fs.VarPF(v, o.name, o.short, o.usage)
		if o.kind == kindBool {
			f.NoOptDefVal = "true"
		}
	}
	// Refused on purpose, with advice (see refusedFlags).
	for _, name := range []string{"password", "token"} {
		v := &flagValue{kind: kindString}
		values[name] = v
		f := fs.VarPF(v, name, "", "")
		f.NoOptDefVal = "(given)"
		f.Hidden = true
	}
	fs.BoolP("help", "h", false, "show this help")
	fs.Bool("version", false, "print the version and exit")
	return fs
}
