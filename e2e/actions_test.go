package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

// waitStatus waits until the simulator holds the execution in status st.
func waitStatus(t *testing.T, sim *simulator.Simulator, id, st string, d time.Duration) simulator.ExecutionInfo {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		info, ok := sim.Execution(id)
		if ok && info.Status == st {
			return info
		}
		if time.Now().After(deadline) {
			t.Fatalf("execution %s is %q after %s, want %q", id[:8], info.Status, d, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rowShows waits until the list row of id shows the status word.
func (tm *term) rowShows(id, word string) {
	tm.t.Helper()
	tm.waitFor(id[:8]+" showing "+word, 15*time.Second, func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, id[:8]) && strings.Contains(l, " "+word) {
				return true
			}
		}
		return false
	})
}

// selectID narrows the list to one execution with the filter.
func (tm *term) selectID(id string) {
	tm.t.Helper()
	tm.escape() // clear any filter
	tm.send("/id:" + id[:8] + "\r")
	tm.waitFor("only "+id[:8]+" selected", 10*time.Second, func(s string) bool {
		rows := listRows(s)
		return len(rows) == 1 && strings.Contains(rows[0], "› "+id[:8])
	})
}

// The actions, end to end: the real binary in a pseudo-terminal against the
// simulator, each driven by its keys, each checked on the manager and on
// the screen, each leaving one line in the audit log.
func TestActionsEndToEnd(t *testing.T) {
	// Half speed: the started install must still be running when it is cancelled.
	sim := startSim(t, simulator.Options{Seed: 11, Worker: true, Speed: 0.5})
	token := sim.NewToken()
	add := func(dep, wf, st string, stuck bool) string {
		info, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "default_tenant", DeploymentID: dep,
			WorkflowID: wf, Status: st, Stuck: stuck, TotalOperations: 40, FinishedOperations: 3})
		if err != nil {
			t.Fatal(err)
		}
		return info.ID
	}
	// scale and uninstall on db-staging need its node instances started
	if err := sim.SetNodeInstanceStates("default_tenant", "db-staging", "started"); err != nil {
		t.Fatal(err)
	}
	running := add("web-prod", "install", "started", false)
	stuckCancelling := add("web-staging", "uninstall", "cancelling", true)
	toKill := add("db-staging", "install", "started", true)
	failed := add("web-prod", "heal", "failed", false)
	toPatch := add("", "upload_blueprint", "started", true)

	stateDir := t.TempDir()
	tm := start(t, 120, 40, []string{"CLOUDIFY_TOKEN=" + token, "XDG_STATE_HOME=" + stateDir},
		"--manager", sim.URL(), "--tenant", "default_tenant", "--refresh", "1s")
	tm.waitText(15*time.Second, "live", running[:8], toPatch[:8])

	// Cancel a started execution: C, then y. It goes through cancelling
	// and reaches cancelled.
	tm.selectID(running)
	tm.send("C")
	tm.waitText(5*time.Second, "Cancel execution "+running[:8])
	tm.send("y")
	waitStatus(t, sim, running, "cancelling", 10*time.Second)
	waitStatus(t, sim, running, "cancelled", 20*time.Second)
	tm.rowShows(running, "cancelled")

	// Force-cancel the one stuck in cancelling: F, the first 4 characters
	// of its ID, then enter.
	tm.selectID(stuckCancelling)
	tm.send("F")
	tm.waitText(5*time.Second, "FORCE-CANCEL execution "+stuckCancelling[:8])
	tm.send("\r") // enter alone never confirms
	tm.send(stuckCancelling[:4])
	tm.send("\r")
	waitStatus(t, sim, stuckCancelling, "cancelled", 10*time.Second)
	tm.rowShows(stuckCancelling, "cancelled")

	// Kill: K, the first 8 characters, enter. The dialog says plainly that
	// nothing is cleaned up.
	tm.selectID(toKill)
	tm.send("K")
	tm.waitText(5*time.Second, "KILL execution "+toKill[:8], "Kill stops the workflow AND its running operations")
	tm.send(toKill[:8] + "\r")
	waitStatus(t, sim, toKill, "cancelled", 10*time.Second)
	tm.rowShows(toKill, "cancelled")

	// Resume a failed execution: R, then y. It goes back to pending and runs.
	tm.selectID(failed)
	tm.send("R")
	tm.waitText(5*time.Second, "Resume execution "+failed[:8])
	tm.send("y")
	tm.waitFor("the resumed execution to leave failed", 15*time.Second, func(string) bool {
		info, _ := sim.Execution(failed)
		return info.Resume && info.Status != "failed"
	})

	// Patch the status: U, the second target (failed), an error text, then
	// (the last step) the first 8 characters.
	tm.selectID(toPatch)
	tm.send("U")
	tm.waitText(5*time.Second, "PATCH STATUS of execution "+toPatch[:8], "New status:")
	tm.send("\t\r")
	tm.waitText(5*time.Second, "new status failed")
	tm.send("set by the e2e test\r")
	tm.waitText(5*time.Second, "Type the first 8 characters")
	tm.send(toPatch[:8] + "\r")
	info := waitStatus(t, sim, toPatch, "failed", 10*time.Second)
	if info.Error == nil || *info.Error != "set by the e2e test" {
		t.Fatalf("patched error text: %v", info.Error)
	}
	tm.rowShows(toPatch, "failed")

	// Start scale on db-staging (free now that the kill ended) with a
	// parameter, and see the new execution appear.
	tm.escape()
	tm.send("N")
	tm.waitText(5*time.Second, "Start an execution", "deployments")
	tm.send("db-staging\r")
	tm.waitText(5*time.Second, "Start an execution on db-staging", "workflows")
	tm.send("scale\r")
	tm.waitText(5*time.Second, "workflow scale", "scalable_entity_name")
	tm.send("vm\t\x7f3\r")
	tm.waitText(5*time.Second, "delta = 3", "cfy executions start scale -d db-staging")
	tm.send("y")
	var scaleID string
	tm.waitFor("the scale execution on the manager", 10*time.Second, func(string) bool {
		e, ok := sim.FindExecution(simulator.ExecutionQuery{DeploymentID: "db-staging", WorkflowID: "scale"})
		scaleID = e.ID
		return ok
	})
	e, _ := sim.Execution(scaleID)
	if d, _ := e.Parameters["delta"].(float64); d != 3 || e.Parameters["scalable_entity_name"] != "vm" {
		t.Fatalf("scale parameters: %v", e.Parameters)
	}
	tm.waitText(10*time.Second, scaleID[:8])

	// A second start on the busy deployment is refused in words, then queued.
	sim.SetStuck(scaleID, true)
	tm.send("N")
	tm.waitText(5*time.Second, "Start an execution", "deployments")
	tm.send("db-staging\r")
	tm.waitText(5*time.Second, "Start an execution on db-staging", "workflows")
	tm.send("uninstall\r")
	tm.waitText(5*time.Second, "workflow uninstall")
	tm.send("\r")
	tm.waitText(5*time.Second, "cfy executions start uninstall -d db-staging")
	tm.send("y")
	tm.waitText(10*time.Second, "The manager refused: another execution is running on db-staging", "queue it")
	tm.send("y")
	var queuedID string
	tm.waitFor("the queued uninstall", 10*time.Second, func(string) bool {
		e, ok := sim.FindExecution(simulator.ExecutionQuery{DeploymentID: "db-staging", WorkflowID: "uninstall"})
		queuedID = e.ID
		return ok && e.Status == "queued"
	})
	tm.rowShows(queuedID, "queued")
	// The queued execution is selected and open in the pane, as every
	// execution just started is.
	tm.waitText(10*time.Second, "execution "+queuedID[:8])

	tm.send("q") // closes the pane
	tm.waitFor("the pane closed", 10*time.Second, func(s string) bool { return !strings.Contains(s, "execution "+queuedID[:8]) })
	tm.send("q")
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}

	// The audit log: one line per action and per refusal, and no secret.
	raw, err := os.ReadFile(filepath.Join(stateDir, "cfytop", "audit.jsonl"))
	if err != nil {
		t.Fatalf("reading the audit log: %v", err)
	}
	if strings.Contains(string(raw), token) || strings.Contains(string(raw), token[len(token)-8:]) {
		t.Fatal("the audit log holds the API token")
	}
	var actions []string
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		for _, k := range []string{"time", "user", "manager", "tenant", "execution_id", "workflow", "status_before",
			"action", "result", "cfy_command"} {
			if _, ok := line[k]; !ok {
				t.Errorf("audit line %q has no %q", sc.Text(), k)
			}
		}
		actions = append(actions, line["action"].(string)+":"+line["result"].(string))
	}
	want := []string{"cancel:ok", "force-cancel:ok", "kill:ok", "resume:ok", "patch-status:ok", "start:ok",
		"start:refused", "start:ok"}
	if strings.Join(actions, " ") != strings.Join(want, " ") {
		t.Fatalf("audit log actions:\n got %v\nwant %v", actions, want)
	}
}
