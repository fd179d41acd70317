package actions

import (
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// simHarness runs the dialogs through the real client against a demo
// simulator (with a manual clock), with an audit log in a temporary file.
func simHarness(t *testing.T) (*simulator.Simulator, *client.Client, string, *harness) {
	t.Helper()
	sim := simulator.New(simulator.Options{Seed: 7, Demo: true,
		Clock: simulator.NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))})
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { srv.Close(); _ = sim.Close() })
	cl, err := client.New(client.Config{URL: srv.URL, Tenant: "default_tenant", Username: "admin", Password: "admin", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "audit.jsonl")
	log, err := audit.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = log.Close() })
	h := newHarness(t, Options{Manager: cl, Audit: log, ManagerLabel: cl.BaseURL(), Tenant: "default_tenant"})
	return sim, cl, logPath, h
}

// Against the simulator through the real client: the dialogs drive real
// requests and the manager's rules answer.
func TestAgainstSimulator(t *testing.T) {
	sim, cl, logPath, h := simHarness(t)

	get := func(id string) *client.Execution {
		t.Helper()
		e, err := cl.GetExecution(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	find := func(dep, wf, status string) *client.Execution {
		t.Helper()
		in, ok := sim.FindExecution(simulator.ExecutionQuery{Tenant: "default_tenant", DeploymentID: dep, WorkflowID: wf, Status: status})
		if !ok {
			t.Fatalf("no %s %s on %s in the demo world", status, wf, dep)
		}
		return get(in.ID)
	}

	// Cancel the running install on web-prod.
	install := find("web-prod", "install", "started")
	h.open(Cancel, install)
	h.press("y")
	if got := get(install.ID).Status; got != client.StatusCancelling {
		t.Fatalf("after cancel: %s (%v)", got, h.out)
	}
	if ups := h.updates(); len(ups) != 1 || ups[0].Status != client.StatusCancelling {
		t.Fatalf("updates %v", ups)
	}

	// A second cancel is not offered any more from the row's new status.
	again := get(install.ID)
	h.open(Cancel, again)
	if h.c.Active() {
		t.Fatal("cancel offered on a cancelling execution")
	}

	// Force-cancel the flush_cache stuck in cancelling.
	stuck := find("cache-prod", "flush_cache", "cancelling")
	h.open(ForceCancel, stuck)
	h.typeText(stuck.ID[:4])
	h.press("enter")
	if got := get(stuck.ID).Status; got != client.StatusForceCancelling {
		t.Fatalf("after force-cancel: %s; %s", got, h.plain())
	}

	// The manager moved on under an open dialog: nothing is sent.
	pending := find("cache-staging", "check_status", "pending")
	h.open(Cancel, pending)
	if err := sim.ForceStatus(pending.ID, "terminated"); err != nil {
		t.Fatal(err)
	}
	h.press("y")
	if got := get(pending.ID).Status; got != client.StatusTerminated {
		t.Fatalf("status %s", got)
	}
	if st := h.lastStatus(); !st.IsError || !strings.Contains(st.Text, "nothing sent") {
		t.Fatalf("status %+v", st)
	}

	// Start scale on web-staging with a parameter: busy? then queue.
	h.f.deps = nil
	h.open(Start, nil)
	h.typeText("web-staging")
	h.press("enter")
	h.typeText("scale")
	h.press("enter")
	if h.c.d.step != stepForm {
		t.Fatalf("no form: %s", h.plain())
	}
	setField(t, h, "scalable_entity_name", "vm")
	h.press("enter", "y")
	if h.c.Active() {
		t.Fatalf("start did not complete: %s", h.plain())
	}
	ups := h.updates()
	scale := ups[len(ups)-1]
	if scale.WorkflowID != "scale" || scale.DeploymentID.Value != "web-staging" {
		t.Fatalf("started %+v", scale)
	}
	var ps map[string]any
	if got := get(scale.ID); json.Unmarshal(got.Parameters, &ps) != nil || ps["scalable_entity_name"] != "vm" || ps["delta"] != 1.0 {
		t.Fatalf("parameters %s", got.Parameters)
	}

	// Busy: a second start on the same deployment is refused, then queued.
	h.open(Start, nil)
	h.typeText("web-staging")
	h.press("enter")
	h.typeText("scale")
	h.press("enter")
	setField(t, h, "scalable_entity_name", "vm")
	h.press("enter", "y")
	if !h.c.Active() || h.c.d.step != stepBusy {
		t.Fatalf("no busy refusal: %s", h.plain())
	}
	h.press("y")
	ups = h.updates()
	if q := ups[len(ups)-1]; q.Status != client.StatusQueued {
		t.Fatalf("queued start: %+v", q)
	}

	// Kill the running execute_operation on monitoring.
	op := find("monitoring", "execute_operation", "started")
	h.open(Kill, op)
	h.typeText(op.ID[:8])
	h.press("enter")
	if got := get(op.ID).Status; got != client.StatusKillCancelling {
		t.Fatalf("after kill: %s; %s", got, h.plain())
	}

	// Force-resume a failed execution.
	failed := find("", "", "failed")
	h.open(Resume, failed)
	h.press("space", "y")
	if got := get(failed.ID); got.Status != client.StatusPending || !got.Resume {
		t.Fatalf("after force-resume: %+v; %s", got, h.plain())
	}

	// Patch the pending scale to failed with an error text.
	started := get(scale.ID)
	h.open(Patch, started)
	for d := &h.c.d; d.targets[d.target] != client.StatusFailed; {
		h.press("down")
	}
	h.press("enter")
	h.typeText("marked failed by hand")
	h.press("enter")
	h.typeText(started.ID[:8])
	h.press("enter")
	if got := get(started.ID); got.Status != client.StatusFailed || got.Error.Value != "marked failed by hand" {
		t.Fatalf("after patch: %s %q; %s", got.Status, got.Error.Value, h.plain())
	}

	lines := readAudit(t, logPath)
	var got []string
	for _, l := range lines {
		got = append(got, l["action"].(string)+":"+l["result"].(string))
	}
	want := "cancel:ok force-cancel:ok cancel:aborted-status-changed start:ok start:refused start:ok " +
		"kill:ok force-resume:ok patch-status:ok"
	if strings.Join(got, " ") != want {
		t.Fatalf("audit %v, want %s", got, want)
	}
}
