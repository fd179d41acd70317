package executions

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/simulator"
	"github.com/cfytop/cfytop/triage"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/operations"
	"github.com/cfytop/cfytop/ui/uitest"
)

func retryEvent(typ, msg string, at time.Duration) client.Event {
	return client.Event{Type: client.EventTypeEvent, EventType: typ, Message: msg,
		ReportedTimestamp: client.Time{Time: uitest.T0.Add(at)},
		NodeInstanceID:    client.Some("web_vm_x7k2p1"), Operation: client.Some("cloudify.interfaces.lifecycle.configure")}
}

// A started execution whose newest event is a task event at its 14th
// retry is marked stuck, with the retry in its reason; the lookup that
// reads the newest event is the only request, and a newest task event of
// a first attempt takes the mark off.
func TestStuckWhenTheNewestEventIsARetry(t *testing.T) {
	e := uitest.Exec(uitest.UUID(1), "install", "web-prod", client.StatusStarted, 0)
	f := uitest.NewManager(e)
	f.Events[e.ID] = []client.Event{
		retryEvent("task_failed", "Task failed 'script_runner.tasks.run' -> nginx: port 80 in use [retry 13/60]", 5*time.Second),
		{Type: client.EventTypeLog, Message: "configuring nginx", ReportedTimestamp: client.Time{Time: uitest.T0.Add(6 * time.Second)}},
		retryEvent("sending_task", "Sending task 'script_runner.tasks.run' [retry 14/60]", 7*time.Second),
	}
	h := newHarness(t, Options{}, f, 120, 20)
	h.at(10 * time.Second)
	v, stuck := h.m.Stuck(e.ID)
	if want := "started, and retrying: retry 14 of 60 on web_vm_x7k2p1 configure (46 left)"; !stuck || v.Reason != want || v.Next != triage.StepCancel {
		t.Fatalf("%+v, want stuck with %q", v, want)
	}
	h.mustContain("⚠ STUCK", "⚠ stuck 1")
	if f.Newest != 1 || f.EvCalls != 0 {
		t.Fatalf("%d lookups, %d event pages: the newest event is the only source", f.Newest, f.EvCalls)
	}

	// a log of the retry leaves the mark; the next operation's first
	// attempt takes it off
	f.Mu.Lock()
	f.Events[e.ID] = append(f.Events[e.ID], client.Event{Type: client.EventTypeLog, Message: "still configuring",
		ReportedTimestamp: client.Time{Time: uitest.T0.Add(50 * time.Second)}})
	f.Mu.Unlock()
	*h.now = uitest.T0.Add(LastEventEvery + 20*time.Second)
	h.tick()
	if _, stuck := h.m.Stuck(e.ID); !stuck {
		t.Fatal("a log took the retry mark off")
	}
	f.Mu.Lock()
	f.Events[e.ID] = append(f.Events[e.ID], retryEvent("task_started", "Task started 'script_runner.tasks.run'", 90*time.Second))
	f.Mu.Unlock()
	*h.now = uitest.T0.Add(2*LastEventEvery + 30*time.Second)
	h.tick()
	if v, stuck := h.m.Stuck(e.ID); stuck {
		t.Fatalf("still stuck after a first attempt's event: %+v", v)
	}
}

// Below the threshold (5 by default) a retry is no mark; the config's
// threshold is the one used.
func TestRetryThresholdFromTheOptions(t *testing.T) {
	e := uitest.Exec(uitest.UUID(1), "install", "web-prod", client.StatusStarted, 0)
	f := uitest.NewManager(e)
	f.Events[e.ID] = []client.Event{retryEvent("task_rescheduled", "Task rescheduled 'x' -> waiting [retry 4/60]", 5*time.Second)}
	h := newHarness(t, Options{}, f, 120, 20)
	h.at(10 * time.Second)
	if v, stuck := h.m.Stuck(e.ID); stuck {
		t.Fatalf("stuck at retry 4: %+v", v)
	}
	th := triage.DefaultThresholds()
	th.Retries = 3
	h = newHarness(t, Options{Stuck: th}, f, 120, 20)
	h.at(10 * time.Second)
	if v, stuck := h.m.Stuck(e.ID); !stuck || !strings.Contains(v.Reason, "retry 4 of 60") {
		t.Fatalf("not stuck at retry 4 with a threshold of 3: %+v", v)
	}
}

// The operations screen open on an execution reports the highest retry
// at work, fresher than the newest event: it marks, and its "none"
// unmarks; a report on an execution not in the list changes nothing.
func TestOperationsScreenReportsTheRetry(t *testing.T) {
	e := uitest.Exec(uitest.UUID(1), "install", "web-prod", client.StatusStarted, 0)
	f := uitest.NewManager(e)
	f.Events[e.ID] = []client.Event{retryEvent("task_started", "Task started 'script_runner.tasks.run'", 5*time.Second)}
	h := newHarness(t, Options{}, f, 120, 20)
	h.at(10 * time.Second)
	if _, stuck := h.m.Stuck(e.ID); stuck {
		t.Fatal("stuck before any retry")
	}
	r := triage.Retry{Current: 20, Total: 60, NodeInstance: "web_vm_x7k2p1", Operation: "cloudify.interfaces.lifecycle.configure", At: uitest.T0.Add(11 * time.Second)}
	h.send(operations.RetryMsg{To: h.m.id, ExecutionID: e.ID, Retry: r})
	if v, stuck := h.m.Stuck(e.ID); !stuck || !strings.Contains(v.Reason, "retry 20 of 60 on web_vm_x7k2p1 configure (40 left)") {
		t.Fatalf("%+v", v)
	}
	h.send(operations.RetryMsg{To: h.m.id, ExecutionID: uitest.UUID(9), Retry: r})
	if n := h.m.StuckCount(); n != 1 {
		t.Fatalf("%d stuck after a report on another execution", n)
	}
	h.send(operations.RetryMsg{To: h.m.id, ExecutionID: e.ID})
	if v, stuck := h.m.Stuck(e.ID); stuck {
		t.Fatalf("still stuck after the operations screen saw no retry: %+v", v)
	}
}

// The demo's install on db-replica-eu keeps rescheduling its replica's
// create. Read through the client, at any moment of the retry cycle, the
// lookup of the newest few events finds the retry's task event behind the
// task's own logs and marks it stuck on retries; and the operations screen
// open on it reports the retry from the operations.
func TestDemoInstallStuckOnItsRetries(t *testing.T) {
	clock := simulator.NewManualClock(uitest.T0)
	sim := simulator.New(simulator.Options{Demo: true, Seed: 1, Clock: clock, Worker: true})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	c, err := client.New(client.Config{URL: url, Tenant: "ops-team", Username: "admin", Password: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	install, ok := sim.FindExecution(simulator.ExecutionQuery{DeploymentID: "db-replica-eu", WorkflowID: "install", Status: "started"})
	if !ok {
		t.Fatal("the demo has no install running on db-replica-eu")
	}
	wantReason := func(v triage.Verdict) {
		t.Helper()
		if !strings.Contains(v.Reason, "started, and retrying: retry ") || !strings.Contains(v.Reason, " of 60 on replica_") ||
			!strings.Contains(v.Reason, " create (") {
			t.Fatalf("%+v, want stuck retrying the replica's create", v)
		}
	}

	// the operations screen's report
	h := newHarnessWith(t, Options{}, c, 120, 30)
	e, _ := h.m.list.Get(install.ID)
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Now: func() time.Time { return *h.now },
		After: func(time.Duration, tea.Msg) tea.Cmd { return nil }}
	var ops common.Screen = operations.New(ctx, 2, operations.Options{Manager: c, Execution: e, Parent: h.m.id})
	reports := 0
	var deliver func(tea.Cmd)
	deliver = func(cmd tea.Cmd) {
		uitest.Run(cmd, func(msg tea.Msg) {
			if r, ok := msg.(operations.RetryMsg); ok {
				reports++
				h.send(r)
				return
			}
			var next tea.Cmd
			ops, next = ops.Update(msg)
			deliver(next)
		})
	}
	deliver(ops.Init())
	v, stuck := h.m.Stuck(install.ID)
	if !stuck || reports != 1 {
		t.Fatalf("%d reports: %+v", reports, v)
	}
	wantReason(v)

	// the newest events alone, on a screen without the operations: the
	// task's logs follow its task event, and the lookup reads a few rows
	// so that the task event is among them at any moment of the cycle
	for step := range 40 {
		clock.Advance(500 * time.Millisecond)
		h = newHarnessWith(t, Options{}, c, 120, 30)
		v, stuck = h.m.Stuck(install.ID)
		if !stuck {
			t.Fatalf("%d ms into the cycle, not stuck on its newest events: %+v", 500*(step+1), v)
		}
		wantReason(v)
	}
}
