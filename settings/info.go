package settings

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/cfytop/cfytop/textsafe"
)

// AuthMethod says in words how cfytop authenticates, secrets masked.
func (s *Settings) AuthMethod() string {
	switch {
	case s.Token != "":
		return "Authentication-Token " + s.Token.String()
	case s.Password != "" && s.Username != "":
		return fmt.Sprintf("HTTP Basic as %q, password %s", s.Username, s.Password)
	case s.Username != "":
		return fmt.Sprintf("HTTP Basic as %q, no password", s.Username)
	case s.Password != "":
		return "a password " + s.Password.String() + " but no username"
	}
	return "none"
}

// TLSMode says in words how the manager's certificate is checked.
func (s *Settings) TLSMode() string {
	switch {
	case strings.HasPrefix(s.Manager, "http://"):
		return "none (plain HTTP)"
	case s.Insecure:
		return "NOT verified (insecure)"
	case s.CACert != "":
		return "verified with the system CAs and " + s.CACert
	}
	return "verified with the system CAs"
}

// WriteInfo writes what `cfytop info` shows: the settings in effect and
// where each came from. Secrets are masked.
func (s *Settings) WriteInfo(w io.Writer, version string) error {
	var b strings.Builder
	row := func(label, value, why string) {
		value = textsafe.Clean(value)
		if why != "" {
			fmt.Fprintf(&b, "%-14s %-44s  (%s)\n", label, value, textsafe.Clean(why))
		} else {
			fmt.Fprintf(&b, "%-14s %s\n", label, value)
		}
	}
	origin := func(name string) string {
		o, ok := s.Origins[name]
		if !ok {
			return ""
		}
		return "from " + o.String()
	}
	fmt.Fprintf(&b, "cfytop %s\n\n", version)

	cfg := s.ConfigFile
	cfgWhy := origin("config")
	if !s.ConfigFound {
		cfg += " (not found, not used)"
	}
	row("config file", cfg, cfgWhy)

	switch {
	case s.Demo:
		row("cfy profile", "not read", "--demo uses the simulated manager")
	case s.ProfileErr != "":
		row("cfy profile", s.ProfileName+" (unreadable, not used)", "see the note below")
	case s.Profile != nil:
		row("cfy profile", s.Profile.Name+" "+s.Profile.Path, origin("profile"))
	default:
		where := s.ProfileBase
		if where == "" {
			where = "~/.cloudify"
		}
		row("cfy profile", "none", "no active profile in "+where)
	}

	if s.Demo {
		row("manager", "embedded simulated manager on 127.0.0.1", "--demo")
		row("tenant", "default_tenant", "--demo")
		row("auth", "demo user admin", "--demo")
	} else {
		mgr := s.Manager
		if mgr == "" {
			mgr = "none configured"
		}
		row("manager", mgr, origin("manager"))
		tenant := s.Tenant
		if s.AllTenants {
			tenant += " (and all tenants: " + origin("all-tenants") + ")"
		}
		row("tenant", tenant, origin("tenant"))
		row("auth", s.AuthMethod(), s.authWhy())
		tlsWhy := ""
		if s.Insecure {
			tlsWhy = origin("insecure")
		} else if s.CACert != "" {
			tlsWhy = origin("ca-cert")
		}
		row("tls", s.TLSMode(), tlsWhy)
	}
	if s.Demo {
		row("audit log", "none in demo mode", "")
	} else {
		row("audit log", s.AuditPath, origin("audit-log"))
	}
	row("state dir", s.StateDir, origin("audit-log"))
	for _, n := range s.Notes {
		row("note", n, "")
	}

	b.WriteString("\nsettings\n")
	show := []struct{ name, value string }{
		{"refresh", s.Refresh.String()},
		{"limit", strconv.Itoa(s.Limit)},
		{"deployment", strings.Join(s.Deployment, ",")},
		{"status", strings.Join(s.Status, ",")},
		{"workflow", strings.Join(s.Workflow, ",")},
		{"blueprint", strings.Join(s.Blueprint, ",")},
		{"all-tenants", strconv.FormatBool(s.AllTenants)},
		{"system", strconv.FormatBool(s.System)},
		{"filter", s.Filter},
		{"execution", s.Execution},
		{"readonly", strconv.FormatBool(s.ReadOnly)},
		{"theme", s.themeInfo()},
		{"time", s.Times.String()},
		{"no-color", strconv.FormatBool(s.NoColor)},
		{"mouse", strconv.FormatBool(s.Mouse)},
		{"output", s.Output},
	}
	for _, sh := range show {
		o := s.Origins[sh.name]
		row("  "+sh.name, sh.value, o.String())
	}
	keys := "defaults"
	if len(s.Keys) > 0 {
		var parts []string
		for _, n := range sortedKeys(s.Keys) {
			parts = append(parts, n+"="+strings.Join(s.Keys[n], "/"))
		}
		keys = strings.Join(parts, " ")
	}
	row("  keys", keys, origin("keys"))
	_, err := io.WriteString(w, b.String())
	return err
}

func (s *Settings) authWhy() string {
	var parts []string
	if s.Token != "" {
		parts = append(parts, "token from "+s.Origins["token"].String())
	} else {
		if s.Username != "" {
			parts = append(parts, "user from "+s.Origins["username"].String())
		}
		if s.Password != "" {
			parts = append(parts, "password from "+s.Origins["password"].String())
		}
	}
	return strings.Join(parts, "; ")
}

func sortedKeys(m map[string][]string) []string { return slices.Sorted(maps.Keys(m)) }

// themeInfo is the theme and, when it was not chosen, how the dashboard
// picks one: the terminal is asked for its background when it starts.
func (s *Settings) themeInfo() string {
	if s.NoColor {
		return "mono (no colour)"
	}
	if s.ThemeChosen() {
		return s.Theme
	}
	return s.Theme + " (not chosen: the dashboard asks the terminal for its background and uses light on a light one)"
}

// ThemeChosen reports whether the theme was set by a flag, the environment
// or the config file, rather than left to the dashboard.
func (s *Settings) ThemeChosen() bool { return s.Origins["theme"].Source != FromDefault }
