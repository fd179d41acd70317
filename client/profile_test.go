package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeCfyProfile writes a profile the way `cfy profiles use` does: keys
// sorted, indent 4, in profiles/<name>/context.json.
func writeCfyProfile(t *testing.T, dir, name string, ctx map[string]any) {
	t.Helper()
	pdir := filepath.Join(dir, "profiles", name)
	if err := os.MkdirAll(pdir, 0o700); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(ctx, "", "    ") // map keys come out sorted
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pdir, "context.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func realContext(ip string, port int, protocol string) map[string]any {
	return map[string]any{
		"cluster":          map[string]any{},
		"kerberos_env":     false,
		"manager_ip":       ip,
		"manager_password": "s3cret-pass",
		"manager_tenant":   "ops-team",
		"manager_token":    nil,
		"manager_username": "alice",
		"name":             ip,
		"provider_context": map[string]any{},
		"rest_certificate": nil,
		"rest_port":        port,
		"rest_protocol":    protocol,
		"ssh_key":          nil,
		"ssh_port":         22,
		"ssh_user":         nil,
	}
}

func TestLoadProfileActive(t *testing.T) {
	dir := t.TempDir()
	writeCfyProfile(t, dir, "10.0.0.5", realContext("10.0.0.5", 443, "https"))
	writeCfyProfile(t, dir, "lab", realContext("lab.example.com", 80, "http"))
	if err := os.WriteFile(filepath.Join(dir, "active.profile"), []byte("10.0.0.5"), 0o600); err != nil {
		t.Fatal(err)
	}

	p, err := LoadProfile(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "10.0.0.5" || p.ManagerIP != "10.0.0.5" || p.RestPort != 443 || p.RestProtocol != "https" ||
		p.Username != "alice" || p.Password != "s3cret-pass" || p.Token != "" || p.Tenant != "ops-team" ||
		p.RestCertificate != "" {
		t.Fatalf("unexpected profile: %#v", p)
	}
	if got, want := p.URL(), "https://10.0.0.5:443"; got != want {
		t.Errorf("URL() = %q, want %q", got, want)
	}
	if p.Path != filepath.Join(dir, "profiles", "10.0.0.5", "context.json") {
		t.Errorf("Path = %q", p.Path)
	}

	other, err := LoadProfile(dir, "lab")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := other.URL(), "http://lab.example.com:80"; got != want {
		t.Errorf("URL() = %q, want %q", got, want)
	}
}

func TestLoadProfileSecretsMasked(t *testing.T) {
	dir := t.TempDir()
	ctx := realContext("10.0.0.5", 443, "https")
	ctx["manager_token"] = "tok-abcdef"
	writeCfyProfile(t, dir, "p", ctx)
	p, err := LoadProfile(dir, "p")
	if err != nil {
		t.Fatal(err)
	}
	if p.Token != "tok-abcdef" {
		t.Fatalf("token not read: %q", p.Token)
	}
	for _, s := range []string{fmt.Sprint(p), fmt.Sprintf("%v", *p), fmt.Sprintf("%+v", p), fmt.Sprintf("%#v", p), fmt.Sprintf("%#v", *p), p.String()} {
		if strings.Contains(s, "s3cret-pass") || strings.Contains(s, "tok-abcdef") {
			t.Errorf("secret printed: %s", s)
		}
		if !strings.Contains(s, "alice") || !strings.Contains(s, "********") {
			t.Errorf("want the user and a mask in %s", s)
		}
	}
}

func TestLoadProfileCertificate(t *testing.T) {
	dir := t.TempDir()
	ctx := realContext("m", 443, "https")
	ctx["rest_certificate"] = "/etc/cloudify/ca.crt"
	writeCfyProfile(t, dir, "explicit", ctx)
	p, err := LoadProfile(dir, "explicit")
	if err != nil {
		t.Fatal(err)
	}
	if p.RestCertificate != "/etc/cloudify/ca.crt" {
		t.Errorf("RestCertificate = %q", p.RestCertificate)
	}

	// Without rest_certificate, cfy's default public_rest_cert.crt is used when present.
	writeCfyProfile(t, dir, "default", realContext("m", 443, "https"))
	def := filepath.Join(dir, "profiles", "default", "public_rest_cert.crt")
	if err := os.WriteFile(def, []byte("pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err = LoadProfile(dir, "default")
	if err != nil {
		t.Fatal(err)
	}
	if p.RestCertificate != def {
		t.Errorf("RestCertificate = %q, want %q", p.RestCertificate, def)
	}
}

func TestLoadProfileNoActive(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadProfile(dir, ""); !errors.Is(err, ErrNoActiveProfile) {
		t.Fatalf("missing active.profile: err = %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "active.profile"), []byte("local\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadProfile(dir, ""); !errors.Is(err, ErrNoActiveProfile) {
		t.Fatalf("local profile: err = %v", err)
	}
	_, err := LoadProfile(dir, "nope")
	if err == nil || !strings.Contains(err.Error(), `"nope" does not exist`) || !strings.Contains(err.Error(), "cfy profiles list") {
		t.Fatalf("unknown profile: err = %v", err)
	}
	if _, err := LoadProfile(dir, "../etc"); err == nil {
		t.Fatal("a name with a path separator must be refused")
	}
}

func TestLoadProfileBadJSON(t *testing.T) {
	dir := t.TempDir()
	pdir := filepath.Join(dir, "profiles", "bad")
	if err := os.MkdirAll(pdir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pdir, "context.json"), []byte(`{"manager_ip": `), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadProfile(dir, "bad")
	if err == nil || !strings.Contains(err.Error(), "context.json is not valid") {
		t.Fatalf("err = %v", err)
	}
	ctx := realContext("m", 443, "https")
	ctx["rest_port"] = "https"
	writeCfyProfile(t, dir, "badport", ctx)
	if _, err := LoadProfile(dir, "badport"); err == nil || !strings.Contains(err.Error(), "rest_port") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadProfileLegacyYAML(t *testing.T) {
	dir := t.TempDir()
	pdir := filepath.Join(dir, "profiles", "old")
	if err := os.MkdirAll(pdir, 0o700); err != nil {
		t.Fatal(err)
	}
	legacy := `!CloudifyProfileContext
_manager_ip: null
manager_ip: 192.168.1.2
manager_password: admin
manager_tenant: default_tenant
manager_username: admin
rest_certificate: null
rest_port: 80
rest_protocol: http
`
	if err := os.WriteFile(filepath.Join(pdir, "context"), []byte(legacy), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProfile(dir, "old")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL() != "http://192.168.1.2:80" || p.Username != "admin" || p.Tenant != "default_tenant" {
		t.Fatalf("legacy profile: %v", p)
	}
}

func TestProfileBaseDir(t *testing.T) {
	env := map[string]string{"HOME": "/home/u"}
	getenv := func(k string) string { return env[k] }
	if d, _ := ProfileBaseDir(getenv); d != filepath.Join("/home/u", ".cloudify") {
		t.Errorf("HOME: %q", d)
	}
	env["CFY_WORKDIR"] = "/work"
	if d, _ := ProfileBaseDir(getenv); d != filepath.Join("/work", ".cloudify") {
		t.Errorf("CFY_WORKDIR: %q", d)
	}
}
