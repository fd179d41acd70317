package ui

import (
	"strconv"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

// triageWorld is an incident: a failure whose causes nest three deep behind
// a generic wrapper, the same cause on another deployment, a cancel that
// has hung for 12 minutes, and calm history.
func triageWorld() *uitest.Manager {
	wrapper := "Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/plugins/workflows.py\", line 45, in install\n    graph.execute()\nRuntimeError: Workflow failed: Task failed 'cloudify_agent.installer.operations.create' -> ProcessExecutionError: agent install failed\n"
	failed := uitest.Exec(uitest.UUID(1), "install", "web-prod", client.StatusFailed, 20*time.Minute)
	failed.Error = client.Some(wrapper)
	other := uitest.Exec(uitest.UUID(2), "install", "db-prod", client.StatusFailed, 40*time.Minute)
	other.Error = client.Some("Task failed: create (vm_9zq2k1:cloudify.interfaces.lifecycle.create): NonRecoverableError `Failed to connect to 10.0.3.18:22`\n")
	third := uitest.Exec(uitest.UUID(3), "heal", "cache-prod", client.StatusFailed, 50*time.Minute)
	third.Error = client.Some("Task failed: create (vm_1ab2c3:cloudify.interfaces.lifecycle.create): NonRecoverableError `Failed to connect to 10.0.4.2:22`\n")
	hung := uitest.Exec(uitest.UUID(4), "flush_cache", "cache-prod", client.StatusCancelling, 12*time.Minute)
	execs := []client.Execution{failed, other, third, hung,
		uitest.Exec(uitest.UUID(5), "install", "api-04", client.StatusStarted, 3*time.Minute)}
	for i := 0; i < 8; i++ {
		execs = append(execs, uitest.Exec(uitest.UUID(10+i), "check_status", "web-prod", client.StatusTerminated, time.Duration(i+1)*time.Hour))
	}
	f := uitest.NewManager(execs...)
	f.Events[failed.ID] = []client.Event{
		{Type: client.EventTypeEvent, EventType: "task_started", Message: "Task started 'cloudify_agent.installer.operations.create'", Timestamp: client.Time{Time: uitest.T0.Add(-19 * time.Minute)}},
		{Type: client.EventTypeEvent, EventType: "task_failed", Message: "Task failed 'cloudify_agent.installer.operations.create' -> agent install failed",
			Timestamp: client.Time{Time: uitest.T0.Add(-18 * time.Minute)}, NodeInstanceID: client.Some("vm_a1b2c3"),
			Operation: client.Some("cloudify.interfaces.lifecycle.create"), ErrorCauses: client.ErrorCauses{
				{Type: "NonRecoverableError", Message: "Failed to connect to 10.0.3.17:22", Traceback: "Traceback (most recent call last):\n  File \"ssh.py\", line 9, in connect\nNonRecoverableError: Failed to connect to 10.0.3.17:22\n"},
				{Type: "ProcessExecutionError", Message: "agent install failed", Traceback: "tb"},
				{Type: "RuntimeError", Message: "Workflow failed", Traceback: "tb"}}},
	}
	return f
}

func TestGoldenTriage(t *testing.T) {
	scenes := []struct {
		name string
		do   func(h *harness)
	}{
		{"triage-list", nil},
		{"cause-pane", func(h *harness) { h.selectRow(uitest.UUID(1)); h.press("enter") }},
		{"stuck-pane", func(h *harness) { h.selectRow(uitest.UUID(4)); h.press("enter") }},
		{"failures", func(h *harness) { h.press("f") }},
	}
	for _, sc := range scenes {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, mono := range []bool{false, true} {
				name := sc.name + "-" + strconv.Itoa(size[0]) + "x" + strconv.Itoa(size[1])
				profile, o := colorprofile.ANSI256, Options{}
				if mono {
					name += "-nocolor"
					profile, o.NoColor = colorprofile.Ascii, true
				} else {
					name += "-default"
				}
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, o, triageWorld(), size[0], size[1]).start()
					if sc.do != nil {
						sc.do(h)
					}
					h.fire(isSettle)
					golden.RequireEqual(t, render(t, h, profile))
				})
			}
		}
	}
}

func TestHelpShowsTheFilterSyntax(t *testing.T) {
	h := newHarness(t, Options{}, triageWorld(), 120, 40).start()
	h.press("?")
	h.mustContain("Filter (/)", "status:failed,started", "age:<1h age:>2d", "created:2026-11-30", "ended:<15m", "is:stuck")
}
