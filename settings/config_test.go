package settings

import (
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/humantime"
)

func TestConfigFileEverySetting(t *testing.T) {
	h := newFakeHome(t)
	h.write(filepath.Join(h.home, "ca.pem"), "x")
	h.write(filepath.Join(h.home, "tok"), "cfg-token\n")
	h.config(`# cfytop settings
manager: https://cfg.example.com:8443
tenant: ops-team
username: carol
token_file: ~/tok
ca_cert: ~/ca.pem
insecure: false
profile: ""
refresh: 10s
limit: 250
deployment: [web-prod, db-prod]
status: failed
workflow:
  - install
  - uninstall
blueprint: base
all-tenants: true
system: true
filter: "dep:web !wf:scale"
execution: 3f2a
readonly: true
theme: light
time: UTC
no_color: true
mouse: true
output: csv
demo: false
keys:
  kill: [X, ctrl+k]
`)
	s := h.mustLoad()
	if !s.ConfigFound || s.Origins["config"].Source != FromDefault {
		t.Fatalf("config not found: %v", s.Origins["config"])
	}
	got := []any{s.Manager, s.Tenant, s.Username, string(s.Token), filepath.Base(s.CACert), s.Insecure, s.Refresh, s.Limit,
		s.Deployment, s.Status, s.Workflow, s.Blueprint, s.AllTenants, s.System, s.Filter, s.Execution,
		s.ReadOnly, s.Theme, s.NoColor, s.Mouse, s.Output, s.Demo, s.Keys["kill"], s.Times}
	want := []any{"https://cfg.example.com:8443", "ops-team", "carol", "cfg-token", "ca.pem", false, 10 * time.Second, 250,
		[]string{"web-prod", "db-prod"}, []string{"failed"}, []string{"install", "uninstall"}, []string{"base"}, true, true,
		"dep:web !wf:scale", "3f2a", true, "light", true, true, "csv", false, []string{"X", "ctrl+k"}, humantime.UTC}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("setting %d: got %#v, want %#v", i, got[i], want[i])
		}
	}
	if o := s.Origins["limit"]; o.Source != FromConfig || o.Line != 10 || o.Key != "limit" {
		t.Errorf("limit origin %+v", o)
	}
	if !strings.Contains(s.Origins["refresh"].String(), "config.yaml, line 9, key \"refresh\"") {
		t.Errorf("origin text %q", s.Origins["refresh"].String())
	}
}

// TestBadConfigFile checks that each kind of mistake names the file, the
// line and the key.
func TestBadConfigFile(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		key        string
		want       string
	}{
		{"unknown key", "tenant: a\nrefreh: 2s\n", 2, "refreh", `unknown setting (did you mean "refresh"?)`},
		{"unknown key far", "colour_scheme: x\n", 1, "colour_scheme", "the settings are:"},
		{"bad duration", "limit: 10\nrefresh: \"fast\"\n", 2, "refresh", `"fast" is not a duration`},
		{"duration without unit", "refresh: 5\n", 1, "refresh", "no unit; write it like 5s"},
		{"below floor", "refresh: 100ms\n", 1, "refresh", "1s minimum"},
		{"wrong type int", "limit: lots\n", 1, "limit", `"lots" is not a whole number`},
		{"wrong type bool", "\n\ninsecure: sometimes\n", 3, "insecure", "not true or false"},
		{"list for string", "tenant: [a, b]\n", 1, "tenant", "must be a text value, not a list"},
		{"mapping for list", "status:\n  a: b\n", 2, "status", "must be a list"},
		{"bad status", "status: [failed, finished]\n", 1, "status", `unknown status "finished"`},
		{"bad theme", "theme: neon\n", 1, "theme", `unknown theme "neon"`},
		{"bad output", "output: xml\n", 1, "output", "table, json or csv"},
		{"bad time mode", "time: zulu\n", 1, "time", `unknown time mode "zulu"; choose one of relative, local, utc`},
		{"bad limit", "limit: -3\n", 1, "limit", "above 0"},
		{"duplicate", "limit: 3\nlimit: 4\n", 2, "limit", "set twice (first on line 1)"},
		{"once is not a setting", "once: true\n", 1, "once", "unknown setting"},
		{"unknown binding", "keys:\n  kil: [X]\n", 2, "keys.kil", `unknown key binding (did you mean "kill"?)`},
		{"empty binding", "keys:\n  kill: []\n", 2, "keys.kill", "has no keys"},
		{"keys not a map", "keys: [x]\n", 1, "keys", "must be a mapping"},
		{"binding takes a movement key", "keys:\n  kill: [j]\n", 2, "keys.kill",
			`key "j" of kill is also down's key, and only one of them would work; choose another key for kill, or rebind down too`},
		{"binding takes another's key", "theme: dark\nkeys:\n  refresh: ctrl+r\n  quit: [k]\n", 4, "keys.quit",
			`key "k" of quit is also up's key`},
		{"two rebound to one key", "keys:\n  kill: [X]\n  patch: [X]\n", 3, "keys.patch",
			`give patch and kill different keys`},
		{"confirm on enter", "keys:\n  dialog_yes: [enter]\n", 2, "keys.dialog_yes", "dialog_yes cannot be enter"},
		{"tenant too large", "tenant: " + strings.Repeat("t", 5<<20) + "\n", 1, "tenant", "the tenant name is 5242880 bytes long"},
		{"tenant with a control", "tenant: \"ops\\u0085team\"\n", 1, "tenant", "contains control characters"},
		{"empty value", "manager:\n", 1, "manager", "must be a text value, not empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newFakeHome(t)
			path := h.config(tc.text)
			_, err := h.load()
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, w := range []string{
				"config file " + path,
				"line " + strconv.Itoa(tc.line),
				"key \"" + tc.key + "\"",
				tc.want,
			} {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestBadYAML(t *testing.T) {
	h := newFakeHome(t)
	path := h.config("tenant: a\nrefresh: [1s\n")
	_, err := h.load()
	if err == nil || !strings.Contains(err.Error(), "config file "+path) || !strings.Contains(err.Error(), "not valid YAML") ||
		!strings.Contains(err.Error(), "line ") {
		t.Fatalf("err = %v", err)
	}
	h.config("just a string\n")
	if _, err := h.load(); err == nil || !strings.Contains(err.Error(), "must be a mapping") {
		t.Fatalf("err = %v", err)
	}
}

func TestConfigPlaces(t *testing.T) {
	h := newFakeHome(t)
	other := h.write(filepath.Join(h.home, "other.yaml"), "tenant: other\n")
	// An empty file is fine.
	h.config("")
	if s := h.mustLoad(); !s.ConfigFound || s.Tenant != DefaultTenant {
		t.Fatalf("empty config: %v %q", s.ConfigFound, s.Tenant)
	}
	h.env["CFYTOP_CONFIG"] = other
	s := h.mustLoad()
	if s.ConfigFile != other || s.Tenant != "other" || s.Origins["config"].Name != "CFYTOP_CONFIG" {
		t.Fatalf("CFYTOP_CONFIG: %q %q %v", s.ConfigFile, s.Tenant, s.Origins["config"])
	}
	third := h.write(filepath.Join(h.home, "third.yaml"), "tenant: third\n")
	if s = h.mustLoad("--config", third); s.Tenant != "third" {
		t.Fatalf("--config: %q", s.Tenant)
	}
	// Without XDG_CONFIG_HOME: ~/.config/cfytop/config.yaml.
	delete(h.env, "XDG_CONFIG_HOME")
	delete(h.env, "CFYTOP_CONFIG")
	h.write(filepath.Join(h.home, ".config", "cfytop", "config.yaml"), "tenant: home\n")
	if s = h.mustLoad(); s.Tenant != "home" {
		t.Fatalf("~/.config: %q", s.Tenant)
	}
}
