package actions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// Against the simulator through the real client: a bulk cancel of 40
// running executions, 5 of the marked ones already ended, and 2 of the
// running ones moved on by someone else while the preview was open.
// Exactly one cancel request goes out for each of the 38 still running,
// and none for the 7 others.
func TestBulkCancelAgainstSimulator(t *testing.T) {
	sim, cl, logPath, h := simHarness(t)
	h.c = h.c.SetSize(120, 40)
	var marked []client.Execution
	add := func(i int, status string) {
		t.Helper()
		dep := fmt.Sprintf("bulk-%02d", i)
		if err := sim.AddDeployment(simulator.DeploymentSpec{ID: dep}); err != nil {
			t.Fatal(err)
		}
		in, err := sim.AddExecution(simulator.ExecutionSpec{DeploymentID: dep, WorkflowID: "install", Status: status})
		if err != nil {
			t.Fatal(err)
		}
		e, err := cl.GetExecution(t.Context(), in.ID)
		if err != nil {
			t.Fatal(err)
		}
		marked = append(marked, *e)
	}
	for i := range 40 {
		add(i, "started")
	}
	for i := 40; i < 45; i++ {
		add(i, "terminated")
	}
	h.openBulk(Cancel, marked)
	if p := h.plain(); !strings.Contains(p, "40 will be cancelled, 5 skipped") {
		t.Fatalf("preview: %s", p)
	}
	// Someone else, while the preview is open.
	movedOn := map[string]bool{marked[3].ID: true, marked[17].ID: true}
	if err := sim.ForceStatus(marked[3].ID, "cancelled"); err != nil {
		t.Fatal(err)
	}
	if err := sim.ForceStatus(marked[17].ID, "failed"); err != nil {
		t.Fatal(err)
	}
	before := len(sim.RequestLog())
	h.typeText("40")
	h.press("enter")

	posts := map[string]int{}
	for _, r := range sim.RequestLog()[before:] {
		if r.Method == "POST" && strings.HasPrefix(r.Path, "/api/v3.1/executions/") {
			posts[strings.TrimPrefix(r.Path, "/api/v3.1/executions/")]++
		}
	}
	for i, e := range marked {
		want := 1
		if i >= 40 || movedOn[e.ID] {
			want = 0
		}
		if posts[e.ID] != want {
			t.Errorf("execution %d: %d cancel requests, want %d", i, posts[e.ID], want)
		}
		info, _ := sim.Execution(e.ID)
		switch {
		case i >= 40 && info.Status != "terminated", movedOn[e.ID] && info.Status == "cancelling",
			want == 1 && info.Status != "cancelling":
			t.Errorf("execution %d is %s", i, info.Status)
		}
	}
	if p := h.plain(); !strings.Contains(p, "38 cancelled, 7 skipped") {
		t.Fatalf("results: %s", p)
	}
	if st := h.lastStatus(); st.Text != "bulk cancel: 38 of 45 marked sent, 5 skipped in the preview, 2 skipped because their status moved on" {
		t.Fatalf("status %q", st.Text)
	}
	lines := readAuditEntries(t, logPath)
	if len(lines) != 41 || lines[40].Action != "bulk-cancel" {
		t.Fatalf("%d audit lines (want 40 tried + 1), last %+v", len(lines), lines[len(lines)-1])
	}
	aborted := 0
	for _, l := range lines[:40] {
		if l.Result == "aborted-status-changed" {
			aborted++
		}
	}
	if aborted != 2 {
		t.Fatalf("%d aborted audit lines, want 2", aborted)
	}
}
