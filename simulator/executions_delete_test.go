package simulator

import (
	"testing"
	"time"
)

func deleteExecs(t *testing.T, s *Simulator, query string, body any) answer {
	t.Helper()
	return call(t, s, "DELETE", "/api/v3.1/executions"+query, body)
}

func deletedCount(t *testing.T, a answer) int {
	t.Helper()
	items := a.items()
	if a.status != 200 || len(items) != 1 {
		t.Fatalf("delete answered %d %s", a.status, a.raw)
	}
	n, _ := items[0]["count"].(float64)
	return int(n)
}

// cloudify-api-operations.md §5.1: body checks, in the manager's order and words.
func TestDeleteExecutionsRequestChecks(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1})
	a := call(t, s, "DELETE", "/api/v3.1/executions", `{}`, "Content-Type", "text/plain")
	wantError(t, a, 415, "unsupported_content_type_error", "Content type must be application/json")
	wantError(t, deleteExecs(t, s, "", map[string]any{"keep_last": 0}), 400, "bad_parameters_error",
		"`keep_last` must be an integer greater than 0. got 0 instead.")
	wantError(t, deleteExecs(t, s, "", map[string]any{"keep_last": "5"}), 400, "bad_parameters_error",
		"keep_last parameter is expected to be of type int but is of type str")
	wantError(t, deleteExecs(t, s, "", map[string]any{"keep_last": 2, "to_datetime": "2026-01-01"}), 400, "bad_parameters_error",
		"Must provide either a `to_datetime` timestamp or a `keep_last` number of executions to keep")
	for _, bad := range []string{"2026-01-01T00:00:00Z", "2026-01-01T00:00:00+00:00", "yesterday"} {
		wantError(t, deleteExecs(t, s, "", map[string]any{"to_datetime": bad}), 400, "bad_parameters_error",
			bad+" is not a legal time format")
	}
	wantError(t, deleteExecs(t, s, "?status=terminated", map[string]any{}), 400, "bad_parameters_error",
		"Can't filter by execution status `['terminated']`. Allowed statuses are: ['terminated', 'failed', 'cancelled']")
	a = deleteExecs(t, s, "?bogus=1", map[string]any{})
	if a.status != 400 || a.str("error_code") != "bad_parameters_error" {
		t.Fatalf("unknown filter: %d %s", a.status, a.raw)
	}
	// /api/v3 serves the v2 class, which has no DELETE
	if a := call(t, s, "DELETE", "/api/v3/executions", map[string]any{}); a.status != 405 {
		t.Fatalf("v3 delete: %d", a.status)
	}
	// no DELETE /executions/{id}
	if a := call(t, s, "DELETE", "/api/v3.1/executions/"+idLogBundle, map[string]any{}); a.status != 405 {
		t.Fatalf("delete by id: %d", a.status)
	}
}

// §5.1: only ended executions, system workflows included, the last
// terminated create_deployment_environment per deployment kept; events go too.
func TestDeleteExecutionsKeepsWhatTheManagerKeeps(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Worker: true})
	running := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "install", Status: "started", Stuck: true})
	before := s.FindExecutions(ExecutionQuery{Tenant: "default_tenant"})
	a := deleteExecs(t, s, "", map[string]any{})
	// default_tenant ended: upload_blueprint, 3 create_deployment_environment (kept), create_log_bundle
	if n := deletedCount(t, a); n != 2 {
		t.Fatalf("deleted %d of %d", n, len(before))
	}
	left := s.FindExecutions(ExecutionQuery{Tenant: "default_tenant"})
	wfs := map[string]int{}
	for _, e := range left {
		wfs[e.WorkflowID]++
	}
	if wfs["create_deployment_environment"] != 3 || wfs["install"] != 1 || len(left) != 4 {
		t.Fatalf("left %v", wfs)
	}
	if _, ok := s.Execution(running.ID); !ok {
		t.Fatal("a running execution was deleted")
	}
	// ops-team untouched (tenant-scoped)
	if n := len(s.FindExecutions(ExecutionQuery{Tenant: "ops-team"})); n != 2 {
		t.Fatalf("ops-team has %d", n)
	}
	if g := call(t, s, "GET", "/api/v3.1/executions/"+idLogBundle, nil); g.status != 404 {
		t.Fatalf("deleted execution still served: %d", g.status)
	}
}

// §5.1: keep_last keeps the newest N, but keep_last at or above the
// number of candidates still deletes one; to_datetime compares created_at.
func TestDeleteExecutionsKeepLastAndToDatetime(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	base := testEpoch.Add(-time.Hour)
	var ids []string
	for i := 0; i < 6; i++ {
		ids = append(ids, mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "check_status",
			Status: "terminated", CreatedAt: base.Add(time.Duration(i) * time.Minute)}).ID)
	}
	if n := deletedCount(t, deleteExecs(t, s, "", map[string]any{"keep_last": 4})); n != 2 {
		t.Fatalf("keep_last 4 of 6 deleted %d", n)
	}
	for i, id := range ids {
		if _, ok := s.Execution(id); ok != (i >= 2) {
			t.Fatalf("execution %d kept=%v", i, ok)
		}
	}
	if n := deletedCount(t, deleteExecs(t, s, "", map[string]any{"keep_last": 10})); n != 1 {
		t.Fatalf("keep_last above the count deleted %d, the manager deletes 1", n)
	}
	cut := base.Add(4*time.Minute + 500*time.Millisecond).UTC().Format("2006-01-02T15:04:05.000000Z")
	if n := deletedCount(t, deleteExecs(t, s, "?deployment_id=web-prod", map[string]any{"to_datetime": cut})); n != 2 {
		t.Fatalf("to_datetime deleted %d", n)
	}
	if left := s.FindExecutions(ExecutionQuery{}); len(left) != 1 || left[0].ID != ids[5] {
		t.Fatalf("left %v", left)
	}
	a := deleteExecs(t, s, "?_size=10", map[string]any{})
	md, _ := a.obj["metadata"].(map[string]any)
	if p, _ := md["pagination"].(map[string]any); p["size"] != 10.0 || len(p) != 1 {
		t.Fatalf("pagination echo %s", a.raw)
	}
}

// §5.1: a deployment whose only create_deployment_environment failed makes
// the manager fail with a KeyError.
func TestDeleteExecutionsKeyErrorQuirk(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "create_deployment_environment", Status: "failed"})
	a := deleteExecs(t, s, "", map[string]any{})
	if a.status != 500 || a.str("error_code") != "internal_server_error" || a.str("message") != "Internal error occurred in manager REST server - KeyError: 'web-prod'" {
		t.Fatalf("got %d %s", a.status, a.raw)
	}
}

// §5.1 with §4.1: a deleted execution leaves its execution group too (the
// manager's association goes with the row).
func TestDeleteExecutionsLeavesTheGroup(t *testing.T) {
	s, _ := groupWorld(t, 2, false)
	id := call(t, s, "POST", "/api/v3.1/execution-groups", map[string]any{"deployment_group_id": "g", "workflow_id": "install"}).str("id")
	g := call(t, s, "GET", "/api/v3.1/execution-groups/"+id, nil)
	members, _ := g.obj["execution_ids"].([]any)
	if len(members) != 2 {
		t.Fatalf("group members %v", g.obj["execution_ids"])
	}
	for _, m := range members {
		if err := s.ForceStatus(m.(string), "terminated"); err != nil {
			t.Fatal(err)
		}
	}
	if a := deleteExecs(t, s, "", map[string]any{"keep_last": 1}); a.status != 200 {
		t.Fatalf("delete: %d %s", a.status, a.raw)
	}
	g = call(t, s, "GET", "/api/v3.1/execution-groups/"+id, nil)
	left, _ := g.obj["execution_ids"].([]any)
	for _, m := range left {
		if _, ok := s.Execution(m.(string)); !ok {
			t.Fatalf("the group still lists deleted execution %v", m)
		}
	}
	if len(left) >= 2 {
		t.Fatalf("nothing was deleted from the group: %v", left)
	}
}
