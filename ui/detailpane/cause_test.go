package detailpane

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/triage"
)

// wrapperError is the execution error a failed install carries: a generic
// wrapper first, the real cause at the end of a long traceback.
const wrapperError = "Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/plugins/workflows.py\", line 45, in install\n    graph.execute()\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/workflows/tasks_graph.py\", line 240, in execute\n    raise self._error\nRuntimeError: Workflow failed: Task failed 'cloudify_agent.installer.operations.create' -> ProcessExecutionError: agent install failed\n"

func failedWithCauses(id string) (client.Execution, []client.Event) {
	e := execution(id, client.StatusFailed)
	e.Error = client.Some(wrapperError)
	ev := client.Event{Type: client.EventTypeEvent, EventType: "task_failed", Message: "Task failed 'cloudify_agent.installer.operations.create'",
		NodeInstanceID: client.Some("vm_a1b2c3"), Operation: client.Some("cloudify.interfaces.lifecycle.create"),
		ErrorCauses: client.ErrorCauses{
			{Type: "NonRecoverableError", Message: "Failed to connect to 10.0.3.17:22", Traceback: "Traceback (most recent call last):\n  File \"ssh.py\", line 9\nNonRecoverableError: Failed to connect to 10.0.3.17:22\n"},
			{Type: "ProcessExecutionError", Message: "agent install failed", Traceback: "tb2"},
			{Type: "RuntimeError", Message: "Workflow failed", Traceback: "tb3"},
		}}
	return e, []client.Event{{Type: client.EventTypeEvent, EventType: "task_started"}, ev}
}

func clipboardOf(cmd tea.Cmd) (string, bool) {
	if cmd == nil {
		return "", false
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if s, ok := clipboardOf(c); ok {
				return s, true
			}
		}
		return "", false
	}
	if fmt.Sprintf("%T", msg) == "tea.setClipboardMsg" {
		return reflect.ValueOf(msg).String(), true
	}
	return "", false
}

// TestCauseBlockOpensOnTheInnermostCause: at the pane's size in an 80x24
// terminal, the innermost cause and where it happened are on the first
// screen; the wrapper and the traceback are not.
func TestCauseBlockOpensOnTheInnermostCause(t *testing.T) {
	id := "cccccccc-1111"
	e, evs := failedWithCauses(id)
	d := newDriver(&fakeSource{execs: map[string]client.Execution{id: e}, events: map[string][]client.Event{id: evs}})
	d.m.SetSize(80, 12)
	d.run(d.m.Show(client.Execution{ID: id, Status: client.StatusFailed}))
	s := d.screen()
	for _, want := range []string{"Cause: NonRecoverableError", "Failed to connect to 10.0.3.17:22", "at vm_a1b2c3 · cloudify.interfaces.lifecycle.create", "innermost of 3"} {
		if !strings.Contains(s, want) {
			t.Errorf("first screen lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "ssh.py") || strings.Contains(s, "Workflow failed") {
		t.Errorf("the traceback or the wrapper is on the first screen:\n%s", s)
	}
	d.key("t")
	if !d.m.TracebackShown() || !strings.Contains(d.screen(), "ssh.py") {
		t.Errorf("t did not unfold the traceback:\n%s", d.screen())
	}
	d.key("t")
	if strings.Contains(d.screen(), "ssh.py") {
		t.Errorf("t did not fold the traceback again:\n%s", d.screen())
	}
}

func TestCopyCauseAndCopyWholeError(t *testing.T) {
	id := "cccccccc-2222"
	e, evs := failedWithCauses(id)
	d := newDriver(&fakeSource{execs: map[string]client.Execution{id: e}, events: map[string][]client.Event{id: evs}})
	d.run(d.m.Show(client.Execution{ID: id, Status: client.StatusFailed}))
	_, cmd, ok := d.m.TriageKey(tea.KeyPressMsg{Code: 'c', Text: "c"})
	got, copied := clipboardOf(cmd)
	if want := "NonRecoverableError: Failed to connect to 10.0.3.17:22 (at vm_a1b2c3 · cloudify.interfaces.lifecycle.create)"; !ok || !copied || got != want {
		t.Errorf("c copied %q (%v %v), want %q", got, ok, copied, want)
	}
	_, cmd, _ = d.m.TriageKey(tea.KeyPressMsg{Code: 'E', Text: "E", Mod: tea.ModShift})
	if got, _ := clipboardOf(cmd); got != strings.TrimRight(wrapperError, "\n") {
		t.Errorf("E copied %q, want the whole error text", got)
	}
}

func TestCauseFromTheErrorTextBeforeTheEventsArrive(t *testing.T) {
	id := "cccccccc-3333"
	e := execution(id, client.StatusFailed)
	e.Error = client.Some(wrapperError)
	d := newDriver(&fakeSource{execs: map[string]client.Execution{id: e}, events: map[string][]client.Event{}})
	d.m.SetSize(80, 12)
	d.run(d.m.Show(client.Execution{ID: id, Status: client.StatusFailed}))
	if s := d.screen(); !strings.Contains(s, "Cause: ProcessExecutionError") || !strings.Contains(s, "agent install failed") {
		t.Errorf("no cause from the error text:\n%s", s)
	}
}

func TestNoCauseBlockWhenNothingFailed(t *testing.T) {
	id := "cccccccc-4444"
	d := newDriver(&fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusStarted)}, events: map[string][]client.Event{}})
	d.run(d.m.Show(client.Execution{ID: id}))
	if strings.Contains(d.screen(), "Cause") {
		t.Errorf("a running execution has a Cause block:\n%s", d.screen())
	}
	if _, cmd, ok := d.m.TriageKey(tea.KeyPressMsg{Code: 'c', Text: "c"}); !ok || cmd == nil {
		t.Error("c on a running execution said nothing")
	} else if _, copied := clipboardOf(cmd); copied {
		t.Error("c copied something from a running execution")
	}
}

func TestStuckBlockSaysWhyAndTheKeyOfTheNextStep(t *testing.T) {
	id := "cccccccc-5555"
	d := newDriver(&fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusCancelling)}, events: map[string][]client.Event{}})
	d.m.SetSize(80, 12)
	d.run(d.m.Show(client.Execution{ID: id}))
	d.m.SetStuck(triage.Verdict{Stuck: true, Reason: "cancelling for 12m00s and not stopped", Next: triage.StepForceCancel})
	s := d.screen()
	if !strings.Contains(s, "⚠ STUCK cancelling for 12m00s and not stopped") || !strings.Contains(s, "next step: force-cancel (F)") {
		t.Errorf("pane:\n%s", s)
	}
	d.m.SetStuck(triage.Verdict{})
	if strings.Contains(d.screen(), "STUCK") {
		t.Error("the mark stayed after the execution recovered")
	}
}
