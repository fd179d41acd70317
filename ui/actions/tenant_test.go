package actions

import (
	"context"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// With --all-tenants the list shows executions of other tenants. Every
// action on one of them (its re-fetch and its request) must speak for the
// execution's tenant, not the configured one, or the manager answers 404
// while the audit line claims -t <their tenant>. Run through the real
// client against the simulator, whose tenants are really separate.
func TestActionsSpeakForTheExecutionsTenant(t *testing.T) {
	sim, cl, logPath, h := simHarness(t)

	// getOps reads an execution as ops-team, the way the list does with
	// --all-tenants (the execution names its tenant).
	getOps := func(id string) *client.Execution {
		t.Helper()
		e, err := cl.GetExecution(client.WithTenant(context.Background(), "ops-team"), id)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	add := func(status string) *client.Execution {
		t.Helper()
		in, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "ops-team", DeploymentID: "db-prod",
			WorkflowID: "execute_operation", Status: status, Stuck: true})
		if err != nil {
			t.Fatal(err)
		}
		e := getOps(in.ID)
		if e.TenantName != "ops-team" {
			t.Fatalf("tenant %q", e.TenantName)
		}
		// The configured tenant does not see it: the bug would be a 404.
		if _, err := cl.GetExecution(context.Background(), in.ID); err == nil {
			t.Fatal("default_tenant sees an ops-team execution; the test proves nothing")
		}
		return e
	}

	cases := []struct {
		k     Kind
		from  string
		keys  func(e *client.Execution) []string
		after client.Status
	}{
		{Cancel, "started", func(*client.Execution) []string { return []string{"y"} }, client.StatusCancelling},
		{ForceCancel, "cancelling", func(e *client.Execution) []string { return append(split(e.ID[:4]), "enter") }, client.StatusForceCancelling},
		{Kill, "started", func(e *client.Execution) []string { return append(split(e.ID[:8]), "enter") }, client.StatusKillCancelling},
		{Resume, "failed", func(*client.Execution) []string { return []string{"y"} }, client.StatusPending},
		{Patch, "started", func(e *client.Execution) []string {
			return append(append([]string{"enter", "enter"}, split(e.ID[:8])...), "enter")
		}, client.StatusTerminated},
	}
	for _, c := range cases {
		e := add(c.from)
		h.open(c.k, e)
		if !h.c.Active() {
			t.Fatalf("%s not offered: %v", c.k, h.out)
		}
		h.press(c.keys(e)...)
		if h.c.Active() {
			t.Fatalf("%s: dialog still open: %s", c.k, h.plain())
		}
		if st := h.lastStatus(); st.IsError {
			t.Fatalf("%s: %s", c.k, st.Text)
		}
		if got := getOps(e.ID).Status; got != c.after {
			t.Fatalf("%s: status %s, want %s", c.k, got, c.after)
		}
	}
	lines := readAudit(t, logPath)
	if len(lines) != len(cases) {
		t.Fatalf("audit has %d lines", len(lines))
	}
	for i, l := range lines {
		if l["tenant"] != "ops-team" || l["result"] != "ok" {
			t.Errorf("audit line %d: %v", i, l)
		}
		if cmd, _ := l["cfy_command"].(string); cases[i].k != Patch && !strings.HasSuffix(cmd, " -t ops-team") {
			t.Errorf("audit line %d command %q", i, cmd)
		}
	}
}
