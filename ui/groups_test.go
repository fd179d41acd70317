package ui

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
	"github.com/cfytop/cfytop/ui/screens/executions"
)

// groupsSim is the demo simulator on a pinned clock, served over HTTP, and
// a client of it in the default tenant.
func groupsSim(t *testing.T) (*simulator.Simulator, *httptest.Server, *client.Client) {
	t.Helper()
	sim := simulator.New(simulator.Options{Seed: 3, Demo: true,
		Clock: simulator.NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))})
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { srv.Close(); _ = sim.Close() })
	cl, err := client.New(client.Config{URL: srv.URL, Tenant: "default_tenant", Username: "admin", Password: "admin", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return sim, srv, cl
}

// The groups screen against the simulator: :groups lists a group started
// on a deployment group with its members' counts; enter lists its
// executions (and only them); the cancel key on a group opens the bulk
// preview of its members, and the typed count cancels them.
func TestGroupsScreenAgainstSimulator(t *testing.T) {
	sim, srv, cl := groupsSim(t)
	g, err := cl.StartExecutionGroup(t.Context(), client.GroupStartRequest{DeploymentGroupID: "web", WorkflowID: "heal", Concurrency: 1, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	members := g.ExecutionIDs.Value

	h := newHarness(t, Options{Manager: cl, ManagerLabel: srv.URL}, nil, 140, 40).start()
	h.press(":")
	h.typeText("groups")
	h.press("enter")
	h.mustContain("groups", g.ID[:8], "heal", "web", "0/2")

	h.press("enter")
	top, ok := h.app.topScreen().(executions.Model)
	if !ok || !strings.Contains(top.Title(), "group "+g.ID[:8]) {
		t.Fatalf("enter did not open the group's executions: %T", h.app.topScreen())
	}
	if n := top.State().List.Total(); n != 2 {
		t.Fatalf("the group's list holds %d executions, want its 2 members", n)
	}
	for _, id := range members {
		if _, ok := top.State().List.Get(id); !ok {
			t.Fatalf("member %s not listed", id[:8])
		}
	}
	h.press("esc")

	h.press("C")
	h.mustContain("Cancel 2 executions of group "+g.ID[:8]+" (heal on web)", "2 will be cancelled")
	h.typeText("2")
	h.press("enter")
	h.mustContain("2 cancelled")
	for _, id := range members {
		info, _ := sim.Execution(id)
		if info.Status != "cancelling" && info.Status != "cancelled" {
			t.Fatalf("member %s is %s after the bulk cancel", id[:8], info.Status)
		}
	}
}

// N on the groups screen starts a workflow on a deployment group: the
// wizard opens on the selected group's deployment group, and once the
// count is typed the new execution group is at the top of the screen,
// selected, its members read.
func TestGroupsScreenStartsOnADeploymentGroup(t *testing.T) {
	sim, srv, cl := groupsSim(t)
	for _, id := range []string{"fleet-0", "fleet-1"} {
		if err := sim.AddDeployment(simulator.DeploymentSpec{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sim.AddDeploymentGroup(simulator.DeploymentGroupSpec{ID: "fleet", Deployments: []string{"fleet-0", "fleet-1"}}); err != nil {
		t.Fatal(err)
	}
	old, err := cl.StartExecutionGroup(t.Context(), client.GroupStartRequest{DeploymentGroupID: "fleet", WorkflowID: "install", Concurrency: 0})
	if err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, Options{Manager: cl, ManagerLabel: srv.URL}, nil, 140, 40).start()
	h.press(":")
	h.typeText("groups")
	h.press("enter")
	h.mustContain(old.ID[:8], "install", "fleet")

	h.press("N")
	h.mustContain("Start a workflow on a deployment group", "› fleet", "2 deployments")
	h.press("enter")
	h.typeText("install")
	h.press("enter", "enter")
	h.mustContain("Will start install on 2 deployments of group fleet", "Type 2")
	h.typeText("2")
	h.press("enter")

	groups := sim.ExecutionGroups()
	if len(groups) != 2 {
		t.Fatalf("%d execution groups after the start, want 2", len(groups))
	}
	fresh := groups[1]
	h.mustContain("started install on 2 deployments of group fleet: execution group " + fresh.ID[:8])
	top, ok := h.app.topScreen().(interface{ Marked() []client.Execution })
	if !ok {
		t.Fatalf("top screen %T", h.app.topScreen())
	}
	var ids []string
	for _, e := range top.Marked() {
		ids = append(ids, e.ID)
	}
	slices.Sort(ids)
	want := slices.Clone(fresh.ExecutionIDs)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("the selected group's members %v, want the new group's %v", ids, want)
	}
	h.mustContain("› " + fresh.ID[:8])
}

// In read-only mode N on the groups screen says so, and nothing opens.
func TestGroupsScreenStartIsReadOnly(t *testing.T) {
	_, srv, cl := groupsSim(t)
	h := newHarness(t, Options{Manager: cl, ManagerLabel: srv.URL, ReadOnly: true}, nil, 140, 40).start()
	h.press(":")
	h.typeText("groups")
	h.press("enter")
	h.press("N")
	if h.app.actions.Active() {
		t.Fatal("the start opened in read-only mode")
	}
	h.mustContain("read-only mode: start is disabled")
}
