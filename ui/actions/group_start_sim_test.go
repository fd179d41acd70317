package actions

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/simulator"
)

// Against the simulator through the real client: a start of install on a
// deployment group of four fresh deployments, two at a time, creates one
// execution group whose executions run on the members (two started, two
// queued behind the concurrency), with exactly one POST /execution-groups
// and one audit line.
func TestGroupStartAgainstSimulator(t *testing.T) {
	sim, _, logPath, h := simHarness(t)
	h.c = h.c.SetSize(100, 40)
	var deps []string
	for i := range 4 {
		id := fmt.Sprintf("fleet-%d", i)
		if err := sim.AddDeployment(simulator.DeploymentSpec{ID: id}); err != nil {
			t.Fatal(err)
		}
		deps = append(deps, id)
	}
	if err := sim.AddDeploymentGroup(simulator.DeploymentGroupSpec{ID: "fleet", Description: "four fresh ones", Deployments: deps}); err != nil {
		t.Fatal(err)
	}
	c, cmd := h.c.OpenGroupStart("")
	h.c = c
	h.run(cmd)
	h.typeText("fleet")
	if p := h.plain(); !strings.Contains(p, "fleet 4 deployments · four fresh ones") {
		t.Fatalf("group step:\n%s", h.c.View())
	}
	h.press("enter")
	h.typeText("install")
	h.press("enter")
	if h.c.d.step != stepForm {
		t.Fatalf("form not reached: %q\n%s", h.c.d.errMsg, h.c.View())
	}
	setConcurrency(h, "2")
	h.press("enter")
	if p := h.plain(); !strings.Contains(p, "Will start install on 4 deployments of group fleet") {
		t.Fatalf("review:\n%s", h.c.View())
	}
	before := len(sim.RequestLog())
	h.typeText("4")
	h.press("enter")
	if h.c.Active() {
		t.Fatalf("still open: %q", h.c.d.errMsg)
	}
	posts := 0
	for _, r := range sim.RequestLog()[before:] {
		if r.Method == "POST" {
			posts++
			if r.Path != "/api/v3.1/execution-groups" {
				t.Errorf("POST %s", r.Path)
			}
		}
	}
	if posts != 1 {
		t.Fatalf("%d POSTs, want 1", posts)
	}
	groups := sim.ExecutionGroups()
	if len(groups) != 1 {
		t.Fatalf("%d execution groups", len(groups))
	}
	g := groups[0]
	if g.DeploymentGroupID != "fleet" || g.WorkflowID != "install" || g.Concurrency != 2 || len(g.ExecutionIDs) != 4 {
		t.Fatalf("group %+v", g)
	}
	var on []string
	statuses := map[string]int{}
	for _, id := range g.ExecutionIDs {
		info, ok := sim.Execution(id)
		if !ok {
			t.Fatalf("member %s not found", id)
		}
		on = append(on, info.DeploymentID)
		statuses[info.Status]++
	}
	slices.Sort(on)
	if !slices.Equal(on, deps) {
		t.Fatalf("members on %v, want %v", on, deps)
	}
	if statuses["queued"] != 2 {
		t.Fatalf("member statuses %v: two must wait behind the concurrency", statuses)
	}
	want := fmt.Sprintf("started install on 4 deployments of group fleet: execution group %s, 2 at a time", g.ID[:8])
	if st := h.lastStatus(); st.Text != want {
		t.Fatalf("status %q, want %q", st.Text, want)
	}
	lines := readAuditEntries(t, logPath)
	if len(lines) != 1 {
		t.Fatalf("%d audit lines", len(lines))
	}
	l := lines[0]
	if l.Action != "start-group" || l.Result != "ok" || l.Workflow != "install" ||
		l.CfyCommand != "cfy executions groups start install -g fleet --concurrency 2" ||
		l.Message != "deployment group fleet: execution group "+g.ID+", 4 executions, concurrency 2" {
		t.Fatalf("audit %+v", l)
	}
}
