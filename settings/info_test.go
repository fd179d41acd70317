package settings

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// infoLine returns the line of `cfytop info` for label.
func infoLine(t *testing.T, out, label string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(label) + `\s.*$`)
	m := re.FindString(out)
	if m == "" {
		t.Fatalf("no %q line in:\n%s", label, out)
	}
	return m
}

func TestInfo(t *testing.T) {
	h := newFakeHome(t)
	h.cfyContext("prod", map[string]any{"manager_password": "profile-secret"})
	h.activeProfile("prod")
	cfg := h.config("refresh: 5s\nkeys:\n  kill: [X]\n")
	h.env["CLOUDIFY_TENANT"] = "ops-team"
	h.env["XDG_STATE_HOME"] = filepath.Join(h.home, "state")
	s := h.mustLoad("--limit", "50", "info")
	if s.Command != CmdInfo {
		t.Fatalf("command %v", s.Command)
	}
	var b strings.Builder
	if err := s.WriteInfo(&b, "v1.2.3"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "profile-secret") {
		t.Fatalf("password printed:\n%s", out)
	}
	profilePath := filepath.Join(h.home, ".cloudify", "profiles", "prod", "context.json")
	checks := map[string][]string{
		"cfytop":      {"v1.2.3"},
		"config file": {cfg, "default place ($XDG_CONFIG_HOME/cfytop/config.yaml)"},
		"cfy profile": {"prod", profilePath, "active profile"},
		"manager":     {"https://10.0.0.5:443", `from cfy profile "prod"`},
		"tenant":      {"ops-team", "from CLOUDIFY_TENANT"},
		"auth":        {`HTTP Basic as "profile-user", password ********`, `user from cfy profile "prod"`, `password from cfy profile "prod"`},
		"tls":         {"verified with the system CAs"},
		"audit log":   {filepath.Join(h.home, "state", "cfytop", "audit.jsonl"), "XDG_STATE_HOME"},
		"state dir":   {filepath.Join(h.home, "state", "cfytop")},
		"  refresh":   {"5s", "config file " + cfg + ", line 1, key \"refresh\""},
		"  limit":     {"50", "--limit"},
		"  theme":     {"default", "(default)"},
		"  time":      {"relative", "(default)"},
		"  keys":      {"kill=X", "line 2"},
	}
	for label, wants := range checks {
		line := infoLine(t, out, label)
		for _, w := range wants {
			if !strings.Contains(line, w) {
				t.Errorf("%s line %q lacks %q", label, line, w)
			}
		}
	}
}

func TestInfoTokenAndNothing(t *testing.T) {
	h := newFakeHome(t)
	h.env["CLOUDIFY_TOKEN"] = "tok-secret-1"
	s := h.mustLoad("info", "--insecure")
	var b strings.Builder
	if err := s.WriteInfo(&b, "dev"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "tok-secret-1") {
		t.Fatalf("token printed:\n%s", out)
	}
	if l := infoLine(t, out, "auth"); !strings.Contains(l, "Authentication-Token ********") || !strings.Contains(l, "CLOUDIFY_TOKEN") {
		t.Errorf("auth line %q", l)
	}
	if l := infoLine(t, out, "manager"); !strings.Contains(l, "none configured") {
		t.Errorf("manager line %q", l)
	}
	if l := infoLine(t, out, "cfy profile"); !strings.Contains(l, "none") || !strings.Contains(l, ".cloudify") {
		t.Errorf("profile line %q", l)
	}
	if l := infoLine(t, out, "config file"); !strings.Contains(l, "not found, not used") {
		t.Errorf("config line %q", l)
	}
	if l := infoLine(t, out, "tls"); !strings.Contains(l, "NOT verified") || !strings.Contains(l, "--insecure") {
		t.Errorf("tls line %q", l)
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	var b strings.Builder
	if err := WriteHelp(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, o := range options {
		if !strings.Contains(out, "--"+o.name) {
			t.Errorf("--%s missing from help", o.name)
		}
		for _, e := range o.envs {
			if !strings.Contains(out, "$"+e.name) {
				t.Errorf("$%s missing from help", e.name)
			}
		}
		if o.def != "" && o.def != "false" && !strings.Contains(out, "default "+o.def) {
			t.Errorf("default of --%s (%s) missing from help", o.name, o.def)
		}
	}
	for _, w := range []string{"CLOUDIFY_PASSWORD", "CLOUDIFY_TOKEN", "NO_COLOR", "CFY_WORKDIR", "Examples:", "Exit status",
		"flag > environment > config file > cfy profile > default", "--version", "cfytop info", "cfytop simulate"} {
		if !strings.Contains(out, w) {
			t.Errorf("help lacks %q", w)
		}
	}
	for _, hidden := range []string{"--password ", "--token "} {
		if strings.Contains(out, hidden) {
			t.Errorf("help shows %q", hidden)
		}
	}
}
