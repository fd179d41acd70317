package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/settings"
	"github.com/cfytop/cfytop/simulator"
	"github.com/cfytop/cfytop/ui"
	"github.com/charmbracelet/x/term"
)

// runMain runs cfytop as the binary would, with env as the whole environment.
func runMain(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, settings.MapEnv(env), &out, &errb)
	return code, out.String(), errb.String()
}

func emptyHome(t *testing.T) map[string]string {
	home := t.TempDir()
	return map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_STATE_HOME": filepath.Join(home, ".state")}
}

func TestVersion(t *testing.T) {
	code, out, errOut := runMain(t, emptyHome(t), "--version")
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "cfytop ") || strings.Count(out, "\n") != 1 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	old := version
	version = "v1.2.3"
	defer func() { version = old }()
	if _, out, _ = runMain(t, emptyHome(t), "--version"); out != "cfytop v1.2.3\n" {
		t.Fatalf("ldflags version: %q", out)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := runMain(t, emptyHome(t), "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, w := range []string{"--manager URL", "$CFYTOP_MANAGER", "--password-file", "$CLOUDIFY_PASSWORD", "-o, --output",
		"default 2s", "default 1000", "Examples:", "cfytop --demo", "cfytop --once -o json", "Exit status"} {
		if !strings.Contains(out, w) {
			t.Errorf("--help lacks %q", w)
		}
	}
}

// TestDemoOnce runs the real embedded simulated manager.
func TestDemoOnce(t *testing.T) {
	code, out, errOut := runMain(t, emptyHome(t), "--demo", "--once", "-o", "json", "--limit", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var execs []client.Execution
	if err := json.Unmarshal([]byte(out), &execs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(execs) == 0 || len(execs) > 20 {
		t.Fatalf("%d executions", len(execs))
	}
	for i := 1; i < len(execs); i++ {
		if execs[i].CreatedAt.After(execs[i-1].CreatedAt.Time) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	code, out, errOut = runMain(t, emptyHome(t), "--demo", "--once")
	if code != 0 || !strings.HasPrefix(out, "ID ") || strings.Contains(out, "\x1b") {
		t.Fatalf("table: exit %d\n%s\n%s", code, out, errOut)
	}
}

// TestDemoWithoutTerminal: the dashboard needs a terminal (a test's output
// is a pipe); the simulated manager is started and stopped around the refusal.
func TestDemoWithoutTerminal(t *testing.T) {
	skipOnTerminal(t)
	env := emptyHome(t)
	code, out, errOut := runMain(t, env, "--demo")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "terminal") || !strings.Contains(errOut, "--once") {
		t.Fatalf("stderr: %s", errOut)
	}
}

func TestSimulateCommand(t *testing.T) {
	code, _, errOut := runMain(t, emptyHome(t), "simulate", "--help")
	if code != 0 || !strings.Contains(errOut, "cfytop simulate") {
		t.Fatalf("simulate --help: exit %d, %s", code, errOut)
	}
	if code, _, _ = runMain(t, emptyHome(t), "simulate", "--speed", "0"); code != 2 {
		t.Fatalf("simulate --speed 0: exit %d", code)
	}
}

func TestInfoCommand(t *testing.T) {
	env := emptyHome(t)
	env["CLOUDIFY_PASSWORD"] = "very-secret"
	env["CLOUDIFY_USERNAME"] = "admin"
	code, out, errOut := runMain(t, env, "info", "--manager", "https://10.1.2.3")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "very-secret") || !strings.Contains(out, "https://10.1.2.3:443") ||
		!strings.Contains(out, "(from --manager)") || !strings.Contains(out, "password from CLOUDIFY_PASSWORD") {
		t.Fatalf("info:\n%s", out)
	}
}

// TestAuditPathAgrees: `cfytop info` shows the audit log the dashboard opens.
func TestAuditPathAgrees(t *testing.T) {
	for _, state := range []string{filepath.Join(t.TempDir(), "state"), ""} {
		home := t.TempDir()
		t.Setenv("HOME", home)
		t.Setenv("XDG_STATE_HOME", state)
		want, err := audit.DefaultPath()
		if err != nil {
			t.Fatal(err)
		}
		s, err := settings.Load(nil, settings.MapEnv(map[string]string{"HOME": home, "XDG_STATE_HOME": state}))
		if err != nil {
			t.Fatal(err)
		}
		if s.AuditPath != want {
			t.Fatalf("XDG_STATE_HOME=%q: settings %q, audit %q", state, s.AuditPath, want)
		}
	}
}

// TestRealEnvironment goes through the process environment (os.LookupEnv),
// with a cfy profile under CFY_WORKDIR, a config file under XDG_CONFIG_HOME,
// a cfy variable and a flag, each winning for its own setting.
func TestRealEnvironment(t *testing.T) {
	home := t.TempDir()
	work := filepath.Join(home, "work")
	t.Setenv("HOME", home)
	t.Setenv("CFY_WORKDIR", work)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "conf"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	for _, k := range []string{"CLOUDIFY_PASSWORD", "CLOUDIFY_TOKEN", "CLOUDIFY_TENANT", "CLOUDIFY_SSL_TRUST_ALL",
		"LOCAL_REST_CERT_FILE", "NO_COLOR", "CFYTOP_CONFIG", "CFYTOP_MANAGER", "CFYTOP_TENANT", "CFYTOP_PROFILE",
		"CFYTOP_USERNAME", "CFYTOP_LIMIT", "CFYTOP_REFRESH"} {
		t.Setenv(k, "")
	}
	t.Setenv("CLOUDIFY_USERNAME", "env-user")

	ctx := map[string]any{
		"cluster": map[string]any{}, "kerberos_env": false, "manager_ip": "10.9.8.7", "manager_password": "pw-in-profile",
		"manager_tenant": "profile-tenant", "manager_token": nil, "manager_username": "profile-user", "name": "lab",
		"provider_context": map[string]any{}, "rest_certificate": nil, "rest_port": 80, "rest_protocol": "http",
		"ssh_key": nil, "ssh_port": 22, "ssh_user": nil,
	}
	b, _ := json.MarshalIndent(ctx, "", "    ")
	writeFile(t, filepath.Join(work, ".cloudify", "profiles", "lab", "context.json"), string(b))
	writeFile(t, filepath.Join(work, ".cloudify", "active.profile"), "lab")
	writeFile(t, filepath.Join(home, "conf", "cfytop", "config.yaml"), "tenant: cfg-tenant\nlimit: 100\n")

	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"info", "--limit", "7"}, os.LookupEnv, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	info := out.String()
	for _, w := range []string{
		`http://10.9.8.7:80                            (from cfy profile "lab")`,
		"cfg-tenant", `line 1, key "tenant"`,
		`HTTP Basic as "env-user", password ********`, "user from CLOUDIFY_USERNAME", `password from cfy profile "lab"`,
		"7 ", "(--limit)",
		filepath.Join(home, "state", "cfytop", "audit.jsonl"),
	} {
		if !strings.Contains(info, w) {
			t.Errorf("info lacks %q:\n%s", w, info)
		}
	}
	if strings.Contains(info, "pw-in-profile") {
		t.Fatal("password printed")
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestReadmeKeepsUp: the README starts with the two commands, and names
// every key binding and every flag.
func TestReadmeKeepsUp(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	head := "# cfytop\n\n```\ngo run . --demo      # the dashboard against the embedded simulated manager\n" +
		"go test ./...        # the whole test suite\n```\n"
	if !strings.HasPrefix(readme, head) {
		t.Fatal("README must start with the two commands")
	}
	for _, name := range keymap.Names() {
		if !strings.Contains(readme, "`"+name+"`") {
			t.Errorf("README does not name the key binding %q", name)
		}
	}
	km := keymap.DefaultKeyMap()
	for _, group := range km.FullHelp() {
		for _, kb := range group {
			if !strings.Contains(readme, "`"+kb.Keys()[0]+"`") && !strings.Contains(readme, kb.Help().Key) {
				t.Errorf("README keymap lacks %q (%s)", kb.Keys()[0], kb.Help().Desc)
			}
		}
	}
	for _, f := range []string{"--once", "--readonly", "--theme", "--no-color", "--mouse", "--demo", "--filter", "--ca-cert",
		"--insecure", "--profile", "--password-file", "--all-tenants", "--system", "--limit", "--refresh"} {
		if !strings.Contains(readme, f) {
			t.Errorf("README does not mention %s", f)
		}
	}
}

// TestDashboardWiring: against a real (simulated) manager, the dashboard
// path opens the audit log, then needs a terminal, which a test has not.
func TestDashboardWiring(t *testing.T) {
	skipOnTerminal(t)
	// Let the start get as far as the dashboard, which opens the audit log and
	// then refuses for want of a terminal.
	terminalCheck = func() error { return nil }
	t.Cleanup(func() { terminalCheck = ui.CheckTerminal })
	sim := simulator.New(simulator.Options{Demo: true, Seed: 5})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()

	env := emptyHome(t)
	env["CLOUDIFY_USERNAME"], env["CLOUDIFY_PASSWORD"] = "admin", "admin"
	code, _, errOut := runMain(t, env, "--manager", url)
	if code != 1 || !strings.Contains(errOut, "terminal") || !strings.Contains(errOut, "ssh -t") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(env["XDG_STATE_HOME"], "cfytop", "audit.jsonl")); err != nil {
		t.Fatalf("audit log not opened: %v", err)
	}

	// An audit log that cannot be opened stops the start, with advice.
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	writeFile(t, blocker, "x")
	env["XDG_STATE_HOME"] = blocker
	code, _, errOut = runMain(t, env, "--manager", url)
	if code != 1 || !strings.Contains(errOut, "audit log") || !strings.Contains(errOut, "--readonly") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Read-only needs no audit log.
	code, _, errOut = runMain(t, env, "--manager", url, "--readonly")
	if code != 1 || strings.Contains(errOut, "audit log") || !strings.Contains(errOut, "terminal") {
		t.Fatalf("readonly: exit %d: %s", code, errOut)
	}
}

// skipOnTerminal skips a test that expects the dashboard to refuse for want
// of a terminal, when the test binary was started on one (go test never does).
func skipOnTerminal(t *testing.T) {
	if term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()) {
		t.Skip("stdin and stdout are a terminal: the dashboard would start")
	}
}

// Without a terminal the dashboard says so before it tries the manager, so
// the advice (ssh -t, --once) is not hidden behind a connection error.
func TestNoTerminalReportedFirst(t *testing.T) {
	skipOnTerminal(t)
	env := emptyHome(t)
	env["CLOUDIFY_USERNAME"], env["CLOUDIFY_PASSWORD"] = "admin", "admin"
	code, _, errOut := runMain(t, env, "--manager", "http://127.0.0.1:1")
	if code != 1 || !strings.Contains(errOut, "--once") || strings.Contains(errOut, "cannot reach") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// A setting that is missing is reported before the terminal.
	code, _, errOut = runMain(t, emptyHome(t))
	if code != 2 || !strings.Contains(errOut, "no manager is configured") {
		t.Fatalf("no manager: exit %d: %s", code, errOut)
	}
	// --once needs no terminal: the manager's error is what it reports.
	code, _, errOut = runMain(t, env, "--manager", "http://127.0.0.1:1", "--once")
	if code != 1 || !strings.Contains(errOut, "cannot reach") {
		t.Fatalf("--once: exit %d: %s", code, errOut)
	}
}
