package client_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// The group calls against the simulator (cloudify-api-operations.md §4):
// the demo's deployment groups, a start (200, with its members), the data
// null in a list unless asked for, the members through _group_id, a group
// cancel, and the 404 of a second one.
func TestExecutionGroupsAgainstSimulator(t *testing.T) {
	_, c := newSim(t, simulator.Options{Seed: 7, Demo: true})
	dgs, err := c.ListDeploymentGroups(ctx(t), 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, g := range dgs.Items {
		ids = append(ids, g.ID)
	}
	if !slices.Equal(ids, []string{"caches", "web"}) {
		t.Fatalf("deployment groups of default_tenant %v", ids)
	}
	web, err := c.GetDeploymentGroup(ctx(t), "web")
	if err != nil || !slices.Equal(web.DeploymentIDs, []string{"web-prod", "web-staging"}) || web.Description.Value != "the web tier" {
		t.Fatalf("web: %+v %v", web, err)
	}

	g, err := c.StartExecutionGroup(ctx(t), client.GroupStartRequest{DeploymentGroupID: "web", WorkflowID: "heal",
		DefaultParameters: map[string]any{}, Concurrency: 1, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if !g.ExecutionIDs.Valid || len(g.ExecutionIDs.Value) != 2 || g.Concurrency != 1 || g.DeploymentGroupID.Value != "web" || !g.Status.Valid {
		t.Fatalf("started group %+v", g)
	}

	page, err := c.ListExecutionGroups(ctx(t), client.ListExecutionGroupsOptions{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("list: %+v %v", page, err)
	}
	if it := page.Items[0]; !it.ExecutionIDs.Present || it.ExecutionIDs.Valid || !it.Status.Present || it.Status.Valid {
		t.Fatalf("listed without _get_data: ids %+v status %+v, want both null", it.ExecutionIDs, it.Status)
	}
	page, err = c.ListExecutionGroups(ctx(t), client.ListExecutionGroupsOptions{GetData: true})
	if err != nil || !page.Items[0].Status.Valid {
		t.Fatalf("list with data: %+v %v", page, err)
	}

	members, err := c.ListExecutions(ctx(t), client.ListExecutionsOptions{Filters: client.GroupExecutionsFilter(g.ID), Size: 100})
	if err != nil || len(members.Items) != 2 {
		t.Fatalf("members: %+v %v", members, err)
	}

	// A group cancel: every member stops (queued ones are cancelled at
	// once), or, when only queued ones were left, the manager's 404 says
	// nothing else was left to stop.
	after, err := c.ExecutionGroupAction(ctx(t), g.ID, client.GroupCancel)
	if err != nil && !client.NothingLeftToStop(err) {
		t.Fatalf("group cancel: %+v %v", after, err)
	}
	for _, id := range g.ExecutionIDs.Value {
		e, err := c.GetExecution(ctx(t), id)
		if err != nil || (e.Status != client.StatusCancelling && e.Status != client.StatusCancelled) {
			t.Fatalf("member %s after the group cancel: %v %v", id, e, err)
		}
	}
	// Everything queued (concurrency 0): the cancel cancels them, then 404s.
	q, err := c.StartExecutionGroup(ctx(t), client.GroupStartRequest{DeploymentGroupID: "caches", WorkflowID: "heal", Concurrency: 0, Force: true})
	if err != nil || q.Status.Value != client.StatusQueued {
		t.Fatalf("a paused group: %+v %v", q, err)
	}
	if _, err := c.ExecutionGroupAction(ctx(t), q.ID, client.GroupCancel); !client.NothingLeftToStop(err) {
		t.Fatalf("cancel of an all-queued group: %v, want the 404 of nothing left", err)
	}
	if e, _ := c.GetExecution(ctx(t), q.ExecutionIDs.Value[0]); e.Status != client.StatusCancelled {
		t.Fatalf("a queued member after the 404: %s", e.Status)
	}
	_, err = c.ExecutionGroupAction(ctx(t), "nope", client.GroupKill)
	var ce *client.Error
	if !errors.As(err, &ce) || ce.StatusCode != 404 {
		t.Fatalf("unknown group: %v", err)
	}
	if _, err := c.StartExecutionGroup(ctx(t), client.GroupStartRequest{DeploymentGroupID: "web", WorkflowID: "heal", Concurrency: -1}); err == nil {
		t.Fatal("a negative concurrency was sent")
	}
}

// What the start of a workflow on a deployment group reads first: the
// groups with only the fields asked for, and the workflows of one group's
// deployments (GET /workflows?_group_id=); and the body it sends.
func TestGroupStartReadsAgainstSimulator(t *testing.T) {
	_, c := newSim(t, simulator.Options{Seed: 7, Demo: true})
	dgs, err := c.ListDeploymentGroups(ctx(t), 100, "id", "deployment_ids")
	if err != nil || len(dgs.Items) != 2 {
		t.Fatalf("%+v %v", dgs, err)
	}
	if web := dgs.Items[1]; web.ID != "web" || len(web.DeploymentIDs) != 2 || web.Description.Present || web.CreatedBy != "" {
		t.Fatalf("web with id and deployment_ids only: %+v", web)
	}
	wfs, err := c.ListWorkflows(ctx(t), client.ListWorkflowsOptions{DeploymentGroupID: "caches"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, w := range wfs {
		names = append(names, w.Name)
	}
	if !slices.Contains(names, "flush_cache") || !slices.Contains(names, "install") {
		t.Fatalf("workflows of caches: %v", names)
	}
	none, err := c.ListWorkflows(ctx(t), client.ListWorkflowsOptions{DeploymentGroupID: "nope"})
	if err != nil || len(none) != 0 {
		t.Fatalf("an unknown group: %v %v", none, err)
	}
	body, err := client.GroupStartRequest{DeploymentGroupID: "web", WorkflowID: "heal", Concurrency: 5,
		DefaultParameters: map[string]any{"x": 1}}.Body()
	if want := `{"deployment_group_id":"web","workflow_id":"heal","default_parameters":{"x":1},"concurrency":5}`; err != nil || string(body) != want {
		t.Fatalf("body %s %v, want %s", body, err, want)
	}
}
