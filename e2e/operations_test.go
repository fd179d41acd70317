package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

// cursorLine is the selected row of the operations screen.
func cursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " "), "› ") || strings.HasPrefix(l, "›") {
			return l
		}
	}
	return ""
}

// The operations of the demo's running install: opened with o, the
// running operation followed, then watched (follow off) until it ends.
func TestOperationsOfARunningInstall(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 42, Demo: true, Worker: true})
	// the running execution with the most operations still to run and
	// none retrying (the demo's db-replica install retries for ever)
	var ex simulator.ExecutionInfo
	most := 0
	for _, tenant := range sim.Tenants() {
		for _, e := range sim.FindExecutions(simulator.ExecutionQuery{Tenant: tenant, Status: "started"}) {
			left := 0
			for _, o := range sim.Operations(e.ID) {
				if o.CurrentRetries > 0 {
					left = -1 << 20
				}
				if o.Type == "RemoteWorkflowTask" && o.State != "succeeded" && o.State != "failed" {
					left++
				}
			}
			if left > most {
				ex, most = e, left
			}
		}
	}
	if most < 3 {
		t.Fatalf("the demo has no running execution with operations to run (%d)", most)
	}
	tm := start(t, 120, 40, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--tenant", ex.Tenant, "--refresh", "1s", "--filter", "id:"+ex.ID[:8])
	tm.waitText(15*time.Second, "live", ex.ID[:8])
	tm.send("o")
	screen := tm.waitFor("the running operation under the cursor", 30*time.Second, func(s string) bool {
		return strings.Contains(s, "executions › operations") && strings.Contains(s, "operations finished") &&
			strings.Contains(cursorLine(s), "cloudify.interfaces.") && strings.ContainsAny(cursorLine(s), "▶↗")
	})
	line := cursorLine(screen)
	name := line[strings.Index(line, "cloudify.interfaces."):]
	name = name[:strings.Index(name, " ")]
	tm.send("p") // follow off: the cursor stays on this operation
	tm.waitFor("the operation succeeds", 90*time.Second, func(s string) bool {
		l := cursorLine(s)
		return strings.Contains(l, name) && strings.Contains(l, "✓ succeeded")
	})
	tm.send("\x1b")
	tm.waitText(10*time.Second, "executions", ex.ID[:8])
}

// A failed operation of an ended execution carries its error, and enter
// shows its own events.
func TestOperationsEventsOfAFailedOne(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 42, Demo: true, Worker: true})
	var target simulator.ExecutionInfo
	found := false
	for _, tenant := range sim.Tenants() {
		for _, e := range sim.FindExecutions(simulator.ExecutionQuery{Tenant: tenant, Status: "failed"}) {
			for _, o := range sim.Operations(e.ID) {
				if o.Type == "RemoteWorkflowTask" && o.State == "failed" && o.Operation != "" {
					target, found = e, true
				}
			}
			if found {
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		t.Fatal("the demo has no failed execution with a failed operation")
	}
	tm := start(t, 120, 40, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--tenant", target.Tenant, "--refresh", "1s", "--filter", "id:"+target.ID[:8])
	tm.waitText(15*time.Second, "live", target.ID[:8])
	tm.send(":ops\r")
	tm.waitText(20*time.Second, "operations finished", "✗ failed", "↳ ")
	for range 400 {
		if strings.Contains(cursorLine(tm.screen()), "✗ failed") && strings.Contains(cursorLine(tm.screen()), "cloudify.interfaces.") {
			break
		}
		before := tm.screen()
		tm.send("j")
		tm.waitFor("the cursor to move", 5*time.Second, func(s string) bool { return s != before })
	}
	if !strings.Contains(cursorLine(tm.screen()), "✗ failed") {
		t.Fatalf("no failed operation reached:\n%s", tm.screen())
	}
	tm.send("\r")
	// The pane follows the tail of the operation's events: the failure's
	// causes, longer than the pane, end it.
	tm.waitText(20*time.Second, "events and logs of", "ProcessExecutionError")
	tm.send("\x1b")
	tm.waitFor("the events closed", 10*time.Second, func(s string) bool { return !strings.Contains(s, "events and logs of") })
}
