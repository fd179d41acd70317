package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cfytop/cfytop/client"
)

// authRecorder is a manager that records the Authorization and Tenant
// headers it is sent, and refuses tenant "nope" as the real one does.
type authRecorder struct {
	mu      sync.Mutex
	auths   []string
	tenants []string
	srv     *httptest.Server
}

func newAuthRecorder(t *testing.T) *authRecorder {
	r := &authRecorder{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.auths = append(r.auths, req.Header.Get("Authorization"))
		r.tenants = append(r.tenants, req.Header.Get("Tenant"))
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if req.Header.Get("Tenant") == "nope" {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"message": "User admin is not associated with tenant nope", "error_code": "forbidden_error", "server_traceback": null}`))
			return
		}
		_, _ = w.Write([]byte(`{"items": [], "metadata": {"pagination": {"total": 0, "size": 1, "offset": 0}}}`))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func basic(user, pw string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pw))
}

func TestSwitchTenantKeepsTheUserAndRefusesInWords(t *testing.T) {
	m := newAuthRecorder(t)
	cfg := client.Config{URL: m.srv.URL, Tenant: "default_tenant", Username: "admin", Password: "s3cret"}
	sw, err := SwitchTenant(context.Background(), cfg, "", "ops-team")
	if err != nil {
		t.Fatal(err)
	}
	if sw.Tenant != "ops-team" || m.tenants[0] != "ops-team" || m.auths[0] != basic("admin", "s3cret") {
		t.Fatalf("switched %+v; sent tenant %q auth %q", sw, m.tenants[0], m.auths[0])
	}
	if _, err := SwitchTenant(context.Background(), cfg, "", "nope"); !client.IsForbidden(err) || !strings.Contains(err.Error(), "not associated with tenant nope") {
		t.Fatalf("refused tenant: %v", err)
	}
}

// A profile's own credentials, and only those, go to the profile's own
// manager.
func TestSwitchProfileSendsOnlyItsOwnCredentialsToItsOwnManager(t *testing.T) {
	other := newAuthRecorder(t)
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(other.srv.URL, "http://"))
	p, _ := strconv.Atoi(port)
	base := t.TempDir()
	dir := filepath.Join(base, "profiles", "staging")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{
		"manager_ip": host, "rest_port": p, "rest_protocol": "http", "manager_username": "ops",
		"manager_password": "profile-pw", "manager_tenant": "staging-tenant",
	})
	if err := os.WriteFile(filepath.Join(dir, "context.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	sw, err := SwitchProfile(context.Background(), base, "staging", "test")
	if err != nil {
		t.Fatal(err)
	}
	if sw.ManagerLabel != other.srv.URL || sw.Tenant != "staging-tenant" || sw.Profile != "staging" {
		t.Fatalf("switched to %+v", sw)
	}
	if len(other.auths) != 1 || other.auths[0] != basic("ops", "profile-pw") {
		t.Fatalf("the profile's manager got %q", other.auths)
	}
	if got := ProfileNames(base); len(got) != 1 || got[0] != "staging" {
		t.Fatalf("profiles %v", got)
	}
	if _, err := SwitchProfile(context.Background(), base, "missing", "test"); err == nil {
		t.Fatal("a missing profile was accepted")
	}
}
