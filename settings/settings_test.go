package settings

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fakeHome is a home directory with a real-shaped cfy profile (as `cfy
// profiles use` writes it: keys sorted, indent 4) and room for a config file.
type fakeHome struct {
	t       *testing.T
	home    string
	xdgConf string
	env     map[string]string
}

func newFakeHome(t *testing.T) *fakeHome {
	t.Helper()
	home := t.TempDir()
	h := &fakeHome{t: t, home: home, xdgConf: filepath.Join(home, "xdg-config"),
		env: map[string]string{"HOME": home}}
	h.env["XDG_CONFIG_HOME"] = h.xdgConf
	return h
}

func (h *fakeHome) cfyContext(name string, over map[string]any) {
	h.t.Helper()
	ctx := map[string]any{
		"cluster":          map[string]any{},
		"kerberos_env":     false,
		"manager_ip":       "10.0.0.5",
		"manager_password": "profile-pass",
		"manager_tenant":   "profile-tenant",
		"manager_token":    nil,
		"manager_username": "profile-user",
		"name":             name,
		"provider_context": map[string]any{},
		"rest_certificate": nil,
		"rest_port":        443,
		"rest_protocol":    "https",
		"ssh_key":          nil,
		"ssh_port":         22,
		"ssh_user":         nil,
	}
	for k, v := range over {
		ctx[k] = v
	}
	dir := filepath.Join(h.cfyBase(), "profiles", name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		h.t.Fatal(err)
	}
	b, err := json.MarshalIndent(ctx, "", "    ")
	if err != nil {
		h.t.Fatal(err)
	}
	h.write(filepath.Join(dir, "context.json"), string(b))
}

func (h *fakeHome) cfyBase() string {
	if w := h.env["CFY_WORKDIR"]; w != "" {
		return filepath.Join(w, ".cloudify")
	}
	return filepath.Join(h.home, ".cloudify")
}

func (h *fakeHome) activeProfile(name string) {
	h.write(filepath.Join(h.cfyBase(), "active.profile"), name)
}

func (h *fakeHome) config(text string) string {
	p := filepath.Join(h.xdgConf, "cfytop", "config.yaml")
	h.write(p, text)
	return p
}

func (h *fakeHome) write(path, text string) string {
	h.t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return path
}

func (h *fakeHome) load(args ...string) (*Settings, error) {
	return Load(args, MapEnv(h.env))
}

func (h *fakeHome) mustLoad(args ...string) *Settings {
	h.t.Helper()
	s, err := h.load(args...)
	if err != nil {
		h.t.Fatalf("Load(%q): %v", args, err)
	}
	return s
}

func TestDefaultsWithoutAnything(t *testing.T) {
	h := newFakeHome(t)
	s := h.mustLoad()
	if s.Manager != "" || s.Profile != nil || s.ConfigFound {
		t.Fatalf("nothing configured, got manager %q profile %v config %v", s.Manager, s.Profile, s.ConfigFound)
	}
	if s.Tenant != DefaultTenant || s.Refresh != DefaultRefresh || s.Limit != DefaultLimit ||
		s.Theme != "default" || s.Output != "table" || s.Command != CmdDashboard {
		t.Fatalf("defaults: %+v", s)
	}
	if s.ConfigFile != filepath.Join(h.xdgConf, "cfytop", "config.yaml") {
		t.Errorf("config file %q", s.ConfigFile)
	}
	if s.AuditPath != filepath.Join(h.home, ".local", "state", "cfytop", "audit.jsonl") {
		t.Errorf("audit path %q", s.AuditPath)
	}
	for _, name := range []string{"manager", "refresh", "limit", "theme"} {
		if s.Origins[name].Source != FromDefault {
			t.Errorf("%s origin %v", name, s.Origins[name])
		}
	}
}

// TestPrecedence raises one setting through every level, checking that each
// level beats the one below it: default < profile < config < env < flag.
func TestPrecedence(t *testing.T) {
	type level struct {
		source Source
		apply  func(h *fakeHome, args *[]string)
	}
	cases := []struct {
		name   string
		get    func(s *Settings) string
		levels []level
		want   []string // value after each level, the first is the default
	}{
		{
			name: "manager",
			get:  func(s *Settings) string { return s.Manager },
			levels: []level{
				{FromProfile, func(h *fakeHome, _ *[]string) { h.cfyContext("prod", nil); h.activeProfile("prod") }},
				{FromConfig, func(h *fakeHome, _ *[]string) { h.config("manager: http://cfg-host:8080\n") }},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CFYTOP_MANAGER"] = "env-host" }},
				{FromFlag, func(_ *fakeHome, a *[]string) { *a = append(*a, "--manager", "http://flag-host") }},
			},
			want: []string{"", "https://10.0.0.5:443", "http://cfg-host:8080", "https://env-host:443", "http://flag-host:80"},
		},
		{
			name: "tenant",
			get:  func(s *Settings) string { return s.Tenant },
			levels: []level{
				{FromProfile, func(h *fakeHome, _ *[]string) { h.cfyContext("prod", nil); h.activeProfile("prod") }},
				{FromConfig, func(h *fakeHome, _ *[]string) { h.config("tenant: cfg-tenant\n") }},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CLOUDIFY_TENANT"] = "cfy-env-tenant" }},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CFYTOP_TENANT"] = "env-tenant" }},
				{FromFlag, func(_ *fakeHome, a *[]string) { *a = append(*a, "--tenant=flag-tenant") }},
			},
			want: []string{"default_tenant", "profile-tenant", "cfg-tenant", "cfy-env-tenant", "env-tenant", "flag-tenant"},
		},
		{
			name: "username",
			get:  func(s *Settings) string { return s.Username },
			levels: []level{
				{FromProfile, func(h *fakeHome, _ *[]string) { h.cfyContext("prod", nil); h.activeProfile("prod") }},
				{FromConfig, func(h *fakeHome, _ *[]string) { h.config("username: cfg-user\n") }},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CLOUDIFY_USERNAME"] = "env-user" }},
				{FromFlag, func(_ *fakeHome, a *[]string) { *a = append(*a, "--username", "flag-user") }},
			},
			want: []string{"", "profile-user", "cfg-user", "env-user", "flag-user"},
		},
		{
			name: "password",
			get:  func(s *Settings) string { return string(s.Password) },
			levels: []level{
				{FromProfile, func(h *fakeHome, _ *[]string) { h.cfyContext("prod", nil); h.activeProfile("prod") }},
				{FromConfig, func(h *fakeHome, _ *[]string) {
					h.write(filepath.Join(h.xdgConf, "cfytop", "pw"), "cfg-pass\n")
					h.config("password_file: pw\n") // relative to the config file
				}},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CLOUDIFY_PASSWORD"] = "env-pass" }},
				{FromEnv, func(h *fakeHome, _ *[]string) {
					h.env["CFYTOP_PASSWORD_FILE"] = h.write(filepath.Join(h.home, "envpw"), "env-file-pass")
				}},
				{FromFlag, func(h *fakeHome, a *[]string) {
					*a = append(*a, "--password-file", h.write(filepath.Join(h.home, "flagpw"), "flag-pass\r\n"))
				}},
			},
			want: []string{"", "profile-pass", "cfg-pass", "env-pass", "env-file-pass", "flag-pass"},
		},
		{
			name: "ca-cert",
			get:  func(s *Settings) string { return filepath.Base(s.CACert) },
			levels: []level{
				{FromProfile, func(h *fakeHome, _ *[]string) {
					h.cfyContext("prod", map[string]any{"rest_certificate": h.write(filepath.Join(h.home, "profile.pem"), "x")})
					h.activeProfile("prod")
				}},
				{FromConfig, func(h *fakeHome, _ *[]string) {
					h.write(filepath.Join(h.home, "cfg.pem"), "x")
					h.config("ca_cert: ~/cfg.pem\n")
				}},
				{FromEnv, func(h *fakeHome, _ *[]string) {
					h.env["LOCAL_REST_CERT_FILE"] = h.write(filepath.Join(h.home, "env.pem"), "x")
				}},
				{FromFlag, func(h *fakeHome, a *[]string) {
					*a = append(*a, "--ca-cert", h.write(filepath.Join(h.home, "flag.pem"), "x"))
				}},
			},
			want: []string{".", "profile.pem", "cfg.pem", "env.pem", "flag.pem"},
		},
		{
			name: "refresh",
			get:  func(s *Settings) string { return s.Refresh.String() },
			levels: []level{
				{FromConfig, func(h *fakeHome, _ *[]string) { h.config("refresh: 5s\n") }},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CFYTOP_REFRESH"] = "7s" }},
				{FromFlag, func(_ *fakeHome, a *[]string) { *a = append(*a, "--refresh", "1m") }},
			},
			want: []string{"2s", "5s", "7s", "1m0s"},
		},
		{
			name: "insecure",
			get: func(s *Settings) string {
				if s.Insecure {
					return "true"
				}
				return "false"
			},
			levels: []level{
				{FromConfig, func(h *fakeHome, _ *[]string) { h.config("insecure: true\n") }},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CFYTOP_INSECURE"] = "false" }},
				{FromFlag, func(_ *fakeHome, a *[]string) { *a = append(*a, "--insecure") }},
			},
			want: []string{"false", "true", "false", "true"},
		},
		{
			name: "status",
			get:  func(s *Settings) string { return strings.Join(s.Status, "|") },
			levels: []level{
				{FromConfig, func(h *fakeHome, _ *[]string) { h.config("status: [failed, completed]\n") }},
				{FromEnv, func(h *fakeHome, _ *[]string) { h.env["CFYTOP_STATUS"] = "started" }},
				{FromFlag, func(_ *fakeHome, a *[]string) { *a = append(*a, "--status", "queued,pending", "--status", "Completed") }},
			},
			want: []string{"", "failed|terminated", "started", "queued|pending|terminated"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newFakeHome(t)
			var args []string
			s := h.mustLoad(args...)
			if got := tc.get(s); got != tc.want[0] {
				t.Fatalf("default: got %q, want %q", got, tc.want[0])
			}
			for i, l := range tc.levels {
				l.apply(h, &args)
				s := h.mustLoad(args...)
				if got := tc.get(s); got != tc.want[i+1] {
					t.Fatalf("after level %d (%v): got %q, want %q", i+1, l.source, got, tc.want[i+1])
				}
				name := tc.name
				if o := s.Origins[name]; o.Source != l.source {
					t.Fatalf("after level %d: origin %v (%v), want source %v", i+1, o, o.Source, l.source)
				}
			}
		})
	}
}

func TestCfyWorkdirAndProfileFlag(t *testing.T) {
	h := newFakeHome(t)
	h.env["CFY_WORKDIR"] = filepath.Join(h.home, "work")
	h.cfyContext("a", map[string]any{"manager_ip": "a.example.com", "rest_protocol": "http", "rest_port": 80})
	h.cfyContext("b", map[string]any{"manager_ip": "b.example.com", "manager_tenant": "b-tenant"})
	h.activeProfile("a")

	s := h.mustLoad()
	if s.Manager != "http://a.example.com:80" || s.ProfileName != "a" {
		t.Fatalf("active profile: %q %q", s.Manager, s.ProfileName)
	}
	s = h.mustLoad("--profile", "b")
	if s.Manager != "https://b.example.com:443" || s.Tenant != "b-tenant" || s.Origins["profile"].Source != FromFlag {
		t.Fatalf("--profile b: %q %q %v", s.Manager, s.Tenant, s.Origins["profile"])
	}
	h.env["CFYTOP_PROFILE"] = "b"
	if s = h.mustLoad(); s.ProfileName != "b" {
		t.Fatalf("CFYTOP_PROFILE: %q", s.ProfileName)
	}
	_, err := h.load("--profile", "zzz")
	if err == nil || !strings.Contains(err.Error(), "--profile") || !strings.Contains(err.Error(), `"zzz" does not exist`) {
		t.Fatalf("unknown profile: %v", err)
	}
}

func TestTokenAgainstPassword(t *testing.T) {
	h := newFakeHome(t)
	h.cfyContext("prod", map[string]any{"manager_token": "profile-token"})
	h.activeProfile("prod")

	// Both from the profile: the token wins, as in cfy.
	s := h.mustLoad()
	if s.Token != "profile-token" || s.AuthMethod() != "Authentication-Token ********" {
		t.Fatalf("profile token: %q %q", string(s.Token), s.AuthMethod())
	}
	// A password given at a higher level than the token beats it.
	h.env["CLOUDIFY_PASSWORD"] = "env-pass"
	s = h.mustLoad()
	if s.Token != "" || s.Password != "env-pass" || !strings.Contains(s.AuthMethod(), `HTTP Basic as "profile-user"`) {
		t.Fatalf("env password over profile token: token %q, auth %q", string(s.Token), s.AuthMethod())
	}
	if len(s.Notes) == 0 || !strings.Contains(s.Notes[0], "not used") {
		t.Errorf("notes: %q", s.Notes)
	}
	// And a token at the env level beats the env password (a token wins).
	h.env["CLOUDIFY_TOKEN"] = "env-token"
	s = h.mustLoad()
	if s.Token != "env-token" {
		t.Fatalf("env token: %q", string(s.Token))
	}
}

func TestSecretsMasked(t *testing.T) {
	h := newFakeHome(t)
	h.cfyContext("prod", map[string]any{"manager_token": "tok-123"})
	h.activeProfile("prod")
	h.env["CLOUDIFY_PASSWORD"] = "pw-456"
	s := h.mustLoad()
	for _, text := range []string{sprint(s), sprintPlus(s), sprintGo(s)} {
		if strings.Contains(text, "tok-123") || strings.Contains(text, "pw-456") || strings.Contains(text, "profile-pass") {
			t.Fatalf("secret printed: %s", text)
		}
	}
}

func TestPasswordOnCommandLineRefused(t *testing.T) {
	h := newFakeHome(t)
	for _, args := range [][]string{{"--password", "x"}, {"--password=x"}, {"--password"}} {
		_, err := h.load(args...)
		if err == nil || !strings.Contains(err.Error(), "--password-file") || !strings.Contains(err.Error(), "CLOUDIFY_PASSWORD") {
			t.Fatalf("%q: %v", args, err)
		}
	}
	_, err := h.load("--token", "x")
	if err == nil || !strings.Contains(err.Error(), "--token-file") {
		t.Fatalf("--token: %v", err)
	}
}

func TestValidation(t *testing.T) {
	h := newFakeHome(t)
	cases := []struct {
		args []string
		env  map[string]string
		want []string
	}{
		{args: []string{"--refresh", "500ms"}, want: []string{"--refresh", "1s minimum"}},
		{args: []string{"--refresh", "soon"}, want: []string{"--refresh", `"soon" is not a duration`}},
		{env: map[string]string{"CFYTOP_REFRESH": "0.5s"}, want: []string{"CFYTOP_REFRESH", "1s minimum"}},
		{args: []string{"--limit", "0"}, want: []string{"--limit", "above 0"}},
		{args: []string{"--limit", "many"}, want: []string{"--limit", "not a whole number"}},
		{args: []string{"--theme", "neon"}, want: []string{"--theme", `unknown theme "neon"`, "high-contrast"}},
		{args: []string{"-o", "xml"}, want: []string{"--output", `"xml"`, "table, json or csv"}},
		{args: []string{"--time", "zulu"}, want: []string{"--time", `unknown time mode "zulu"`, "relative, local, utc"}},
		{env: map[string]string{"CFYTOP_TIME": "gmt"}, want: []string{"CFYTOP_TIME", `unknown time mode "gmt"`}},
		{args: []string{"--status", "done"}, want: []string{"--status", `unknown status "done"`, "completed"}},
		{args: []string{"--filter", `dep:"web`}, want: []string{"--filter", "not valid"}},
		{args: []string{"--manager", "ftp://x"}, want: []string{"--manager", "http or https"}},
		{args: []string{"--ca-cert", "/nonexistent.pem"}, want: []string{"--ca-cert", "/nonexistent.pem"}},
		{args: []string{"--password-file", "/nonexistent"}, want: []string{"--password-file", "cannot read the password file"}},
		{env: map[string]string{"CFYTOP_INSECURE": "maybe"}, want: []string{"CFYTOP_INSECURE", "not true or false"}},
		{args: []string{"-p", "secret"}, want: []string{"not accepted", "--password-file", "CLOUDIFY_PASSWORD"}},
		{args: []string{"-u", "admin"}, want: []string{"'u'", "--username"}},
		{args: []string{"--bogus"}, want: []string{"unknown flag --bogus", "--help"}},
		{args: []string{"--refesh", "2s"}, want: []string{"unknown flag --refesh", `did you mean "--refresh"`}},
		{args: []string{"extra"}, want: []string{`unexpected argument "extra"`}},
		{args: []string{"--config", "/nonexistent.yaml"}, want: []string{"/nonexistent.yaml does not exist"}},
	}
	for _, tc := range cases {
		env := map[string]string{}
		for k, v := range h.env {
			env[k] = v
		}
		for k, v := range tc.env {
			env[k] = v
		}
		_, err := Load(tc.args, MapEnv(env))
		if err == nil {
			t.Errorf("%q %v: no error", tc.args, tc.env)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q %v: error %q lacks %q", tc.args, tc.env, err, w)
			}
		}
	}
}

func TestCfyVariables(t *testing.T) {
	h := newFakeHome(t)
	h.env["CLOUDIFY_SSL_TRUST_ALL"] = "anything"
	h.env["NO_COLOR"] = "1"
	s := h.mustLoad("--manager", "https://m")
	if !s.Insecure || s.Origins["insecure"].Name != "CLOUDIFY_SSL_TRUST_ALL" {
		t.Errorf("CLOUDIFY_SSL_TRUST_ALL: %v %v", s.Insecure, s.Origins["insecure"])
	}
	if !s.NoColor || s.Origins["no-color"].Name != "NO_COLOR" {
		t.Errorf("NO_COLOR: %v %v", s.NoColor, s.Origins["no-color"])
	}
	// An empty variable is unset.
	h.env["NO_COLOR"] = ""
	if s = h.mustLoad(); s.NoColor {
		t.Error("empty NO_COLOR turned colour off")
	}
}

func TestListsAndCommands(t *testing.T) {
	h := newFakeHome(t)
	s := h.mustLoad("--deployment", "a,b", "--deployment", "c", "--workflow=install", "--blueprint", "bp1", "info")
	if !reflect.DeepEqual(s.Deployment, []string{"a", "b", "c"}) || !reflect.DeepEqual(s.Workflow, []string{"install"}) ||
		!reflect.DeepEqual(s.Blueprint, []string{"bp1"}) || s.Command != CmdInfo {
		t.Fatalf("%v %v %v %v", s.Deployment, s.Workflow, s.Blueprint, s.Command)
	}
	lo := s.ListOptions()
	if !reflect.DeepEqual(lo.Filters["deployment_id"], []string{"a", "b", "c"}) || lo.Sort[0] != "-created_at" {
		t.Fatalf("list options %+v", lo)
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		if s := h.mustLoad(args...); s.Command != CmdHelp {
			t.Errorf("%q: %v", args, s.Command)
		}
	}
	// --version wins even over a broken config.
	h.config("refresh: fast\n")
	if s := h.mustLoad("--version"); s.Command != CmdVersion {
		t.Errorf("--version: %v", s.Command)
	}
}

func TestNormalizeManagerURL(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.5":                    "https://10.0.0.5:443",
		"10.0.0.5:8443":               "https://10.0.0.5:8443",
		"http://m.example.com":        "http://m.example.com:80",
		"HTTPS://m.example.com/":      "https://m.example.com:443",
		"https://m:8443/api/v3.1":     "https://m:8443",
		"[::1]:80":                    "https://[::1]:80",
		"http://[fe80::1]":            "http://[fe80::1]:80",
		" https://m.example.com:443 ": "https://m.example.com:443",
	} {
		got, err := NormalizeManagerURL(in)
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://m", "https://u:p@m", "https://m/console", "https://m:99999"} {
		if _, err := NormalizeManagerURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestKeysApplied(t *testing.T) {
	h := newFakeHome(t)
	h.config("keys:\n  kill: [X]\n  quit: Q\n")
	s := h.mustLoad("--readonly")
	if got := s.KeyMap.Kill.Keys(); !reflect.DeepEqual(got, []string{"X"}) {
		t.Fatalf("kill keys %q", got)
	}
	if got := s.KeyMap.Quit.Keys(); !reflect.DeepEqual(got, []string{"Q"}) {
		t.Fatalf("quit keys %q", got)
	}
	if s.KeyMap.Kill.Enabled() {
		t.Fatal("read-only: kill must be disabled")
	}
	if s.Origins["keys"].Line != 1 {
		t.Errorf("keys origin %v", s.Origins["keys"])
	}
}

// A binding may take another's key when the other is rebound too.
func TestKeysSwappedTogether(t *testing.T) {
	h := newFakeHome(t)
	h.config("keys:\n  kill: [j]\n  down: [J, down]\n")
	s := h.mustLoad()
	if got := s.KeyMap.Kill.Keys(); !reflect.DeepEqual(got, []string{"j"}) {
		t.Fatalf("kill keys %q", got)
	}
	if got := s.KeyMap.Down.Keys(); !reflect.DeepEqual(got, []string{"J", "down"}) {
		t.Fatalf("down keys %q", got)
	}
}

func TestStateDir(t *testing.T) {
	h := newFakeHome(t)
	h.env["XDG_STATE_HOME"] = filepath.Join(h.home, "state")
	s := h.mustLoad()
	if s.StateDir != filepath.Join(h.home, "state", "cfytop") || s.AuditPath != filepath.Join(s.StateDir, "audit.jsonl") {
		t.Fatalf("%q %q", s.StateDir, s.AuditPath)
	}
	h.env["XDG_STATE_HOME"] = "relative/dir" // ignored, as the XDG spec says
	if s = h.mustLoad(); s.StateDir != filepath.Join(h.home, ".local", "state", "cfytop") {
		t.Fatalf("%q", s.StateDir)
	}
}

func TestInsecureIgnoresMissingCA(t *testing.T) {
	h := newFakeHome(t)
	h.cfyContext("prod", map[string]any{"rest_certificate": "/on/another/machine/ca.crt"})
	h.activeProfile("prod")
	_, err := h.load()
	if err == nil || !strings.Contains(err.Error(), `cfy profile "prod"`) || !strings.Contains(err.Error(), "/on/another/machine/ca.crt") {
		t.Fatalf("missing profile CA: %v", err)
	}
	s := h.mustLoad("--insecure")
	if cfg := s.ClientConfig("v1"); !cfg.Insecure || cfg.CACertFile != "" || cfg.URL != "https://10.0.0.5:443" ||
		cfg.Username != "profile-user" || cfg.Password != "profile-pass" || cfg.Tenant != "profile-tenant" || cfg.UserAgentVersion != "v1" {
		t.Fatalf("client config %v", cfg)
	}
}

func TestBrokenActiveProfile(t *testing.T) {
	h := newFakeHome(t)
	h.activeProfile("gone") // no profiles/gone/context.json
	s := h.mustLoad("--manager", "https://m")
	if s.Manager != "https://m:443" || !strings.Contains(s.ProfileErr, `"gone" does not exist`) || len(s.Notes) != 1 {
		t.Fatalf("broken active profile: %q %q %q", s.Manager, s.ProfileErr, s.Notes)
	}
	var b strings.Builder
	if err := s.WriteInfo(&b, "dev"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "gone (unreadable, not used)") || !strings.Contains(b.String(), "cfy profiles list") {
		t.Fatalf("info:\n%s", b.String())
	}
	// Named on purpose, it is an error.
	if _, err := h.load("--profile", "gone"); err == nil {
		t.Fatal("--profile gone accepted")
	}
}

func TestMinRefreshAccepted(t *testing.T) {
	h := newFakeHome(t)
	if s := h.mustLoad("--refresh", "1s"); s.Refresh != time.Second {
		t.Fatal(s.Refresh)
	}
}

func sprint(v any) string     { return fmt.Sprint(v) }
func sprintPlus(v any) string { return fmt.Sprintf("%+v", v) }
func sprintGo(v any) string   { return fmt.Sprintf("%#v", v) }

// The cfy profile's password, token, tenant and certificate belong to the
// profile's manager: another manager given by flag, environment or config
// gets none of them, and the notes say why.
func TestProfileSecretsStayWithItsManager(t *testing.T) {
	h := newFakeHome(t)
	h.cfyContext("prod", map[string]any{"manager_token": "profile-token"})
	h.activeProfile("prod")

	s := h.mustLoad("--manager", "https://other.example.com")
	if s.Password != "" || s.Token != "" || s.Username != "" || s.Tenant != DefaultTenant {
		t.Fatalf("profile settings went to another manager: user %q, password set %v, token set %v, tenant %q",
			s.Username, s.Password != "", s.Token != "", s.Tenant)
	}
	if !strings.Contains(strings.Join(s.Notes, "\n"), `the cfy profile "prod" is for https://10.0.0.5:443, not https://other.example.com:443`) {
		t.Fatalf("no note about the unused profile: %q", s.Notes)
	}

	h.env["CFYTOP_MANAGER"] = "https://other.example.com"
	if s := h.mustLoad(); s.Password != "" || s.Token != "" {
		t.Fatal("the profile's secrets went to the manager from the environment")
	}
	delete(h.env, "CFYTOP_MANAGER")

	// The same host named another way (say, http and another port) is still
	// the profile's manager.
	s = h.mustLoad("--manager", "http://10.0.0.5:80")
	if s.Username != "profile-user" || s.Password == "" || s.Tenant != "profile-tenant" {
		t.Fatalf("the profile's own host lost its settings: user %q, tenant %q", s.Username, s.Tenant)
	}
	// With no manager given, the profile's is used with everything it holds.
	s = h.mustLoad()
	if s.Manager != "https://10.0.0.5:443" || s.Username != "profile-user" || s.Password == "" {
		t.Fatalf("profile: %+v", s)
	}
}
