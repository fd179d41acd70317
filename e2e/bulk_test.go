package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

// The bulk cancel, end to end: three running executions marked with space,
// C, the preview read, 3 typed, all three reach cancelled, the result
// table read, and the audit log holds one line per execution plus one for
// the bulk action.
func TestBulkCancelEndToEnd(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 12, Worker: true, Speed: 0.3})
	token := sim.NewToken()
	var ids []string
	for _, dep := range []string{"bulk-a", "bulk-b", "bulk-c"} {
		if err := sim.AddDeployment(simulator.DeploymentSpec{ID: dep}); err != nil {
			t.Fatal(err)
		}
		info, err := sim.AddExecution(simulator.ExecutionSpec{DeploymentID: dep, WorkflowID: "install", Status: "started",
			TotalOperations: 40, FinishedOperations: 3})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, info.ID)
	}
	stateDir := t.TempDir()
	tm := start(t, 120, 40, []string{"CLOUDIFY_TOKEN=" + token, "XDG_STATE_HOME=" + stateDir},
		"--manager", sim.URL(), "--tenant", "default_tenant", "--refresh", "1s")
	tm.waitText(15*time.Second, "live", ids[0][:8], ids[2][:8])

	tm.send("/dep:bulk-\r")
	tm.waitFor("the three bulk rows alone", 10*time.Second, func(s string) bool { return len(listRows(s)) == 3 })
	tm.send(" j j ")
	tm.waitText(5*time.Second, "3 marked")

	tm.send("C")
	tm.waitText(5*time.Second, "Cancel 3 executions", "3 will be cancelled", "Type 3 (how many will be cancelled)")
	for _, id := range ids {
		tm.waitText(time.Second, id[:8])
	}
	tm.send("\r") // enter alone never confirms
	tm.waitText(5*time.Second, "type 3 (how many will be cancelled), then enter")
	tm.send("3\r")
	for _, id := range ids {
		waitStatus(t, sim, id, "cancelled", 30*time.Second)
	}
	tm.waitText(10*time.Second, "3 cancelled", "WHAT HAPPENED", "esc dismiss")
	tm.send("\x1b")
	tm.waitFor("the result table dismissed", 5*time.Second, func(s string) bool { return !strings.Contains(s, "WHAT HAPPENED") })
	for _, id := range ids {
		tm.rowShows(id, "cancelled")
	}

	tm.send("u")
	tm.waitFor("the marks cleared", 5*time.Second, func(s string) bool { return !strings.Contains(s, "3 marked") })
	tm.escape()
	tm.send("q")
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}

	raw, err := os.ReadFile(filepath.Join(stateDir, "cfytop", "audit.jsonl"))
	if err != nil {
		t.Fatalf("reading the audit log: %v", err)
	}
	var cancelled []string
	var bulk []map[string]any
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		switch line["action"] {
		case "cancel":
			if line["result"] != "ok" {
				t.Errorf("audit line %v", line)
			}
			cancelled = append(cancelled, line["execution_id"].(string))
		case "bulk-cancel":
			bulk = append(bulk, line)
		default:
			t.Errorf("unexpected audit line %v", line)
		}
	}
	slices.Sort(cancelled)
	want := slices.Clone(ids)
	slices.Sort(want)
	if !slices.Equal(cancelled, want) {
		t.Fatalf("audit cancel lines for %v, want %v", cancelled, want)
	}
	if len(bulk) != 1 || bulk[0]["result"] != "ok" || bulk[0]["message"] != "3 of 3 marked sent" {
		t.Fatalf("bulk audit lines %v", bulk)
	}
}
