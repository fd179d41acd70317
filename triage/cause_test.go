package triage

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
)

// threeDeep is a task_failed event whose causes nest three deep, most
// recent cause last, as the manager lists them.
const threeDeep = `[
 {"type":"NonRecoverableError","message":"Failed to connect to 10.0.3.17:22","traceback":"Traceback (most recent call last):\n  File \"ssh.py\", line 9, in connect\nNonRecoverableError: Failed to connect to 10.0.3.17:22\n"},
 {"type":"ProcessExecutionError","message":"agent install script failed","traceback":"tb2"},
 {"type":"RuntimeError","message":"Workflow failed: Task failed 'cloudify_agent.installer.operations.create'","traceback":"tb3"}]`

func decodeEvent(t *testing.T, causes string) client.Event {
	t.Helper()
	raw := `{"type":"cloudify_event","event_type":"task_failed","message":"Task failed","node_instance_id":"vm_a1b2c3",` +
		`"operation":"cloudify.interfaces.lifecycle.create","error_causes":` + causes + `}`
	var ev client.Event
	if err := json.Unmarshal([]byte(raw), &ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestFromEventsTakesTheInnermostOfThreeNestedCauses(t *testing.T) {
	asString, _ := json.Marshal(threeDeep) // POST /events rows come back as a JSON string
	for name, causes := range map[string]string{"list": threeDeep, "json string": string(asString)} {
		t.Run(name, func(t *testing.T) {
			evs := []client.Event{{EventType: "task_started"}, decodeEvent(t, causes), {EventType: "workflow_failed"}}
			c, ok := FromEvents(evs)
			if !ok {
				t.Fatal("no cause found")
			}
			if c.Text() != "NonRecoverableError: Failed to connect to 10.0.3.17:22" {
				t.Errorf("cause = %q, want the innermost", c.Text())
			}
			if c.Depth != 3 || c.NodeInstance != "vm_a1b2c3" || c.Operation != "cloudify.interfaces.lifecycle.create" || !c.FromEvents {
				t.Errorf("cause = %+v", c)
			}
			if !strings.Contains(c.Traceback, "ssh.py") {
				t.Errorf("traceback = %q, want the innermost one's", c.Traceback)
			}
		})
	}
}

func TestFromEventsSkipsFailuresWithoutCauses(t *testing.T) {
	evs := []client.Event{decodeEvent(t, threeDeep), {EventType: "task_failed", Message: "Subgraph failed 'x'"}}
	if c, ok := FromEvents(evs); !ok || c.Type != "NonRecoverableError" {
		t.Errorf("cause = %+v, %v: a subgraph's failure has no causes and is not the answer", c, ok)
	}
	if _, ok := FromEvents([]client.Event{{EventType: "task_failed"}}); ok {
		t.Error("an event without causes gave a cause")
	}
}

func TestFromErrorReadsEveryFormTheManagerWrites(t *testing.T) {
	cases := []struct {
		name, text, want, where string
	}{
		{"task dependency graph", "Task failed: cloudify_agent.installer.operations.create (vm_a1b2c3:cloudify.interfaces.lifecycle.create): NonRecoverableError `Failed to connect to 10.0.3.17:22: Connection timed out`\nTraceback of x (most recent call last):\n  File \"a.py\"\n",
			"NonRecoverableError: Failed to connect to 10.0.3.17:22: Connection timed out", "vm_a1b2c3 · cloudify.interfaces.lifecycle.create"},
		{"wrapper with an arrow", "Traceback (most recent call last):\n  File \"/opt/mgmtworker/workflows.py\", line 45, in install\n    graph.execute()\nRuntimeError: Workflow failed: Task failed 'script_runner.tasks.run' -> NonRecoverableError: Failed to connect to 10.0.3.17:22\n",
			"NonRecoverableError: Failed to connect to 10.0.3.17:22", ""},
		{"chained traceback", "Traceback (most recent call last):\n  File \"a.py\", line 1\nTimeoutError: timed out after 60s\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"b.py\", line 2\nRuntimeError: Workflow failed\n",
			"TimeoutError: timed out after 60s", ""},
		{"one line", "Error preparing execution: workflow install is not available", "Error preparing execution: workflow install is not available", ""},
		{"wrapped type in the message", "RuntimeError: Workflow failed: OperationRetry: Disk /dev/vdb is still attaching", "RuntimeError: Workflow failed: OperationRetry: Disk /dev/vdb is still attaching", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := FromError(tc.text)
			if !ok || c.Text() != tc.want || c.Where() != tc.where {
				t.Errorf("FromError = %q at %q (%v), want %q at %q", c.Text(), c.Where(), ok, tc.want, tc.where)
			}
		})
	}
	if _, ok := FromError("  \n "); ok {
		t.Error("an empty error text gave a cause")
	}
}

func TestOfPrefersEventsAndCleansManagerText(t *testing.T) {
	e := client.Execution{Error: client.Some("RuntimeError: boom\x1b[31m")}
	if c, _ := Of(&e, nil); strings.ContainsRune(c.Text(), 0x1b) {
		t.Errorf("cause %q keeps an escape", c.Text())
	}
	if c, _ := Of(&e, []client.Event{decodeEvent(t, threeDeep)}); c.Type != "NonRecoverableError" {
		t.Errorf("cause = %q, want the events' innermost", c.Text())
	}
}
