package simulator

import (
	"testing"
	"time"
)

// Workflow availability (cloudify-api.md §4 step 8, §9.2 "workflows";
// Deployment.is_workflow_available): what GET /deployments/{id} reports as
// is_available is what POST /executions enforces.

// freeDeployment ends every live execution of a deployment so that a start
// meets only the availability rules, not the one-execution rule.
func freeDeployment(t *testing.T, s *Simulator, tenant, dep string) {
	t.Helper()
	// ending one may dequeue another: repeat until none is left
	for again := true; again; {
		again = false
		for _, e := range s.FindExecutions(ExecutionQuery{Tenant: tenant, DeploymentID: dep}) {
			switch e.Status {
			case "terminated", "failed", "cancelled":
				continue
			}
			if err := s.ForceStatus(e.ID, "cancelled"); err != nil {
				t.Fatal(err)
			}
			again = true
		}
	}
}

// requiredParams gives a value to every required parameter of a workflow
// schema (the first valid value where the schema constrains it).
func requiredParams(schema map[string]any) map[string]any {
	out := map[string]any{}
	for name, raw := range schema {
		p, _ := raw.(map[string]any)
		if _, hasDef := p["default"]; hasDef || p["required"] == false {
			continue
		}
		var v any = "x"
		if cs, ok := p["constraints"].([]any); ok {
			for _, c := range cs {
				if vv, ok := c.(map[string]any)["valid_values"].([]any); ok && len(vv) > 0 {
					v = vv[0]
				}
			}
		}
		out[name] = v
	}
	return out
}

// checkAvailabilityAgrees starts every workflow of the deployment and
// checks the answer against the is_available the deployment reported.
func checkAvailabilityAgrees(t *testing.T, s *Simulator, tenant, dep string) (available map[string]bool) {
	t.Helper()
	available = map[string]bool{}
	d := call(t, s, "GET", "/api/v3.1/deployments/"+dep, nil, "Tenant", tenant)
	if d.status != 200 {
		t.Fatalf("get %s: %d %s", dep, d.status, d.raw)
	}
	wfs, _ := d.obj["workflows"].([]any)
	if len(wfs) == 0 {
		t.Fatalf("%s has no workflows", dep)
	}
	for _, raw := range wfs {
		w := raw.(map[string]any)
		name := w["name"].(string)
		avail, ok := w["is_available"].(bool)
		if !ok {
			t.Fatalf("%s/%s: is_available %v", dep, name, w["is_available"])
		}
		available[name] = avail
		freeDeployment(t, s, tenant, dep)
		schema, _ := w["parameters"].(map[string]any)
		a := start(t, s, map[string]any{"deployment_id": dep, "workflow_id": name, "parameters": requiredParams(schema)}, "Tenant", tenant)
		s.mu.RLock()
		blocked := s.blockingDependents(s.depIndex[depKey{s.tenantIdx[tenant], dep}], name)
		s.mu.RUnlock()
		if avail && blocked != "" {
			// is_available knows nothing of dependents; the start refuses
			// (cloudify-api.md §4 step 8, dependent_exists_error)
			wantError(t, a, 400, "dependent_exists_error", blocked)
			continue
		}
		if avail {
			if a.status != 201 {
				t.Fatalf("%s/%s is_available=true but start answered %d %s", dep, name, a.status, a.raw)
			}
			if err := s.ForceStatus(a.str("id"), "cancelled"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		wantError(t, a, 400, "unavailable_workflow_error", "Workflow not available: "+name)
		// the quirk: the refused execution is stored, failed
		stored, ok := s.FindExecution(ExecutionQuery{Tenant: tenant, DeploymentID: dep, WorkflowID: name})
		if !ok || stored.Status != "failed" || stored.Error == nil ||
			*stored.Error != "Error preparing execution: Workflow not available: "+name ||
			!stored.StartedAt.IsZero() || !stored.EndedAt.IsZero() {
			t.Fatalf("%s/%s: refused execution stored as %+v", dep, name, stored)
		}
		g := call(t, s, "GET", "/api/v3.1/executions/"+stored.ID, nil, "Tenant", tenant)
		if g.status != 200 || g.str("status") != "failed" || g.obj["ended_at"] != nil {
			t.Fatalf("%s/%s: GET refused execution %d %s", dep, name, g.status, g.raw)
		}
	}
	return available
}

// runToEnd drives an execution with the worker until it ends.
func runToEnd(t *testing.T, s *Simulator, clock *ManualClock, id string) string {
	t.Helper()
	for i := 0; i < 2000; i++ {
		in, _ := s.Execution(id)
		switch in.Status {
		case "terminated", "failed", "cancelled":
			return in.Status
		}
		clock.Advance(500 * time.Millisecond)
	}
	t.Fatalf("execution %s did not end", id)
	return ""
}

// §4 step 8 and §9.2: for every workflow of every demo deployment, the
// start's answer agrees with is_available — before and after install and
// uninstall runs change the node instance states.
func TestAvailabilityAgreesWithStart(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 5, Demo: true, Worker: true})
	type dep struct{ tenant, id string }
	var deps []dep
	for _, tn := range s.Tenants() {
		for _, d := range s.Deployments(tn) {
			deps = append(deps, dep{tn, d})
		}
	}
	if len(deps) != 11 {
		t.Fatalf("demo deployments %v", deps)
	}
	for _, d := range deps {
		checkAvailabilityAgrees(t, s, d.tenant, d.id)
	}

	// Uninstall and install web-staging (in the order its history allows)
	// and check after each run; a terminated run flips install and
	// uninstall.
	order := []string{"install", "uninstall", "install"}
	if checkAvailabilityAgrees(t, s, "default_tenant", "web-staging")["uninstall"] {
		order = []string{"uninstall", "install", "uninstall"}
	}
	for _, wf := range order {
		freeDeployment(t, s, "default_tenant", "web-staging")
		a := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": wf})
		if a.status != 201 {
			t.Fatalf("start %s: %d %s", wf, a.status, a.raw)
		}
		end := runToEnd(t, s, clock, a.str("id"))
		got := checkAvailabilityAgrees(t, s, "default_tenant", "web-staging")
		states := s.NodeInstanceStates("default_tenant", "web-staging")
		switch {
		case end == "terminated" && wf == "uninstall":
			if got["uninstall"] || !got["install"] || got["scale"] {
				t.Fatalf("after uninstall (%v): %v", states, got)
			}
			for ni, st := range states {
				if st != "deleted" {
					t.Fatalf("%s is %s after uninstall", ni, st)
				}
			}
		case end == "terminated" && wf == "install":
			if !got["uninstall"] || got["install"] || !got["scale"] {
				t.Fatalf("after install (%v): %v", states, got)
			}
		default: // a failed run leaves the instances partly done: both
			if !got["uninstall"] || !got["install"] {
				t.Fatalf("after a %s %s (%v): %v", end, wf, states, got)
			}
		}
	}
}

// §4 step 8: force bypasses the availability rules; the rules are the
// manager's node_instances_active semantics (all/partial/none) and
// node_types_required.
func TestAvailabilityRules(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	// web-prod's node instances are uninitialized, as in the recording.
	a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "uninstall"})
	wantError(t, a, 400, "unavailable_workflow_error", "Workflow not available: uninstall")
	a = start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "uninstall", "force": true})
	if a.status != 201 || a.str("status") != "pending" {
		t.Fatalf("forced start: %d %s", a.status, a.raw)
	}
	if err := s.ForceStatus(a.str("id"), "terminated"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		states         []string
		all, part, non bool
	}{
		{[]string{"uninitialized", "uninitialized"}, false, false, true},
		{[]string{"started", "started"}, true, false, false},
		{[]string{"started", "creating"}, false, true, false},
		{[]string{"deleted", "uninitialized"}, false, false, true},
		{[]string{"stopped", "stopped"}, false, true, true},
		{[]string{"started", "deleted"}, false, true, false},
	}
	s.mu.Lock()
	d := s.depIndex[depKey{0, "web-prod"}]
	for _, c := range cases {
		for i := range d.nodes {
			d.nodes[i].state = c.states[i]
		}
		got := [3]bool{d.instancesActive([]string{"all"}), d.instancesActive([]string{"partial"}), d.instancesActive([]string{"none"})}
		if got != [3]bool{c.all, c.part, c.non} {
			t.Errorf("%v: all/partial/none = %v", c.states, got)
		}
	}
	// node_types_required: validate_agents needs a cloudify.nodes.Compute
	for i := range d.nodes {
		d.nodes[i].state = "started"
	}
	if !d.workflow("validate_agents").available(d) {
		t.Error("validate_agents unavailable on a deployment with a vm")
	}
	noHost := &deployment{nodes: []nodeInstance{{node: "api_gateway", state: "started"}}}
	if d.workflow("validate_agents").available(noHost) {
		t.Error("validate_agents available without a compute node")
	}
	s.mu.Unlock()
}

// cloudify-api.md §2 "Who moves the state" step 5 (dequeue prepares the
// execution again): a queued start whose workflow is unavailable when its
// turn comes is failed with "Error dequeueing execution: …".
func TestDequeueChecksAvailability(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	blocker := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "install", Status: "started"})
	a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "uninstall", "queue": true})
	if a.status != 201 || a.str("status") != "queued" {
		t.Fatalf("queued start: %d %s", a.status, a.raw)
	}
	// The install ends through a PATCH without touching the node
	// instances (as in the recording): uninstall is still unavailable.
	p := call(t, s, "PATCH", "/api/v3.1/executions/"+blocker.ID, map[string]any{"status": "terminated"})
	if p.status != 200 {
		t.Fatalf("patch %d %s", p.status, p.raw)
	}
	q, _ := s.Execution(a.str("id"))
	if q.Status != "failed" || q.Error == nil || *q.Error != "Error dequeueing execution: Workflow not available: uninstall" {
		t.Fatalf("dequeued %+v", q)
	}
	if d := call(t, s, "GET", "/api/v3.1/deployments/web-prod", nil); d.str("installation_status") != "inactive" {
		t.Fatalf("installation_status after a PATCHed install: %s", d.str("installation_status"))
	}
	// With the instances started the same queue dequeues to pending.
	if err := s.SetNodeInstanceStates("", "web-prod", "started"); err != nil {
		t.Fatal(err)
	}
	blocker = mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "heal", Status: "started"})
	a = start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "uninstall", "queue": true})
	call(t, s, "PATCH", "/api/v3.1/executions/"+blocker.ID, map[string]any{"status": "failed"})
	if st := statusOf(t, s, a.str("id")); st != "pending" {
		t.Fatalf("dequeued uninstall is %s", st)
	}
}

// cloudify-api.md §4 step 8 (dependent_exists_error), from
// _verify_dependencies_not_affected: stop/uninstall/update/heal of a
// deployment others use are refused (and stored failed) unless forced; an
// inactive get_capability dependent does not block an uninstall; a
// dependent being uninstalled does not block.
func TestDependentExists(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	for _, d := range []string{"web-prod", "web-staging"} {
		if err := s.SetNodeInstanceStates("", d, "started"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddDependency("", "web-staging", "http_web_server", "web-prod"); err != nil {
		t.Fatal(err)
	}
	msg := "Can't execute workflow `uninstall` on deployment web-prod - existing installations depend on it:\n" +
		"[1] Deployment `web-staging` uses capabilities of the current deployment in its node `http_web_server`"
	wantError(t, start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "uninstall"}), 400, "dependent_exists_error", msg)
	stored, _ := s.FindExecution(ExecutionQuery{DeploymentID: "web-prod", WorkflowID: "uninstall"})
	if stored.Status != "failed" || *stored.Error != "Error preparing execution: "+msg {
		t.Fatalf("stored %+v", stored)
	}
	// the check comes before the busy check: refused, not queued
	busy := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "execute_operation", Status: "started", Stuck: true})
	a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "heal", "queue": true})
	if a.status != 400 || a.str("error_code") != "dependent_exists_error" {
		t.Fatalf("queued heal: %d %s", a.status, a.raw)
	}
	if err := s.ForceStatus(busy.ID, "cancelled"); err != nil {
		t.Fatal(err)
	}
	// a dependent that is itself being uninstalled does not block
	u := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "uninstall"})
	if u.status != 201 {
		t.Fatalf("dependent's uninstall: %d %s", u.status, u.raw)
	}
	a = start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "stop"})
	if a.status != 201 {
		t.Fatalf("stop while the dependent uninstalls: %d %s", a.status, a.raw)
	}
	runToEnd(t, s, clock, a.str("id"))
	if end := runToEnd(t, s, clock, u.str("id")); end == "terminated" {
		// inactive now: a get_capability dependent no longer blocks uninstall
		if a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "uninstall"}); a.status != 201 {
			t.Fatalf("uninstall with an inactive dependent: %d %s", a.status, a.raw)
		}
	}
	// force bypasses it
	s.SetNodeInstanceStates("", "web-staging", "started")
	call(t, s, "PATCH", "/api/v3.1/executions/"+u.str("id"), map[string]any{"status": "terminated"})
	if a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "heal", "force": true}); a.status != 201 {
		t.Fatalf("forced heal: %d %s", a.status, a.raw)
	}
}
