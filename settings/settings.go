// Package settings turns the command line, the environment, the config file
// and the user's `cfy` profile into one set of settings, with the source of
// each recorded. Precedence: flag > environment > config file > cfy profile >
// default.
package settings

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/triage"
	"github.com/spf13/pflag"
)

// Error is a usage or configuration error: a sentence for a person, naming
// where the bad value came from and what to do.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Env looks an environment variable up, like os.LookupEnv.
type Env func(key string) (string, bool)

// MapEnv is an Env backed by a map (for tests and embedding).
func MapEnv(m map[string]string) Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// get returns a variable's value, treating an empty value as unset.
func (e Env) get(k string) string {
	if e == nil {
		return ""
	}
	v, _ := e(k)
	return v
}

// Command is what the invocation asks for.
type Command int

// Commands.
const (
	CmdDashboard Command = iota // the interactive dashboard (or --once)
	CmdInfo                     // `cfytop info`
	CmdHelp                     // --help, -h, `cfytop help`
	CmdVersion                  // --version
)

// Secret is a password or token. It prints as a mask with %v, %s and %#v;
// string(s) is the value.
type Secret string

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "********"
}

// GoString masks %#v too.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// MinRefresh is the shortest refresh interval accepted.
const MinRefresh = time.Second

// Defaults.
const (
	DefaultTenant  = "default_tenant"
	DefaultRefresh = 2 * time.Second
	DefaultResync  = 5 * time.Minute
	DefaultLimit   = 1000
	MaxLimit       = 1_000_000 // DESIGN.md: any --limit up to a million
)

// Settings is everything cfytop was asked for, resolved.
type Settings struct {
	Command Command

	// Connection.
	Manager      string // base URL: scheme://host:port, "" when none is configured
	Tenant       string
	Username     string
	Password     Secret
	Token        Secret // wins over the password when both are set
	PasswordFile string
	TokenFile    string
	CACert       string
	Insecure     bool

	// The cfy profile read (nil when none).
	Profile     *client.Profile
	ProfileName string // the profile asked for or active, even when not found
	ProfileBase string // ~/.cloudify or $CFY_WORKDIR/.cloudify
	ProfileErr  string // why the active profile could not be read ("" when it was, or there is none)

	// What to show.
	Refresh                                 time.Duration
	Resync                                  time.Duration // how often the dashboard re-reads the whole window
	Limit                                   int
	Deployment, Status, Workflow, Blueprint []string // Status holds manager statuses (completed → terminated)
	AllTenants, System                      bool
	Filter, Execution                       string

	// Display.
	ReadOnly bool
	Theme    string
	Times    humantime.Mode // how times are shown at start (`time:`)
	NoColor  bool
	Mouse    bool
	Keys     map[string][]string // key rebinding from the config file
	KeyMap   keymap.KeyMap       // DefaultKeyMap with Keys applied and read-only set
	Stuck    triage.Thresholds   // the stuck rules' thresholds (config file `stuck:`)

	// Output and other.
	Once        bool
	Output      string // table, json or csv
	ConfigFile  string // the config file in effect ("" when none)
	ConfigFound bool
	Demo        bool

	StateDir  string // $XDG_STATE_HOME/cfytop or ~/.local/state/cfytop
	AuditPath string // StateDir/audit.jsonl

	// Origins says where each setting came from, by name: the flag names,
	// plus "password", "token", "keys", "config", "profile", "audit-log".
	Origins map[string]Origin
	// Notes explain choices that were made silently (a token winning over a
	// password, a conflict with the profile), for `cfytop info`.
	Notes []string
}

// Source is the kind of place a setting came from.
type Source int

// Sources, lowest precedence first.
const (
	FromDefault Source = iota
	FromProfile
	FromConfig
	FromEnv
	FromFlag
)

// Origin is where one setting came from.
type Origin struct {
	Source Source
	Name   string // "--manager", "CFYTOP_MANAGER", the config file, the profile
	Line   int    // config file line
	Key    string // config file key
}

// String names the origin for a person: the flag, the variable, the config
// file with line and key, the cfy profile, or "default".
func (o Origin) String() string {
	if o.Source == FromConfig {
		return fmt.Sprintf("config file %s, line %d, key %q", o.Name, o.Line, o.Key)
	}
	if o.Name != "" {
		return o.Name
	}
	return "default"
}

// Load resolves the settings from the command line args (without the program
// name) and the environment.
func Load(args []string, env Env) (*Settings, error) {
	s := &Settings{Origins: map[string]Origin{}}
	if len(args) > 0 && args[0] == "help" {
		s.Command = CmdHelp
		return s, nil
	}
	values := map[string]*flagValue{}
	fs := flagSet(values)
	if err := fs.Parse(args); err != nil {
		return nil, flagError(err)
	}
	if h, _ := fs.GetBool("help"); h {
		s.Command = CmdHelp
		return s, nil
	}
	if v, _ := fs.GetBool("version"); v {
		s.Command = CmdVersion
		return s, nil
	}
	if fs.Changed("password") {
		return nil, errorf("a password on the command line is not accepted (other users could read it in `ps`); put it in a file and use --password-file FILE, or set CLOUDIFY_PASSWORD")
	}
	if fs.Changed("token") {
		return nil, errorf("a token on the command line is not accepted (other users could read it in `ps`); put it in a file and use --token-file FILE, or set CLOUDIFY_TOKEN")
	}
	switch rest := fs.Args(); {
	case len(rest) == 0:
	case len(rest) == 1 && rest[0] == "info":
		s.Command = CmdInfo
	case rest[0] == "simulate":
		return nil, errorf("`simulate` must come first: cfytop simulate [--listen ADDR] [--seed N] [--executions N] [--speed X]")
	default:
		return nil, errorf("unexpected argument %q; cfytop takes flags, `info` or `simulate` (see cfytop --help)", strings.Join(rest, " "))
	}

	r := &resolver{s: s, fs: fs, values: values, env: env, home: homeDir(env)}
	if err := r.run(); err != nil {
		return nil, err
	}
	return s, nil
}

// flagError rewords pflag's parse errors.
func flagError(err error) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		f := strings.TrimPrefix(msg, "unknown flag: ")
		return errorf("unknown flag %s%s; see cfytop --help", f, suggestFlag(strings.TrimLeft(f, "-")))
	case strings.HasPrefix(msg, "unknown shorthand flag: 'p'"):
		return errorf("-p: a password on the command line is not accepted (other users could read it in `ps`); put it in a file and use --password-file FILE, or set CLOUDIFY_PASSWORD")
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		return errorf("%s; cfytop's flags are long ones like --username and --tenant, see cfytop --help", msg)
	}
	return errorf("%s; see cfytop --help", msg)
}

func suggestFlag(name string) string {
	names := make([]string, 0, len(options))
	for _, o := range options {
		names = append(names, o.name)
	}
	s := suggestFrom(name, names)
	return strings.Replace(s, `mean "`, `mean "--`, 1)
}

func homeDir(env Env) string {
	if h := env.get("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// resolver holds the state of one Load.
type resolver struct {
	s      *Settings
	fs     *pflag.FlagSet
	values map[string]*flagValue
	env    Env
	home   string
	cfg    *configFile
	// raw resolved values by option name
	raw map[string]rawSetting
	// profileForeign is set when the manager is not the profile's: then
	// nothing else (tenant, credentials, certificate) is taken from it.
	profileForeign bool
}

type rawSetting struct {
	val    string
	items  []string
	origin Origin
	set    bool // false: default
}

// lookup finds an option's value at the flag, environment and config levels.
func (r *resolver) lookup(o *option) (rawSetting, bool) {
	if r.fs.Changed(o.name) {
		v := r.values[o.name]
		return rawSetting{val: v.val, items: v.items, origin: Origin{Source: FromFlag, Name: "--" + o.name}, set: true}, true
	}
	for _, ev := range o.envs {
		v := r.env.get(ev.name)
		if v == "" {
			continue
		}
		if ev.conv != nil {
			v = ev.conv(v)
		}
		rs := rawSetting{val: v, origin: Origin{Source: FromEnv, Name: ev.name}, set: true}
		if o.kind == kindList {
			rs.items = splitList(v)
		}
		return rs, true
	}
	if r.cfg != nil {
		if cv, ok := r.cfg.values[o.name]; ok {
			return rawSetting{val: cv.raw, items: cv.items, set: true,
				origin: Origin{Source: FromConfig, Name: r.cfg.path, Line: cv.line, Key: cv.key}}, true
		}
	}
	return rawSetting{}, false
}

func (r *resolver) run() error {
	s := r.s
	r.raw = map[string]rawSetting{}

	// The state directory, as the audit log finds it.
	if d := r.env.get("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		s.StateDir = filepath.Join(d, "cfytop")
		s.Origins["audit-log"] = Origin{Source: FromEnv, Name: "XDG_STATE_HOME"}
	} else {
		s.StateDir = filepath.Join(r.home, ".local", "state", "cfytop")
		s.Origins["audit-log"] = Origin{Name: "default (~/.local/state)"}
	}
	s.AuditPath = filepath.Join(s.StateDir, "audit.jsonl")

	// 1. The config file: its place comes from the flag or the environment only.
	if err := r.loadConfigFile(); err != nil {
		return err
	}
	// 2. Every option at the flag, environment and config levels.
	for _, o := range options {
		if rs, ok := r.lookup(o); ok {
			r.raw[o.name] = rs
		}
	}
	if err := r.parseCommon(); err != nil {
		return err
	}
	// 3. The cfy profile, then the connection.
	if !s.Demo {
		if err := r.loadProfile(); err != nil {
			return err
		}
	}
	if err := r.connection(); err != nil {
		return err
	}
	r.stuck()
	return r.keys()
}

func (r *resolver) loadConfigFile() error {
	s := r.s
	path, required := "", true
	if r.fs.Changed("config") {
		path = r.values["config"].val
		s.Origins["config"] = Origin{Source: FromFlag, Name: "--config"}
	} else if v := r.env.get("CFYTOP_CONFIG"); v != "" {
		path = v
		s.Origins["config"] = Origin{Source: FromEnv, Name: "CFYTOP_CONFIG"}
	} else {
		required = false
		if d := r.env.get("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
			path = filepath.Join(d, "cfytop", "config.yaml")
			s.Origins["config"] = Origin{Name: "default place ($XDG_CONFIG_HOME/cfytop/config.yaml)"}
		} else {
			path = filepath.Join(r.home, ".config", "cfytop", "config.yaml")
			s.Origins["config"] = Origin{Name: "default place (~/.config/cfytop/config.yaml)"}
		}
	}
	if path == "" {
		return errorf("--config was given an empty file name")
	}
	if strings.HasPrefix(path, "~/") {
		path = filepath.Join(r.home, path[2:])
	}
	s.ConfigFile = path
	cf, err := loadConfig(path, required)
	if err != nil {
		return err
	}
	if cf != nil {
		s.ConfigFound = true
		r.cfg = cf
	}
	return nil
}

// str returns an option's resolved text and records its origin.
func (r *resolver) str(name string) string {
	o := lookupOption(name)
	if rs, ok := r.raw[name]; ok {
		r.s.Origins[name] = rs.origin
		return rs.val
	}
	r.s.Origins[name] = Origin{Source: FromDefault}
	return o.def
}

// path is str for a file name: a config file value is relative to the file.
func (r *resolver) path(name string) string {
	v := r.str(name)
	if v == "" {
		return ""
	}
	if r.s.Origins[name].Source == FromConfig {
		return configPath(r.s.ConfigFile, r.home, v)
	}
	if strings.HasPrefix(v, "~/") {
		return filepath.Join(r.home, v[2:])
	}
	return v
}

func (r *resolver) list(name string) []string {
	if rs, ok := r.raw[name]; ok {
		r.s.Origins[name] = rs.origin
		return rs.items
	}
	r.s.Origins[name] = Origin{Source: FromDefault}
	return nil
}

func (r *resolver) boolean(name string) (bool, error) {
	v := r.str(name)
	if v == "" {
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "t", "true", "yes", "y", "on":
		return true, nil
	case "0", "f", "false", "no", "n", "off":
		return false, nil
	}
	return false, errorf("%s: %q is not true or false", r.s.Origins[name], v)
}

func (r *resolver) parseCommon() error {
	s := r.s
	var err error
	bools := []struct {
		name string
		dst  *bool
	}{
		{"insecure", &s.Insecure}, {"all-tenants", &s.AllTenants}, {"system", &s.System},
		{"readonly", &s.ReadOnly}, {"no-color", &s.NoColor}, {"mouse", &s.Mouse},
		{"once", &s.Once}, {"demo", &s.Demo},
	}
	for _, b := range bools {
		if *b.dst, err = r.boolean(b.name); err != nil {
			return err
		}
	}

	refresh := r.str("refresh")
	if s.Refresh, err = time.ParseDuration(strings.TrimSpace(refresh)); err != nil {
		return errorf("%s: %q is not a duration; write it like 2s, 1m or 500ms", s.Origins["refresh"], refresh)
	}
	if s.Refresh < MinRefresh {
		return errorf("%s: %s is shorter than the 1s minimum (a faster refresh only loads the manager); use 1s or more", s.Origins["refresh"], s.Refresh)
	}

	resync := r.str("resync")
	if s.Resync, err = time.ParseDuration(strings.TrimSpace(resync)); err != nil {
		return errorf("%s: %q is not a duration; write it like 5m, 90s or 0 (only on r)", s.Origins["resync"], resync)
	}
	if s.Resync < 0 || (s.Resync > 0 && s.Resync < s.Refresh) {
		return errorf("%s: %s is not a valid re-read interval; give 0 (only on r) or at least the refresh interval (%s)", s.Origins["resync"], s.Resync, s.Refresh)
	}

	limit := r.str("limit")
	if s.Limit, err = strconv.Atoi(strings.TrimSpace(limit)); err != nil {
		return errorf("%s: %q is not a whole number", s.Origins["limit"], limit)
	}
	if s.Limit <= 0 {
		return errorf("%s: %d is not a valid limit; give a number above 0 (default %d)", s.Origins["limit"], s.Limit, DefaultLimit)
	}
	if s.Limit > MaxLimit {
		return errorf("%s: %d is more than the %s executions cfytop lists at most; give a smaller --limit, or narrow the list with --status, --deployment or --workflow",
			s.Origins["limit"], s.Limit, "1,000,000")
	}

	s.Deployment = r.list("deployment")
	s.Workflow = r.list("workflow")
	s.Blueprint = r.list("blueprint")
	for _, st := range r.list("status") {
		status := client.StatusFromDisplay(strings.ToLower(st))
		if !status.Known() {
			return errorf("%s: unknown status %q; the statuses are %s", s.Origins["status"], st, statusNames())
		}
		s.Status = append(s.Status, string(status))
	}

	s.Filter = r.str("filter")
	if _, ferr := filter.Parse(s.Filter); ferr != nil {
		return errorf("%s: the filter %q is not valid: %v", s.Origins["filter"], s.Filter, ferr)
	}
	s.Execution = strings.TrimSpace(r.str("execution"))

	s.Theme = strings.ToLower(strings.TrimSpace(r.str("theme")))
	if _, terr := themes.Get(s.Theme); terr != nil {
		return errorf("%s: unknown theme %q; choose one of %s", s.Origins["theme"], s.Theme, themeNames())
	}

	var merr error
	if s.Times, merr = humantime.ParseMode(r.str("time")); merr != nil {
		return errorf("%s: %v", s.Origins["time"], merr)
	}

	s.Output = strings.ToLower(strings.TrimSpace(r.str("output")))
	switch s.Output {
	case "table", "json", "csv":
	default:
		return errorf("%s: unknown output format %q; choose table, json or csv", s.Origins["output"], s.Output)
	}
	return nil
}

func statusNames() string {
	names := []string{"completed"}
	for _, st := range client.AllStatuses {
		names = append(names, string(st))
	}
	return strings.Join(names, ", ")
}

func themeNames() string { return strings.Join(themes.Names(), ", ") }

// keys applies the config file's key rebinding and read-only mode.
func (r *resolver) keys() error {
	s := r.s
	s.KeyMap = keymap.DefaultKeyMap()
	if r.cfg != nil && len(r.cfg.keys) > 0 {
		s.Keys = r.cfg.keys
		s.Origins["keys"] = Origin{Source: FromConfig, Name: r.cfg.path, Line: r.cfg.keysAt, Key: "keys"}
		if err := s.KeyMap.Apply(s.Keys); err != nil {
			return configError(r.cfg.path, r.cfg.keysAt, "keys", "%v", err)
		}
	}
	s.KeyMap.SetReadOnly(s.ReadOnly)
	return nil
}
