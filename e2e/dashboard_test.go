package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

// startSim runs a simulator on a loopback port for one test.
func startSim(t testing.TB, o simulator.Options) *simulator.Simulator {
	t.Helper()
	sim := simulator.New(o)
	if _, err := sim.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("starting the simulator: %v", err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim
}

// listRows returns the screen's list lines that show a status word.
func listRows(screen string) []string {
	var rows []string
	for _, l := range strings.Split(screen, "\n") {
		if statusWord.MatchString(l) {
			rows = append(rows, l)
		}
	}
	return rows
}

var statusWord = regexp.MustCompile(`[✓✗⊘▶…◷⟳] (completed|failed|cancelled|started|pending|queued|scheduled|cancelling|force_cancelling|kill_cancelling)\b`)

// The dashboard starts, shows executions, filters to failed ones, opens the
// detail pane with the events of one, resizes to 80x24, and quits leaving
// the terminal restored.
func TestDashboardEndToEnd(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 42, Demo: true, Worker: true})
	failed := sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant", Status: "failed"})
	if len(failed) == 0 {
		t.Fatal("the demo world has no failed execution")
	}
	newest := failed[len(failed)-1]

	tm := start(t, 120, 40, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--tenant", "default_tenant", "--refresh", "1s")
	screen := tm.waitText(15*time.Second, "live", "default_tenant", newest.ID[:8])
	if !tm.emuAltScreen() {
		t.Fatalf("the dashboard is not on the alternate screen")
	}
	if len(listRows(screen)) < 10 {
		t.Fatalf("expected a screenful of executions, got:\n%s", screen)
	}

	tm.send("/status:failed")
	tm.send("\r")
	screen = tm.waitFor("only failed executions", 10*time.Second, func(s string) bool {
		rows := listRows(s)
		if len(rows) == 0 {
			return false
		}
		for _, r := range rows {
			if !strings.Contains(r, "✗ failed") {
				return false
			}
		}
		return strings.Contains(s, "status:failed")
	})
	if !strings.Contains(screen, newest.ID[:8]) {
		t.Fatalf("the newest failed execution %s is not listed:\n%s", newest.ID[:8], screen)
	}

	// Open the detail pane on the selected (newest failed) execution and see
	// its events: a failed run ends with workflow_failed.
	tm.send("\r")
	tm.waitText(10*time.Second, "execution "+newest.ID[:8], "Error")
	// The pane has the focus: G goes to the end of it, where the events are.
	tm.send("G")
	tm.waitText(10*time.Second, "[workflow_failed]", "end") // an ended execution is not "following"

	tm.resize(80, 24)
	screen = tm.waitFor("the 80x24 layout", 10*time.Second, func(s string) bool {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return len(lines) <= 24 && strings.Contains(s, "workflow_failed") && strings.Contains(s, newest.ID[:8]) &&
			strings.Contains(s, "status:failed")
	})
	for i, l := range strings.Split(screen, "\n") {
		if w := len([]rune(strings.TrimRight(l, " "))); w > 80 {
			t.Fatalf("line %d is %d cells wide at 80 columns: %q", i, w, l)
		}
	}

	// q in the pane backs out of it and keeps the filter; q on the list
	// with nothing open quits.
	tm.send("q")
	tm.waitFor("the pane closed, the filter kept", 10*time.Second, func(s string) bool {
		return !strings.Contains(s, "execution "+newest.ID[:8]) && strings.Contains(s, "status:failed")
	})
	tm.send("q")
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}
	if tm.emuAltScreen() {
		t.Fatal("the terminal was left on the alternate screen")
	}
	raw := string(tm.rawSince(0))
	for _, seq := range []string{"\x1b[?1049l", "\x1b[?25h"} {
		if !strings.Contains(raw, seq) {
			t.Errorf("exit did not restore the terminal: %q missing", seq)
		}
	}
}

// What a poll costs on the wire: bytes written to the terminal when a poll
// changes nothing, and when it changes one row's status; once with only
// ended executions in view, once with a running one whose duration ticks
// (the clock included).
func TestBytesPerPoll(t *testing.T) {
	for _, running := range []bool{false, true} {
		t.Run(map[bool]string{false: "ended", true: "running"}[running], func(t *testing.T) {
			sim := startSim(t, simulator.Options{Seed: 9, Worker: true})
			rows := sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant", WorkflowID: "create_deployment_environment"})
			if len(rows) == 0 {
				t.Fatal("no executions in the recorded world")
			}
			target := rows[0]
			wait := []string{"live", target.ID[:8]}
			if running {
				info, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "default_tenant", DeploymentID: "web-prod",
					WorkflowID: "install", Status: "started", Stuck: true, TotalOperations: 9, FinishedOperations: 4})
				if err != nil {
					t.Fatal(err)
				}
				wait = append(wait, info.ID[:8], "4/9")
			}

			tm := start(t, 120, 40, []string{"CLOUDIFY_PASSWORD=admin"},
				"--manager", sim.URL(), "--username", "admin", "--tenant", "default_tenant", "--refresh", "1s")
			tm.waitText(15*time.Second, wait...)

			// Let the first frames settle, then count the bytes of several polls.
			waitPolls(t, sim, 2)
			const polls = 5
			b0 := tm.written()
			waitPolls(t, sim, polls)
			idle := tm.written() - b0
			t.Logf("running in view %v: bytes written for %d polls that change nothing: %d (%.0f per poll)",
				running, polls, idle, float64(idle)/polls)
			if idle/polls > 200 {
				t.Errorf("a poll that changes nothing wrote %d bytes on average; budget 200", idle/polls)
			}

			b0 = tm.written()
			if err := sim.ForceStatus(target.ID, "failed"); err != nil {
				t.Fatal(err)
			}
			tm.waitFor("the row to show failed", 10*time.Second, func(s string) bool {
				for _, l := range strings.Split(s, "\n") {
					if strings.Contains(l, target.ID[:8]) && strings.Contains(l, "✗ failed") {
						return true
					}
				}
				return false
			})
			changed := tm.written() - b0
			t.Logf("running in view %v: bytes written for the poll that changed one row's status: %d", running, changed)
			if changed > 1024 {
				t.Errorf("a poll that changes one row wrote %d bytes; budget 1024", changed)
			}
			tm.send("q")
			if err := tm.wait(10 * time.Second); err != nil {
				t.Fatalf("cfytop exited with %v", err)
			}
		})
	}
}

// waitPolls waits until the dashboard has made n more list requests.
func waitPolls(t *testing.T, sim *simulator.Simulator, n int) {
	t.Helper()
	count := func() int {
		c := 0
		for _, r := range sim.RequestLog() {
			if r.Method == "GET" && strings.HasSuffix(r.Path, "/executions") {
				c++
			}
		}
		return c
	}
	start := count()
	deadline := time.Now().Add(time.Duration(n)*3*time.Second + 5*time.Second)
	for count() < start+n {
		if time.Now().After(deadline) {
			t.Fatalf("the dashboard made %d list requests in time, expected %d", count()-start, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Let the reply of the last one reach the screen.
	time.Sleep(300 * time.Millisecond)
}

// A sick manager: the header says the data is stale and why, the last good
// rows stay, and the dashboard recovers by itself when the manager does.
func TestStaleAndRecovery(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 5})
	rows := sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant"})
	tm := start(t, 120, 40, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--refresh", "1s")
	tm.waitText(15*time.Second, "live", rows[0].ID[:8])

	sim.SetFaults(simulator.Faults{Maintenance: true})
	screen := tm.waitText(20*time.Second, "stale", "retrying in", "maintenance")
	if !strings.Contains(screen, rows[0].ID[:8]) {
		t.Fatalf("the last good rows are gone while stale:\n%s", screen)
	}

	sim.SetFaults(simulator.Faults{})
	tm.waitFor("the header to say live again", 40*time.Second, func(s string) bool {
		head := strings.SplitN(s, "\n", 3)
		return len(head) > 1 && strings.HasPrefix(strings.TrimSpace(head[1]), "live") && !strings.Contains(s, "stale")
	})
	tm.send("q")
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}
}

// `:tenant ops-team` switches the connection inside the app: the header
// names the tenant, and the list shows that tenant's executions only.
func TestTenantSwitchInsideTheApp(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 42, Demo: true})
	ops := sim.FindExecutions(simulator.ExecutionQuery{Tenant: "ops-team"})
	mine := sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant"})
	if len(ops) == 0 || len(mine) == 0 {
		t.Fatal("the demo world lacks executions in both tenants")
	}
	tm := start(t, 120, 40, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--tenant", "default_tenant", "--refresh", "1s")
	tm.waitText(15*time.Second, "live", "tenant default_tenant", mine[len(mine)-1].ID[:8])

	tm.send(":tenant ops-team")
	tm.send("\r")
	screen := tm.waitText(15*time.Second, "tenant ops-team", "now showing tenant ops-team", ops[len(ops)-1].ID[:8])
	if strings.Contains(screen, mine[len(mine)-1].ID[:8]) {
		t.Fatalf("the other tenant's execution is still listed:\n%s", screen)
	}
	tm.send(":q\r")
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}
}
