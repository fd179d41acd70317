package app

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/csv"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/settings"
	"github.com/cfytop/cfytop/simulator"
)

// result is one run of Main.
type result struct {
	code           int
	stdout, stderr string
	dashboard      *Session // set when the dashboard was started
}

// harness runs Main with a fake home and a fake dashboard.
type harness struct {
	t   *testing.T
	env map[string]string
	// demoURL is what StartDemo returns; demoStops counts its stop calls.
	demoURL   string
	demoStops int
}

func newHarness(t *testing.T) *harness {
	home := t.TempDir()
	return &harness{t: t, env: map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_STATE_HOME":  filepath.Join(home, ".state"),
	}}
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	var r result
	deps := Deps{
		Dashboard: func(ctx context.Context, s *Session) error { r.dashboard = s; return nil },
		Simulate: func(args []string, stdout, stderr io.Writer) int {
			return 0
		},
		StartDemo: func() (string, func() error, error) {
			return h.demoURL, func() error { h.demoStops++; return nil }, nil
		},
	}
	r.code = Main(context.Background(), args, settings.MapEnv(h.env), &out, &errb, deps, "v9.9.9")
	r.stdout, r.stderr = out.String(), errb.String()
	return r
}

// startSim serves a seeded demo world without the worker (so that the list
// does not move under the test) on 127.0.0.1.
func startSim(t *testing.T, o simulator.Options) (*simulator.Simulator, string) {
	t.Helper()
	sim := simulator.New(o)
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim, url
}

// adminExecutions lists what the manager has, for comparison.
func adminExecutions(t *testing.T, url string, o client.ListExecutionsOptions) []client.Execution {
	t.Helper()
	c, err := client.New(client.Config{URL: url, Tenant: "default_tenant", Username: "admin", Password: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	o.Sort = []string{"-created_at"}
	o.Size = 1000
	page, err := c.ListExecutions(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestOnceJSON(t *testing.T) {
	_, url := startSim(t, simulator.Options{Demo: true, Seed: 7})
	h := newHarness(t)
	h.env["CLOUDIFY_PASSWORD"] = "admin"
	r := h.run("--manager", url, "--username", "admin", "--once", "-o", "json", "--limit", "5")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, r.stdout)
	}
	want := adminExecutions(t, url, client.ListExecutionsOptions{})
	// the newest 5, and the demo's older stuck ones that have not ended
	// (TestOnceAddsActiveOutsideTheWindow)
	n := 5
	for _, e := range want[min(5, len(want)):] {
		if !e.Status.IsEnd() {
			n++
		}
	}
	if len(want) < 5 || len(got) != n {
		t.Fatalf("got %d executions (manager has %d), want %d", len(got), len(want), n)
	}
	for i := range got[:5] {
		if got[i]["id"] != want[i].ID {
			t.Errorf("item %d: id %v, want %s (newest first)", i, got[i]["id"], want[i].ID)
		}
		for _, key := range []string{"workflow_id", "deployment_id", "status", "status_display", "created_at", "ended_at",
			"created_by", "tenant_name", "parameters", "is_system_workflow", "total_operations"} {
			if _, ok := got[i][key]; !ok {
				t.Errorf("item %d lacks the manager field %q", i, key)
			}
		}
	}
}

// Like the dashboard, --once shows the executions that have not ended even
// when they are older than the newest --limit.
func TestOnceAddsActiveOutsideTheWindow(t *testing.T) {
	sim, url := startSim(t, simulator.Options{Seed: 3})
	old, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "default_tenant", DeploymentID: "web-prod",
		WorkflowID: "install", Status: "started", Stuck: true, CreatedAt: time.Now().Add(-72 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	h.env["CLOUDIFY_PASSWORD"] = "admin"
	r := h.run("--manager", url, "--username", "admin", "--once", "-o", "csv", "--limit", "2")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[3], old.ID+",started,") {
		t.Fatalf("want the 2 newest and then the old started one:\n%s", r.stdout)
	}
	// A status filter that excludes running executions adds nothing.
	r = h.run("--manager", url, "--username", "admin", "--once", "-o", "csv", "--limit", "2", "--status", "completed")
	if strings.Contains(r.stdout, old.ID) || r.code != ExitOK {
		t.Fatalf("--status completed listed the started execution:\n%s", r.stdout)
	}
}

func TestOnceCSVWithFilters(t *testing.T) {
	_, url := startSim(t, simulator.Options{Demo: true, Seed: 7})
	h := newHarness(t)
	h.env["CLOUDIFY_USERNAME"] = "admin"
	h.env["CLOUDIFY_PASSWORD"] = "admin"
	r := h.run("--manager", url, "--once", "-o", "csv", "--status", "failed,completed")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := adminExecutions(t, url, client.ListExecutionsOptions{Filters: map[string][]string{"status": {"failed", "terminated"}}})
	if len(want) == 0 || len(recs) != len(want)+1 {
		t.Fatalf("%d rows, want %d + header", len(recs), len(want))
	}
	if recs[0][0] != "id" || recs[0][1] != "status" {
		t.Fatalf("header %q", recs[0])
	}
	for i, rec := range recs[1:] {
		if rec[0] != want[i].ID {
			t.Errorf("row %d id %s, want %s", i, rec[0], want[i].ID)
		}
		if rec[1] != "failed" && rec[1] != "terminated" {
			t.Errorf("row %d status %q passed the filter", i, rec[1])
		}
	}
}

func TestOnceTable(t *testing.T) {
	_, url := startSim(t, simulator.Options{Demo: true, Seed: 7})
	h := newHarness(t)
	h.env["CLOUDIFY_USERNAME"] = "admin"
	h.env["CLOUDIFY_PASSWORD"] = "admin"
	r := h.run("--manager", url, "--once", "--filter", "is:active")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if !strings.HasPrefix(lines[0], "ID  ") || !strings.Contains(lines[0], "STATUS") {
		t.Fatalf("header %q", lines[0])
	}
	if strings.Contains(r.stdout, "\x1b") {
		t.Fatal("colour escapes written to a pipe")
	}
	all := adminExecutions(t, url, client.ListExecutionsOptions{})
	active := 0
	for _, e := range all {
		if e.Status.IsActive() {
			active++
			if !strings.Contains(r.stdout, e.ShortID()) {
				t.Errorf("active execution %s missing", e.ShortID())
			}
		} else if strings.Contains(r.stdout, e.ShortID()+" ") {
			t.Errorf("%s (%s) passed the is:active filter", e.ShortID(), e.Status)
		}
	}
	if active == 0 || len(lines) != active+1 {
		t.Fatalf("%d lines for %d active executions:\n%s", len(lines), active, r.stdout)
	}
}

func TestOncePages(t *testing.T) {
	_, url := startSim(t, simulator.Options{Seed: 3, Preload: 2300})
	h := newHarness(t)
	h.env["CLOUDIFY_USERNAME"] = "admin"
	h.env["CLOUDIFY_PASSWORD"] = "admin"
	r := h.run("--manager", url, "--once", "-o", "csv", "--limit", "2100", "--all-tenants")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, rec := range recs[1:] {
		if seen[rec[0]] {
			t.Fatalf("duplicate %s across pages", rec[0])
		}
		seen[rec[0]] = true
	}
	if len(seen) != 2100 {
		t.Fatalf("%d executions, want 2100", len(seen))
	}
	for i := 2; i < len(recs); i++ {
		if recs[i][6] > recs[i-1][6] {
			t.Fatalf("not newest first at row %d: %s after %s", i, recs[i][6], recs[i-1][6])
		}
	}
}

// TestZeroFlagStartFromProfile is a cfy user: nothing but ~/.cloudify.
func TestZeroFlagStartFromProfile(t *testing.T) {
	_, url := startSim(t, simulator.Options{Demo: true, Seed: 7})
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(url, "http://"))
	h := newHarness(t)
	p, _ := strconv.Atoi(port)
	ctx := map[string]any{
		"cluster": map[string]any{}, "kerberos_env": false, "manager_ip": host, "manager_password": "admin",
		"manager_tenant": "default_tenant", "manager_token": nil, "manager_username": "admin", "name": host,
		"provider_context": map[string]any{}, "rest_certificate": nil, "rest_port": p, "rest_protocol": "http",
		"ssh_key": nil, "ssh_port": 22, "ssh_user": nil,
	}
	b, _ := json.MarshalIndent(ctx, "", "    ")
	dir := filepath.Join(h.env["HOME"], ".cloudify", "profiles", host)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "context.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.env["HOME"], ".cloudify", "active.profile"), []byte(host), 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.run()
	if r.code != ExitOK || r.dashboard == nil {
		t.Fatalf("exit %d, dashboard %v: %s", r.code, r.dashboard != nil, r.stderr)
	}
	s := r.dashboard
	if s.ManagerLabel != url || s.Tenant != "default_tenant" || s.Demo ||
		s.AuditPath != filepath.Join(h.env["XDG_STATE_HOME"], "cfytop", "audit.jsonl") {
		t.Fatalf("session: %+v", s)
	}
	// --readonly: no audit log needed.
	if r = h.run("--readonly"); r.code != ExitOK || r.dashboard.AuditPath != "" || !r.dashboard.Settings.ReadOnly {
		t.Fatalf("readonly: %d %+v", r.code, r.dashboard)
	}
}

func TestStartupErrors(t *testing.T) {
	sim, url := startSim(t, simulator.Options{Demo: true, Seed: 7})

	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	_ = l.Close()

	// The same manager behind TLS with a certificate nobody trusts.
	tlsSrv := httptest.NewUnstartedServer(sim.Handler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	certFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})
	if err := os.WriteFile(certFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		args []string
		env  map[string]string
		want []string
		code int
	}{
		{
			name: "unreachable",
			args: []string{"--manager", closed},
			want: []string{"cannot reach the manager at " + closed, "connection refused", "comes from --manager", "cfytop info"},
			code: ExitFailure,
		},
		{
			name: "wrong password",
			args: []string{"--manager", url, "--username", "admin"},
			env:  map[string]string{"CLOUDIFY_PASSWORD": "wrong"},
			want: []string{"did not accept the credentials", `user "admin" from --username`, "password from CLOUDIFY_PASSWORD", "--password-file"},
			code: ExitFailure,
		},
		{
			name: "unknown tenant",
			args: []string{"--manager", url, "--username", "admin", "--tenant", "no-such-tenant"},
			env:  map[string]string{"CLOUDIFY_PASSWORD": "admin"},
			want: []string{"denied access", `Tenant "no-such-tenant" comes from --tenant`},
			code: ExitFailure,
		},
		{
			name: "untrusted certificate",
			args: []string{"--manager", tlsSrv.URL, "--username", "admin"},
			env:  map[string]string{"CLOUDIFY_PASSWORD": "admin"},
			want: []string{"certificate", "unknown authority", "--ca-cert", "--insecure", "last resort"},
			code: ExitFailure,
		},
		{
			name: "no manager",
			want: []string{"no manager is configured", "--manager", "CFYTOP_MANAGER", "cfy profiles use", "--demo"},
			code: ExitUsage,
		},
		{
			name: "password without user",
			args: []string{"--manager", url},
			env:  map[string]string{"CLOUDIFY_PASSWORD": "admin"},
			want: []string{"no username", "CLOUDIFY_USERNAME"},
			code: ExitUsage,
		},
		{
			name: "password on the command line",
			args: []string{"--manager", url, "--password", "admin"},
			want: []string{"not accepted", "--password-file", "CLOUDIFY_PASSWORD"},
			code: ExitUsage,
		},
		{
			name: "bad CA file",
			args: []string{"--manager", tlsSrv.URL, "--ca-cert", filepath.Join(t.TempDir(), "none.pem")},
			want: []string{"--ca-cert", "cannot be read"},
			code: ExitUsage,
		},
	}
	for _, tc := range cases {
		for _, mode := range []string{"dashboard", "once"} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				h := newHarness(t)
				for k, v := range tc.env {
					h.env[k] = v
				}
				args := tc.args
				if mode == "once" {
					args = append(append([]string(nil), args...), "--once")
				}
				r := h.run(args...)
				t.Logf("exit %d, stderr:\n%s", r.code, r.stderr)
				if r.code != tc.code {
					t.Fatalf("exit %d, want %d; stderr: %s", r.code, tc.code, r.stderr)
				}
				if r.dashboard != nil {
					t.Fatal("the dashboard started despite the error")
				}
				if r.stdout != "" {
					t.Errorf("stdout: %q", r.stdout)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
					}
				}
				if !strings.HasPrefix(r.stderr, "cfytop: ") || strings.Contains(r.stderr, "goroutine ") ||
					strings.Contains(r.stderr, "x509: ") || strings.Contains(r.stderr, "dial tcp") {
					t.Errorf("not a sentence for a person:\n%s", r.stderr)
				}
			})
		}
	}

	// With the server's certificate as --ca-cert (or --insecure), it works.
	for _, extra := range [][]string{{"--ca-cert", certFile}, {"--insecure"}} {
		h := newHarness(t)
		h.env["CLOUDIFY_PASSWORD"] = "admin"
		args := append([]string{"--manager", tlsSrv.URL, "--username", "admin"}, extra...)
		if r := h.run(args...); r.code != ExitOK || r.dashboard == nil {
			t.Fatalf("%q: exit %d: %s", extra, r.code, r.stderr)
		}
		if r := h.run(append(args, "--once", "-o", "json")...); r.code != ExitOK || !strings.HasPrefix(r.stdout, "[") {
			t.Fatalf("%q --once: exit %d: %s", extra, r.code, r.stderr)
		}
	}
	// LOCAL_REST_CERT_FILE, as cfy reads it, works too.
	h := newHarness(t)
	h.env["CLOUDIFY_PASSWORD"] = "admin"
	h.env["LOCAL_REST_CERT_FILE"] = certFile
	if r := h.run("--manager", tlsSrv.URL, "--username", "admin"); r.code != ExitOK {
		t.Fatalf("LOCAL_REST_CERT_FILE: exit %d: %s", r.code, r.stderr)
	}
	// A CA that does not sign the manager's certificate is named.
	other := httptest.NewUnstartedServer(sim.Handler())
	other.TLS = &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	other.Config.ErrorLog = log.New(io.Discard, "", 0)
	other.StartTLS()
	t.Cleanup(other.Close)
	if r := h.run("--manager", other.URL, "--username", "admin", "--ca-cert", certFile); r.code != ExitFailure ||
		!strings.Contains(r.stderr, "The CA certificate "+certFile+" (from --ca-cert) does not vouch") {
		t.Fatalf("wrong CA: exit %d: %s", r.code, r.stderr)
	}
}

// selfSigned is a certificate for 127.0.0.1 that no CA of the test signed.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42),
		Subject:      pkix.Name{CommonName: "other manager"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestCommandsAndExitStatuses(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{[]string{"--version"}, ExitOK, "cfytop v9.9.9\n", ""},
		{[]string{"--help"}, ExitOK, "--password-file FILE", ""},
		{[]string{"-h"}, ExitOK, "Examples:", ""},
		{[]string{"help"}, ExitOK, "Exit status", ""},
		{[]string{"info"}, ExitOK, "manager        none configured", ""},
		{[]string{"simulate", "--help"}, ExitOK, "", ""},
		{[]string{"--nope"}, ExitUsage, "", "unknown flag --nope"},
		{[]string{"--refresh", "10ms"}, ExitUsage, "", "1s minimum"},
		{[]string{"--limit", "-1"}, ExitUsage, "", "above 0"},
		{[]string{"-o", "yaml", "--once"}, ExitUsage, "", "table, json or csv"},
		{[]string{"frobnicate"}, ExitUsage, "", "unexpected argument"},
		{[]string{"--password=x"}, ExitUsage, "", "--password-file"},
		{[]string{"--manager", "10.0.0.1", "simulate"}, ExitUsage, "", "`simulate` must come first"},
	}
	for _, tc := range cases {
		r := h.run(tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout, tc.out) || !strings.Contains(r.stderr, tc.err) {
			t.Errorf("%q: exit %d (want %d)\nstdout: %s\nstderr: %s", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
	}
}

func TestDemo(t *testing.T) {
	_, url := startSim(t, simulator.Options{Demo: true, Seed: 11})
	h := newHarness(t)
	h.demoURL = url
	// Settings for a real manager do not leak into the demo.
	h.env["CFYTOP_MANAGER"] = "https://prod.example.com"
	h.env["CLOUDIFY_TENANT"] = "prod-tenant"
	h.env["CLOUDIFY_PASSWORD"] = "prod-pass"

	r := h.run("--demo", "--once", "-o", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []client.Execution
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) == 0 {
		t.Fatalf("demo --once: %v, %d executions", err, len(got))
	}
	if h.demoStops != 1 {
		t.Fatalf("simulated manager stopped %d times", h.demoStops)
	}

	r = h.run("--demo")
	if r.code != ExitOK || r.dashboard == nil {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !r.dashboard.Demo || r.dashboard.ManagerLabel != url || r.dashboard.Tenant != DemoTenant || r.dashboard.AuditPath != "" {
		t.Fatalf("demo session %+v", r.dashboard)
	}
	if h.demoStops != 2 {
		t.Fatalf("simulated manager stopped %d times", h.demoStops)
	}
	// The demo's other tenant, by flag.
	if r = h.run("--demo", "--tenant", "ops-team"); r.code != ExitOK || r.dashboard.Tenant != "ops-team" {
		t.Fatalf("ops-team: %d %s", r.code, r.stderr)
	}
}

func TestResolveVersion(t *testing.T) {
	if ResolveVersion("v1.0.0") != "v1.0.0" {
		t.Fatal("ldflags version not kept")
	}
	if v := ResolveVersion("dev"); v == "" {
		t.Fatal("empty version")
	}
}
