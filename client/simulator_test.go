package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// The client and the simulator are written separately against the same
// specification; these tests run one against the other end to end, so a
// misreading in either shows up here.

func newSim(t *testing.T, o simulator.Options) (*simulator.Simulator, *client.Client) {
	t.Helper()
	sim := simulator.New(o)
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("starting the simulator: %v", err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	c, err := client.New(client.Config{URL: url, Tenant: "default_tenant", Username: "admin", Password: "admin",
		Timeout: 10 * time.Second, UserAgentVersion: "test"})
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	return sim, c
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestClientAgainstSimulatorListOptions(t *testing.T) {
	sim, c := newSim(t, simulator.Options{Seed: 7, Demo: true})
	all, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{GetAllResults: true, IncludeSystemWorkflows: true})
	if err != nil {
		t.Fatal(err)
	}
	want := sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant"})
	if len(all.Items) != len(want) || all.Pagination.Total != len(want) {
		t.Fatalf("listed %d (total %d), simulator holds %d in default_tenant", len(all.Items), all.Pagination.Total, len(want))
	}
	for _, e := range all.Items {
		if e.TenantName != "default_tenant" || e.ID == "" || e.CreatedAt.IsZero() || !e.Status.Known() {
			t.Fatalf("bad item %+v", e)
		}
		if e.StatusDisplay != e.Status.Display() {
			t.Fatalf("status_display %q for %q", e.StatusDisplay, e.Status)
		}
	}

	// Newest first, list columns only, a page of 5.
	page, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{
		Include: client.ExecutionListFields, Sort: []string{"-created_at"}, Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 5 || page.Pagination.Size != 5 {
		t.Fatalf("page of 5: got %d items, size %d", len(page.Items), page.Pagination.Size)
	}
	for i := 1; i < len(page.Items); i++ {
		if page.Items[i].CreatedAt.After(page.Items[i-1].CreatedAt.Time) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if page.Items[0].Parameters != nil || page.Items[0].Visibility != "" {
		t.Fatalf("_include did not project: %+v", page.Items[0])
	}

	// Equality filters, OR within a key.
	st, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{
		Filters: map[string][]string{"status": {"failed", "cancelled"}, "deployment_id": {"web-prod"}}})
	if err != nil {
		t.Fatal(err)
	}
	n := len(sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant", DeploymentID: "web-prod", Status: "failed"})) +
		len(sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant", DeploymentID: "web-prod", Status: "cancelled"}))
	if len(st.Items) != n || n == 0 {
		t.Fatalf("failed|cancelled on web-prod: listed %d, want %d (non-zero)", len(st.Items), n)
	}

	// System workflows are hidden unless asked for.
	sys, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{Filters: map[string][]string{"workflow_id": {"create_snapshot"}}})
	if err != nil {
		t.Fatal(err)
	}
	sysAll, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{IncludeSystemWorkflows: true,
		Filters: map[string][]string{"workflow_id": {"create_snapshot"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sys.Items) != 0 || len(sysAll.Items) == 0 {
		t.Fatalf("system workflows: hidden %d, shown %d", len(sys.Items), len(sysAll.Items))
	}

	// All tenants.
	every, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{AllTenants: true, GetAllResults: true, IncludeSystemWorkflows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(every.Items) != len(sim.FindExecutions(simulator.ExecutionQuery{})) {
		t.Fatalf("all tenants: %d listed, %d held", len(every.Items), len(sim.FindExecutions(simulator.ExecutionQuery{})))
	}

	// Bad keys are the manager's bad_parameters_error.
	_, err = c.ListExecutions(ctx(t), client.ListExecutionsOptions{Sort: []string{"bogus"}})
	if !client.IsBadParameters(err) {
		t.Fatalf("bad sort key: %v (kind %v)", err, client.KindOf(err))
	}
}

func TestClientAgainstSimulatorLifecycle(t *testing.T) {
	clock := simulator.NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	sim, c := newSim(t, simulator.Options{Seed: 3, Clock: clock, Worker: true})

	dep, err := c.GetDeployment(ctx(t), "web-staging")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := dep.Workflow("install"); !ok {
		t.Fatalf("web-staging has no install workflow: %+v", dep.Workflows)
	}
	deps, err := c.ListDeployments(ctx(t), client.ListDeploymentsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deps.Items {
		if len(d.Workflows) == 0 || d.Workflows[0].Name == "" {
			t.Fatalf("deployment %s listed without real workflows (was _get_data sent?)", d.ID)
		}
	}

	ex, err := c.StartExecution(ctx(t), client.StartRequest{DeploymentID: "web-staging", WorkflowID: "install"})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Status != client.StatusPending || ex.Error.Valid || ex.EndedAt.Valid {
		t.Fatalf("fresh execution: %+v", ex)
	}

	// A second start on the busy deployment is refused, then queued.
	_, err = c.StartExecution(ctx(t), client.StartRequest{DeploymentID: "web-staging", WorkflowID: "uninstall"})
	if !client.IsBusy(err) {
		t.Fatalf("busy start: %v (kind %v)", err, client.KindOf(err))
	}
	queued, err := c.StartExecution(ctx(t), client.StartRequest{DeploymentID: "web-staging", WorkflowID: "uninstall", Queue: true})
	if err != nil {
		t.Fatal(err)
	}
	if queued.Status != client.StatusQueued {
		t.Fatalf("queued start came back %s", queued.Status)
	}

	// Unknown workflow, undeclared parameter, unknown deployment.
	_, err = c.StartExecution(ctx(t), client.StartRequest{DeploymentID: "web-staging", WorkflowID: "nope"})
	if !client.IsBadParameters(err) {
		t.Fatalf("unknown workflow: %v (kind %v)", err, client.KindOf(err))
	}
	_, err = c.StartExecution(ctx(t), client.StartRequest{DeploymentID: "web-prod", WorkflowID: "uninstall",
		Parameters: map[string]any{"bogus": 1}})
	if !client.IsBadParameters(err) {
		t.Fatalf("undeclared parameter: %v (kind %v)", err, client.KindOf(err))
	}
	_, err = c.StartExecution(ctx(t), client.StartRequest{DeploymentID: "nope", WorkflowID: "install"})
	if !client.IsNotFound(err) {
		t.Fatalf("unknown deployment: %v (kind %v)", err, client.KindOf(err))
	}

	// The worker runs it to its end; events and logs appear in a stable order.
	for i := 0; i < 600; i++ {
		clock.Advance(time.Second)
		got, err := c.GetExecution(ctx(t), ex.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status.IsEnd() {
			ex = got
			break
		}
	}
	if !ex.Status.IsEnd() || !ex.EndedAt.Valid || !ex.StartedAt.Valid || ex.TotalOperations == 0 {
		t.Fatalf("execution did not finish properly: %+v", ex)
	}
	var events []client.Event
	for off := 0; ; {
		page, err := c.ListEvents(ctx(t), client.EventsOptions{ExecutionID: ex.ID, IncludeLogs: true, Offset: off, Size: 7})
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, page.Items...)
		off += len(page.Items)
		if len(page.Items) < 7 {
			break
		}
	}
	if len(events) != len(sim.Events(ex.ID)) || len(events) < 3 {
		t.Fatalf("paged %d events, simulator holds %d", len(events), len(sim.Events(ex.ID)))
	}
	for i := 1; i < len(events); i++ {
		if events[i].ReportedTimestamp.Before(events[i-1].ReportedTimestamp.Time) {
			t.Fatalf("events out of order at %d", i)
		}
	}
	if events[0].EventType != "workflow_started" {
		t.Fatalf("first event %q", events[0].EventType)
	}

	// The queued one was dequeued when the deployment freed up.
	q, err := c.GetExecution(ctx(t), queued.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q.Status == client.StatusQueued {
		t.Fatalf("queued execution was not dequeued after %s ended", ex.ID)
	}

	// Cancel family and resume against the manager's rules.
	killed, err := c.CancelExecution(ctx(t), q.ID, client.ActionKill)
	if err != nil || killed.Status != client.StatusKillCancelling {
		t.Fatalf("kill: %v %+v", err, killed)
	}
	_, err = c.CancelExecution(ctx(t), ex.ID, client.ActionCancel)
	if !client.IsIllegalState(err) {
		t.Fatalf("cancel of an ended execution: %v (kind %v)", err, client.KindOf(err))
	}
	clock.Advance(5 * time.Second)
	q, err = c.GetExecution(ctx(t), q.ID)
	if err != nil || q.Status != client.StatusCancelled {
		t.Fatalf("after kill: %v %s", err, q.Status)
	}
	res, err := c.ResumeExecution(ctx(t), q.ID, true)
	if err != nil || res.Status != client.StatusPending || !res.Resume || res.EndedAt.Valid {
		t.Fatalf("force-resume: %v %+v", err, res)
	}
	_, err = c.ResumeExecution(ctx(t), ex.ID, false)
	if ex.Status == client.StatusTerminated && !client.IsIllegalState(err) {
		t.Fatalf("resume of a terminated execution: %v (kind %v)", err, client.KindOf(err))
	}

	// PATCH follows the transition table.
	p, err := c.UpdateExecutionStatus(ctx(t), res.ID, client.StatusFailed, "stopped by hand")
	if err != nil || p.Status != client.StatusFailed || p.Error.Value != "stopped by hand" {
		t.Fatalf("patch to failed: %v %+v", err, p)
	}
	_, err = c.UpdateExecutionStatus(ctx(t), res.ID, client.StatusStarted, "")
	if !client.IsIllegalState(err) || client.PatchAllowed(res.WorkflowID, client.StatusFailed, client.StatusStarted) {
		t.Fatalf("patch failed→started: %v (kind %v)", err, client.KindOf(err))
	}
	_, err = c.GetExecution(ctx(t), "00000000-0000-0000-0000-000000000000")
	if !client.IsNotFound(err) {
		t.Fatalf("unknown id: %v", err)
	}
}

// The client's rules and the simulator's answers agree for every status.
func TestClientRulesMatchSimulator(t *testing.T) {
	sim, c := newSim(t, simulator.Options{Seed: 5})
	for _, st := range client.AllStatuses {
		for _, a := range []client.CancelAction{client.ActionCancel, client.ActionForceCancel, client.ActionKill} {
			info, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "default_tenant", DeploymentID: "web-prod",
				WorkflowID: "install", Status: string(st)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.CancelExecution(ctx(t), info.ID, a)
			if allowed := client.CancelAllowed(st, a); allowed != (err == nil) {
				t.Errorf("%s from %s: rules say %v, simulator said %v", a, st, allowed, err)
			}
		}
		for _, force := range []bool{false, true} {
			info, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "default_tenant", DeploymentID: "web-prod",
				WorkflowID: "install", Status: string(st)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ResumeExecution(ctx(t), info.ID, force)
			if allowed := client.ResumeAllowed(st, force); allowed != (err == nil) {
				t.Errorf("resume(force=%v) from %s: rules say %v, simulator said %v", force, st, allowed, err)
			}
		}
		for _, to := range client.AllStatuses {
			info, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "default_tenant", DeploymentID: "web-prod",
				WorkflowID: "install", Status: string(st)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.UpdateExecutionStatus(ctx(t), info.ID, to, "")
			if allowed := client.PatchAllowed("install", st, to); allowed != (err == nil) {
				t.Errorf("patch %s→%s: rules say %v, simulator said %v", st, to, allowed, err)
			}
		}
	}
}

func TestClientAgainstSimulatorAuthAndFaults(t *testing.T) {
	sim, c := newSim(t, simulator.Options{Seed: 1})
	bad, _ := client.New(client.Config{URL: sim.URL(), Tenant: "default_tenant", Username: "admin", Password: "wrong"})
	if _, err := bad.ListExecutions(ctx(t), client.ListExecutionsOptions{}); !client.IsNotAuthenticated(err) {
		t.Fatalf("wrong password: %v", err)
	}
	tok, _ := client.New(client.Config{URL: sim.URL(), Tenant: "default_tenant", Token: sim.NewToken()})
	if _, err := tok.ListExecutions(ctx(t), client.ListExecutionsOptions{}); err != nil {
		t.Fatalf("token auth: %v", err)
	}
	other, _ := client.New(client.Config{URL: sim.URL(), Tenant: "nosuch", Username: "admin", Password: "admin"})
	if _, err := other.ListExecutions(ctx(t), client.ListExecutionsOptions{}); !client.IsForbidden(err) {
		t.Fatalf("unknown tenant: %v", err)
	}
	if v, err := c.Version(ctx(t)); err != nil || v.Version == "" {
		t.Fatalf("version: %v %+v", err, v)
	}
	if ts, err := c.Tenants(ctx(t)); err != nil || len(ts) < 2 {
		t.Fatalf("tenants: %v %+v", err, ts)
	}
	if st, err := c.Status(ctx(t)); err != nil || st.Status != "OK" {
		t.Fatalf("status: %v %+v", err, st)
	}

	sim.SetFaults(simulator.Faults{Maintenance: true})
	_, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{})
	if !client.IsMaintenance(err) {
		t.Fatalf("maintenance: %v (kind %v)", err, client.KindOf(err))
	}
	sim.SetFaults(simulator.Faults{HTML502Rate: 1})
	before := sim.RequestCount()
	_, err = c.StartExecution(ctx(t), client.StartRequest{DeploymentID: "web-prod", WorkflowID: "install"})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.StatusCode != 502 || client.IsUndecodable(err) {
		t.Fatalf("HTML 502: %v", err)
	}
	if n := sim.RequestCount() - before; n != 1 {
		t.Fatalf("a failed start was sent %d times; a POST must never be retried", n)
	}
	before = sim.RequestCount()
	_, err = c.ListExecutions(ctx(t), client.ListExecutionsOptions{})
	if err == nil {
		t.Fatal("502s on every request, yet the list succeeded")
	}
	if n := sim.RequestCount() - before; n < 2 {
		t.Fatalf("a GET answered 502 was tried %d times; it should be retried", n)
	}
	sim.SetFaults(simulator.Faults{})
	if _, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{}); err != nil {
		t.Fatalf("after the faults cleared: %v", err)
	}
}

// With --all-tenants the dashboard reads and acts on executions of other
// tenants: WithTenant makes one call speak for the execution's own tenant.
func TestWithTenant(t *testing.T) {
	sim, c := newSim(t, simulator.Options{Seed: 2})
	other, ok := sim.FindExecution(simulator.ExecutionQuery{Tenant: "ops-team"})
	if !ok {
		t.Fatal("no execution in ops-team")
	}
	if _, err := c.GetExecution(ctx(t), other.ID); !client.IsNotFound(err) {
		t.Fatalf("another tenant's execution through the default tenant: %v", err)
	}
	got, err := c.GetExecution(client.WithTenant(ctx(t), "ops-team"), other.ID)
	if err != nil || got.TenantName != "ops-team" {
		t.Fatalf("with the execution's tenant: %v %+v", err, got)
	}
	if c.Tenant() != "default_tenant" {
		t.Fatalf("WithTenant changed the client's tenant to %q", c.Tenant())
	}
	if _, err := c.GetExecution(client.WithTenant(ctx(t), ""), other.ID); !client.IsNotFound(err) {
		t.Fatalf("an empty tenant must change nothing: %v", err)
	}
}
