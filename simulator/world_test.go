package simulator

import (
	"testing"
	"time"
)

func TestDemoWorld(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, Demo: true, Worker: true})
	if ts := s.Tenants(); len(ts) != 2 || ts[0] != "default_tenant" || ts[1] != "ops-team" {
		t.Fatalf("tenants %v", ts)
	}
	if n := len(s.Deployments("")); n < 10 {
		t.Fatalf("%d deployments", n)
	}
	count := func(q ExecutionQuery) int { return len(s.FindExecutions(q)) }
	for _, st := range []string{"terminated", "failed", "cancelled", "started", "queued", "cancelling", "pending"} {
		if count(ExecutionQuery{Status: st}) == 0 {
			t.Errorf("no %s execution in the demo", st)
		}
	}
	if count(ExecutionQuery{WorkflowID: "create_snapshot"}) == 0 {
		t.Error("no create_snapshot")
	}
	if count(ExecutionQuery{Tenant: "ops-team"}) == 0 {
		t.Error("nothing in ops-team")
	}
	// the queued one waits behind an active execution on its deployment
	q, _ := s.FindExecution(ExecutionQuery{Status: "queued"})
	if count(ExecutionQuery{DeploymentID: q.DeploymentID, Status: "started"}) == 0 {
		t.Errorf("queued %s is not behind a running execution", q.DeploymentID)
	}
	// running ones show progress
	progress := false
	for _, e := range s.FindExecutions(ExecutionQuery{Status: "started"}) {
		progress = progress || (e.FinishedOperations > 0 && e.FinishedOperations < e.TotalOperations)
	}
	if !progress {
		t.Error("no running execution with partial progress")
	}
	// history has events
	h, _ := s.FindExecution(ExecutionQuery{DeploymentID: "web-staging", WorkflowID: "install", Status: "terminated"})
	if len(s.Events(h.ID)) < 5 {
		t.Errorf("history without events: %d", len(s.Events(h.ID)))
	}
	stuck, _ := s.FindExecution(ExecutionQuery{Status: "started", WorkflowID: "backup"})
	cancelling, _ := s.FindExecution(ExecutionQuery{Status: "cancelling"})
	before := len(s.FindExecutions(ExecutionQuery{}))
	clock.Advance(3 * time.Minute)
	if e, _ := s.Execution(stuck.ID); e.Status != "started" || e.FinishedOperations != stuck.FinishedOperations {
		t.Errorf("stuck execution moved: %+v", e)
	}
	if e, _ := s.Execution(cancelling.ID); e.Status != "cancelling" {
		t.Errorf("cancelling execution ended by itself: %s", e.Status)
	}
	if after := len(s.FindExecutions(ExecutionQuery{})); after <= before {
		t.Error("no new executions arrived in 3 minutes")
	}
	if e, _ := s.Execution(q.ID); e.Status == "queued" {
		t.Error("the queued execution never left the queue")
	}
	// only force-cancel or kill end the stuck cancellation
	a := call(t, s, "POST", "/api/v3.1/executions/"+cancelling.ID, map[string]any{"action": "kill"})
	if a.status != 200 {
		t.Fatalf("kill: %d %s", a.status, a.raw)
	}
	clock.Advance(time.Second)
	if e, _ := s.Execution(cancelling.ID); e.Status != "cancelled" {
		t.Errorf("kill did not end it: %s", e.Status)
	}
}

func TestPreload(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 2, Preload: 5000})
	a := call(t, s, "GET", "/api/v3.1/executions?_all_tenants=true&_size=1", nil)
	if a.total() != 5000+6 {
		t.Fatalf("total %d", a.total())
	}
	// preloaded history is older than the world's own executions and ordered
	page := call(t, s, "GET", "/api/v3.1/executions?_include=created_at&_sort=-created_at&_size=5000", nil).items()
	for i := 1; i < len(page); i++ {
		if page[i]["created_at"].(string) > page[i-1]["created_at"].(string) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	for _, st := range []string{"terminated", "failed", "cancelled"} {
		if len(s.FindExecutions(ExecutionQuery{Status: st})) == 0 {
			t.Errorf("no preloaded %s", st)
		}
	}
}

func TestHelpers(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	if err := s.AddDeployment(DeploymentSpec{ID: "new-dep", Tenant: "team-x", Nodes: []string{"box"},
		ExtraWorkflowsJSON: `[{"name":"ping","plugin":"p","operation":"p.ping","parameters":{"count":{"type":"integer","default":3}}}]`}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDeployment(DeploymentSpec{ID: "new-dep", Tenant: "team-x"}); err == nil {
		t.Fatal("duplicate deployment accepted")
	}
	a := call(t, s, "POST", "/api/v3.1/executions", map[string]any{"deployment_id": "new-dep", "workflow_id": "ping"}, "Tenant", "team-x")
	if a.status != 201 || a.obj["parameters"].(map[string]any)["count"] != float64(3) {
		t.Fatalf("start on added deployment: %d %s", a.status, a.raw)
	}
	if _, err := s.AddExecution(ExecutionSpec{DeploymentID: "nope", WorkflowID: "install"}); err == nil {
		t.Fatal("unknown deployment accepted")
	}
	if _, err := s.AddExecution(ExecutionSpec{WorkflowID: "install", Status: "bogus"}); err == nil {
		t.Fatal("unknown status accepted")
	}
	e := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "install", Status: "failed"})
	if err := s.ForceStatus(e.ID, "pending"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Second)
	if st := statusOf(t, s, e.ID); st != "started" {
		t.Fatalf("forced pending then ran: %s", st)
	}
	if err := s.ForceStatus("nope", "pending"); err != ErrNotFound {
		t.Fatalf("ForceStatus unknown: %v", err)
	}
	if err := s.SetStuck(e.ID, true); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if st := statusOf(t, s, e.ID); st != "started" {
		t.Fatalf("stuck: %s", st)
	}
	if err := s.SetStuck(e.ID, false); err != nil {
		t.Fatal(err)
	}
	runUntilEnd(t, s, clock, e.ID)
	if got := s.FindExecutions(ExecutionQuery{DeploymentID: "web-prod", WorkflowID: "install"}); len(got) != 1 || got[0].ID != e.ID {
		t.Fatalf("FindExecutions %v", got)
	}
}
