package simulator

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"
)

// The execution groups and deployment groups as cloudify-api-operations.md
// §4 describes them; each test names the subsection it checks.

// groupWorld is a simulator with n fresh deployments dep-0.. in one
// deployment group "g".
func groupWorld(t *testing.T, n int, worker bool) (*Simulator, *ManualClock) {
	t.Helper()
	s, clock := testSim(t, Options{Seed: 1, Worker: worker, NoHistory: true})
	var ids []string
	for i := range n {
		id := fmt.Sprintf("dep-%d", i)
		if err := s.AddDeployment(DeploymentSpec{ID: id}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := s.AddDeploymentGroup(DeploymentGroupSpec{ID: "g", Description: "all of them", Deployments: ids}); err != nil {
		t.Fatal(err)
	}
	return s, clock
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// §4.6: the deployment group item's 13 keys; the 404.
func TestDeploymentGroupsSection4_6(t *testing.T) {
	s, _ := groupWorld(t, 2, false)
	list := call(t, s, "GET", "/api/v3.1/deployment-groups", nil)
	if list.status != 200 || list.total() != 1 {
		t.Fatalf("list: %d %s", list.status, list.raw)
	}
	item := list.items()[0]
	want := []string{"created_at", "created_by", "creation_counter", "default_blueprint_id", "default_inputs", "deployment_ids",
		"description", "id", "labels", "private_resource", "resource_availability", "tenant_name", "visibility"}
	if got := keysOf(item); !slices.Equal(got, want) {
		t.Fatalf("keys %v", got)
	}
	if ids, _ := item["deployment_ids"].([]any); len(ids) != 2 || ids[0] != "dep-0" {
		t.Fatalf("deployment_ids %v", item["deployment_ids"])
	}
	if a := call(t, s, "GET", "/api/v3.1/deployment-groups/g", nil); a.status != 200 || a.str("description") != "all of them" {
		t.Fatalf("get: %d %s", a.status, a.raw)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/deployment-groups/nope", nil), 404, "not_found_error",
		"Requested `DeploymentGroup` with ID `nope` was not found")
}

// §4.6 and §1: the list's _include keeps the fields asked for; an unknown
// one is the manager's 400.
func TestDeploymentGroupsIncludeSection4_6(t *testing.T) {
	s, _ := groupWorld(t, 2, false)
	list := call(t, s, "GET", "/api/v3.1/deployment-groups?_include=id,deployment_ids", nil)
	if list.status != 200 || list.total() != 1 {
		t.Fatalf("list: %d %s", list.status, list.raw)
	}
	if got := keysOf(list.items()[0]); !slices.Equal(got, []string{"deployment_ids", "id"}) {
		t.Fatalf("keys %v", got)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/deployment-groups?_include=id,bogus", nil), 400, "no_such_include_field_error",
		"Include keys '['bogus']' do not exist. Allowed keys are: ['id', 'description', 'default_inputs', 'creation_counter', "+
			"'default_blueprint_id', 'deployment_ids', 'labels', 'created_at', 'created_by', 'tenant_name', 'visibility', "+
			"'resource_availability', 'private_resource']")
}

// §4.3: the start's validation, its 200, the members queued beyond the
// concurrency, a deployment without the workflow skipped.
func TestStartExecutionGroupSection4_3(t *testing.T) {
	s, _ := groupWorld(t, 4, false)
	const path = "/api/v3.1/execution-groups"
	wantError(t, call(t, s, "POST", path, map[string]any{"workflow_id": "install"}), 400, "bad_parameters_error",
		"Missing deployment_group_id in json request body")
	wantError(t, call(t, s, "POST", path, map[string]any{"deployment_group_id": "g", "workflow_id": "install", "concurrency": -1}),
		400, "bad_parameters_error", "concurrency must be a nonnegative number, but got: -1")
	if a := call(t, s, "POST", path, map[string]any{"deployment_group_id": "g", "workflow_id": "install", "concurrency": nil}); a.status != 400 {
		t.Fatalf("an explicit null concurrency: %d", a.status)
	}
	wantError(t, call(t, s, "POST", path, map[string]any{"deployment_group_id": "nope", "workflow_id": "install"}), 404,
		"not_found_error", "Requested `DeploymentGroup` with ID `nope` was not found")

	a := call(t, s, "POST", path, map[string]any{"deployment_group_id": "g", "workflow_id": "install", "concurrency": 2})
	if a.status != 200 {
		t.Fatalf("start: %d (want 200, not 201) %s", a.status, a.raw)
	}
	ids, _ := a.obj["execution_ids"].([]any)
	if len(ids) != 4 || a.str("status") != "queued" || a.obj["concurrency"] != float64(2) || a.str("deployment_group_id") != "g" {
		t.Fatalf("start answer %s", a.raw)
	}
	var statuses []string
	for _, id := range ids {
		statuses = append(statuses, statusOf(t, s, id.(string)))
	}
	if !slices.Equal(statuses, []string{"pending", "pending", "queued", "queued"}) {
		t.Fatalf("members %v, want the first two pending and the rest queued", statuses)
	}

	// A workflow only some deployments have: the others are skipped.
	if err := s.AddDeployment(DeploymentSpec{ID: "odd", ExtraWorkflowsJSON: `[{"name": "rotate", "plugin": "script", "operation": "scripts/rotate.sh", "parameters": {}}]`}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDeploymentGroup(DeploymentGroupSpec{ID: "mixed", Deployments: []string{"dep-0", "odd"}}); err != nil {
		t.Fatal(err)
	}
	a = call(t, s, "POST", path, map[string]any{"deployment_group_id": "mixed", "workflow_id": "rotate"})
	if ids, _ := a.obj["execution_ids"].([]any); a.status != 200 || len(ids) != 1 || a.obj["concurrency"] != float64(5) {
		t.Fatalf("mixed start: %d %s", a.status, a.raw)
	}
	// concurrency 0 queues everything.
	a = call(t, s, "POST", path, map[string]any{"deployment_group_id": "mixed", "workflow_id": "rotate", "concurrency": 0})
	if a.str("status") != "queued" {
		t.Fatalf("concurrency 0: %s", a.raw)
	}
}

// §4.1 and §4.2: execution_ids and status null unless asked for; a get
// always has them; 12 keys; the 404.
func TestExecutionGroupDataSection4_1(t *testing.T) {
	s, _ := groupWorld(t, 2, false)
	start := call(t, s, "POST", "/api/v3.1/execution-groups", map[string]any{"deployment_group_id": "g", "workflow_id": "install"})
	id := start.str("id")
	list := call(t, s, "GET", "/api/v3.1/execution-groups", nil)
	item := list.items()[0]
	if v, ok := item["execution_ids"]; !ok || v != nil {
		t.Fatalf("listed execution_ids %v, want null", v)
	}
	if v, ok := item["status"]; !ok || v != nil {
		t.Fatalf("listed status %v, want null", v)
	}
	if got := keysOf(item); len(got) != 12 {
		t.Fatalf("%d keys: %v", len(got), got)
	}
	withData := call(t, s, "GET", "/api/v3.1/execution-groups?_get_data=true", nil).items()[0]
	if withData["status"] != "pending" || len(withData["execution_ids"].([]any)) != 2 {
		t.Fatalf("with _get_data: %v", withData)
	}
	if g := call(t, s, "GET", "/api/v3.1/execution-groups/"+id, nil); g.str("status") != "pending" || g.obj["execution_ids"] == nil {
		t.Fatalf("get: %s", g.raw)
	}
	if n := call(t, s, "GET", "/api/v3.1/execution-groups?workflow_id=uninstall", nil).total(); n != 0 {
		t.Fatalf("filtered on workflow_id: %d", n)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/execution-groups/nope", nil), 404, "not_found_error",
		"Requested `ExecutionGroup` with ID `nope` was not found")
}

// §4.1: the group status over its members, never "cancelled".
func TestGroupStatusSection4_1(t *testing.T) {
	recs := func(sts ...status) []*execRec {
		var out []*execRec
		for _, st := range sts {
			out = append(out, &execRec{status: st})
		}
		return out
	}
	for _, c := range []struct {
		sts  []status
		want string
	}{
		{nil, ""},
		{[]status{stPending, stPending}, "pending"},
		{[]status{stPending, stQueued, stScheduled}, "queued"},
		{[]status{stTerminated, stFailed, stCancelled}, "failed"},
		{[]status{stCancelled, stCancelled}, "terminated"},
		{[]status{stTerminated, stCancelled}, "terminated"},
		{[]status{stStarted, stQueued}, "started"},
		{[]status{stCancelling, stTerminated}, "started"},
	} {
		if got := groupStatus(recs(c.sts...)); got != c.want {
			t.Errorf("%v: %q, want %q", c.sts, got, c.want)
		}
	}
}

// §4.4: the action's checks, a cancel (queued cancelled at once, running
// ones cancelling), the 404 once nothing is left, the illegal state that
// changes none of the others, and the resume of failed and cancelled
// members only.
func TestExecutionGroupActionsSection4_4(t *testing.T) {
	s, _ := groupWorld(t, 3, false)
	start := call(t, s, "POST", "/api/v3.1/execution-groups", map[string]any{"deployment_group_id": "g", "workflow_id": "install", "concurrency": 1})
	id := start.str("id")
	var members []string
	for _, m := range start.obj["execution_ids"].([]any) {
		members = append(members, m.(string))
	}
	path := "/api/v3.1/execution-groups/" + id
	wantError(t, call(t, s, "POST", path, map[string]any{}), 400, "bad_parameters_error", "Missing action in json request body")
	wantError(t, call(t, s, "POST", path, map[string]any{"action": "bogus"}), 400, "bad_parameters_error",
		"Invalid action: bogus, Valid action values are: ['cancel', 'force-cancel', 'kill', 'resume', 'force-resume']")
	wantError(t, call(t, s, "POST", "/api/v3.1/execution-groups/nope", map[string]any{"action": "cancel"}), 404,
		"not_found_error", "Requested `ExecutionGroup` with ID `nope` was not found")

	if err := s.ForceStatus(members[0], "started"); err != nil {
		t.Fatal(err)
	}
	a := call(t, s, "POST", path, map[string]any{"action": "cancel"})
	if a.status != 200 || a.obj["execution_ids"] != nil || a.obj["status"] != nil {
		t.Fatalf("cancel answer (without _get_data): %d %s", a.status, a.raw)
	}
	if got := []string{statusOf(t, s, members[0]), statusOf(t, s, members[1]), statusOf(t, s, members[2])}; !slices.Equal(got,
		[]string{"cancelling", "cancelled", "cancelled"}) {
		t.Fatalf("after the group cancel: %v", got)
	}
	// Again: the one cancelling cannot be cancelled, and nothing else changes.
	wantError(t, call(t, s, "POST", path, map[string]any{"action": "cancel"}), 400, "illegal_action_error",
		fmt.Sprintf("Can't cancel execution %s because it's in status cancelling", members[0]))
	if err := s.ForceStatus(members[0], "cancelled"); err != nil {
		t.Fatal(err)
	}
	// All cancelled: the group is terminated, and a stop has nothing left.
	if g := call(t, s, "GET", path, nil); g.str("status") != "terminated" {
		t.Fatalf("all cancelled: group status %q", g.str("status"))
	}
	wantError(t, call(t, s, "POST", path, map[string]any{"action": "kill"}), 404, "not_found_error",
		"Requested `Execution` [] was not found")

	// Resume: the cancelled and failed members, concurrency 1: one pending,
	// the rest queued; members keep resume false; never a 409.
	if err := s.ForceStatus(members[2], "terminated"); err != nil {
		t.Fatal(err)
	}
	a = call(t, s, "POST", path+"?_get_data=true", map[string]any{"action": "resume"})
	if a.status != 200 || a.str("status") != "started" { // pending, queued and terminated members
		t.Fatalf("resume: %d %s", a.status, a.raw)
	}
	got := []string{statusOf(t, s, members[0]), statusOf(t, s, members[1]), statusOf(t, s, members[2])}
	if !slices.Equal(got, []string{"pending", "queued", "terminated"}) {
		t.Fatalf("after the group resume: %v", got)
	}
	if info, _ := s.Execution(members[0]); info.Resume {
		t.Fatal("a member resumed by its group says resume true")
	}
}

// §4.5: GET /executions?_group_id= lists the members; an unknown group is
// an empty 200.
func TestExecutionsOfAGroupSection4_5(t *testing.T) {
	s, _ := groupWorld(t, 3, false)
	mustAdd(t, s, ExecutionSpec{DeploymentID: "dep-0", WorkflowID: "install", Status: "terminated"})
	start := call(t, s, "POST", "/api/v3.1/execution-groups", map[string]any{"deployment_group_id": "g", "workflow_id": "install"})
	a := call(t, s, "GET", "/api/v3.1/executions?_include=id&_group_id="+start.str("id"), nil)
	var got []string
	for _, it := range a.items() {
		got = append(got, it["id"].(string))
	}
	var want []string
	for _, m := range start.obj["execution_ids"].([]any) {
		want = append(want, m.(string))
	}
	sort.Strings(got)
	sort.Strings(want)
	if a.status != 200 || !slices.Equal(got, want) {
		t.Fatalf("members listed %v, want %v", got, want)
	}
	if a := call(t, s, "GET", "/api/v3.1/executions?_group_id=nope", nil); a.status != 200 || a.total() != 0 {
		t.Fatalf("unknown group: %d %d", a.status, a.total())
	}
}

// §4.3: the later dequeueing keeps to the group's concurrency: never more
// members running than it allows, and all of them run in the end.
func TestGroupConcurrencyWhileRunningSection4_3(t *testing.T) {
	s, clock := groupWorld(t, 6, true)
	start := call(t, s, "POST", "/api/v3.1/execution-groups", map[string]any{"deployment_group_id": "g", "workflow_id": "install", "concurrency": 2})
	var members []string
	for _, m := range start.obj["execution_ids"].([]any) {
		members = append(members, m.(string))
	}
	peak := 0
	for range 600 {
		clock.Advance(500 * time.Millisecond)
		active, ended := 0, 0
		for _, id := range members {
			switch statusOf(t, s, id) {
			case "pending", "started", "cancelling", "force_cancelling", "kill_cancelling":
				active++
			case "terminated", "failed", "cancelled":
				ended++
			}
		}
		peak = max(peak, active)
		if active > 2 {
			t.Fatalf("%d members running at once with concurrency 2", active)
		}
		if ended == len(members) {
			break
		}
	}
	if peak != 2 {
		t.Fatalf("at most %d running; want the group to use its 2", peak)
	}
	if g := s.ExecutionGroups()[0]; g.Status != "terminated" && g.Status != "failed" {
		t.Fatalf("the group never ended: %+v", g)
	}
}
