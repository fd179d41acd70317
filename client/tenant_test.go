package client

import (
	"strings"
	"testing"
)

func TestValidTenant(t *testing.T) {
	for _, ok := range []string{"", "default_tenant", "ops-team", "équipe 1", strings.Repeat("t", MaxTenantLen)} {
		if err := ValidTenant(ok); err != nil {
			t.Errorf("ValidTenant(%q) = %v", ok, err)
		}
	}
	for bad, says := range map[string]string{
		"t\r\nX-Evil: 1":                    "contains control characters",
		"t\x00":                             "contains control characters",
		"t\x7f":                             "contains control characters",
		"t\u009b":                           "contains control characters",
		"t\xff":                             "is not valid UTF-8",
		" t":                                "white space",
		"t\t":                               "control characters",
		strings.Repeat("t", MaxTenantLen+1): "is 257 bytes long",
	} {
		if err := ValidTenant(bad); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("ValidTenant(%q) = %v, want it to say %q", bad, err, says)
		}
	}
}

// A row's hostile tenant_name is refused before anything is sent, in words,
// with a kind of its own, and never retried.
func TestInvalidTenantRefusedBeforeSending(t *testing.T) {
	srv, rc := serve(t, okJSON(execJSON))
	c := newTestClient(t, Config{URL: srv.URL, Tenant: "default_tenant", MaxRetries: 3})
	ctx := WithTenant(t.Context(), "ops\r\nX-Injected: 1")
	for name, call := range map[string]func() error{
		"get":  func() error { return second(c.GetExecution(ctx, "e1")) },
		"list": func() error { return second(c.ListExecutions(ctx, ListExecutionsOptions{})) },
		"kill": func() error { return second(c.CancelExecution(ctx, "e1", ActionKill)) },
	} {
		err := call()
		e := wantKind(t, err, KindInvalidTenant)
		if !IsInvalidTenant(err) || e.MaybeApplied() || e.retry {
			t.Errorf("%s: %v (retry %v)", name, err, e.retry)
		}
		if !strings.HasPrefix(err.Error(), "this execution's tenant name is not valid: ") ||
			strings.ContainsAny(err.Error(), "\r\n") {
			t.Errorf("%s: Error() = %q", name, err)
		}
	}
	if rc.count() != 0 {
		t.Fatalf("%d requests sent with an invalid tenant", rc.count())
	}
	if _, err := c.GetExecution(t.Context(), "e1"); err != nil || rc.last(t).header.Get("Tenant") != "default_tenant" {
		t.Fatalf("the client's own tenant: %v", err)
	}

	// The configured tenant is checked when the client is built: a 5 MB
	// tenant is never sent to come back as a 431.
	_, err := New(Config{URL: srv.URL, Tenant: strings.Repeat("t", 5<<20)})
	if err == nil || !strings.Contains(err.Error(), "the tenant name is 5242880 bytes long") {
		t.Fatalf("New with a 5 MB tenant: %v", err)
	}
}
