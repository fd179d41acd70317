package ui

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
	"github.com/cfytop/cfytop/ui/screens/executions"
)

// The groups screen against the simulator: :groups lists a group started
// on a deployment group with its members' counts; enter lists its
// executions (and only them); the cancel key on a group opens the bulk
// preview of its members, and the typed count cancels them.
func TestGroupsScreenAgainstSimulator(t *testing.T) {
	sim := simulator.New(simulator.Options{Seed: 3, Demo: true,
		Clock: simulator.NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))})
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { srv.Close(); _ = sim.Close() })
	cl, err := client.New(client.Config{URL: srv.URL, Tenant: "default_tenant", Username: "admin", Password: "admin", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
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
